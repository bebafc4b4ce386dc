"""Recounting the tallies from the reports, one Urgent Action at a time.

The tallies are kept exact in the reports' own transactions (:mod:`.tallies`);
a recount checks that, and repairs what went wrong anyway (a restored backup, a
hand edit). At a million reports it works per Urgent Action: each gets its own
short transaction, the database sums its reports along the index on
(translation key, reported at), and Python holds one Urgent Action's tallies at
a time. An interrupted recount leaves every Urgent Action recounted or as it
was, never half of it; running it again finishes the job.
"""

import datetime
from collections import Counter
from typing import NamedTuple
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..choices import ACTION_TYPES, ReportSource
from .models import ActionReport, ActionTally, DailyTally
from .tallies import DAILY_COUNTS


class TallyDrift(NamedTuple):
    """An Urgent Action's tally of one action type and country that differs
    from its counted reports."""

    translation_key: UUID
    action_type: str
    country: str
    tallied: int
    counted: int

    def __str__(self):
        return (
            f"{self.translation_key} {self.action_type} "
            f"{self.country or '(no country)'}: "
            f"tally {self.tallied}, reports {self.counted}"
        )


class DailyDrift(NamedTuple):
    """One count (``reports`` or an action type) of a daily tally that differs
    from the counted reports of its Urgent Action, day and language."""

    translation_key: UUID
    day: datetime.date
    language_code: str
    column: str
    tallied: int
    counted: int

    def __str__(self):
        return (
            f"{self.translation_key} {self.day} "
            f"{self.language_code or '(no language)'} {self.column}: "
            f"daily tally {self.tallied}, reports {self.counted}"
        )


def recount(translation_key: UUID | None = None, fix: bool = True) -> list:
    """Compare the tallies with the reports; return the drift (:class:`TallyDrift`
    and :class:`DailyDrift`) and, if ``fix``, repair it: for one Urgent Action,
    or for all of them, each in its own transaction (see :func:`recount_one`)."""
    keys = [translation_key] if translation_key else translation_keys()
    return [drift for key in keys for drift in recount_one(key, fix)]


def recount_one(translation_key: UUID, fix: bool = True) -> list:
    """:func:`recount` of one Urgent Action, in one transaction of its own."""
    with transaction.atomic():
        _hold_off_reports()
        sums = _sums(translation_key)
        totals, tally_drift = _tally_drift(translation_key, sums)
        days, daily_drift = _daily_drift(translation_key, sums)
        if fix:
            _write_tallies(translation_key, totals)
            _write_days(translation_key, days)
    return tally_drift + daily_drift


def _hold_off_reports():
    """Make reports wait until this transaction ends, so that the tallies it reads
    and the reports it sums are the same moment's, and its fix lands before any
    later report's increment.

    Every change to counted reports writes the tallies in its own transaction
    (:mod:`.tallies`). On PostgreSQL, locking both tally tables in SHARE ROW
    EXCLUSIVE mode waits for the transactions that wrote them to commit (their
    reports are then in the sums) and blocks any that have yet to (their
    reports are then uncommitted, out of the sums, and their increments land
    after the fix, on top of it). Row locks would not do: under READ COMMITTED
    a report can create a tally row (a new country, a new day) that the recount
    never locked. Readers of totals are not blocked; reports wait as long as one
    Urgent Action's sums take, and concurrent recounts take turns.

    SQLite has one writer at a time: a write as the transaction's first
    statement (one that changes nothing) takes that lock, as ``BEGIN
    IMMEDIATE`` would, before the sums are read.
    """
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in (ActionTally, DailyTally)]
    if connection.vendor == "postgresql":
        statement = f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"
    else:
        statement = f"UPDATE {tables[0]} SET count = count WHERE 1 = 0"  # noqa: S608 - our table
    with connection.cursor() as cursor:
        cursor.execute(statement)


def _sums(translation_key: UUID) -> list[dict]:
    """The Urgent Action's counted reports summed by country, day and language:
    one pass over its reports serves both tallies. As many rows as the
    Urgent Action has such combinations, however many reports."""
    day = TruncDate("created_at", tzinfo=timezone.get_default_timezone())
    return list(
        ActionReport.objects.filter(translation_key=translation_key, is_valid=True)
        .order_by()
        .annotate(day=day)
        .values("country", "day", "language_code")
        .annotate(
            reports=Count("pk", filter=~Q(source=ReportSource.ADJUSTMENT)),
            **{action: Sum(action) for action in ACTION_TYPES},
        )
    )


