"""Storing a report: the page facts it keeps, refusals that store nothing, one
statement on PostgreSQL that also works prepared with server-side binding, the
ORM path (which every database can take) giving the same result, and the check
that refuses databases the store cannot write to."""

import datetime

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import OperationalError, connection, transaction
from wagtail.models import PageViewRestriction

from ua_wagtail.models import ActionReport, ActionTally, ReportKey
from ua_wagtail.reports import store as report_store
from ua_wagtail.reports import tallies
from ua_wagtail.reports.checks import check_database_supported
from ua_wagtail.reports.idempotency import KeyUsed
from ua_wagtail.reports.rules import (
    ReportRejected,
    record_adjustment,
    submit_report,
)
from ua_wagtail.signals import report_stored
from ua_wagtail.utils.dates import site_today

from ..factories import translated_copy

pytestmark = pytest.mark.django_db
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the one-statement store is PostgreSQL's (.ci/run runs it with DATABASE_URL)",
)


def set_deadline(page, days_from_today):
    page.deadline = site_today() + datetime.timedelta(days=days_from_today)
    page.save_revision().publish()


def test_a_report_keeps_a_snapshot_of_its_page_and_comes_back_with_totals(ua_page):
    report, totals = submit_report(ua_page, {"letter": 1, "email": 2}, country="DE")
    stored = ActionReport.objects.get()
    assert report.pk == stored.pk and report.created_at == stored.created_at
    assert (stored.page_id, stored.translation_key) == (
        ua_page.pk,
        ua_page.translation_key,
    )
    assert (stored.ua_number, stored.ua_title) == (ua_page.ua_number, ua_page.title)
    assert stored.language_code == "en"  # the page's, as none was given
    assert (stored.letter, stored.email, stored.country) == (1, 2, "DE")
    assert totals.total == 3
    assert totals.by_action["email"] == 2
    assert totals.by_country == {"DE": 3}
    assert "totals" not in vars(report)  # the totals come beside it, not on it


def test_the_reporters_language_is_kept_when_given(ua_page):
    submit_report(ua_page, {"letter": 1}, language_code="ru")
    assert ActionReport.objects.get().language_code == "ru"


@pytest.mark.parametrize("ua", ["page", "id", "translation_key"])
def test_the_action_can_be_named_by_page_id_or_translation_key(ua_page, ua):
    name = {
        "page": ua_page,
        "id": ua_page.pk,
        "translation_key": ua_page.translation_key,
    }[ua]
    assert submit_report(name, {"fax": 1}).report.page_id == ua_page.pk


def test_by_translation_key_a_report_goes_to_the_first_live_translation(ua_page):
    french = translated_copy(ua_page, "fr")
    first = submit_report(ua_page.translation_key, {"call": 1}).report
    assert first.page_id == ua_page.pk
    ua_page.unpublish()
    report, totals = submit_report(ua_page.translation_key, {"call": 1})
    assert (report.page_id, report.language_code) == (french.pk, "fr")
    assert totals.total == 2


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda page: page.unpublish(), "No published Urgent Action"),
        (lambda page: set_deadline(page, -1), "no longer accepts reports"),
        (lambda page: page.delete(), "No published Urgent Action"),
    ],
    ids=["unpublished", "closed", "deleted"],
)
def test_refused_reports_store_nothing(ua_page, stored, change, message):
    pk, key = ua_page.pk, ua_page.translation_key
    change(ua_page)
    before = stored()
    for name in (pk, key):
        with pytest.raises(ReportRejected) as refused:
            submit_report(name, {"letter": 1})
        assert message in refused.value.errors["page"][0]
    assert stored() == before


def test_reports_are_accepted_through_the_grace_period(ua_page, settings):
    set_deadline(ua_page, -2)
    settings.UA_WAGTAIL_REPORT_GRACE_DAYS = 2
    assert submit_report(ua_page, {"letter": 1}).report.pk
    settings.UA_WAGTAIL_REPORT_GRACE_DAYS = 1
    with pytest.raises(ReportRejected):
        submit_report(ua_page, {"letter": 1})


def test_adjustments_go_to_closed_and_unpublished_actions_too(ua_page):
    staff = get_user_model().objects.create_user("staff")
    set_deadline(ua_page, -30)
    ua_page.unpublish()
    report, totals = record_adjustment(
        ua_page, {"letter": 40}, note="Vigil", user=staff
    )
    assert (report.page_id, report.created_by, totals.total) == (
        ua_page.pk,
        staff,
        40,
    )


