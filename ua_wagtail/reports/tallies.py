"""Exact, cheap totals of reported actions.

Every change to counted reports goes through :func:`count` (or, on PostgreSQL,
the store's one statement) inside the same transaction as the change, so a total
is never ahead of or behind the reports.
Rows are keyed (Urgent Action, action type, country): reading a total touches at
most one row per type and country, however many reports there are.
:mod:`.recounting` checks them, and the daily tallies, against the reports.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from ..choices import ACTION_TYPES, ReportSource
from .models import ActionTally, DailyTally


@dataclass(frozen=True)
class Totals:
    total: int = 0
    by_action: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        """As the APIs give totals (the ``Totals`` schema of :mod:`.schemas`)."""
        return {
            "total": self.total,
            "by_action": dict(self.by_action),
            "by_country": dict(self.by_country),
        }


def add(translation_key: UUID, country: str, actions: dict[str, int], sign: int = 1):
    """Add (or with ``sign=-1`` remove) actions to the tallies of one Urgent
    Action and country: what :func:`count` does to the totals alone."""
    country = str(country or "")  # a code, or a django-countries Country
    deltas = {(translation_key, country, a): n * sign for a, n in actions.items()}
    _execute(*_tally_upsert(deltas))


def count(reports, sign: int = 1):
    """Add (or with ``sign=-1`` remove) these reports to the tallies and to the
    daily tallies of their days and languages.

    Must run inside the transaction that writes the reports. Each table gets one
    upsert statement that adds to every row at once and creates missing ones, so
    concurrent reports neither lose an increment nor collide on a new row. Rows
    are locked in one order everywhere (tallies by Urgent Action, country and
    action, then daily tallies by Urgent Action, day and language, as the store's
    single statement does), so concurrent transactions cannot deadlock on them.
    """
    totals, days = Counter(), {}
    for report in reports:
        country, actions = str(report.country or ""), report.actions
        for action, n in actions.items():
            totals[(report.translation_key, country, action)] += n * sign
        day = (report.translation_key, day_of(report.created_at), report.language_code)
        counts = days.setdefault(day, Counter())
        counts["reports"] += sign * (report.source != ReportSource.ADJUSTMENT)
        counts.update({a: n * sign for a, n in actions.items()})
    _execute(*_tally_upsert(totals))
    _execute(*_daily_upsert(days))


def day_of(moment) -> datetime.date:
    """The day a report counts on: its date in the site's time zone (not the
    time zone a staff member's request activated)."""
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _execute(sql, params):
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def totals(translation_key: UUID) -> Totals:
    """One small indexed read, in plain SQL: it follows every report."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT action_type, country, count FROM {_table()} "  # noqa: S608 - our table
            "WHERE translation_key = %s AND count > 0",
            [_key(translation_key)],
        )
        return totals_from_rows(cursor.fetchall())


def totals_of(translation_keys) -> dict[UUID, int]:
    """The total of each Urgent Action's reported actions, in one query for a
    whole listing; an Urgent Action without reports is absent."""
    rows = (
        ActionTally.objects.filter(translation_key__in=translation_keys, count__gt=0)
        .order_by()
        .values("translation_key")
        .annotate(total=Sum("count"))
        .values_list("translation_key", "total")
    )
    return dict(rows)


def _table() -> str:
    return connection.ops.quote_name(ActionTally._meta.db_table)


def _key(translation_key: UUID):
    return translation_key.hex if connection.vendor == "sqlite" else translation_key


def _tally_upsert(deltas: dict[tuple, int]) -> tuple[str, list]:
    rows = sorted((k, c, a, n) for (k, c, a), n in deltas.items() if n)
    if not rows:
        return "", []
    params = [p for key, c, a, n in rows for p in (_key(key), a, c, n)]
    table = _table()
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (translation_key, action_type, country, count) "  # noqa: S608 - our table
        f"VALUES {values} "
        "ON CONFLICT (translation_key, action_type, country) "
        f"DO UPDATE SET count = {table}.count + excluded.count"
    )
    return sql, params


DAILY_COUNTS = ("reports", *ACTION_TYPES)


def daily_upsert_clause(table: str) -> str:
    """``ON CONFLICT …`` adding a daily tally's new counts to the stored ones."""
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in DAILY_COUNTS)
    return f"ON CONFLICT (translation_key, day, language_code) DO UPDATE SET {added}"


def _daily_upsert(days: dict[tuple, Counter]) -> tuple[str, list]:
    rows = [
        (key, day, language, [days[key, day, language][c] for c in DAILY_COUNTS])
        for key, day, language in sorted(days)
        if any(days[key, day, language].values())
    ]
    if not rows:
        return "", []
    table = connection.ops.quote_name(DailyTally._meta.db_table)
    columns = ", ".join(("translation_key", "day", "language_code", *DAILY_COUNTS))
    placeholders = "(" + ", ".join(["%s"] * (3 + len(DAILY_COUNTS))) + ")"
    params = [
        p for key, day, lang, counts in rows for p in (_key(key), day, lang, *counts)
    ]
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - our table
        f"VALUES {', '.join([placeholders] * len(rows))} " + daily_upsert_clause(table)
    )
    return sql, params


def totals_from_rows(rows) -> Totals:
    """Totals from ``(action_type, country, count)`` tally rows."""
    by_action, by_country = Counter(), Counter()
    for action, country, count in rows:
        if count <= 0:
            continue
        by_action[action] += count
        if country:
            by_country[country] += count
    return Totals(
        total=sum(by_action.values()),
        by_action={action: by_action[action] for action in ACTION_TYPES},
        by_country=dict(sorted(by_country.items())),
    )


def plus(result: Totals, country: str, actions: dict[str, int]) -> Totals:
    """``result`` with one more report's actions, as if it had been stored."""
    by_country = dict(result.by_country)
    if country:
        by_country[country] = by_country.get(country, 0) + sum(actions.values())
    return Totals(
        total=result.total + sum(actions.values()),
        by_action={
            a: result.by_action.get(a, 0) + actions.get(a, 0) for a in ACTION_TYPES
        },
        by_country=dict(sorted(by_country.items())),
    )
