"""Urgent Actions, their targets and reported actions as OSDI 1.1 resources.

Pure functions: each takes a page, a target or a report and returns the JSON of
an ``osdi:advocacy_campaign``, a target or ``osdi:outreach`` resources. They
store and send nothing. The JSON Schemas in ``schemas/`` describe what they
return; docs/integrations.md maps each field.

What OSDI does not define is given as an extension field named
``ua_wagtail:…``. Text is plain text: tags are taken out of every string, as a
CRM may show some fields (``description``) as HTML.
"""

import datetime
import json
from functools import cache
from importlib import resources

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import strip_tags

from ..choices import ActionType
from ..pages.models import UrgentActionPage
from ..pages.translations import live_translations
from ..phones import parse_phone_number
from ..reports import tallies
from ..targets.blocks import with_roles

#: Our name in ``origin_system`` and before the colon of every identifier.
SYSTEM = "ua_wagtail"

#: OSDI's outreach ``type`` (a flexenum) for each action type. OSDI names
#: "email", "phone", "postal mail" and "in-person"; it allows other values, and
#: the rest are ours.
OUTREACH_TYPES = {
    ActionType.LETTER: "postal mail",
    ActionType.EMAIL: "email",
    ActionType.FAX: "fax",
    ActionType.CALL: "phone",
    ActionType.SOCIAL: "social media",
    ActionType.OTHER: "other",
}

SCHEMAS = ("advocacy_campaign", "target", "outreach")


def identifier(value) -> str:
    """``ua_wagtail:<value>``, OSDI's ``[system name]:[id]``."""
    return f"{SYSTEM}:{value}"


def campaign_identifier(translation_key) -> str:
    """The Urgent Action's identifier: one for all its translations."""
    return identifier(translation_key)


def outreach_identifier(report_id: int, action: str) -> str:
    """One report's outreach of one action type: the same each time it is made."""
    return identifier(f"report-{report_id}-{action}")


def plain(text) -> str:
    """``text`` without tags (``strip_tags`` repeats until none is left).

    Entities stay as they are: unescaping ``&lt;b&gt;`` would make a tag.
    """
    return strip_tags(str(text or "")).strip()


def osdi_datetime(moment) -> str | None:
    """ISO 8601 in UTC, as OSDI's examples write it: ``2014-03-20T21:04:31Z``."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    moment = moment.astimezone(datetime.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def deadline_moment(deadline: datetime.date) -> str:
    """The last second of the deadline day in the site's time zone, with its
    offset (an action is open until the end of its deadline day)."""
    zone = timezone.get_default_timezone()
    end = datetime.datetime.combine(deadline, datetime.time(23, 59, 59), tzinfo=zone)
    return end.isoformat()


def _without_empty(data: dict) -> dict:
    """Fields with a value: OSDI leaves out what a system does not know."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# Targets


def phone_number(value: str, number_type: str, primary: bool) -> dict | None:
    """OSDI's phone number: the country code and digits only, and the country;
    None for what is not an international number."""
    try:
        number = parse_phone_number(value)
    except ValidationError:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _without_empty(
        {
            "primary": primary,
            "number": e164.lstrip("+"),
            "number_type": number_type,
            "country": phonenumbers.region_code_for_number(number),
        }
    )


