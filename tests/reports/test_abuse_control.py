"""Abuse control of reports (audit finding 8): who is one client, per-UA buckets,
refusals that cost nothing, a cap per report, a shared cache, and a honeypot
whose answer cannot be told from a real one."""

import json

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from ua_wagtail.models import ActionReport
from ua_wagtail.reports.abuse import client_and_network

from ..factories import (
    TargetFactory,
    UrgentActionPageFactory,
    targets_body,
    translated_copy,
)
from .test_tallies import postgres_only, run_threads

pytestmark = pytest.mark.django_db
URL = "/ua/reports/"


def post(client, body, address="203.0.113.7", **extra):
    return client.post(
        URL,
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR=address,
        **extra,
    )


def letter(page, **more):
    return {"page": page.pk, "actions": {"letter": 1}, **more}


@pytest.fixture
def other_page(index_page):
    return UrgentActionPageFactory(
        parent=index_page, body=targets_body([TargetFactory()])
    )


def test_naming_each_translation_buys_no_more(client, ua_page, settings):
    """The bucket is the Urgent Action's, whichever translation a report names."""
    settings.UA_WAGTAIL_REPORT_RATE = "2/m"
    french = translated_copy(ua_page, "fr")
    assert post(client, letter(ua_page)).status_code == 201
    assert post(client, letter(french)).status_code == 201
    assert post(client, letter(french)).status_code == 429
    by_key = {"translation_key": str(ua_page.translation_key), "actions": {"letter": 1}}
    assert post(client, by_key).status_code == 429
    form = reverse("ua_wagtail:report-form", args=[french.pk])
    response = client.post(form, {"action_letter": "1"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_never_overrun_the_limit(settings, ua_page):
    """A place is taken before a report is stored: 24 at once, 10 stored."""
    settings.UA_WAGTAIL_REPORT_RATE = "10/h"
    statuses = []

    def reporter(_n):
        from django.test import Client

        statuses.append(post(Client(), letter(ua_page)).status_code)

    run_threads(24, reporter)
    assert sorted(statuses) == [201] * 10 + [429] * 14
    assert ActionReport.objects.count() == 10


def test_clients_behind_a_proxy_that_adds_ports(client, ua_page, settings):
    """Some proxies write "address:port": each port is not a new client."""
    settings.UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    for first, second in (
        ("203.0.113.7:51234", "203.0.113.7:51235"),
        ("[2001:db8:1:2::1]:443", "[2001:db8:1:2::2]:8443"),
    ):
        reported = post(client, letter(ua_page), HTTP_X_FORWARDED_FOR=first)
        assert reported.status_code == 201
        refused = post(client, letter(ua_page), HTTP_X_FORWARDED_FOR=second)
        assert refused.status_code == 429


def test_clients_and_networks():
    assert client_and_network("203.0.113.7") == ("203.0.113.7", "203.0.113.0/24")
    assert client_and_network("2001:db8:1:2:aaaa::1") == (
        "2001:db8:1:2::/64",
        "2001:db8:1::/48",
    )
    assert client_and_network("::ffff:203.0.113.7")[0] == "203.0.113.7"
    assert client_and_network("not an address") == ("not an address",) * 2


def test_one_ipv6_subscriber_is_one_client(client, ua_page, settings):
    """A /64 hands its devices any address: it cannot buy a new budget."""
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    assert post(client, letter(ua_page), "2001:db8:1:2::1").status_code == 201
    assert post(client, letter(ua_page), "2001:db8:1:2::beef").status_code == 429
    assert post(client, letter(ua_page), "2001:db8:1:3::1").status_code == 201
    hashes = set(ActionReport.objects.values_list("client_hash", flat=True))
    assert len(hashes) == 2


def test_a_network_has_a_looser_bucket_of_its_own(client, ua_page, settings):
    settings.UA_WAGTAIL_REPORT_RATE = "5/m"
    settings.UA_WAGTAIL_REPORT_NETWORK_RATE = "2/m"
    assert post(client, letter(ua_page), "198.51.100.1").status_code == 201
    assert post(client, letter(ua_page), "198.51.100.2").status_code == 201
    assert post(client, letter(ua_page), "198.51.100.3").status_code == 429
    assert post(client, letter(ua_page), "198.51.101.1").status_code == 201


def test_each_urgent_action_has_its_own_bucket(client, ua_page, other_page, settings):
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    assert post(client, letter(ua_page)).status_code == 201
    assert post(client, letter(other_page)).status_code == 201
    assert post(client, letter(ua_page)).status_code == 429
    form = reverse("ua_wagtail:report-form", args=[ua_page.pk])
    response = client.post(form, {"action_letter": "1"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429  # the form shares the page's bucket


def test_refused_attempts_cost_the_next_reporter_nothing(client, ua_page, settings):
    """One abuser behind a NAT sending junk does not lock the NAT out."""
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    for _attempt in range(5):
        bad = {"page": ua_page.pk, "actions": {"letter": 99}}
        assert post(client, bad).status_code == 400
    assert post(client, letter(ua_page)).status_code == 201


def test_a_report_claims_at_most_the_cap(client, ua_page, settings, stored):
    before = stored()
    body = {"page": ua_page.pk, "actions": {"letter": 10, "email": 10, "fax": 1}}
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"]["actions"] == [
        "One report can count at most 20 actions."
    ]
    form = reverse("ua_wagtail:report-form", args=[ua_page.pk])
    counts = {"action_letter": "10", "action_email": "10", "action_fax": "1"}
    response = client.post(form, counts)
    assert response.status_code == 400
    assert "at most 20 actions" in response.content.decode()
    assert stored() == before

    settings.UA_WAGTAIL_MAX_ACTIONS_PER_REPORT = 21
    assert post(client, body).status_code == 201


def test_several_processes_need_a_shared_cache(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert "ua_wagtail.E002" in {message.id for message in run_checks()}
    settings.UA_WAGTAIL_SINGLE_PROCESS = True
    assert "ua_wagtail.E002" not in {message.id for message in run_checks()}
    settings.UA_WAGTAIL_SINGLE_PROCESS = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "ua_wagtail.E002" not in {message.id for message in run_checks()}


class TestTheHoneypot:
    """A bot that fills in the trap field must not learn that it was caught."""

    def test_the_decoy_looks_like_a_stored_report(self, client, ua_page, stored):
        before = stored()
        trapped = post(client, letter(ua_page, country="DE", website="x"), "192.0.2.1")
        assert trapped.status_code == 201
        assert stored() == before
        real = post(client, letter(ua_page, country="DE"), "192.0.2.2")
        decoy, honest = trapped.json(), real.json()
        assert decoy.keys() == honest.keys()
        assert decoy["report"].keys() == honest["report"].keys()
        assert decoy["totals"]["total"] == 1  # its own letter, as if counted
        assert decoy["totals"]["by_country"] == {"DE": 1}
        assert honest["report"]["id"] > decoy["report"]["id"]  # ids advanced
        assert honest["totals"]["total"] == 1  # the decoy was never counted
        assert trapped.cookies.keys() == real.cookies.keys()

    def test_the_decoy_counts_against_the_limit(self, client, ua_page, settings):
        settings.UA_WAGTAIL_REPORT_RATE = "1/m"
        assert post(client, letter(ua_page, website="x")).status_code == 201
        assert post(client, letter(ua_page, website="x")).status_code == 429

    def test_the_form_trap_answers_as_a_report_does(self, client, ua_page, stored):
        before = stored()
        form = reverse("ua_wagtail:report-form", args=[ua_page.pk])
        trapped = client.post(form, {"action_letter": "1", "website": "x"})
        assert stored() == before
        real = client.post(form, {"action_letter": "1"})
        assert trapped.status_code == real.status_code == 302
        assert trapped["Location"] == real["Location"]
        assert trapped.cookies.keys() == real.cookies.keys()

    @pytest.mark.parametrize(
        "fields",
        [
            {"action_letter": "999"},
            {"action_letter": "1", "contact_email": "not an address"},
            {},
        ],
    )
    def test_the_form_trap_refuses_what_a_person_is_refused(
        self, client, ua_page, fields
    ):
        form = reverse("ua_wagtail:report-form", args=[ua_page.pk])
        trapped = client.post(form, {**fields, "website": "x"})
        honest = client.post(form, fields)
        assert trapped.status_code == honest.status_code == 400

    def test_the_trap_is_not_in_the_api_document(self, client):
        document = client.get("/ua/openapi.json").content.decode()
        assert "website" not in document
        assert "honeypot" not in document.lower()


def test_unknown_ids_neither_fill_the_cache_nor_reset_the_limit(
    client, ua_page, settings
):
    """Each report naming another unknown page is refused, and counts against the
    one budget of reports on no Urgent Action: the counters of real ones stay."""
    from ua_wagtail.reports import rate_limits

    settings.UA_WAGTAIL_REPORT_RATE = "2/h"
    assert [post(client, letter(ua_page)).status_code for _ in range(2)] == [201] * 2
    for page_id in range(900_000, 900_120):
        assert (
            post(client, {"page": page_id, "actions": {"letter": 1}}).status_code == 400
        )
    assert post(client, letter(ua_page)).status_code == 429
    assert rate_limits.cache().get("ua_wagtail:translation_key:900000") is None
