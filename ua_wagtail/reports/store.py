"""Writing a report and its tally increments, all or nothing.

On PostgreSQL one statement finds the Urgent Action, checks that it still accepts
reports, takes the report's Idempotency-Key if it has one, inserts the report,
writes its event to the outbox (:class:`~.models.ReportEvent`), adds it to the
tallies and to its day's daily tally, and reads the new totals: a single statement is atomic
without an explicit transaction, and reports are the hot path (see
``benchmarks/``). Other databases do the same steps in a transaction through
the ORM.

Either way :func:`store` answers with a :class:`Stored`: the report and its
Urgent Action's totals including it. Django's ``pre_save``/``post_save`` are not
the contract for reports (the PostgreSQL path does not send them);
:data:`ua_wagtail.signals.report_stored` is sent on every database once the
report is committed.
"""

import datetime
import functools
import time
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from ..choices import ACTION_TYPES, ReportSource
from ..signals import report_stored
from . import idempotency, tallies
from .models import (
    ActionReport,
    ActionTally,
    DailyTally,
    ReportEvent,
    ReportKey,
    page_model,
)

# Filled from the Urgent Action rather than from the caller.
PAGE_COLUMNS = ("translation_key", "page", "ua_number", "ua_title", "language_code")
RETURNED = (
    "id",
    "created_at",
    "translation_key",
    "page_id",
    "ua_number",
    "ua_title",
    "language_code",
)


@dataclass(frozen=True)
class Locator:
    """Which Urgent Action a report is for, and what it must be to accept it.

    By ``translation_key`` the report goes to the first live translation.
    ``open_since`` (a date) requires a live, public page (no password or login
    restriction on it or above it) whose deadline is on or after it.
    """

    page_id: int | None = None
    translation_key: uuid.UUID | None = None
    open_since: datetime.date | None = None


class Stored(NamedTuple):
    """A stored report, and its Urgent Action's totals including it."""

    report: ActionReport
    totals: tallies.Totals


def store(
    locator: Locator, report: ActionReport, claim: idempotency.Claim | None = None
) -> Stored | None:
    """Save the unsaved ``report``: the saved report with its totals, or None.

    None means no Urgent Action matched the locator (unknown, not live, closed):
    nothing was written. The report's page columns (page, translation key,
    number, title, and language unless given) are filled from the page. With a
    ``claim``, its key is taken in the same transaction, or
    :class:`~.idempotency.KeyUsed` is raised and nothing written.
    """
    if connection.vendor == "postgresql":
        stored = _store_in_one_statement(locator, report, claim)
    else:
        stored = _retrying_when_locked(_store_in_a_transaction, locator, report, claim)
    if stored is not None:
        # Robust: a receiver that fails (a CRM down) is logged by Django, the
        # others still run, and the report, stored by now, is answered as stored
        # rather than as an error a client would send it again after.
        transaction.on_commit(
            lambda: report_stored.send_robust(
                sender=ActionReport, report=stored.report, totals=stored.totals
            )
        )
    return stored


#: Further tries of a write SQLite found locked past its busy timeout.
LOCKED_RETRIES = 3


def _retrying_when_locked(write, *args):
    """``write(*args)``, tried again when SQLite says the database is locked (a
    burst longer than the busy timeout): the transaction was rolled back, so
    nothing was stored. Not inside an outer transaction, which is the caller's."""
    for attempt in range(LOCKED_RETRIES + 1):
        try:
            return write(*args)
        except OperationalError as error:
            locked = "locked" in str(error)
            if not locked or attempt == LOCKED_RETRIES or connection.in_atomic_block:
                raise
            time.sleep(0.05 * 2**attempt)


def _store_in_a_transaction(
    locator: Locator, report: ActionReport, claim: idempotency.Claim | None = None
) -> Stored | None:
    """The ORM path, for databases other than PostgreSQL (which can take it too)."""
    report.pk = None  # a try rolled back may have given it one
    with transaction.atomic():
        facts = _page_facts(locator)
        if facts is None:
            return None
        key_id = claim and idempotency.take(claim)
        if claim and key_id is None:
            raise idempotency.KeyUsed(idempotency.earlier(claim))
        page_id, key, number, title, language = facts
        report.page_id, report.translation_key = page_id, key
        report.ua_number, report.ua_title = number, title
        report.language_code = report.language_code or language
        report.save()
        ReportEvent.objects.create(
            kind=ReportEvent.kind_of_new(report),
            translation_key=key,
            report=report,
            created_at=report.created_at,
        )
        tallies.count([report])
        if claim:
            idempotency.settle(key_id, report)
        return Stored(report, tallies.totals(key))


