"""Webhooks: the outbox row written with every report, and its delivery to a
real receiver on loopback that checks signatures with Standard Webhooks' own
library and fails on purpose for a while."""

import datetime
import json
import threading
import time
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from standardwebhooks import Webhook

from ua_wagtail.integrations import addresses, payloads, signing, webhooks
from ua_wagtail.integrations.connections import Connections
from ua_wagtail.integrations.models import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookUrgentAction,
)
from ua_wagtail.models import ActionReport, ReportEvent
from ua_wagtail.reports.rules import (
    ReportRejected,
    invalidate_reports,
    record_adjustment,
    submit_report,
)

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..webhook_receiver import FAILING, MOVED, SLOW, UP, Receiver
from .test_osdi import validate

pytestmark = pytest.mark.django_db

LOOPBACK = override_settings(
    UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS=["127.0.0.0/8"],
    UA_WAGTAIL_WEBHOOK_TIMEOUT=1,
    UA_WAGTAIL_WEBHOOK_FIRST_RETRY=0.05,
    UA_WAGTAIL_WEBHOOK_LONGEST_RETRY=0.2,
)


@pytest.fixture
def receiver():
    server = Receiver({}, slow_seconds=1.5).start()
    yield server
    server.stop()


@pytest.fixture
def second_ua(index_page):
    return UrgentActionPageFactory(
        parent=index_page,
        slug="free-john",
        body=targets_body([TargetFactory()]) + [("report_form", {"goal": 100})],
    )


def endpoint(receiver, name, **fields) -> WebhookEndpoint:
    made = WebhookEndpoint.objects.create(name=name, url=receiver.url(name), **fields)
    receiver.secrets[name] = made.secret
    return made


def work(**options) -> None:
    """What a worker does until nothing is due."""
    call_command("ua_wagtail_webhooks", "--once", stdout=StringIO())


def events_of(*kinds) -> list[ReportEvent]:
    return list(ReportEvent.objects.filter(kind__in=kinds).order_by("pk"))


# The outbox


def test_every_report_writes_its_event(ua_page, admin_user):
    stored = submit_report(ua_page, {"letter": 1}, country="BY")
    adjustment = record_adjustment(
        ua_page, {"email": 40}, note="A stall", user=admin_user
    )
    [created] = events_of(ReportEvent.Kind.REPORT_CREATED)
    [adjusted] = events_of(ReportEvent.Kind.ADJUSTMENT_CREATED)
    assert (created.report_id, adjusted.report_id) == (
        stored.report.pk,
        adjustment.report.pk,
    )
    assert created.translation_key == ua_page.translation_key
    assert created.created_at == stored.report.created_at
    assert not created.dispatched
    invalidate_reports(ActionReport.objects.all(), admin_user)
    invalidated = events_of(ReportEvent.Kind.REPORT_INVALIDATED)
    assert {e.report_id for e in invalidated} == {
        stored.report.pk,
        adjustment.report.pk,
    }
    # Invalidating again is no change, so no event.
    invalidate_reports(ActionReport.objects.all(), admin_user)
    assert ReportEvent.objects.count() == 4


def test_a_refused_report_writes_no_event(ua_page):
    ua_page.deadline = datetime.date(2000, 1, 1)
    ua_page.save_revision().publish()
    with pytest.raises(ReportRejected):
        submit_report(ua_page, {"letter": 1})
    assert not ReportEvent.objects.exists()


def test_a_report_rolled_back_takes_its_event_with_it(ua_page):
    with pytest.raises(RuntimeError), transaction.atomic():
        submit_report(ua_page, {"letter": 1})
        raise RuntimeError("the request failed after the report was stored")
    assert not ActionReport.objects.exists()
    assert not ReportEvent.objects.exists()


# Delivery


