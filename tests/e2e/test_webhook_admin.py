"""Webhook endpoints in Wagtail's admin, in Chromium: the listing, an endpoint's
deliveries, a given-up delivery and the endpoint's form, each screenshotted and
checked with axe-core in English and Arabic."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from ua_wagtail.integrations.models import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookUrgentAction,
)
from ua_wagtail.reports.models import ReportEvent
from ua_wagtail.reports.rules import record_adjustment, submit_report

from .conftest import DESKTOP, open_admin
from .test_accessibility import AXE, TAGS, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "webhooks-pw"  # noqa: S105 - a test user's
Status = WebhookDelivery.Status
ERROR_503 = "HTTP 503: Service Unavailable"


def deliver(endpoint, event, status, minutes_ago, **fields):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        translation_key=event.translation_key,
        status=status,
        **fields,
    )
    queued = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=queued)
    ReportEvent.objects.filter(pk=event.pk, created_at__gt=queued).update(
        created_at=queued - datetime.timedelta(seconds=2)
    )
    return delivery


@pytest.fixture
def webhooks(ua_page):
    """Three endpoints: a CRM that receives, one failing with 503s (retried,
    then given up) and an inactive one; deliveries in every status."""
    admin = get_user_model().objects.create_superuser("admin", "", PASSWORD)
    for country in ("DE", "FR", "AR", "KE", "BR", "IN"):
        submit_report(ua_page, {"letter": 2, "email": 1}, country=country)
    record_adjustment(ua_page, {"letter": 40}, note="Petition handed in", user=admin)
    events = list(ReportEvent.objects.order_by("pk"))
    now = timezone.now()
    crm = WebhookEndpoint.objects.create(
        name="Section CRM",
        url="https://crm.amnesty-section.example.org/webhooks/urgent-actions",
        payload_format=WebhookEndpoint.Format.OSDI,
        last_success_at=now - datetime.timedelta(minutes=3),
    )
    failing = WebhookEndpoint.objects.create(
        name="Campaign data warehouse",
        url="https://warehouse.example.net/ingest/ua",
        send_adjustments=False,
        last_success_at=now - datetime.timedelta(days=2),
        last_failure_at=now - datetime.timedelta(minutes=1),
        last_error=ERROR_503,
    )
    WebhookUrgentAction.objects.create(endpoint=failing, page=ua_page)
    WebhookEndpoint.objects.create(
        name="Old mailing tool",
        url="https://hooks.mailer.example.com/ua",
        is_active=False,
        send_invalidations=False,
    )
    for n, event in enumerate(events):
        deliver(
            crm,
            event,
            Status.DELIVERED,
            60 - n,
            attempts=1,
            last_attempt_at=now,
            delivered_at=now,
            response_status=200,
        )
    body = "<html><head><title>503 Service Unavailable</title></head>" + (
        "<body><h1>Service Unavailable</h1><p>The server is temporarily unable "
        "to service your request due to maintenance downtime or capacity "
        "problems. Please try again later.</p></body></html>"
    )
    for n, event in enumerate(events[:3]):
        deliver(
            failing,
            event,
            Status.FAILED,
            300 - n,
            attempts=14,
            last_attempt_at=now - datetime.timedelta(minutes=30 - n),
            response_status=503,
            last_error=f"{ERROR_503}\n{body}",
        )
    deliver(
        failing,
        events[3],
        Status.DELIVERED,
        200,
        attempts=2,
        last_attempt_at=now - datetime.timedelta(minutes=199),
        delivered_at=now - datetime.timedelta(minutes=199),
        response_status=204,
    )
    deliver(
        failing,
        events[4],
        Status.PENDING,
        20,
        attempts=5,
        last_attempt_at=now - datetime.timedelta(minutes=1),
        next_attempt_at=now + datetime.timedelta(minutes=8),
        response_status=503,
        last_error=ERROR_503,
    )
    deliver(failing, events[5], Status.PENDING, 10)
    return {"crm": crm, "failing": failing}


def paths(webhooks):
    failing = webhooks["failing"]
    given_up = WebhookDelivery.objects.filter(
        endpoint=failing, status=Status.FAILED
    ).latest("pk")
    return {
        "admin-webhooks.png": "/admin/ua-wagtail/webhooks/",
        "admin-webhook-deliveries.png": (
            f"/admin/ua-wagtail/webhooks/{failing.pk}/deliveries/"
        ),
        "admin-webhook-delivery-failed.png": (
            f"/admin/ua-wagtail/webhooks/deliveries/{given_up.pk}/"
        ),
        "admin-webhook-edit.png": f"/admin/ua-wagtail/webhooks/edit/{failing.pk}/",
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screens_of_webhooks(open_page, live_server, webhooks, artifacts, language):
    """The screen as it opens, and (``-full``) the whole of it: Wagtail's admin
    scrolls inside its main element, so the viewport grows to show it all."""
    suffix = "" if language == "en" else f"-{language}"
    for name, path in paths(webhooks).items():
        page, watch = open_admin(open_page, live_server, PASSWORD, path, language)
        assert page.locator("html").get_attribute("lang").startswith(language)
        stem = name.removesuffix(".png") + suffix
        page.screenshot(path=artifacts / f"{stem}.png")
        height = page.evaluate("document.querySelector('main').scrollHeight")
        page.set_viewport_size({"width": DESKTOP["width"], "height": height + 100})
        page.screenshot(path=artifacts / f"{stem}-full.png")
        assert watch.foreign_requests == []
        assert watch.errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_webhook_screens_have_no_axe_violations(
    open_page, live_server, webhooks, language
):
    for path in paths(webhooks).values():
        page, _watch = open_admin(open_page, live_server, PASSWORD, path, language)
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = results.response["violations"]
        assert not violations, f"{path}: {describe(violations)}"