def _page_facts(locator):
    pages = page_model().objects.named_by(locator.translation_key or locator.page_id)
    if locator.open_since is not None:
        pages = pages.published().filter(deadline__gte=locator.open_since)
    return pages.values_list(
        "pk", "translation_key", "ua_number", "title", "locale__language_code"
    ).first()


def _store_in_one_statement(
    locator: Locator, report: ActionReport, claim: idempotency.Claim | None = None
) -> Stored | None:
    sql = _statement(
        by_key=locator.page_id is None,
        open_only=locator.open_since is not None,
        action_count=len(report.actions),  # one statement per count, each prepared
        keyed=claim is not None,
    )
    with _server_binding_cursor() as cursor:
        cursor.execute(sql, _parameters(locator, report, claim))
        rows = cursor.fetchall()
    if not rows:
        # No Urgent Action took it, or a request with the key stored first.
        earlier = claim and idempotency.earlier(claim)
        if earlier:
            raise idempotency.KeyUsed(earlier)
        return None
    (report.pk, report.created_at, report.translation_key, report.page_id) = rows[0][:4]
    report.ua_number, report.ua_title, report.language_code = rows[0][4:7]
    report._state.adding, report._state.db = False, connection.alias
    return Stored(report, tallies.totals_from_rows(row[7:] for row in rows))


def _server_binding_cursor():
    """A cursor that sends the parameters apart from the statement.

    So psycopg can prepare the statement (planned once per connection) when the
    database's ``prepare_threshold`` option allows it; Django leaves it off by
    default for the sake of connection poolers. Django's own cursors bind on the
    client and are never prepared, so this changes nothing for other queries.
    """
    # Imported here: only PostgreSQL sites have a PostgreSQL driver.
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:  # psycopg2 always binds on the client
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    if connection.queries_logged:  # DEBUG, assertNumQueries
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _parameters(locator: Locator, report: ActionReport, claim=None) -> list:
    """In the order of the ``%s`` of :func:`_statement`."""
    params = [locator.translation_key or locator.page_id]
    if locator.open_since is not None:
        params.append(locator.open_since)
    if claim is not None:
        now = timezone.now()
        params += [claim.key, claim.fingerprint, now, idempotency.kept_since(now)]
    params.append(report.language_code or "")
    params += [
        f.get_db_prep_save(f.pre_save(report, True), connection) for f in _own_fields()
    ]
    params += [uuid.uuid4(), ReportEvent.kind_of_new(report)]
    params.append(str(report.country or ""))  # a code, or a django-countries Country
    for action, count in sorted(report.actions.items()):
        params += [action, count]
    params.append(tallies.day_of(report.created_at))
    params.append(int(report.source != ReportSource.ADJUSTMENT))
    params += [report.actions.get(action, 0) for action in ACTION_TYPES]
    return params


@functools.cache
def _statement(*, by_key: bool, open_only: bool, action_count: int, keyed=False) -> str:
    """``WITH ua, [claimed,] report, event, up, daily, counts SELECT …``: see
    the module docstring.

    Every parameter is cast to its column's type, so the statement works with
    client-side and server-side parameter binding alike.
    """
    tally = _quoted(ActionTally)
    claimed = f"claimed AS ({_key_insert()}), " if keyed else ""
    return (
        f"WITH ua AS ({_ua_query(by_key, open_only)}), {claimed}"
        f"report AS ({_report_insert(keyed)} RETURNING {', '.join(RETURNED)}), "
        f"event AS ({_event_insert()}), "
        f"up AS (INSERT INTO {tally} (translation_key, action_type, country, count) "
        "SELECT report.translation_key, v.action_type, CAST(%s AS varchar), v.delta "
        "FROM report, (VALUES "
        + ", ".join(["(CAST(%s AS varchar), CAST(%s AS bigint))"] * action_count)
        + ") AS v (action_type, delta) ORDER BY v.action_type "
        "ON CONFLICT (translation_key, action_type, country) "
        f"DO UPDATE SET count = {tally}.count + excluded.count "
        "RETURNING action_type, country, count), "
        f"daily AS ({_daily_insert()}), "
        "counts AS (SELECT action_type, country, count FROM up UNION ALL "
        f"SELECT t.action_type, t.country, t.count FROM {tally} t, report "
        "WHERE t.translation_key = report.translation_key AND t.count > 0 "
        "AND (t.action_type, t.country) NOT IN (SELECT action_type, country FROM up)) "
        f"SELECT {', '.join('report.' + column for column in RETURNED)}, "
        "counts.action_type, counts.country, counts.count FROM report, counts"
    )


