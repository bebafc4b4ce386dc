"""Rules for reporting actions, and the only code that writes reports.

A report is stored exactly once or not at all: the report row and its tally
increments commit together (see :mod:`ua_wagtail.report_store`). Every refusal names the field at fault and
stores nothing.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from wagtail.models import Page

from ..choices import ACTION_TYPES, ReportSource
from ..conf import ua_settings
from ..utils.dates import days_left, site_today
from ..utils.formatting import long_date
from . import rate_limits, store, tallies
from .models import ActionReport, page_model


def too_many_actions(limit: int) -> str:
    """Why a report claiming more than ``UA_WAGTAIL_MAX_ACTIONS_PER_REPORT`` is refused."""
    return ngettext(
        "One report can count at most %(limit)d action.",
        "One report can count at most %(limit)d actions.",
        limit,
    ) % {"limit": limit}


class ReportRejected(Exception):
    """A report that breaks a rule: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def clean_actions(raw, limit: int | None = None) -> dict[str, int]:
    """Validate ``{"letter": 1, "email": 2}``: known types, whole counts 1..limit."""
    limit = limit or ua_settings.MAX_ACTIONS_PER_TYPE
    if not isinstance(raw, dict):
        raise ReportRejected(
            {"actions": [_("Give the actions as an object of counts by type.")]}
        )
    errors, counts = {}, {}
    for action, count in raw.items():
        field = f"actions.{action}"
        if isinstance(count, float) and count.is_integer():
            count = int(count)  # JSON has one number type: 2.0 is 2
        counts[action] = count
        if action not in ACTION_TYPES:
            errors[field] = [
                _("Unknown action type “%(action)s”. Use one of: %(types)s.")
                % {"action": action, "types": ", ".join(ACTION_TYPES)}
            ]
        elif not isinstance(count, int) or isinstance(count, bool):
            errors[field] = [_("Give the count as a whole number.")]
        elif not 1 <= count <= limit:
            errors[field] = [
                _("The count must be between 1 and %(limit)d.") % {"limit": limit}
            ]
    if errors:
        raise ReportRejected(errors)
    if not raw:
        raise ReportRejected({"actions": [_("Report at least one action you took.")]})
    return counts


def check_report_size(actions: dict[str, int]) -> dict[str, int]:
    """Refuse a report that claims more than ``UA_WAGTAIL_MAX_ACTIONS_PER_REPORT``."""
    limit = ua_settings.MAX_ACTIONS_PER_REPORT
    if sum(actions.values()) > limit:
        raise ReportRejected({"actions": [too_many_actions(limit)]})
    return actions


def clean_country(code) -> str:
    if code in (None, ""):
        return ""
    if not isinstance(code, str) or code.upper() not in countries:
        raise ReportRejected(
            {"country": [_("Give the country as a two-letter code such as DE.")]}
        )
    return code.upper()


def check_accepts_reports(page) -> None:
    """Refuse reports for a closed action (deadline plus the grace period), and for
    one behind a password or a login: its totals and reports are not public."""
    if page.get_view_restrictions():
        raise ReportRejected(
            {"page": [_("This Urgent Action is not public: it accepts no reports.")]}
        )
    if days_left(page.deadline) < -ua_settings.REPORT_GRACE_DAYS:
        raise ReportRejected(
            {
                "page": [
                    _(
                        "This Urgent Action closed on %(date)s and no longer "
                        "accepts reports."
                    )
                    % {"date": long_date(page.deadline)}
                ]
            }
        )


def submit_report(
    ua,
    actions: dict[str, int],
    *,
    country: str = "",
    language_code: str = "",
    source: str = ReportSource.FORM,
    client_hash: str = "",
    contact_name: str = "",
    contact_email: str = "",
) -> store.Stored:
    """Store one activist's report and add it to the totals, atomically.

    ``ua`` is the Urgent Action: a page, its id, or its translation key (the
    report then goes to the first live translation). It must be live and open,
    checked in the same statement that stores the report; otherwise
    :class:`ReportRejected` says why, on ``"page"``. ``actions`` must already be
    clean (see :func:`clean_actions`); the language defaults to the page's.
    Contact details are passed only when the reporter consented to their keeping.
    Returns the stored report with the Urgent Action's totals including it.
    """
    report = ActionReport(
        country=country,
        language_code=language_code,
        source=source,
        client_hash=client_hash,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_consent=bool(contact_name or contact_email),
        **actions,
    )
    open_since = site_today() - datetime.timedelta(days=ua_settings.REPORT_GRACE_DAYS)
    locator = _locate(ua, open_since=open_since)
    for _attempt in range(2):  # a page published in between is found the second time
        stored = store.store(locator, report)
        if stored is not None:
            return stored
        check_accepts_reports(find_live_page(ua))
    raise ReportRejected({"page": [_("No published Urgent Action has this id.")]})


def find_live_page(ua):
    """The live, public page ``ua`` names (page, id or translation key), or
    ReportRejected: an Urgent Action behind a password or a login is no one's to
    report on or to read the totals of."""
    pages = page_model().objects.published().defer("body")
    locator = _locate(ua)
    if locator.page_id is not None:
        page = pages.filter(pk=locator.page_id).first()
    else:
        page = pages.filter(translation_key=locator.translation_key).order_by("pk")
        page = page.first()
    if page is None:
        raise ReportRejected({"page": [_("No published Urgent Action has this id.")]})
    return page


def limited_as(ua) -> str:
    """What the rate limits count reports on ``ua`` (a page id or translation key)
    as: its translation key, whichever translation is named, so that naming each
    in turn buys no more. A page id's key is remembered in the cache."""
    if isinstance(ua, uuid.UUID):
        return ua.hex
    cache, name = rate_limits.cache(), f"ua_wagtail:translation_key:{ua}"
    key = cache.get(name)
    if key is None:
        found = Page.objects.filter(pk=ua).values_list("translation_key", flat=True)
        key = found[0].hex if found else f"page-{ua}"
        # A page's key never changes; a missing page may be made soon.
        cache.set(name, key, 24 * 3600 if found else 60)
    return key


def _locate(ua, open_since=None) -> store.Locator:
    if isinstance(ua, uuid.UUID):
        return store.Locator(translation_key=ua, open_since=open_since)
    return store.Locator(page_id=getattr(ua, "pk", ua), open_since=open_since)


def record_adjustment(
    page, actions, *, note: str, user, country: str = ""
) -> store.Stored:
    """Record actions taken offline (letters collected at an event), audited.

    Allowed on any Urgent Action, open or not: the campaign team decides.
    Returns the stored adjustment with the Urgent Action's totals including it.
    """
    if not note.strip():
        raise ReportRejected({"note": [_("Say where these actions come from.")]})
    actions = clean_actions(actions, limit=ua_settings.MAX_ADJUSTMENT)
    report = ActionReport(
        country=country,
        source=ReportSource.ADJUSTMENT,
        created_by=user,
        note=note.strip(),
        **actions,
    )
    stored = store.store(_locate(page), report)
    if stored is None:
        raise ReportRejected({"page": [_("This Urgent Action no longer exists.")]})
    return stored


def invalidate_reports(reports, user) -> int:
    """Stop counting these reports (spam); returns how many were still counted."""
    with transaction.atomic():
        locked = list(reports.select_for_update().filter(is_valid=True).order_by("pk"))
        for report in locked:
            tallies.add(report.translation_key, report.country, report.actions, -1)
        ActionReport.objects.filter(pk__in=[r.pk for r in locked]).update(
            is_valid=False, invalidated_at=timezone.now(), invalidated_by=user
        )
    return len(locked)
