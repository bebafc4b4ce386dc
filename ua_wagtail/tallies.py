"""Exact, cheap totals of reported actions.

Every change to counted reports goes through :func:`add` inside the same
transaction as the change, so a total is never ahead of or behind the reports.
Rows are keyed (Urgent Action, action type, country): reading a total touches at
most one row per type and country, however many reports there are.
"""

from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from .actions import ActionType
from .models import ActionReport, ActionTally


@dataclass(frozen=True)
class Totals:
    total: int = 0
    by_action: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)


def add(translation_key: UUID, country: str, actions: dict[str, int], sign: int = 1):
    """Add (or with ``sign=-1`` remove) one report's actions to the tallies.

    Must run inside the transaction that writes the report. Rows are touched in a
    fixed order so that concurrent transactions cannot deadlock on them.
    """
    for action in sorted(actions):
        delta = actions[action] * sign
        if not delta:
            continue
        rows = ActionTally.objects.filter(
            translation_key=translation_key, action_type=action, country=country
        )
        if rows.update(count=F("count") + delta):
            continue
        try:
            with transaction.atomic():
                ActionTally.objects.create(
                    translation_key=translation_key,
                    action_type=action,
                    country=country,
                    count=delta,
                )
        except IntegrityError:  # another transaction created the row first
            rows.update(count=F("count") + delta)


def totals(translation_key: UUID) -> Totals:
    by_action, by_country = Counter(), Counter()
    rows = ActionTally.objects.filter(translation_key=translation_key, count__gt=0)
    for action, country, count in rows.values_list("action_type", "country", "count"):
        by_action[action] += count
        if country:
            by_country[country] += count
    return Totals(
        total=sum(by_action.values()),
        by_action={action: by_action[action] for action in ActionType.values},
        by_country=dict(sorted(by_country.items())),
    )


def counted_from_reports(translation_key: UUID | None = None) -> dict[tuple, int]:
    """What the tallies should hold: {(key, action, country): count} from valid reports."""
    reports = ActionReport.objects.filter(is_valid=True)
    if translation_key:
        reports = reports.filter(translation_key=translation_key)
    sums = reports.values("translation_key", "country").annotate(
        **{action: Sum(action) for action in ActionType.values}
    )
    expected = {}
    for row in sums:
        for action in ActionType.values:
            if row[action]:
                key = (row["translation_key"], action, row["country"])
                expected[key] = expected.get(key, 0) + row[action]
    return expected


def recount(translation_key: UUID | None = None, fix: bool = True) -> list[tuple]:
    """Compare tallies with the reports; return the drift and, if ``fix``, repair it.

    Drift is a list of ``(key, action, country, tallied, counted)``. Runs in one
    transaction with the tallies locked, so reports submitted meanwhile wait.
    """
    with transaction.atomic():
        tallies = ActionTally.objects.select_for_update()
        if translation_key:
            tallies = tallies.filter(translation_key=translation_key)
        stored = {
            (t.translation_key, t.action_type, t.country): t.count for t in tallies
        }
        expected = counted_from_reports(translation_key)
        drift = [
            (*key, stored.get(key, 0), expected.get(key, 0))
            for key in sorted(set(stored) | set(expected), key=str)
            if stored.get(key, 0) != expected.get(key, 0)
        ]
        if fix:
            for key, action, country, _tallied, counted in drift:
                ActionTally.objects.update_or_create(
                    translation_key=key,
                    action_type=action,
                    country=country,
                    defaults={"count": counted},
                )
    return drift