def _daily_insert() -> str:
    """The report added to its Urgent Action's daily tally of its day and language."""
    table = _quoted(DailyTally)
    counts = ", ".join(["CAST(%s AS bigint)"] * len(tallies.DAILY_COUNTS))
    return (
        f"INSERT INTO {table} (translation_key, day, language_code, "
        f"{', '.join(tallies.DAILY_COUNTS)}) "
        f"SELECT report.translation_key, CAST(%s AS date), report.language_code, "
        f"{counts} FROM report " + tallies.daily_upsert_clause(table)
    )


def _event_insert() -> str:
    """The report's event, in the outbox."""
    return (
        f"INSERT INTO {_quoted(ReportEvent)} "
        "(event_id, kind, translation_key, report_id, created_at, dispatched) "
        "SELECT CAST(%s AS uuid), CAST(%s AS varchar), report.translation_key, "
        "report.id, report.created_at, false FROM report"
    )


def _ua_query(by_key: bool, open_only: bool) -> str:
    """The Urgent Action's id and the facts a report keeps of it."""
    if by_key:
        where = "p.translation_key = CAST(%s AS uuid)"
    else:
        where = "p.id = CAST(%s AS integer)"
    if open_only:
        where += (
            " AND p.live AND u.deadline >= CAST(%s AS date) AND NOT EXISTS ("
            f"SELECT 1 FROM {_quoted(PageViewRestriction)} r "
            f"JOIN {_quoted(Page)} a ON a.id = r.page_id "
            "WHERE p.path LIKE a.path || '%%')"
        )
    return (
        "SELECT p.id, p.translation_key, u.ua_number, p.title, l.language_code "
        f"FROM {_quoted(Page)} p JOIN {_quoted(page_model())} u "
        f"ON u.page_ptr_id = p.id JOIN {_quoted(Locale)} l ON l.id = p.locale_id "
        f"WHERE {where} ORDER BY p.id LIMIT 1"
    )


def _key_insert() -> str:
    """The Idempotency-Key taken (inserted, or taken over once past its time)
    with the id the report will have; nothing if a request with it came first.
    A concurrent statement with the same key waits for this one to commit."""
    report_id = (
        f"nextval(pg_get_serial_sequence('{ActionReport._meta.db_table}', 'id'))"
    )
    rows = (
        "SELECT ua.translation_key, CAST(%s AS varchar), CAST(%s AS varchar), "
        f"CAST(%s AS timestamptz), {report_id} FROM ua"
    )
    report = connection.ops.quote_name(ReportKey._meta.get_field("report").column)
    return idempotency.upsert(rows, f"{report} AS id", cutoff="CAST(%s AS timestamptz)")


def _report_insert(keyed: bool) -> str:
    """``INSERT … SELECT`` of the report, its page columns taken from ``ua`` (and
    its id from ``claimed``, the Idempotency-Key taken, when it has one)."""
    fields = [f for f in ActionReport._meta.concrete_fields if not f.primary_key]
    page_fields = [f for f in fields if f.name in PAGE_COLUMNS]
    language = ActionReport._meta.get_field("language_code").cast_db_type(connection)
    from_page = {
        "translation_key": "ua.translation_key",
        "page": "ua.id",
        "ua_number": "ua.ua_number",
        "ua_title": "ua.title",
        # The reporter's language if given, else the page's.
        "language_code": (
            f"COALESCE(NULLIF(CAST(%s AS {language}), ''), ua.language_code)"
        ),
    }
    columns = [f.column for f in (*page_fields, *_own_fields())]
    values = [from_page[f.name] for f in page_fields]
    values += [f"CAST(%s AS {f.cast_db_type(connection)})" for f in _own_fields()]
    sources = "ua"
    if keyed:
        columns, values, sources = (
            ["id", *columns],
            ["claimed.id", *values],
            "ua, claimed",
        )
    return (
        f"INSERT INTO {_quoted(ActionReport)} "
        f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"SELECT {', '.join(values)} FROM {sources}"
    )


@functools.cache
def _own_fields() -> list:
    """The report's columns that the caller fills (not the id, not the page's)."""
    return [
        f
        for f in ActionReport._meta.concrete_fields
        if not f.primary_key and f.name not in PAGE_COLUMNS
    ]


def _quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
