"""Totals are exact: across translations, under concurrency, for any sequence of events."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ua_wagtail.models import ActionReport, ActionTally, DailyTally
from ua_wagtail.reports import recounting, tallies
from ua_wagtail.reports.rules import (
    invalidate_reports,
    record_adjustment,
    submit_report,
)

from ..factories import translated_copy

pytestmark = pytest.mark.django_db


def test_reports_on_every_translation_add_up_and_survive_deletion(client, ua_page):
    french = translated_copy(ua_page, "fr")
    assert french.translation_key == ua_page.translation_key
    client.post(
        f"/ua/reports/form/{ua_page.pk}/", {"action_letter": "2", "next": ua_page.url}
    )
    client.post(
        f"/ua/reports/form/{french.pk}/", {"action_email": "3", "next": french.url}
    )
    submit_report(french, {"call": 1}, country="FR", language_code="fr")

    expected = {"letter": 2, "email": 3, "call": 1}
    for page in (ua_page, french):
        html = client.get(page.url).content.decode()
        assert 'data-ua-total="6"' in html
    assert {
        k: v for k, v in tallies.totals(ua_page.translation_key).by_action.items() if v
    } == expected
    assert sorted(ActionReport.objects.values_list("language_code", flat=True)) == [
        "en",
        "fr",
        "fr",
    ]

    number, key = ua_page.ua_number, ua_page.translation_key
    french.delete()
    assert ActionReport.objects.count() == 3
    assert tallies.totals(ua_page.translation_key).total == 6
    ua_page.delete()
    assert ActionReport.objects.filter(page=None).count() == 3
    assert tallies.totals(key).total == 6
    assert set(ActionReport.objects.values_list("ua_number", flat=True)) == {number}


def test_invalidation_takes_exactly_the_reports_actions_off(ua_page):
    user = get_user_model().objects.create_user("staff")
    keep = submit_report(ua_page, {"letter": 2}, country="DE").report
    spam = submit_report(ua_page, {"letter": 10, "email": 10}, country="DE").report
    assert invalidate_reports(ActionReport.objects.filter(pk=spam.pk), user) == 1
    # Invalidating twice changes nothing.
    assert invalidate_reports(ActionReport.objects.filter(pk=spam.pk), user) == 0
    totals = tallies.totals(ua_page.translation_key)
    assert totals.total == 2 and totals.by_country == {"DE": 2}
    spam.refresh_from_db()
    assert not spam.is_valid and spam.invalidated_by == user
    assert keep.is_valid


def test_adjustments_are_counted_and_audited(ua_page):
    user = get_user_model().objects.create_user("staff")
    report, totals = record_adjustment(
        ua_page, {"letter": 250}, note="Street stall, Berlin", user=user
    )
    assert totals.total == 250
    assert (report.source, report.created_by, report.note) == (
        "adjustment",
        user,
        "Street stall, Berlin",
    )
    assert tallies.totals(ua_page.translation_key).total == 250


def test_recount_finds_and_fixes_drift(ua_page):
    submit_report(ua_page, {"letter": 2, "fax": 1}, country="DE")
    ActionTally.objects.filter(action_type="letter").update(count=7)
    ActionTally.objects.create(
        translation_key=ua_page.translation_key, action_type="call", count=3
    )
    drift = recounting.recount(fix=False)
    assert [(d[1], d[3], d[4]) for d in drift] == [("call", 3, 0), ("letter", 7, 2)]
    assert recounting.recount() == drift
    assert recounting.recount() == []
    assert tallies.totals(ua_page.translation_key).total == 3


events = st.lists(
    st.one_of(
        st.tuples(
            st.just("report"),
            st.dictionaries(
                st.sampled_from(["letter", "email", "fax", "call", "social", "other"]),
                st.integers(1, 10),
                min_size=1,
            ),
            st.sampled_from(["", "DE", "FR", "BY"]),
        ),
        st.tuples(st.just("invalidate"), st.integers(0, 30), st.booleans()),
        st.tuples(
            st.just("adjust"),
            st.dictionaries(
                st.sampled_from(["letter", "email"]), st.integers(1, 500), min_size=1
            ),
            st.sampled_from(["", "DE"]),
        ),
    ),
    max_size=25,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(events=events)
def test_tallies_always_equal_a_recount(ua_page, events):
    ActionReport.objects.all().delete()
    ActionTally.objects.all().delete()
    DailyTally.objects.all().delete()
    user = get_user_model().objects.get_or_create(username="staff")[0]
    for kind, first, second in events:
        if kind == "report":
            stored = submit_report(ua_page, first, country=second)
            # The totals read with the write equal a fresh read.
            assert stored.totals == tallies.totals(ua_page.translation_key)
        elif kind == "adjust":
            record_adjustment(ua_page, first, note="event", user=user, country=second)
        else:
            ids = list(ActionReport.objects.order_by("pk").values_list("pk", flat=True))
            if ids:
                chosen = (
                    ids[first % len(ids) :] if second else ids[first % len(ids) :][:1]
                )
                invalidate_reports(ActionReport.objects.filter(pk__in=chosen), user)
    assert recounting.recount(fix=False) == []
    counted = ActionReport.objects.filter(is_valid=True)
    assert tallies.totals(ua_page.translation_key).total == sum(
        r.total for r in counted
    )


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so it cannot show a race "
    "(.ci/run runs this with DATABASE_URL set)",
)


def run_threads(count, target):
    errors = []

    def guarded(n):
        try:
            target(n)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_give_exact_totals(settings, index_page):
    from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

    settings.UA_WAGTAIL_REPORT_RATE = settings.UA_WAGTAIL_REPORT_NETWORK_RATE = None
    english = UrgentActionPageFactory(
        parent=index_page, body=targets_body([TargetFactory()])
    )
    pages = [english, translated_copy(english, "fr"), translated_copy(english, "ar")]
    threads, per_thread = 8, 25

    def reporter(n):
        from django.test import Client

        client = Client()
        for i in range(per_thread):
            page = pages[(n + i) % len(pages)]
            actions = {"letter": 1 + i % 3, "email": 1 + n % 2}
            response = client.post(
                "/ua/reports/",
                {
                    "page": page.pk,
                    "actions": actions,
                    "country": ["DE", "FR", ""][i % 3],
                },
                content_type="application/json",
            )
            assert response.status_code == 201, response.content

    run_threads(threads, reporter)
    assert ActionReport.objects.count() == threads * per_thread == 200
    expected = sum(r.total for r in ActionReport.objects.all())
    assert tallies.totals(english.translation_key).total == expected
    assert recounting.recount(fix=False) == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_invalidation_during_submissions_stays_exact(ua_page):
    user = get_user_model().objects.create_user("staff")
    for _ in range(40):
        submit_report(ua_page, {"letter": 1, "email": 2}, country="DE")
    old = list(ActionReport.objects.values_list("pk", flat=True))

    def worker(n):
        if n < 6:
            for _ in range(25):
                submit_report(ua_page, {"letter": 2}, country=["DE", "BY"][n % 2])
        else:
            for start in range(0, len(old), 5):
                invalidate_reports(
                    ActionReport.objects.filter(pk__in=old[start : start + 10]), user
                )

    run_threads(8, worker)
    assert ActionReport.objects.count() == 40 + 150
    assert ActionReport.objects.filter(is_valid=False).count() == 40
    assert tallies.totals(ua_page.translation_key).total == 150 * 2
    assert recounting.recount(fix=False) == []
