"""A database that fails in the middle of a report: nothing is half-written (a
report exists with its tallies and its key, or none of them do), and the client
is told to send it again (503, Retry-After) instead of a 500.

Faults are injected before the n-th statement a report runs, on whichever
path the database takes (one statement on PostgreSQL, a transaction
elsewhere), with and without an Idempotency-Key. Killed PostgreSQL connections
under load are tested against a real server in test_killed_connections.py.
"""

import contextlib
import json

import pytest
from django.db import OperationalError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ua_wagtail.models import ActionReport, ReportKey
from ua_wagtail.reports import idempotency, recounting, tallies
from ua_wagtail.reports.rules import submit_report

pytestmark = pytest.mark.django_db


class Fault:
    """Fails the ``at``-th statement (1 is the first), as a server gone away would."""

    def __init__(self, at: int):
        self.at, self.seen = at, 0

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.at:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@contextlib.contextmanager
def fault_at(statement: int):
    with connection.execute_wrapper(Fault(statement)):
        yield


def state(ua_page) -> tuple:
    return (
        ActionReport.objects.count(),
        ReportKey.objects.count(),
        tallies.totals(ua_page.translation_key),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    at=st.integers(min_value=1, max_value=8),
    keyed=st.booleans(),
    by_key=st.booleans(),
    actions=st.dictionaries(
        st.sampled_from(["letter", "email", "fax"]),
        st.integers(min_value=1, max_value=3),
        min_size=1,
    ),
)
def test_a_report_is_stored_whole_or_not_at_all(ua_page, at, keyed, by_key, actions):
    ua = ua_page.translation_key if by_key else ua_page.pk
    claim = None
    if keyed:
        claim = idempotency.Claim(
            translation_key=ua_page.translation_key,
            key=f"key-{ActionReport.objects.count()}-{at}",
            fingerprint="f",
        )
    reports, keys, before = state(ua_page)
    try:
        with fault_at(at):
            stored = submit_report(ua, actions, country="DE", claim=claim)
    except OperationalError:
        assert state(ua_page) == (reports, keys, before)
    else:
        after = tallies.plus(before, "DE", actions)
        assert state(ua_page) == (reports + 1, keys + keyed, after)
        assert stored.totals == after
        if keyed:
            assert ReportKey.objects.get(key=claim.key).report_id == stored.report.pk
    assert recounting.recount(fix=False) == []


def post(client, body, **extra):
    return client.post(
        "/ua/reports/", json.dumps(body), content_type="application/json", **extra
    )


@pytest.mark.parametrize("at", [1, 2, 3])
def test_the_api_answers_503_with_retry_after(client, ua_page, at, settings):
    """Whichever statement fails, with a key and a rate limit."""
    settings.UA_WAGTAIL_REPORT_RATE = "1/h"
    body = {"page": ua_page.pk, "actions": {"letter": 1}}
    with fault_at(at):
        response = post(
            client, body, HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE="fr"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Language"] == "fr"
    [message] = response.json()["errors"]["__all__"]
    assert "pas été enregistrée" in message
    assert not ActionReport.objects.exists() and not ReportKey.objects.exists()
    # Sent again: stored once, and the failed try took no place in the limit.
    assert post(client, body, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert post(client, body, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert ActionReport.objects.count() == 1


def test_a_bad_report_is_answered_400_though_the_database_is_down(client, ua_page):
    with fault_at(1):
        response = post(client, {"page": ua_page.pk, "actions": {"letter": 0}})
    assert response.status_code == 400
    assert "actions.letter" in response.json()["errors"]


def test_the_totals_answer_503_too(client, ua_page):
    with fault_at(1):
        response = client.get(f"/ua/actions/{ua_page.pk}/totals/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_form_shows_a_page_saying_the_report_was_not_stored(client, ua_page):
    from ..localize import translate

    french = translate(ua_page, "fr")
    form = f"/ua/reports/form/{french.pk}/"
    data = {"action_letter": "1", "next": french.url}
    with fault_at(1):
        response = client.post(form, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "pas été enregistrée" in html
    assert f'href="{french.url}#report"' in html
    assert not ActionReport.objects.exists()
    assert client.post(form, data).status_code == 302
    assert ActionReport.objects.count() == 1