def target(target_obj, role=None) -> dict:
    """An OSDI target: who the official is and every way to reach them.

    ``role`` ("primary", written to, or "cc", sent a copy) is added when the
    target is one of a campaign's.
    """
    t = target_obj
    phones = [
        phone_number(t.phone, "Work", primary=True) if t.phone else None,
        phone_number(t.fax, "Fax", primary=not t.phone) if t.fax else None,
    ]
    address = [line for line in (plain(x) for x in t.address_lines) if line]
    postal = _without_empty(
        {
            "primary": True,
            "address_type": "Mailing",
            "address_lines": address,
            "country": str(t.country or ""),
        }
    )
    data = {
        "identifiers": [identifier(t.translation_key)],
        "title": plain(t.position),
        "organization": plain(t.organisation),
        "postal_addresses": [postal] if address else [],
        "email_addresses": (
            [{"primary": True, "address": t.email, "address_type": "work"}]
            if t.email
            else []
        ),
        "phone_numbers": [phone for phone in phones if phone],
        f"{SYSTEM}:name": plain(t.name),
        f"{SYSTEM}:honorific": plain(t.honorific),
        f"{SYSTEM}:display_name": plain(t.display_name) or plain(t.organisation),
        f"{SYSTEM}:salutation": plain(t.salutation),
        f"{SYSTEM}:x_handle": t.x_handle,
        f"{SYSTEM}:facebook": t.facebook_url,
        f"{SYSTEM}:language": t.locale.language_code,
        f"{SYSTEM}:preferred_languages": list(t.preferred_languages or []),
        f"{SYSTEM}:role": str(role) if role else None,
    }
    return _without_empty(data)


def target_reference(target_obj, role=None) -> dict:
    """A target named without its contact details: for an outreach, which
    points at its campaign's targets."""
    full = target(target_obj, role)
    kept = ("identifiers", "title", "organization")
    extensions = ("name", "honorific", "display_name", "role")
    return {
        key: value
        for key, value in full.items()
        if key in kept or key in {f"{SYSTEM}:{name}" for name in extensions}
    }


def page_targets(page) -> list[tuple]:
    """The page's targets as (target, role), in the page's language, each once."""
    items = [
        item
        for child in page.body
        if child.block_type == "targets"
        for item in child.value["targets"]
    ]
    with translation.override(page.locale.language_code):
        chosen = with_roles(items)
    seen, found = set(), []
    for t, role in chosen:
        if t.translation_key not in seen:
            seen.add(t.translation_key)
            found.append((t, role))
    return found


# Advocacy campaigns


def campaign_links(translation_key, base_url: str) -> dict:
    """HAL links to the OSDI endpoints under ``base_url`` (an API root)."""
    campaign = f"{base_url.rstrip('/')}/advocacy_campaigns/{translation_key}"
    return {
        "self": {"href": campaign},
        "osdi:outreaches": {"href": f"{campaign}/outreaches"},
    }


def advocacy_campaign(page, request=None, base_url: str | None = None) -> dict:
    """An Urgent Action (the source page or any translation) as an OSDI
    ``osdi:advocacy_campaign``.

    Its identifier is the translation key, so every translation is the same
    campaign; ``title``, ``browser_url`` and the targets' prose are this
    version's. ``total_outreaches`` counts every action reported on any
    translation. ``base_url``, the root of an OSDI API, adds HAL ``_links``.
    """
    totals = tallies.totals(page.translation_key)
    versions = live_translations(page, request)
    with translation.override(page.locale.language_code):
        name = str(page.series_label)
    data = {
        "identifiers": [campaign_identifier(page.translation_key)],
        "origin_system": SYSTEM,
        "created_date": osdi_datetime(
            page.first_published_at or page.latest_revision_created_at
        ),
        "modified_date": osdi_datetime(
            page.last_published_at or page.latest_revision_created_at
        ),
        "name": plain(name),
        "title": plain(page.title),
        "description": plain(page.summary),
        "summary": plain(page.summary),
        "browser_url": page.get_full_url(request),
        "total_outreaches": totals.total,
        "targets": [target(t, role) for t, role in page_targets(page)],
        f"{SYSTEM}:ua_number": page.ua_number,
        f"{SYSTEM}:update_number": page.update_number,
        f"{SYSTEM}:document_index": page.document_index,
        f"{SYSTEM}:issued_on": page.issued_on.isoformat() if page.issued_on else None,
        f"{SYSTEM}:deadline": deadline_moment(page.deadline),
        f"{SYSTEM}:deadline_date": page.deadline.isoformat(),
        f"{SYSTEM}:subject_name": plain(page.subject_name),
        f"{SYSTEM}:country": str(page.country or ""),
        f"{SYSTEM}:language": page.locale.language_code,
        f"{SYSTEM}:languages": [v["language_code"] for v in versions],
        f"{SYSTEM}:translations": [
            _without_empty(
                {
                    "language": v["language_code"],
                    "title": plain(v["page"].title),
                    "browser_url": v["url"],
                }
            )
            for v in versions
        ],
        f"{SYSTEM}:total_by_action": dict(totals.by_action),
        "_links": campaign_links(page.translation_key, base_url) if base_url else None,
    }
    return _without_empty(data)


