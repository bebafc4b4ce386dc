"""Rules for reporting actions, and the only code that writes reports.

A report is stored exactly once or not at all: the report row and its tally
increments commit in one transaction. Every refusal names the field at fault and
stores nothing.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from . import tallies
from .actions import ActionType
from .conf import ua_settings
from .models import ActionReport, ReportSource, UrgentActionPage
from .status import days_left


@dataclass(frozen=True)
class ReportTarget:
    """What storing a report needs to know of its Urgent Action, and no more."""

    pk: int
    translation_key: uuid.UUID
    ua_number: str
    title: str
    deadline: datetime.date
    language_code: str


def find_report_target(page_id=None, translation_key=None) -> ReportTarget | None:
    """The live Urgent Action with this id or translation key.

    Reports are the hot path: the few facts a report needs are kept in Django's
    cache for ``UA_WAGTAIL_REPORT_TARGET_CACHE_SECONDS`` and forgotten as soon as
    the page is published, unpublished, moved or deleted (see
    :mod:`ua_wagtail.signal_handlers`).
    """
    key = target_cache_key(page_id=page_id, translation_key=translation_key)
    target = cache.get(key)
    if target is None:
        target = _query_report_target(page_id, translation_key)
        if target is not None:
            cache.set(key, target, ua_settings.REPORT_TARGET_CACHE_SECONDS)
    return target


def target_cache_key(page_id=None, translation_key=None) -> str:
    if page_id is not None:
        return f"ua_wagtail:report-target:{page_id}"
    return f"ua_wagtail:report-target:key:{translation_key}"


def forget_report_target(page) -> None:
    cache.delete_many(
        [
            target_cache_key(page_id=page.pk),
            target_cache_key(translation_key=page.translation_key),
        ]
    )


def _query_report_target(page_id, translation_key) -> ReportTarget | None:
    """Plain values in one query, rather than a page instance with its large body."""
    pages = UrgentActionPage.objects.filter(live=True)
    if page_id is not None:
        pages = pages.filter(pk=page_id)
    else:
        pages = pages.filter(translation_key=translation_key).order_by("pk")
    row = pages.values_list(
        "pk",
        "translation_key",
        "ua_number",
        "title",
        "deadline",
        "locale__language_code",
    ).first()
    return ReportTarget(*row) if row else None


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
    errors = {}
    for action, count in raw.items():
        field = f"actions.{action}"
        if action not in ActionType.values:
            errors[field] = [
                _("Unknown action type “%(action)s”. Use one of: %(types)s.")
                % {"action": action, "types": ", ".join(ActionType.values)}
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
    return dict(raw)


def clean_country(code) -> str:
    if code in (None, ""):
        return ""
    if not isinstance(code, str) or code.upper() not in countries:
        raise ReportRejected(
            {"country": [_("Give the country as a two-letter code such as DE.")]}
        )
    return code.upper()


def check_accepts_reports(page) -> None:
    """Refuse reports for a closed action (deadline plus the grace period)."""
    if days_left(page.deadline) < -ua_settings.REPORT_GRACE_DAYS:
        raise ReportRejected(
            {
                "page": [
                    _(
                        "This Urgent Action closed on %(date)s and no longer "
                        "accepts reports."
                    )
                    % {"date": page.deadline.isoformat()}
                ]
            }
        )


def submit_report(
    page,
    actions: dict[str, int],
    *,
    country: str = "",
    language_code: str = "",
    source: str = ReportSource.FORM,
    client_hash: str = "",
    contact_name: str = "",
    contact_email: str = "",
) -> ActionReport:
    """Store one activist's report and add it to the totals, atomically.

    ``actions`` must already be clean (see :func:`clean_actions`). Contact details
    are passed only when the reporter consented to their keeping.
    """
    check_accepts_reports(page)
    return _store(
        page,
        actions,
        country=country,
        language_code=language_code,
        source=source,
        client_hash=client_hash,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_consent=bool(contact_name or contact_email),
    )


def record_adjustment(page, actions, *, note: str, user, country: str = ""):
    """Record actions taken offline (letters collected at an event), audited."""
    if not note.strip():
        raise ReportRejected({"note": [_("Say where these actions come from.")]})
    actions = clean_actions(actions, limit=ua_settings.MAX_ADJUSTMENT)
    return _store(
        page,
        actions,
        country=country,
        source=ReportSource.ADJUSTMENT,
        created_by=user,
        note=note.strip(),
    )


def _store(page, actions, *, country, **fields) -> ActionReport:
    """The report row and its tally increments, in one transaction.

    The report comes back with ``totals``, the Urgent Action's totals including it.
    """
    with transaction.atomic():
        report = ActionReport.objects.create(
            translation_key=page.translation_key,
            page_id=page.pk,
            ua_number=page.ua_number,
            ua_title=page.title,
            country=country,
            **fields,
            **actions,
        )
        report.totals = tallies.add_and_read(page.translation_key, country, actions)
    return report


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
