"""Rules for reporting actions, and the only code that writes reports.

The rules of a report's values come first: the HTML form and the JSON schema
both take them from here. A report is stored exactly once or not at all: the
report row and its tally increments commit together (see :mod:`.store`). Every
refusal names the field at fault and stores nothing.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from wagtail.models import Page

from ..choices import ACTION_TYPES, ReportSource
from ..conf import ua_settings
from ..utils.dates import days_left, site_today
from ..utils.formatting import listed, long_date
from . import idempotency, rate_limits, store, tallies
from .models import ActionReport, ReportEvent, page_model


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


# The rules of a report's values, shared by the HTML form (:mod:`.forms`) and the
# JSON schema (:mod:`.schemas`). Each returns the clean value or raises Django's
# ValidationError with the message the JSON API gives.

#: Wagtail's page ids are 32-bit: larger numbers name no page (and from 2**63 on,
#: SQLite cannot even take them as query parameters).
MAX_PAGE_ID = 2**31 - 1


def page_id(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("Give the page id as a whole number."))
    if not 0 < value <= MAX_PAGE_ID:
        raise ValidationError(_("No published Urgent Action has this id."))
    return value


def translation_key(value) -> uuid.UUID:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return uuid.UUID(value)
    except ValueError:
        raise ValidationError(_("Give the translation key as a UUID.")) from None


def action_count(value, limit: int | None = None) -> int:
    """A count of one action type: a whole number from 1 to the limit
    (``UA_WAGTAIL_MAX_ACTIONS_PER_TYPE``)."""
    limit = limit or ua_settings.MAX_ACTIONS_PER_TYPE
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 2.0 is 2
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("Give the count as a whole number."))
    if not 1 <= value <= limit:
        raise ValidationError(
            _("The count must be between 1 and %(limit)d.") % {"limit": limit}
        )
    return value


def unknown_action_type(action: str) -> str:
    return _("Unknown action type “%(action)s”. Use one of: %(types)s.") % {
        "action": action,
        "types": listed(ACTION_TYPES, style="or"),
    }


def report_size(actions: dict[str, int]) -> dict[str, int]:
    """At least one action, and at most ``UA_WAGTAIL_MAX_ACTIONS_PER_REPORT``."""
    if not actions:
        raise ValidationError(_("Report at least one action you took."))
    limit = ua_settings.MAX_ACTIONS_PER_REPORT
    if sum(actions.values()) > limit:
        raise ValidationError(too_many_actions(limit))
    return actions


def not_offered(actions, offered) -> dict[str, str]:
    """``{action: message}`` for the actions the Urgent Action does not ask about."""
    return {
        action: _(
            "This Urgent Action does not ask for “%(action)s”. Report one of: "
            "%(types)s."
        )
        % {"action": action, "types": listed(offered, style="or")}
        for action in actions
        if action not in offered
    }


def country_code(value) -> str:
    """An ISO 3166-1 code that django-countries knows, upper case; "" for none."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or value.upper() not in countries:
        raise ValidationError(_("Give the country as a two-letter code such as DE."))
    return value.upper()


def language_code(value) -> str:
    """A language code from ``LANGUAGES``; "" for the page's own."""
    if value is None:
        return ""
    if not isinstance(value, str) or value not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language code."))
    return value


def check_public(page) -> None:
    """Refuse an Urgent Action behind a password or a login: its totals and
    reports are not public."""
    if page.get_view_restrictions():
        raise ReportRejected(
            {"page": [_("This Urgent Action is not public: it accepts no reports.")]}
        )


def check_accepts_reports(page) -> None:
    """Refuse reports for a closed action (deadline plus the grace period), and for
    one that is not public (:func:`check_public`)."""
    check_public(page)
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
    claim: idempotency.Claim | None = None,
) -> store.Stored:
    """Store one activist's report and add it to the totals, atomically.

    ``ua`` is the Urgent Action: a page, its id, or its translation key (the
    report then goes to the first live translation). It must be live and open,
    checked in the same statement that stores the report; otherwise
    :class:`ReportRejected` says why, on ``"page"``. ``actions`` must already be
    clean (see :mod:`.schemas` and :mod:`.forms`); the language defaults to the page's.
    Contact details are passed only when the reporter consented to their keeping.
    With an ``Idempotency-Key``'s ``claim``, :class:`~.idempotency.KeyUsed` if a
    request with that key stored a report first. Returns the stored report with
    the Urgent Action's totals including it.
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
        stored = store.store(locator, report, claim)
        if stored is not None:
            return stored
        check_accepts_reports(find_live_page(ua))
    raise ReportRejected({"page": [_("No published Urgent Action has this id.")]})


def find_live_page(ua):
    """The live, public page ``ua`` names (page, id or translation key), or
    ReportRejected: an Urgent Action behind a password or a login is no one's to
    report on or to read the totals of."""
    page = page_model().objects.published().defer("body").named_by(ua).first()
    if page is None:
        raise ReportRejected({"page": [_("No published Urgent Action has this id.")]})
    return page


#: What the rate limits count reports on no Urgent Action as: one budget per
#: client, so that naming a new unknown id each time buys nothing.
UNKNOWN = "unknown"


def limited_as(ua) -> str:
    """What the rate limits count reports on ``ua`` (a page id or translation key)
    as: its translation key, whichever translation is named, so that naming each
    in turn buys no more; :data:`UNKNOWN` for no page. A page's key is remembered
    in the cache (it never changes); a missing one is not, so that junk ids fill
    neither the cache nor the limits' counters."""
    cache, name = rate_limits.cache(), f"ua_wagtail:translation_key:{ua}"
    key = cache.get(name)
    if key is None:
        by = "translation_key" if isinstance(ua, uuid.UUID) else "pk"
        pages = Page.objects.filter(**{by: ua})
        found = pages.values_list("translation_key", flat=True).first()
        if found is None:
            return UNKNOWN
        key = found.hex
        cache.set(name, key, 24 * 3600)
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
    try:
        actions = {
            action: action_count(count, limit=ua_settings.MAX_ADJUSTMENT)
            for action, count in actions.items()
        }
    except ValidationError as error:
        raise ReportRejected({"actions": error.messages}) from None
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
        tallies.count(locked, sign=-1)
        now = timezone.now()
        ActionReport.objects.filter(pk__in=[r.pk for r in locked]).update(
            is_valid=False, invalidated_at=now, invalidated_by=user
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(
                kind=ReportEvent.Kind.REPORT_INVALIDATED,
                translation_key=report.translation_key,
                report=report,
                created_at=now,
            )
            for report in locked
        )
    return len(locked)
