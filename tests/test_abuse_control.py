"""Abuse control of reports (audit finding 8): who is one client, per-UA buckets,
refusals that cost nothing, a cap per report, a shared cache, and a honeypot
whose answer cannot be told from a real one."""

import json

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from ua_wagtail.clients import client_and_network
from ua_wagtail.models import ActionReport

from .factories import TargetFactory, UrgentActionPageFactory, targets_body

pytestmark = pytest.mark.django_db
URL = "/ua/reports/"


def post(client, body, address="203.0.113.7", **extra):
    return client.post(
        URL, json.dumps(body), content_type="application/json", REMOTE_ADDR=address
    )


def letter(page, **more):
    return {"page": page.pk, "actions": {"letter": 1}, **more}


@pytest.fixture
def other_page(index_page):
    return UrgentActionPageFactory(
        parent=index_page, body=targets_body([TargetFactory()])
    )


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

    def test_the_trap_is_not_in_the_api_document(self, client):
        document = client.get("/ua/openapi.json").content.decode()
        assert "website" not in document
        assert "honeypot" not in document.lower()
