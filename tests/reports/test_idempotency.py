"""Exactly once under retries: a report sent again with its ``Idempotency-Key``
is answered with the report stored first and stores nothing; the key with
another report is refused; keys are scoped, kept for a while, then purged."""

import datetime
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from ua_wagtail.models import ActionReport, ReportKey
from ua_wagtail.reports import recounting, tallies

from ..factories import UrgentActionPageFactory, translated_copy

pytestmark = pytest.mark.django_db

URL = "/ua/reports/"
KEY = "HTTP_IDEMPOTENCY_KEY"


def post(client, body, key=None, **extra):
    if key is not None:
        extra[KEY] = key
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **extra)


@pytest.fixture
def body(ua_page):
    return {"page": ua_page.pk, "actions": {"letter": 1, "email": 2}, "country": "DE"}


def test_a_retry_is_answered_with_the_first_report_and_stores_nothing(
    client, ua_page, body
):
    first = post(client, body, key="4f6c1a2e-report-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    again = post(client, body, key="4f6c1a2e-report-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["report"] == first.json()["report"]
    assert ActionReport.objects.count() == 1
    assert again.json()["totals"]["total"] == 3  # counted once
    assert recounting.recount(fix=False) == []


def test_the_replay_gives_the_totals_as_they_are_now(client, ua_page, body):
    first = post(client, body, key="k1").json()
    post(client, {**body, "actions": {"fax": 4}}, key="k2")
    replayed = post(client, body, key="k1").json()
    assert replayed["report"]["id"] == first["report"]["id"]
    assert replayed["totals"]["total"] == 3 + 4


def test_the_same_report_written_otherwise_is_the_same_report(client, body):
    post(client, body, key="k")
    spaced = json.dumps(dict(reversed(body.items())), indent=4)
    lower = {**body, "country": "de"}  # the country as validated: "DE"
    assert post(client, spaced, key="k").status_code == 201
    assert post(client, lower, key="k").status_code == 201
    assert ActionReport.objects.count() == 1


def test_the_key_with_another_report_is_refused_naming_the_header(client, body):
    post(client, body, key="k")
    other = post(client, {**body, "actions": {"letter": 2}}, key="k")
    assert other.status_code == 422
    assert list(other.json()["errors"]) == ["Idempotency-Key"]
    assert "another report" in other.json()["errors"]["Idempotency-Key"][0]
    assert ActionReport.objects.count() == 1


def test_the_refusal_is_in_the_clients_language(client, body):
    post(client, body, key="k")
    other = post(client, {**body, "country": "FR"}, key="k", HTTP_ACCEPT_LANGUAGE="fr")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["errors"]["Idempotency-Key"][0]
    assert other.headers["Content-Language"] == "fr"


def test_keys_are_scoped_to_the_urgent_action(client, ua_page, body):
    other = UrgentActionPageFactory(parent=ua_page.get_parent())
    assert post(client, body, key="same").status_code == 201
    elsewhere = {**body, "page": other.pk}
    assert post(client, elsewhere, key="same").status_code == 201
    assert ActionReport.objects.count() == 2


def test_every_translation_shares_the_scope(client, ua_page, body):
    """A key names one report of the Urgent Action, whichever page was named."""
    french = translated_copy(ua_page, "fr")
    post(client, body, key="k")
    assert post(client, {**body, "page": french.pk}, key="k").status_code == 422
    assert ActionReport.objects.count() == 1


def test_a_quoted_key_is_the_same_key(client, body):
    """The IETF draft writes the key as a Structured Field string."""
    post(client, body, key="abc")
    assert post(client, body, key='"abc"').headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    "key, message",
    [
        ("", "printable ASCII"),
        ("   ", "printable ASCII"),
        ("x" * 256, "longer than 255"),
        ("clé", "printable ASCII"),
        ("a\tb", "printable ASCII"),
    ],
)
def test_a_header_that_is_no_key_is_refused(client, body, key, message):
    response = post(client, body, key=key)
    assert response.status_code == 400
    assert message in response.json()["errors"]["Idempotency-Key"][0]
    assert not ActionReport.objects.exists()


def test_one_answer_names_the_header_and_the_fields(client, body):
    response = post(client, {**body, "country": "XX"}, key="")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"country", "Idempotency-Key"}


def test_a_key_of_255_characters_is_taken(client, body):
    assert post(client, body, key="k" * 255).status_code == 201
    assert ReportKey.objects.get().key == "k" * 255