def _tally_drift(translation_key: UUID, sums: list[dict]) -> tuple[dict, list]:
    """The tallies the reports give where they differ, ``{(action, country):
    count}``, and the drift."""
    stored = {
        (action, country): count
        for action, country, count in ActionTally.objects.filter(
            translation_key=translation_key
        ).values_list("action_type", "country", "count")
    }
    counted = Counter()
    for row in sums:
        counted.update({(a, row["country"]): row[a] for a in ACTION_TYPES if row[a]})
    drift = [
        TallyDrift(translation_key, *row, stored.get(row, 0), counted.get(row, 0))
        for row in sorted(stored.keys() | counted.keys())
        if stored.get(row, 0) != counted.get(row, 0)
    ]
    return {(d.action_type, d.country): d.counted for d in drift}, drift


def _daily_drift(translation_key: UUID, sums: list[dict]) -> tuple[dict, list]:
    """The daily tallies the reports give where they differ,
    ``{(day, language): counts}`` in the order of ``DAILY_COUNTS``, and the drift."""
    stored = {
        (day, language): counts
        for day, language, *counts in DailyTally.objects.filter(
            translation_key=translation_key
        ).values_list("day", "language_code", *DAILY_COUNTS)
    }
    none = [0] * len(DAILY_COUNTS)
    counted = {}
    for row in sums:
        counts = counted.get((row["day"], row["language_code"]), none)
        counted[row["day"], row["language_code"]] = [
            n + row[column] for n, column in zip(counts, DAILY_COUNTS, strict=True)
        ]
    changed = {
        row: counted.get(row, none)
        for row in sorted(stored.keys() | counted.keys())
        if stored.get(row, none) != counted.get(row, none)
    }
    drift = [
        DailyDrift(translation_key, *row, column, tallied, counted)
        for row, counts in changed.items()
        for column, tallied, counted in zip(
            DAILY_COUNTS, stored.get(row, none), counts, strict=True
        )
        if tallied != counted
    ]
    return changed, drift


def _write_tallies(translation_key: UUID, counts: dict):
    ActionTally.objects.bulk_create(
        [
            ActionTally(
                translation_key=translation_key,
                action_type=action,
                country=country,
                count=count,
            )
            for (action, country), count in sorted(counts.items())
        ],
        update_conflicts=True,
        unique_fields=["translation_key", "action_type", "country"],
        update_fields=["count"],
    )


def _write_days(translation_key: UUID, days: dict):
    DailyTally.objects.bulk_create(
        [
            DailyTally(
                translation_key=translation_key,
                day=day,
                language_code=language,
                **dict(zip(DAILY_COUNTS, counts, strict=True)),
            )
            for (day, language), counts in sorted(days.items())
        ],
        update_conflicts=True,
        unique_fields=["translation_key", "day", "language_code"],
        update_fields=list(DAILY_COUNTS),
    )


def translation_keys() -> list[UUID]:
    """Every Urgent Action with reports or tallies, in order: those whose tallies
    may have drifted, to zero included. A few thousand keys, read without a
    pass over the reports."""
    keys = set(_reported_keys())
    for model in (ActionTally, DailyTally):
        keys.update(
            model.objects.order_by()
            .values_list("translation_key", flat=True)
            .distinct()
        )
    return sorted(keys)


def _reported_keys() -> list[UUID]:
    """The distinct translation keys of the reports, by a loose index scan: one
    step down the (translation key, reported at) index per key, not a read of
    every report's entry, as ``SELECT DISTINCT`` would be."""
    table = connection.ops.quote_name(ActionReport._meta.db_table)
    first = f"SELECT translation_key FROM {table} ORDER BY translation_key LIMIT 1"  # noqa: S608 - our table
    following = (
        f"SELECT translation_key FROM {table} "  # noqa: S608 - our table
        "WHERE translation_key > keys.translation_key "
        "ORDER BY translation_key LIMIT 1"
    )
    sql = (
        f"WITH RECURSIVE keys (translation_key) AS (SELECT ({first}) "  # noqa: S608 - our table
        f"UNION ALL SELECT ({following}) FROM keys "
        "WHERE keys.translation_key IS NOT NULL) "
        "SELECT translation_key FROM keys WHERE translation_key IS NOT NULL"
    )
    field = ActionReport._meta.get_field("translation_key")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [field.to_python(key) for (key,) in cursor.fetchall()]