@LOOPBACK
def test_an_event_arrives_signed_and_once(ua_page, receiver):
    endpoint(receiver, "crm")
    stored = submit_report(ua_page, {"letter": 2, "email": 1}, country="BY")
    work()
    [event] = events_of(ReportEvent.Kind.REPORT_CREATED)
    assert receiver.ids("crm") == [str(event.event_id)]
    [payload] = receiver.payloads("crm")
    assert payload["type"] == "report.created"
    assert payload["id"] == str(event.event_id)
    report = payload["data"]["report"]
    assert report["id"] == stored.report.pk
    assert report["actions"] == {"letter": 2, "email": 1}
    assert report["urgent_action"]["translation_key"] == str(ua_page.translation_key)
    assert report["counted"] is True
    assert "contact" not in report
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        "delivered",
        1,
        204,
    )
    assert delivery.next_attempt_at is None
    work()  # nothing more to send
    assert len(receiver.ids("crm")) == 1


def test_the_signature_is_what_standard_webhooks_checks():
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"type":"report.created"}'
    headers = signing.headers(secret, "msg_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers) == {"type": "report.created"}
    headers["webhook-signature"] = signing.signature(secret, "msg_2", 1, body)
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(body, headers)


@LOOPBACK
def test_contact_details_go_only_with_consent_and_when_asked_for(ua_page, receiver):
    endpoint(receiver, "plain")
    endpoint(receiver, "crm", include_contact_details=True)
    submit_report(ua_page, {"letter": 1}, contact_name="Ana", contact_email="a@x.org")
    report = ActionReport.objects.create(
        translation_key=ua_page.translation_key,
        page=ua_page,
        letter=1,
        contact_name="Bo",
        contact_email="b@x.org",
        contact_consent=False,  # kept for another reason, not agreed to
    )
    ReportEvent.objects.create(
        kind="report.created", translation_key=report.translation_key, report=report
    )
    work()
    plain, crm = receiver.payloads("plain"), receiver.payloads("crm")
    assert all("contact" not in p["data"]["report"] for p in plain)
    assert crm[0]["data"]["report"]["contact"] == {"name": "Ana", "email": "a@x.org"}
    assert "contact" not in crm[1]["data"]["report"]
    assert "Bo" not in json.dumps(crm) and "b@x.org" not in json.dumps(crm)


@LOOPBACK
def test_osdi_payloads_are_valid_outreaches(ua_page, receiver):
    endpoint(receiver, "osdi", payload_format="osdi", include_contact_details=True)
    submit_report(ua_page, {"letter": 1, "call": 2}, contact_email="a@x.org")
    work()
    [payload] = receiver.payloads("osdi")
    data = payload["data"]
    assert data["advocacy_campaign"] == f"ua_wagtail:{ua_page.translation_key}"
    assert [o["type"] for o in data["outreaches"]] == ["postal mail", "phone"]
    for outreach in data["outreaches"]:
        validate("outreach", outreach)
        assert outreach["person"]["email_addresses"][0]["address"] == "a@x.org"


@LOOPBACK
def test_a_receiver_down_then_slow_gets_every_event_once_in_order(
    ua_page, second_ua, receiver, admin_user
):
    """Reports and an invalidation while the receiver answers 500, then
    nothing in time: once it recovers, every event an endpoint follows reaches
    it, once, in order for each Urgent Action; none reaches an endpoint that
    does not follow it."""
    endpoint(receiver, "all")
    endpoint(receiver, "second", send_adjustments=False)
    WebhookUrgentAction.objects.create(
        endpoint=WebhookEndpoint.objects.get(name="second"), page=second_ua
    )
    endpoint(receiver, "paused", is_active=False)
    endpoint(receiver, "invalidations", send_reports=False, send_adjustments=False)
    receiver.mode = FAILING
    for n in range(12):
        submit_report(ua_page if n % 3 else second_ua, {"letter": 1 + n % 2})
        work()
    record_adjustment(second_ua, {"email": 9}, note="A stall", user=admin_user)
    invalidate_reports(ActionReport.objects.filter(pk__lte=3), admin_user)
    work()
    receiver.mode = SLOW
    time.sleep(0.25)  # past the longest retry: every head is due
    work()  # each head waits a second for no answer
    assert receiver.counts()["events"] == 0
    assert receiver.refused["failing"] >= 4 and receiver.refused["slow"] >= 1
    failing = WebhookDelivery.objects.filter(attempts__gt=0).first()
    assert failing.last_error in (
        "No answer within 1 seconds.",
        "HTTP 500: Internal Server Error: on purpose",
    )
    receiver.mode = UP
    for _ in range(50):
        time.sleep(0.1)  # the longest retry is 0.2 s
        work()
        if not WebhookDelivery.objects.filter(status="pending").exists():
            break
    assert not WebhookDelivery.objects.exclude(status="delivered").exists()
    events = list(ReportEvent.objects.order_by("pk"))
    assert all(e.dispatched for e in events)

    def expected(*, key=None, kinds):
        return [
            str(e.event_id)
            for e in events
            if e.kind in kinds and (key is None or e.translation_key == key)
        ]

    everything = {k.value for k in ReportEvent.Kind}
    received = receiver.ids("all")
    assert sorted(received) == sorted(expected(kinds=everything))
    for page in (ua_page, second_ua):  # in order, for each Urgent Action
        key = page.translation_key
        in_line = [i for i in received if i in expected(key=key, kinds=everything)]
        assert in_line == expected(key=key, kinds=everything)
    assert receiver.ids("second") == expected(
        key=second_ua.translation_key,
        kinds={"report.created", "report.invalidated"},
    )
    # Of two Urgent Actions: in order within each, in any order between them.
    assert sorted(receiver.ids("invalidations")) == sorted(
        expected(kinds={"report.invalidated"})
    )
    assert receiver.ids("paused") == []
    assert receiver.counts()["duplicates"] == 0
    assert not receiver.refused["bad signature"]


@LOOPBACK
@override_settings(UA_WAGTAIL_WEBHOOK_RETRY_HOURS=0)
def test_a_delivery_past_its_time_is_given_up_and_the_line_goes_on(ua_page, receiver):
    endpoint(receiver, "crm")
    receiver.mode = FAILING
    submit_report(ua_page, {"letter": 1})
    submit_report(ua_page, {"email": 1})
    work()
    first, second = WebhookDelivery.objects.order_by("pk")
    assert (first.status, first.attempts) == ("failed", 1)
    assert "HTTP 500" in first.last_error
    assert first.endpoint.last_error == first.last_error
    receiver.mode = UP
    work()
    second.refresh_from_db()
    assert second.status == "failed"  # tried (the receiver was down) and past its time
    # Resending queues the same event again, with the same webhook-id.
    again = webhooks.resend(first, None)
    assert again.next_attempt_at is not None and again.status == "pending"
    work()
    assert receiver.ids("crm") == [str(first.event.event_id)]


def test_the_wait_doubles_up_to_the_longest(settings):
    settings.UA_WAGTAIL_WEBHOOK_FIRST_RETRY = 10
    settings.UA_WAGTAIL_WEBHOOK_LONGEST_RETRY = 3600
    waits = [webhooks.backoff(n).total_seconds() for n in (1, 2, 3, 10, 60)]
    assert 7.5 <= waits[0] <= 10 and 15 <= waits[1] <= 20 and 30 <= waits[2] <= 40
    assert 2700 <= waits[3] <= 3600 and 2700 <= waits[4] <= 3600


def test_a_webhook_never_reaches_a_private_address(ua_page, receiver):
    """Even when its URL was saved some other way than the admin's form."""
    endpoint(receiver, "crm")
    submit_report(ua_page, {"letter": 1})
    work()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error == "Refused: 127.0.0.1 is not a public address."
    assert receiver.counts()["requests"] == 0


def test_urls_are_checked_when_saved(settings):
    for url, message in [
        ("ftp://example.org/", "http://"),
        ("https://user:pw@example.org/", "user name"),
        ("https://127.0.0.1/", "private network"),
        ("https://169.254.169.254/latest/", "private network"),
        ("https://[::1]/", "private network"),
        ("https://[::ffff:10.0.0.1]/", "private network"),
        ("http://93.184.215.14/", "https://"),
        ("https://no-such-host.invalid/", "cannot be found"),
    ]:
        with pytest.raises(ValidationError, match=message):
            addresses.check_url(url)
    addresses.check_url("https://93.184.215.14/hook")
    settings.UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    addresses.check_url("http://10.1.2.3:8080/hook")


def test_payload_is_read_when_sent(ua_page, admin_user):
    """A report invalidated before its event went says so."""
    stored = submit_report(ua_page, {"letter": 1}, contact_name="Ana")
    invalidate_reports(ActionReport.objects.all(), admin_user)
    site = WebhookEndpoint(name="x", url="https://example.org/")
    created = events_of(ReportEvent.Kind.REPORT_CREATED)[0]
    data = payloads.payload(created, site)["data"]["report"]
    assert data["id"] == stored.report.pk and data["counted"] is False
    assert data["invalidated_at"].endswith("Z")


@LOOPBACK
def test_an_endpoint_made_later_gets_only_later_events(ua_page, receiver):
    submit_report(ua_page, {"letter": 1})
    work()  # dispatched to no one
    endpoint(receiver, "crm")
    submit_report(ua_page, {"email": 1})
    work()
    [later] = ReportEvent.objects.filter(report__email=1)
    assert receiver.ids("crm") == [str(later.event_id)]


@LOOPBACK
def test_a_redirect_is_not_followed(ua_page, receiver):
    endpoint(receiver, "crm")
    receiver.mode = MOVED
    submit_report(ua_page, {"letter": 1})
    work()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("pending", 307)
    assert delivery.last_error == "HTTP 307:"
    assert receiver.counts()["requests"] == 0


@LOOPBACK
def test_purge_deletes_what_was_sent_long_ago_and_keeps_what_waits(
    ua_page, receiver, settings
):
    settings.UA_WAGTAIL_WEBHOOK_KEEP_DAYS = 30
    endpoint(receiver, "crm")
    submit_report(ua_page, {"letter": 1})
    work()
    receiver.mode = FAILING
    submit_report(ua_page, {"email": 1})
    work()
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ReportEvent.objects.update(created_at=long_ago)
    WebhookDelivery.objects.update(created_at=long_ago)
    out = StringIO()
    call_command("purge_action_reports", "--older-than", "365", stdout=out)
    assert "Deleted 2 report events and webhook deliveries" in out.getvalue()
    waiting = WebhookDelivery.objects.get()  # the one still being retried
    assert waiting.status == "pending"
    assert list(ReportEvent.objects.all()) == [waiting.event]
    assert ActionReport.objects.count() == 2  # reports are kept


def test_unreadable_webhook_settings_are_configuration_errors(settings):
    from ua_wagtail.integrations.checks import check_webhook_settings

    settings.UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8", "intranet"]
    settings.UA_WAGTAIL_WEBHOOK_TIMEOUT = "10"
    settings.UA_WAGTAIL_WEBHOOK_RETRY_HOURS = -1
    messages = [error.msg for error in check_webhook_settings(None)]
    assert messages == [
        "UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS: 'intranet' is not a network.",
        "UA_WAGTAIL_WEBHOOK_TIMEOUT is not a number: '10'.",
        "UA_WAGTAIL_WEBHOOK_RETRY_HOURS is less than 0: -1.",
    ]
    settings.UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1"]
    settings.UA_WAGTAIL_WEBHOOK_TIMEOUT = 10
    settings.UA_WAGTAIL_WEBHOOK_RETRY_HOURS = 72
    assert check_webhook_settings(None) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so it cannot show a race "
    "(.ci/run runs this with DATABASE_URL set)",
)
@pytest.mark.django_db(transaction=True)
@LOOPBACK
def test_workers_racing_reports_lose_nothing_and_keep_each_line_in_order(
    ua_page, second_ua, receiver
):
    """Two workers dispatch and send while reports are being stored on two
    Urgent Actions; one worker is cut off mid-line (its lease runs out and the
    other takes over). Every event arrives, in order per Urgent Action."""
    endpoint(receiver, "crm")
    done = threading.Event()
    errors = []

    def reporting(page, count):
        try:
            for n in range(count):
                submit_report(page, {"letter": 1 + n % 3})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def working():
        http = Connections(1)
        try:
            while not done.is_set():
                webhooks.dispatch(limit=7) or time.sleep(0.01)
                webhooks.send_due(http, limit=3)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    reporters = [
        threading.Thread(target=reporting, args=(page, 60))
        for page in (ua_page, second_ua, ua_page)
    ]
    workers = [threading.Thread(target=working) for _ in range(2)]
    for thread in reporters + workers:
        thread.start()
    for thread in reporters:
        thread.join()
    # A worker that died holding a head: its lease runs out, then it is sent.
    head = WebhookDelivery.objects.filter(status="pending").first()
    if head is not None:
        WebhookDelivery.objects.filter(pk=head.pk).update(
            leased_until=timezone.now() + datetime.timedelta(seconds=1)
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        ReportEvent.objects.filter(dispatched=False).exists()
        or WebhookDelivery.objects.filter(status="pending").exists()
    ):
        time.sleep(0.1)
    done.set()
    for thread in workers:
        thread.join()
    assert errors == []
    events = list(ReportEvent.objects.order_by("pk"))
    assert len(events) == 180
    assert WebhookDelivery.objects.filter(status="delivered").count() == 180
    received = receiver.ids("crm")
    assert sorted(set(received)) == sorted(str(e.event_id) for e in events)
    assert receiver.counts()["duplicates"] == 0
    for page in (ua_page, second_ua):
        key = page.translation_key
        # Delivered in the order of the line: the order deliveries were made.
        line = [
            str(d.event.event_id)
            for d in WebhookDelivery.objects.filter(translation_key=key)
            .select_related("event")
            .order_by("pk")
        ]
        assert [i for i in received if i in set(line)] == line