def test_report_stored_is_sent_once_the_report_is_committed(
    ua_page, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, report, totals, **kwargs):
        received.append((report.pk, totals.total))

    report_stored.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = submit_report(ua_page, {"letter": 2}).report
            assert received == []
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(ReportRejected),
        ):
            submit_report(999999, {"letter": 2})
    finally:
        report_stored.disconnect(receiver)
    assert received == [(report.pk, 2)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failure", [RuntimeError, OperationalError])
def test_a_failing_receiver_changes_nothing_for_the_report(
    client, ua_page, settings, failure, caplog
):
    """A CRM that is down: the report, stored, is answered as stored (not as an
    error the client would send it again after), and the limit still counts it."""
    settings.UA_WAGTAIL_REPORT_RATE = "2/h"

    def receiver(**kwargs):
        raise failure("the CRM is down")

    report_stored.connect(receiver)
    try:
        statuses = [
            client.post(
                "/ua/reports/",
                {"page": ua_page.pk, "actions": {"letter": 1}},
                content_type="application/json",
            ).status_code
            for _ in range(3)
        ]
    finally:
        report_stored.disconnect(receiver)
    assert statuses == [201, 201, 429]
    assert ActionReport.objects.count() == 2
    assert "the CRM is down" in caplog.text


@needs_postgresql
def test_on_postgresql_a_report_is_one_statement(ua_page, django_assert_num_queries):
    submit_report(ua_page, {"letter": 1})  # the first report creates tally rows
    with django_assert_num_queries(1):
        stored = submit_report(ua_page, {"letter": 1, "email": 1}, country="FR")
    assert stored.totals.total == 3


@needs_postgresql
def test_on_postgresql_a_report_with_its_key_is_one_statement(
    ua_page, django_assert_num_queries
):
    from ua_wagtail.reports.idempotency import Claim

    claim = Claim(ua_page.translation_key, "k", "f")
    submit_report(ua_page, {"letter": 1})
    with django_assert_num_queries(1):
        stored = submit_report(ua_page, {"letter": 1}, claim=claim)
    assert ReportKey.objects.get().report_id == stored.report.pk
    # Again: the key is taken, and one more query finds by whom.
    with pytest.raises(KeyUsed), django_assert_num_queries(2):
        submit_report(ua_page, {"letter": 1}, claim=claim)
    assert ActionReport.objects.count() == 2


@needs_postgresql
def test_the_statement_runs_prepared_with_server_side_binding(ua_page):
    """Sites that turn on server-side binding and prepared statements get them."""
    locator = report_store.Locator(page_id=ua_page.pk, open_since=site_today())
    sql = report_store._statement(by_key=False, open_only=True, action_count=2)
    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    for n in range(1, 4):
        report = ActionReport(letter=1, social=2, country="BY", source="api")
        params = report_store._parameters(locator, report)
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
        assert {row[7:] for row in rows} == {
            ("letter", "BY", n),
            ("social", "BY", 2 * n),
        }
    assert ActionReport.objects.filter(country="BY").count() == 3


# The ORM path: the store's only path on SQLite, called directly here so that it
# is tested on PostgreSQL too, beside the one statement.


def orm_store(locator, **fields):
    return report_store._store_in_a_transaction(locator, ActionReport(**fields))


def test_the_orm_path_stores_a_report_and_its_tallies(ua_page):
    key = ua_page.translation_key
    locator = report_store.Locator(page_id=ua_page.pk, open_since=site_today())
    orm_store(locator, letter=1, country="FR", source="api")
    result = orm_store(locator, letter=2, email=3, country="DE", source="api")

    assert isinstance(result, report_store.Stored)
    report, totals = result
    stored = ActionReport.objects.get(pk=report.pk)
    assert (stored.page_id, stored.translation_key, stored.ua_number) == (
        ua_page.pk,
        key,
        ua_page.ua_number,
    )
    assert (stored.ua_title, stored.language_code) == (ua_page.title, "en")
    assert (stored.letter, stored.email, stored.country) == (2, 3, "DE")
    assert set(ActionTally.objects.values_list("action_type", "country", "count")) == {
        ("letter", "FR", 1),
        ("letter", "DE", 2),
        ("email", "DE", 3),
    }
    assert totals == tallies.totals(key)
    assert (totals.total, totals.by_country) == (6, {"DE": 5, "FR": 1})
    assert (totals.by_action["letter"], totals.by_action["email"]) == (3, 3)


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


REFUSALS = {
    "unpublished": lambda page: page.unpublish(),
    "closed": lambda page: set_deadline(page, -1),
    "restricted": restrict,
}


@pytest.mark.parametrize("change", REFUSALS.values(), ids=REFUSALS.keys())
@pytest.mark.parametrize("by", ["page_id", "translation_key"])
def test_the_orm_path_refuses_a_page_that_takes_no_reports(ua_page, stored, change, by):
    change(ua_page)
    name = {by: getattr(ua_page, "pk" if by == "page_id" else by)}
    locator = report_store.Locator(**name, open_since=site_today())
    before = stored()
    assert orm_store(locator, letter=1, source="api") is None
    assert stored() == before
    # Without open_since (an adjustment), the page is found all the same.
    found = orm_store(report_store.Locator(**name), letter=1, source="adjustment")
    assert found.report.page_id == ua_page.pk


# Both paths, one input: the same report, tallies and totals.


class RolledBack(Exception):
    pass


def outcome(path, locator, **fields):
    """What ``path`` stores and answers for one report, rolled back afterwards."""
    try:
        with transaction.atomic():
            result = path(locator, ActionReport(**fields))
            if result is None:
                seen = None
            else:
                report, totals = result
                assert (report._state.adding, report._state.db) == (False, "default")
                assert report.pk and report.created_at
                own = {
                    f.attname: getattr(report, f.attname)
                    for f in ActionReport._meta.concrete_fields
                    if f.attname not in ("id", "created_at")
                }
                rows = ActionReport.objects.filter(pk=report.pk).values()
                in_db = [
                    {k: v for k, v in row.items() if k not in ("id", "created_at")}
                    for row in rows
                ]
                seen = (own, in_db, totals, tally_rows())
            raise RolledBack
    except RolledBack:
        pass
    return seen


def tally_rows():
    return sorted(ActionTally.objects.values_list("action_type", "country", "count"))


@needs_postgresql
@pytest.mark.parametrize("by", ["page_id", "translation_key"])
@pytest.mark.parametrize("open_since", [None, 0], ids=["any", "open"])
@pytest.mark.parametrize("language", ["", "ru"])
def test_both_paths_give_the_same_result(ua_page, by, open_since, language):
    submit_report(ua_page, {"letter": 1, "call": 2}, country="FR")  # rows to add to
    name = {by: getattr(ua_page, "pk" if by == "page_id" else by)}
    if open_since is not None:
        name["open_since"] = site_today()
    locator = report_store.Locator(**name)
    fields = {
        "letter": 2,
        "social": 1,
        "country": "DE",
        "language_code": language,
        "source": "api",
        "client_hash": "b" * 64,
    }
    in_a_transaction = outcome(report_store._store_in_a_transaction, locator, **fields)
    in_one_statement = outcome(report_store._store_in_one_statement, locator, **fields)
    assert in_a_transaction is not None
    assert in_one_statement == in_a_transaction
    assert in_a_transaction[0]["language_code"] == (language or "en")


@needs_postgresql
@pytest.mark.parametrize("change", REFUSALS.values(), ids=REFUSALS.keys())
def test_both_paths_refuse_the_same_pages(ua_page, stored, change):
    change(ua_page)
    locator = report_store.Locator(page_id=ua_page.pk, open_since=site_today())
    before = stored()
    for path in (
        report_store._store_in_a_transaction,
        report_store._store_in_one_statement,
    ):
        assert outcome(path, locator, letter=1, source="api") is None
    assert stored() == before


# The databases the store can write to (ua_wagtail.E003).


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_postgresql_and_sqlite_pass_the_database_check(monkeypatch, vendor):
    monkeypatch.setattr(connection, "vendor", vendor)
    assert check_database_supported(None, databases=["default"]) == []


@pytest.mark.parametrize("vendor", ["mysql", "oracle"])
def test_other_databases_are_refused_by_the_database_check(monkeypatch, vendor):
    monkeypatch.setattr(connection, "vendor", vendor)
    errors = check_database_supported(None, databases=["default"])
    assert [(error.id, error.level) for error in errors] == [
        ("ua_wagtail.E003", checks.ERROR)
    ]
    assert vendor in errors[0].msg
    # Registered with Django's database checks, which migrate and check --database run.
    found = checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    assert "ua_wagtail.E003" in {message.id for message in found}


def test_the_database_check_looks_at_the_default_database_unless_told(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "mysql")
    assert [e.id for e in check_database_supported(None)] == ["ua_wagtail.E003"]
