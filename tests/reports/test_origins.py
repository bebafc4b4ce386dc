"""Reports carry no CSRF token: a report another site's page sent is refused by
the origin the browser gives (Sec-Fetch-Site, Origin, Referer)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from ua_wagtail.reports.origins import REFUSED

pytestmark = pytest.mark.django_db

HERE = "http://testserver"
#: What browsers send with a POST, by where the page that sent it is.
CROSS_SITE = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_ORIGIN": "https://evil.example",
}
REFUSED_HEADERS = {
    "another site": CROSS_SITE,
    "a sibling site": {
        "HTTP_SEC_FETCH_SITE": "same-site",
        "HTTP_ORIGIN": "http://news.testserver",
    },
    "an opaque origin (a sandboxed frame, a data: URL)": {"HTTP_ORIGIN": "null"},
    "another site, an older browser": {"HTTP_ORIGIN": "https://evil.example"},
    "another site, by referrer only": {"HTTP_REFERER": "https://evil.example/x.html"},
    "another scheme of this host": {"HTTP_ORIGIN": "https://testserver"},
    "another site, though said to be the visitor's": {
        "HTTP_SEC_FETCH_SITE": "none",
        "HTTP_ORIGIN": "https://evil.example",
    },
}
ACCEPTED_HEADERS = {
    "this site": {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": HERE},
    "this site, an older browser": {"HTTP_ORIGIN": HERE},
    "this site, by referrer only": {"HTTP_REFERER": HERE + "/urgent-actions/"},
    "no browser (a script, an app)": {},
    "the visitor (typed, bookmarked)": {"HTTP_SEC_FETCH_SITE": "none"},
    "a listed site": {
        "HTTP_SEC_FETCH_SITE": "cross-site",
        "HTTP_ORIGIN": "https://campaigns.example.org",
    },
    "a site a listed pattern matches": {
        "HTTP_SEC_FETCH_SITE": "cross-site",
        "HTTP_ORIGIN": "https://fr.amnesty.example",
    },
}


@pytest.fixture(autouse=True)
def _listed(settings):
    settings.UA_WAGTAIL_REPORT_ORIGINS = ["https://campaigns.example.org"]
    settings.UA_WAGTAIL_REPORT_ORIGIN_REGEXES = [r"https://[a-z]{2}\.amnesty\.example"]


def post_form(client, page, **headers):
    return client.post(
        f"/ua/reports/form/{page.pk}/", {"action_letter": "1"}, **headers
    )


def post_json(client, page, **headers):
    body = json.dumps({"page": page.pk, "actions": {"letter": 1}})
    return client.post("/ua/reports/", body, content_type="application/json", **headers)


@pytest.mark.parametrize("where", REFUSED_HEADERS)
def test_the_form_refuses_another_sites_report(client, ua_page, stored, where):
    before = stored()
    response = post_form(client, ua_page, **REFUSED_HEADERS[where])
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert str(REFUSED) in soup.select_one(".ua-errors").get_text()
    assert "public" not in response["Cache-Control"]
    assert not response.cookies
    assert stored() == before


@pytest.mark.parametrize("where", REFUSED_HEADERS)
def test_the_json_api_refuses_another_sites_report(client, ua_page, stored, where):
    before = stored()
    response = post_json(client, ua_page, **REFUSED_HEADERS[where])
    assert response.status_code == 403
    assert response.json() == {"errors": {"origin": [str(REFUSED)]}}
    assert stored() == before


@pytest.mark.parametrize("where", ACCEPTED_HEADERS)
def test_reports_from_this_or_a_listed_site_are_counted(client, ua_page, where):
    headers = ACCEPTED_HEADERS[where]
    assert post_form(client, ua_page, **headers).status_code == 302
    assert post_json(client, ua_page, **headers).status_code == 201
    assert client.get(f"/ua/actions/{ua_page.pk}/totals/").json()["total"] == 2


def test_the_refusal_speaks_the_pages_language(client, ua_page):
    from ..factories import translated_copy

    french = translated_copy(ua_page, "fr")
    response = post_form(client, french, **CROSS_SITE)
    assert response.status_code == 403
    with translation.override("fr"):
        refused = str(REFUSED)
    assert refused != str(REFUSED)
    assert refused in response.content.decode()


def test_the_json_refusal_speaks_the_clients_language(client, ua_page):
    response = post_json(client, ua_page, HTTP_ACCEPT_LANGUAGE="fr", **CROSS_SITE)
    assert response.status_code == 403
    assert response["Content-Language"] == "fr"
    with translation.override("fr"):
        assert response.json()["errors"]["origin"] == [str(REFUSED)]


def test_origins_cors_lets_call_every_url_may_report(client, ua_page, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    settings.CORS_ALLOWED_ORIGIN_REGEXES = [r"https://\w+\.friends\.example"]
    for origin in ("https://partner.example", "https://a.friends.example"):
        headers = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": origin}
        assert post_json(client, ua_page, **headers).status_code == 201


def test_origins_django_trusts_for_its_forms_may_report(client, ua_page, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org", "https://*.example.net"]
    for origin in ("https://www.example.org", "https://ua.example.net"):
        headers = {"HTTP_ORIGIN": origin}  # a browser without Sec-Fetch-Site
        assert post_form(client, ua_page, **headers).status_code == 302
    for origin in ("https://example.org", "https://evil.example.net.evil"):
        assert post_form(client, ua_page, HTTP_ORIGIN=origin).status_code == 403
