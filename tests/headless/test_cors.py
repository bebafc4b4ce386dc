"""CORS: any site may read totals and the APIs; only listed sites may send reports."""

import json

import pytest
from django.core.management import call_command

from ua_wagtail.models import ActionReport

pytestmark = pytest.mark.django_db

OTHER_SITE = "https://campaign.example.net"
ALLOW_ORIGIN = "access-control-allow-origin"


def preflight(client, url, method, origin=OTHER_SITE):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def post_report(client, ua_page, origin):
    body = {"page": ua_page.pk, "actions": {"letter": 1}}
    return client.post(
        "/ua/reports/", json.dumps(body), "application/json", HTTP_ORIGIN=origin
    )


@pytest.fixture
def listed(settings):
    settings.UA_WAGTAIL_REPORT_ORIGINS = ["https://partner.example.org"]
    settings.UA_WAGTAIL_REPORT_ORIGIN_REGEXES = [r"https://[a-z]+\.amnesty\.example"]


@pytest.mark.parametrize(
    "url", ["/ua/actions/{pk}/totals/", "/ua/actions/{key}/totals/", "/ua/openapi.json"]
)
def test_any_site_may_read_totals(client, ua_page, url):
    url = url.format(pk=ua_page.pk, key=ua_page.translation_key)
    response = client.get(url, HTTP_ORIGIN=OTHER_SITE)
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == OTHER_SITE
    assert "origin" in response["Vary"].lower()
    response = preflight(client, url, "GET")
    assert response[ALLOW_ORIGIN] == OTHER_SITE
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_any_site_may_read_the_apis(client, home, settings):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=OTHER_SITE)
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == OTHER_SITE
    assert preflight(client, "/api/v3/pages/", "GET")[ALLOW_ORIGIN] == OTHER_SITE
    settings.UA_WAGTAIL_API_PATHS = ()
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=OTHER_SITE)
    assert ALLOW_ORIGIN not in response


def test_reads_elsewhere_stay_closed(client, ua_page):
    response = client.get(ua_page.url, HTTP_ORIGIN=OTHER_SITE)
    assert response.status_code == 200
    assert ALLOW_ORIGIN not in response
    assert ALLOW_ORIGIN not in preflight(client, "/ua/docs/", "GET")


def test_unlisted_sites_may_not_send_reports(client, ua_page, settings):
    settings.UA_WAGTAIL_REPORT_ORIGIN_REGEXES = []  # the default: none
    for origin in [OTHER_SITE, "http://127.0.0.1:3000"]:
        assert ALLOW_ORIGIN not in preflight(client, "/ua/reports/", "POST", origin)
        assert ALLOW_ORIGIN not in post_report(client, ua_page, origin)


@pytest.mark.parametrize(
    "origin",
    [
        "https://partner.example.org.evil.example",
        "http://partner.example.org",
        "https://www.amnesty.example.evil.example",
    ],
)
def test_listed_origins_match_whole(client, ua_page, listed, origin):
    assert ALLOW_ORIGIN not in preflight(client, "/ua/reports/", "POST", origin)


@pytest.mark.parametrize(
    "origin", ["https://partner.example.org", "https://www.amnesty.example"]
)
def test_listed_sites_may_send_reports(client, ua_page, listed, origin):
    response = preflight(client, "/ua/reports/", "POST", origin)
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == origin
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"]
    response = post_report(client, ua_page, origin)
    assert response.status_code == 201
    assert response[ALLOW_ORIGIN] == origin
    assert ActionReport.objects.count() == 1


def test_listed_sites_may_not_use_other_methods(client, ua_page, listed):
    origin = "https://partner.example.org"
    assert ALLOW_ORIGIN not in preflight(client, "/ua/reports/", "DELETE", origin)
    assert ALLOW_ORIGIN not in preflight(client, "/api/v2/pages/", "POST", origin)


def test_the_example_site_lets_local_servers_send_reports(client, ua_page):
    origin = "http://localhost:5173"
    assert preflight(client, "/ua/reports/", "POST", origin)[ALLOW_ORIGIN] == origin


def test_system_checks_catch_settings_that_cannot_work(settings, capsys):
    settings.UA_WAGTAIL_REPORT_ORIGINS = ["https://partner.example.org/"]
    settings.CORS_ALLOW_ALL_ORIGINS = True
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "corsheaders.middleware.CorsMiddleware"
    ]
    call_command("check", "--tag", "security", fail_level="CRITICAL")
    errors = capsys.readouterr().err
    for check in ["ua_wagtail.W001", "ua_wagtail.W002", "ua_wagtail.W003"]:
        assert check in errors


def test_listed_sites_may_send_an_idempotency_key(client, ua_page, listed):
    origin = "https://partner.example.org"
    response = client.options(
        "/ua/reports/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )
    assert "idempotency-key" in response["Access-Control-Allow-Headers"]
    body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
    for _ in range(2):
        answer = client.post(
            "/ua/reports/",
            body,
            "application/json",
            HTTP_ORIGIN=origin,
            HTTP_IDEMPOTENCY_KEY="k",
        )
        assert answer.status_code == 201
    # The page that sent it may read whether it was a replay, and Retry-After.
    exposed = answer["Access-Control-Expose-Headers"].lower()
    assert "idempotent-replayed" in exposed and "retry-after" in exposed
    assert ActionReport.objects.count() == 1


def test_a_check_warns_when_other_sites_cannot_send_a_key(settings, capsys, listed):
    from corsheaders.defaults import default_headers

    call_command("check", "--tag", "security", fail_level="CRITICAL")
    assert "ua_wagtail.W007" not in capsys.readouterr().err  # the example's settings
    settings.CORS_ALLOW_HEADERS = default_headers
    call_command("check", "--tag", "security", fail_level="CRITICAL")
    assert "ua_wagtail.W007" in capsys.readouterr().err