def test_a_refused_report_keeps_no_key(client, ua_page, body):
    ua_page.deadline = timezone.localdate() - datetime.timedelta(days=30)
    ua_page.save_revision().publish()
    assert post(client, body, key="k").status_code == 400
    assert not ReportKey.objects.exists()


def test_a_retry_takes_no_place_in_the_rate_limits(client, body, settings):
    """The phone that lost its answer is not told it sent too many."""
    settings.UA_WAGTAIL_REPORT_RATE = "1/h"
    assert post(client, body, key="k").status_code == 201
    assert post(client, body, key="k").status_code == 201
    assert post(client, body, key="other").status_code == 429


def test_a_key_is_forgotten_after_its_time(client, body, settings):
    settings.UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS = 2
    post(client, body, key="k")
    ReportKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    later = post(client, {**body, "actions": {"fax": 1}}, key="k")
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later.headers
    assert ActionReport.objects.count() == 2
    assert ReportKey.objects.get().report_id == later.json()["report"]["id"]


def test_the_purge_command_deletes_keys_past_their_time(client, body, capsys):
    post(client, body, key="old")
    post(client, body, key="new")
    ReportKey.objects.filter(key="old").update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    call_command("purge_action_reports", "--older-than", "90", "--dry-run")
    assert ReportKey.objects.count() == 2  # a dry run changes nothing
    assert "1 Idempotency-Key" in capsys.readouterr().out
    call_command("purge_action_reports", "--older-than", "90")
    assert list(ReportKey.objects.values_list("key", flat=True)) == ["new"]
    assert ActionReport.objects.count() == 2  # the reports stay


def test_a_deleted_report_takes_its_key_with_it(client, body):
    post(client, body, key="k")
    ActionReport.objects.all().delete()
    assert not ReportKey.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so it cannot show a race "
    "(.ci/run runs this with DATABASE_URL set)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_store_one_report(ua_page, settings):
    settings.UA_WAGTAIL_REPORT_RATE = settings.UA_WAGTAIL_REPORT_NETWORK_RATE = None
    body = {"page": ua_page.pk, "actions": {"letter": 2}, "country": "DE"}
    count, start, answers, errors = 12, threading.Barrier(12), [], []

    def reporter():
        try:
            client = Client()
            start.wait()
            answers.append(post(client, body, key="one-key"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reporter) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [a.status_code for a in answers] == [201] * count
    assert len({a.json()["report"]["id"] for a in answers}) == 1
    replayed = [a for a in answers if "Idempotent-Replayed" in a.headers]
    assert len(replayed) == count - 1
    assert ActionReport.objects.count() == 1
    assert tallies.totals(ua_page.translation_key).total == 2
    assert recounting.recount(fix=False) == []


def test_a_retry_is_answered_though_the_form_no_longer_asks_for_it(
    client, body, monkeypatch
):
    """An editor took "letter" off the form meanwhile: the report was stored."""
    first = post(client, body, key="k")
    monkeypatch.setattr(
        "ua_wagtail.reports.api.offered_action_types", lambda ua: ("fax",)
    )
    again = post(client, body, key="k")
    assert again.status_code == 201
    assert again.json()["report"]["id"] == first.json()["report"]["id"]


def test_a_replay_gives_no_totals_once_the_action_is_not_public(client, ua_page, body):
    from wagtail.models import PageViewRestriction

    post(client, body, key="k")
    PageViewRestriction.objects.create(
        page=ua_page, restriction_type="password", password="secret"
    )
    again = post(client, body, key="k")
    assert again.status_code == 400
    assert list(again.json()["errors"]) == ["page"]  # as a new report would be
    assert "totals" not in again.json()


def test_keys_kept_less_than_an_hour_are_a_configuration_error(settings):
    from ua_wagtail.reports.checks import check_idempotency_keys_kept

    assert check_idempotency_keys_kept(None) == []
    for hours in (0, 0.5, -1, None, "24"):
        settings.UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS = hours
        assert [e.id for e in check_idempotency_keys_kept(None)] == ["ua_wagtail.E004"]


def test_the_fingerprint_is_keyed(body, settings):
    """Contact details in it cannot be confirmed by hashing a guess."""
    from ua_wagtail.reports.idempotency import fingerprint

    first = fingerprint(body)
    settings.SECRET_KEY = "another-" + "k" * 50
    assert fingerprint(body) != first
