"""What a webhook request says: a report event as JSON, in the endpoint's
format.

Both formats share Standard Webhooks' envelope: ``type`` (the event's kind),
``timestamp`` (when it happened) and ``data``. The report is read when the
request is made, so what retention has erased since is not sent, and a report
invalidated since says so (``counted`` false).
"""

import json

from . import osdi


def body(event, endpoint) -> bytes:
    """The request body of ``event`` for ``endpoint``, as UTF-8 JSON."""
    return json.dumps(
        payload(event, endpoint), ensure_ascii=False, separators=(",", ":")
    ).encode()


def payload(event, endpoint) -> dict:
    with_contact = endpoint.include_contact_details
    if endpoint.payload_format == endpoint.Format.OSDI:
        data = {
            "advocacy_campaign": osdi.campaign_identifier(event.translation_key),
            "outreaches": osdi.outreaches(event.report, with_person=with_contact),
        }
    else:
        data = {"report": report_data(event.report, with_contact)}
    return {
        "id": str(event.event_id),
        "type": event.kind,
        "timestamp": osdi.osdi_datetime(event.created_at),
        "data": data,
    }


def report_data(report, with_contact: bool) -> dict:
    """A report in ua_wagtail's own terms; the reporter's name and email only
    ``with_contact`` and with their consent."""
    data = {
        "id": report.pk,
        "urgent_action": {
            "id": osdi.campaign_identifier(report.translation_key),
            "translation_key": str(report.translation_key),
            "ua_number": report.ua_number,
            "title": report.ua_title,
            "page_id": report.page_id,
        },
        "reported_at": osdi.osdi_datetime(report.created_at),
        "source": report.source,
        "language": report.language_code,
        "country": str(report.country or ""),
        "actions": report.actions,
        "total": report.total,
        "counted": report.is_valid,
        "invalidated_at": osdi.osdi_datetime(report.invalidated_at),
    }
    if with_contact and report.contact_consent:
        contact = {"name": report.contact_name, "email": report.contact_email}
        if any(contact.values()):
            data["contact"] = contact
    return data