# Outreaches


def report_page(report):
    """The page a report was made on, or (the page deleted) another version of
    its Urgent Action, or None."""
    if report.page_id is not None:
        return report.page
    return UrgentActionPage.objects.named_by(report.translation_key).first()


def person(report) -> dict | None:
    """The reporter as an OSDI person, only when they consented to their name
    and email being kept (``contact_consent``); None otherwise."""
    if not report.contact_consent:
        return None
    name, email = plain(report.contact_name), report.contact_email
    if not (name or email):
        return None
    country = str(report.country or "")
    return _without_empty(
        {
            "email_addresses": (
                [{"primary": True, "address": email, "address_type": "personal"}]
                if email
                else []
            ),
            "postal_addresses": [{"primary": True, "country": country}]
            if country
            else [],
            f"{SYSTEM}:name": name,
        }
    )


def report_targets(report) -> list[dict]:
    """The targets of the report's page (see :func:`report_page`), named only."""
    page = report_page(report)
    return [target_reference(t, role) for t, role in page_targets(page)] if page else []


def outreaches(
    report,
    base_url: str | None = None,
    targets: list[dict] | None = None,
    with_person: bool = True,
) -> list[dict]:
    """One OSDI ``osdi:outreach`` per action type the report counts.

    Each names the campaign's targets (without their contact details) and
    carries the number of actions as ``ua_wagtail:count``. The reporter is
    included as ``person`` only with their consent, and only ``with_person``.
    ``base_url``, the root of an OSDI API, adds HAL ``_links``. ``targets``,
    the :func:`report_targets` of the report, spares reading them again for
    each report of a page.
    """
    if targets is None:
        targets = report_targets(report)
    reporter = person(report) if with_person else None
    campaign = campaign_identifier(report.translation_key)
    found = []
    for action, count in report.actions.items():
        data = {
            "identifiers": [outreach_identifier(report.pk, action)],
            "origin_system": SYSTEM,
            "created_date": osdi_datetime(report.created_at),
            "modified_date": osdi_datetime(report.invalidated_at or report.created_at),
            "action_date": osdi_datetime(report.created_at),
            "type": OUTREACH_TYPES[action],
            "targets": targets,
            "person": reporter,
            f"{SYSTEM}:action_type": action,
            f"{SYSTEM}:count": count,
            f"{SYSTEM}:counted": report.is_valid,
            f"{SYSTEM}:source": report.source,
            f"{SYSTEM}:advocacy_campaign": campaign,
            f"{SYSTEM}:ua_number": report.ua_number,
            f"{SYSTEM}:country": str(report.country or ""),
            f"{SYSTEM}:language": report.language_code,
        }
        if base_url:
            links = campaign_links(report.translation_key, base_url)
            data["_links"] = {
                "self": {
                    "href": f"{links['osdi:outreaches']['href']}/report-{report.pk}-{action}"
                },
                "osdi:advocacy_campaign": links["self"],
            }
        found.append(_without_empty(data))
    return found


# Schemas


@cache
def _schema_text(name: str) -> str:
    if name not in SCHEMAS:
        raise KeyError(name)
    files = resources.files(__package__).joinpath("schemas")
    return files.joinpath(f"{name}.json").read_text(encoding="utf-8")


def schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of ``advocacy_campaign``, ``target`` or
    ``outreach``: a fresh copy, to change at will."""
    return json.loads(_schema_text(name))
