"""Staff: webhook endpoints in the admin (listing, form, signing secret), each
endpoint's deliveries, a delivery's page and sending it again."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ua_wagtail.integrations.models import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookUrgentAction,
)
from ua_wagtail.reports.models import ReportEvent
from ua_wagtail.reports.rules import submit_report

from ..reports.test_reports_admin import staff

pytestmark = pytest.mark.django_db

INDEX = "ua_wagtail_webhooks:index"
ADD = "ua_wagtail_webhooks:add"
EDIT = "ua_wagtail_webhooks:edit"
DELIVERIES = "ua_wagtail_webhooks:deliveries"
DELIVERY = "ua_wagtail_webhooks:delivery"
RESEND = "ua_wagtail_webhooks:resend"
LONG_ERROR = "HTTP 503: Service Unavailable\n" + "upstream connect error " * 20
LOOPBACK = ["127.0.0.0/8"]
Status = WebhookDelivery.Status


@pytest.fixture
def endpoint():
    return WebhookEndpoint.objects.create(
        name="CRM", url="https://crm.example.org/hooks/ua"
    )


@pytest.fixture
def event(ua_page):
    report = submit_report(ua_page, {"letter": 2}, country="DE", language_code="en")
    return ReportEvent.objects.get(report=report.report)


def deliver(endpoint, event, status, **fields):
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        translation_key=event.translation_key,
        status=status,
        **fields,
    )


@pytest.fixture
def deliveries(endpoint, event):
    """Two waiting, one given up, three delivered."""
    now = timezone.now()
    return {
        Status.PENDING: [deliver(endpoint, event, Status.PENDING) for _ in range(2)],
        Status.FAILED: [
            deliver(
                endpoint,
                event,
                Status.FAILED,
                attempts=12,
                last_attempt_at=now,
                response_status=503,
                last_error=LONG_ERROR,
            )
        ],
        Status.DELIVERED: [
            deliver(endpoint, event, Status.DELIVERED, attempts=1, delivered_at=now)
            for _ in range(3)
        ],
    }


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def form_data(**fields):
    data = {
        "name": "Local receiver",
        "url": "http://127.0.0.1:9/hooks",
        "is_active": "on",
        "send_reports": "on",
        "send_adjustments": "on",
        "send_invalidations": "on",
        "payload_format": "ua_wagtail",
        "urgent_actions": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def listed_deliveries(client, endpoint, query=""):
    response = client.get(reverse(DELIVERIES, args=[endpoint.pk]) + query)
    assert response.status_code == 200
    links = soup(response).select("tbody td.title a")
    return {int(link["href"].rstrip("/").rsplit("/", 1)[1]) for link in links}


def test_the_listing_shows_what_waits_and_what_was_given_up(
    admin_client, endpoint, deliveries
):
    endpoint.last_failure_at = timezone.now()
    endpoint.last_error = LONG_ERROR
    endpoint.save()
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    row = soup(response).select_one("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert cells[0].startswith("CRM")
    assert "crm.example.org" in cells
    waiting, given_up = cells[-2:]
    assert (waiting, given_up) == ("2", "1")
    assert "HTTP 503: Service Unavailable" in cells[-3]
    assert LONG_ERROR.strip() not in response.content.decode()  # truncated
    links = {a["href"] for a in row.select("a")}
    assert reverse(DELIVERIES, args=[endpoint.pk]) + "?status=failed" in links
    assert endpoint.secret not in response.content.decode()


def test_the_listing_counts_without_reading_delivered_rows(
    admin_client, endpoint, deliveries
):
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(reverse(INDEX))
    counts = [q["sql"] for q in queries if "ua_wagtail_webhookdelivery" in q["sql"]]
    assert counts
    assert all("'delivered'" not in sql for sql in counts)


def test_a_private_address_is_refused_with_a_form_error(admin_client):
    response = admin_client.post(reverse(ADD), form_data())
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()
    errors = response.context["form"].errors
    assert "url" in errors
    assert soup(response).select_one(
        "#panel-child-url-section .error-message, .error-message"
    )


def test_an_allowed_network_is_accepted(admin_client, settings, ua_page):
    settings.UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    data = form_data(
        include_contact_details="on",
        urgent_actions=inline_formset([{"page": ua_page.pk}]),
    )
    response = admin_client.post(reverse(ADD), data)
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == "http://127.0.0.1:9/hooks"
    assert endpoint.include_contact_details
    assert endpoint.secret.startswith("whsec_")
    assert list(
        WebhookUrgentAction.objects.filter(endpoint=endpoint).values_list(
            "page", flat=True
        )
    ) == [ua_page.pk]


def test_the_form_groups_events_and_chooses_urgent_actions_only(admin_client, endpoint):
    response = admin_client.get(reverse(EDIT, args=[endpoint.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    page = soup(response)
    headings = [h.get_text(" ", strip=True) for h in page.select("h2")]
    assert "Events" in headings
    assert "Urgent Actions" in headings
    assert "None: every Urgent Action." in html
    assert "ua_wagtail.urgentactionpage" in html  # the chooser's only page type


def test_the_edit_page_shows_the_secret_to_copy(admin_client, endpoint):
    response = admin_client.get(reverse(EDIT, args=[endpoint.pk]))
    page = soup(response)
    secret = page.select_one(f"input[value='{endpoint.secret}']")
    assert secret is not None
    assert secret.has_attr("readonly")
    assert secret.get("name") is None  # not submitted
    text = page.get_text(" ", strip=True)
    for header in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        assert header in text
    assert page.select_one("a[href*='integrations.md']") is not None
    assert reverse(DELIVERIES, args=[endpoint.pk]) in response.content.decode()


def test_the_secret_is_not_on_the_add_page(admin_client):
    response = admin_client.get(reverse(ADD))
    assert response.status_code == 200
    assert "whsec_" not in response.content.decode()


def test_saving_keeps_the_secret(admin_client, endpoint, settings):
    settings.UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    secret = endpoint.secret
    data = form_data(name="CRM 2", secret="whsec_forged")
    response = admin_client.post(reverse(EDIT, args=[endpoint.pk]), data)
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("CRM 2", secret)


def test_deliveries_filter_by_status(admin_client, endpoint, deliveries):
    def ids(status):
        return {d.pk for d in deliveries[status]}

    assert listed_deliveries(admin_client, endpoint) == ids(Status.PENDING) | ids(
        Status.FAILED
    ) | ids(Status.DELIVERED)
    for status in Status.values:
        assert listed_deliveries(admin_client, endpoint, f"?status={status}") == ids(
            status
        )


def test_deliveries_newest_first_with_their_urgent_action(
    admin_client, endpoint, deliveries, ua_page
):
    response = admin_client.get(reverse(DELIVERIES, args=[endpoint.pk]))
    rows = soup(response).select("tbody tr")
    assert len(rows) == 6
    hrefs = [row.select_one("td.title a")["href"] for row in rows]
    expected = [
        reverse(DELIVERY, args=[pk])
        for pk in WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True)
    ]
    assert hrefs == expected
    failed = next(r for r in rows if "Given up" in r.get_text())
    text = failed.get_text(" ", strip=True)
    assert ua_page.ua_number in text
    assert "Report from the public" in text
    assert "503" in text
    assert LONG_ERROR.strip() not in text


def test_the_filters_refresh_the_results_alone(admin_client, endpoint, deliveries):
    url = reverse("ua_wagtail_webhooks:deliveries_results", args=[endpoint.pk])
    response = admin_client.get(url + "?status=failed&_w_filter_fragment=1")
    assert response.status_code == 200
    links = soup(response).select("tbody td.title a")
    assert [link["href"] for link in links] == [
        reverse(DELIVERY, args=[deliveries[Status.FAILED][0].pk])
    ]


def test_deliveries_of_other_endpoints_are_not_listed(admin_client, deliveries, event):
    other = WebhookEndpoint.objects.create(name="Other", url="https://o.example.org/")
    deliver(other, event, Status.PENDING)
    assert listed_deliveries(admin_client, other) == {
        WebhookDelivery.objects.get(endpoint=other).pk
    }


def test_deliveries_listing_reads_no_row_one_by_one(admin_client, endpoint, event):
    url = reverse(DELIVERIES, args=[endpoint.pk])

    def queries_for(n):
        WebhookDelivery.objects.all().delete()
        for _ in range(n):
            deliver(endpoint, event, Status.FAILED, last_error="HTTP 503")
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(30)


def test_deliveries_are_paginated_by_fifty(admin_client, endpoint, event):
    for _ in range(51):
        deliver(endpoint, event, Status.PENDING)
    url = reverse(DELIVERIES, args=[endpoint.pk])
    assert len(soup(admin_client.get(url)).select("tbody tr")) == 50
    assert len(soup(admin_client.get(url + "?p=2")).select("tbody tr")) == 1


def test_the_delivery_page_shows_everything(admin_client, deliveries, event):
    failed = deliveries[Status.FAILED][0]
    response = admin_client.get(reverse(DELIVERY, args=[failed.pk]))
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("pre").get_text() == LONG_ERROR
    text = page.get_text(" ", strip=True)
    assert str(event.event_id) in text
    assert "Report from the public" in text
    assert "Given up" in text
    assert event.report.ua_number in text
    assert page.select_one(
        f"a[href='{reverse('wagtailsnippets_ua_wagtail_actionreport:inspect', args=[event.report_id])}']"
    )
    form = page.select_one(f"form[action='{reverse(RESEND, args=[failed.pk])}']")
    assert form["method"] == "post"
    assert form.select_one("input[name=csrfmiddlewaretoken]")


def test_resend_queues_the_event_again(admin_client, admin_user, deliveries, event):
    failed = deliveries[Status.FAILED][0]
    before = WebhookDelivery.objects.count()
    response = admin_client.post(reverse(RESEND, args=[failed.pk]), follow=True)
    assert response.status_code == 200
    assert WebhookDelivery.objects.count() == before + 1
    new = WebhookDelivery.objects.latest("pk")
    assert (new.status, new.event_id, new.endpoint_id) == (
        Status.PENDING,
        event.pk,
        failed.endpoint_id,
    )
    assert new.resent_by == admin_user
    assert response.redirect_chain[-1][0] == reverse(DELIVERY, args=[new.pk])
    messages = [str(m) for m in response.context["messages"]]
    assert any("queued again" in m for m in messages)
    entry = ModelLogEntry.objects.get(action="ua_wagtail.webhook_resend")
    assert (entry.object_id, entry.user_id) == (str(failed.endpoint_id), admin_user.pk)
    assert entry.data == {"delivery": failed.pk, "queued": new.pk}


def test_resend_is_post_only(admin_client, deliveries):
    failed = deliveries[Status.FAILED][0]
    before = WebhookDelivery.objects.count()
    assert admin_client.get(reverse(RESEND, args=[failed.pk])).status_code == 405
    assert WebhookDelivery.objects.count() == before


def test_resend_to_an_inactive_endpoint_is_refused(admin_client, endpoint, deliveries):
    endpoint.is_active = False
    endpoint.save()
    failed = deliveries[Status.FAILED][0]
    before = WebhookDelivery.objects.count()
    response = admin_client.post(reverse(RESEND, args=[failed.pk]), follow=True)
    assert WebhookDelivery.objects.count() == before
    messages = [str(m) for m in response.context["messages"]]
    assert any("not active" in m for m in messages)


def test_users_without_permission_are_refused(client, endpoint, deliveries):
    client.force_login(staff())
    failed = deliveries[Status.FAILED][0]
    before = WebhookDelivery.objects.count()
    for url in (
        reverse(INDEX),
        reverse(EDIT, args=[endpoint.pk]),
        reverse(DELIVERIES, args=[endpoint.pk]),
        reverse(DELIVERY, args=[failed.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse(RESEND, args=[failed.pk])).status_code in (302, 403)
    assert WebhookDelivery.objects.count() == before


def test_resend_needs_the_change_permission(client, endpoint, deliveries):
    client.force_login(staff("delete_webhookendpoint"))
    failed = deliveries[Status.FAILED][0]
    response = client.get(reverse(DELIVERY, args=[failed.pk]))
    assert response.status_code == 200
    assert not soup(response).select(
        f"form[action='{reverse(RESEND, args=[failed.pk])}']"
    )
    before = WebhookDelivery.objects.count()
    assert client.post(reverse(RESEND, args=[failed.pk])).status_code in (302, 403)
    assert WebhookDelivery.objects.count() == before


def test_the_menu_names_webhooks_for_those_who_may(client, admin_client):
    assert "Webhooks" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(staff())
    assert "Webhooks" not in client.get(reverse("wagtailadmin_home")).content.decode()


@override_settings(UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS=["127.0.0.0/8"])
def test_contact_details_stay_with_those_who_may_see_reports(
    client, endpoint, deliveries
):
    """Without the permission to view action reports, a user who may change
    endpoints cannot send reporters' contact details anywhere: not by ticking
    "include contact details", not by moving an endpoint that includes them,
    not by sending a delivery of one again."""
    user = get_user_model().objects.create_user("hooks", password="pw")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "change_webhookendpoint"]
        )
    )
    client.force_login(user)
    data = form_data(name="Leak", include_contact_details="on")
    client.post(reverse(EDIT, args=[endpoint.pk]), data)
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.include_contact_details) == ("Leak", False)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(include_contact_details=True)
    client.post(reverse(EDIT, args=[endpoint.pk]), form_data(url="http://127.0.0.2/"))
    endpoint.refresh_from_db()
    assert endpoint.url != "http://127.0.0.2/" and endpoint.include_contact_details
    [failed] = deliveries[Status.FAILED]
    before = endpoint.deliveries.count()
    response = client.post(reverse(RESEND, args=[failed.pk]), follow=True)
    assert "needs the permission to view action reports" in response.content.decode()
    assert endpoint.deliveries.count() == before
