"""What a webhook request says: a report event as JSON, in the endpoint's
format.

Both formats share Standard Webhooks' envelope: ``type`` (the event's kind),
``timestamp`` (when it happened) and ``data``. The report is read when the
request is made, so what retention has erased since is not sent, and a report
invalidated since says so (``counted`` false).
"""

import json
import time

from ..pages.models import UrgentActionPage
from . import osdi

#: The targets of pages, as (page id, last published, minute) -> targets.
_targets = {}
#: Pages whose targets are kept at once.
TARGETS_KEPT = 500


def page_targets(report) -> list[dict]:
    """:func:`osdi.report_targets`, read once a minute per version of a page
    rather than from its body for every report: a worker sends many reports
    of one Urgent Action in a row. A page published anew is read again at
    once; a target's own change shows within a minute."""
    if report.page_id is None:
        return osdi.report_targets(report)
    published = (
        UrgentActionPage.objects.filter(pk=report.page_id)
        .values_list("last_published_at", flat=True)
        .first()
    )
    key = (report.page_id, published, int(time.monotonic() // 60))
    if key not in _targets:
        if len(_targets) >= TARGETS_KEPT:
            _targets.clear()
        _targets[key] = osdi.report_targets(report)
    return _targets[key]


def body(event, endpoint) -> bytes:
    """The request body of ``event`` for ``endpoint``, as UTF-8 JSON."""
    return json.dumps(
        payload(event, endpoint), ensure_ascii=False, separators=(",", ":")
    ).encode()


def payload(event, endpoint) -> dict:
    with_contact = endpoint.include_contact_details
    if endpoint.payload_format == endpoint.Format.OSDI:
        report = event.report
        data = {
            "advocacy_campaign": osdi.campaign_identifier(event.translation_key),
            "outreaches": osdi.outreaches(
                report, targets=page_targets(report), with_person=with_contact
            ),
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