@LOOPBACK
def test_an_event_that_cannot_be_written_is_a_failed_attempt(
    ua_page, receiver, monkeypatch
):
    endpoint(receiver, "crm")
    submit_report(ua_page, {"letter": 1})

    def broken(event, endpoint):
        raise KeyError("a block the payload does not know")

    monkeypatch.setattr(payloads, "body", broken)
    work()  # the worker goes on
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "The event could not be written: KeyError"
    monkeypatch.undo()
    time.sleep(0.25)
    work()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_a_run_that_fails_midway_keeps_what_it_delivered(ua_page, monkeypatch):
    """A line's deliveries go in runs, recorded together: those delivered
    before a failure are delivered; the one that failed is the line's head,
    tried again later; those behind it wait."""
    crm = WebhookEndpoint.objects.create(name="crm", url="https://crm.example.org/")
    for n in range(5):
        submit_report(ua_page, {"letter": 1 + n % 2})
    webhooks.dispatch()
    answers = iter([True, True, False])
    monkeypatch.setattr(
        webhooks,
        "attempt",
        lambda connections, delivery: webhooks.Outcome(next(answers), 200),
    )
    assert webhooks.send_due(None) == 2
    deliveries = list(crm.deliveries.order_by("pk"))
    assert [d.status for d in deliveries] == ["delivered"] * 2 + ["pending"] * 3
    head, *behind = deliveries[2:]
    assert head.attempts == 1 and head.next_attempt_at > timezone.now()
    assert all(d.next_attempt_at is None and d.attempts == 0 for d in behind)
    assert all(d.leased_until is None for d in deliveries)


def test_osdi_payloads_follow_a_page_published_anew(ua_page):
    """Targets are read once per version of a page, not once per report."""
    site = WebhookEndpoint(name="x", url="https://example.org/", payload_format="osdi")

    def target_names():
        event = ReportEvent.objects.order_by("-pk").first()
        outreach = payloads.payload(event, site)["data"]["outreaches"][0]
        return [t["ua_wagtail:display_name"] for t in outreach["targets"]]

    submit_report(ua_page, {"letter": 1})
    first = target_names()
    submit_report(ua_page, {"email": 1})
    assert target_names() == first
    ua_page.body = targets_body([TargetFactory(name="Ivan Petrov")])
    ua_page.save_revision().publish()
    submit_report(ua_page, {"letter": 1})
    assert "Ivan Petrov" in " ".join(target_names()) and target_names() != first
