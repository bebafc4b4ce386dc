"""Public pages a shared cache (a CDN) may keep: the same bytes for every
anonymous visitor, private for editors, previews and the thank-you."""

import datetime
from unittest import mock

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ua_wagtail.pages.caching import (
    SharedCacheMiddleware,
    cache_publicly,
    language_from_url,
)
from ua_wagtail.reports.rules import submit_report
from ua_wagtail.utils.dates import site_today

from ..factories import TargetFactory, targets_body, translated_copy

pytestmark = pytest.mark.django_db


def directives(response) -> dict:
    """``public, s-maxage=300, max-age=60`` → {"public": None, "s-maxage": 300, …}"""
    found = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        found[name] = int(value) if value else None
    return found


def vary(response) -> set:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v}


@pytest.fixture(autouse=True)
def _noon():
    """Noon, far from midnight, which caps every lifetime (tests of the cap set
    their own moment): the figures below hold whenever the suite runs."""
    noon = timezone.make_aware(
        datetime.datetime.combine(site_today(), datetime.time(12)),
        timezone.get_default_timezone(),
    )
    with mock.patch("django.utils.timezone.now", return_value=noon):
        yield


@pytest.fixture
def pages(ua_page, index_page, home):
    return {"ua": ua_page.url, "index": index_page.url, "home": home.url}


def strangers():
    """Visitors as different as anonymous ones get: cookies of their own
    (reported before, a CSRF cookie from elsewhere), other languages, origins."""
    plain = Client()
    returning = Client(
        HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9", HTTP_ORIGIN="https://elsewhere.example"
    )
    returning.cookies["ua_reported"] = "0" * 32
    returning.cookies["csrftoken"] = "x" * 32
    returning.cookies["django_language"] = "ar"
    return plain, returning


@pytest.mark.parametrize("name", ["ua", "index", "home"])
def test_every_anonymous_visitor_gets_the_same_shareable_page(pages, name):
    first, second = (visitor.get(pages[name]) for visitor in strangers())
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    for response in (first, second):
        assert directives(response) == {"public": None, "s-maxage": 300, "max-age": 60}
        assert "Set-Cookie" not in response
        assert not response.cookies
        assert vary(response) & {"cookie", "accept-language", "origin"} == set()
    assert b"csrfmiddlewaretoken" not in first.content


def test_a_translation_is_shared_as_well(ua_page):
    french = translated_copy(ua_page, "fr")
    first, second = (visitor.get(french.url) for visitor in strangers())
    assert french.url.startswith("/fr/")
    assert first.content == second.content
    assert first["Content-Language"] == "fr"
    assert "accept-language" not in vary(first)
    assert directives(first)["s-maxage"] == 300


def test_a_head_is_shared_like_the_get(client, ua_page):
    response = client.head(ua_page.url)
    assert directives(response)["s-maxage"] == 300


def test_the_lifetimes_are_settings(client, ua_page, settings):
    settings.UA_WAGTAIL_PAGE_CACHE_SECONDS = 1200
    settings.UA_WAGTAIL_PAGE_MAX_AGE = 5
    assert directives(client.get(ua_page.url)) == {
        "public": None,
        "s-maxage": 1200,
        "max-age": 5,
    }


def test_the_page_asks_its_script_for_what_is_personal(client, ua_page):
    content = client.get(ua_page.url).content.decode()
    assert "data-ua-reported-note hidden" in content
    assert f'data-ua-key="{ua_page.translation_key.hex}"' in content
    assert f'data-ua-totals-url="/ua/actions/{ua_page.pk}/totals/"' in content


@pytest.mark.parametrize(
    "visitor",
    ["editor", "session", "token"],
)
def test_who_is_not_anonymous_gets_a_private_page(
    pages, admin_client, visitor, settings
):
    client = {
        "editor": admin_client,
        "session": Client(),
        "token": Client(HTTP_AUTHORIZATION="Bearer x"),
    }[visitor]
    if visitor == "session":
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 200
        assert set(directives(response)) == {"private", "no-cache"}


def test_the_thank_you_is_private(client, ua_page):
    response = client.get(ua_page.url + "?reported=1")
    assert set(directives(response)) == {"private", "no-cache"}
    assert b'id="report-thanks"' in response.content


def test_a_refused_form_is_private(client, ua_page):
    response = client.post(f"/ua/reports/form/{ua_page.pk}/", {"action_letter": "x"})
    assert response.status_code == 400
    assert set(directives(response)) == {"private", "no-cache"}


def test_a_preview_is_private(admin_client, ua_page):
    url = f"/admin/pages/{ua_page.pk}/edit/preview/"
    response = admin_client.get(url, {"mode": ""})
    assert response.status_code == 200
    assert "public" not in directives(response)


def test_a_password_protected_page_is_not_shared(client, ua_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=ua_page,
        restriction_type="password",
        password="secret",  # noqa: S106
    )
    response = client.get(ua_page.url)
    assert "public" not in directives(response)


def at(hour, minute, second=0, days=0):
    """A moment today (plus ``days``) in the site's time zone."""
    day = site_today() + datetime.timedelta(days=days)
    moment = datetime.datetime.combine(day, datetime.time(hour, minute, second))
    return timezone.make_aware(moment, timezone.get_default_timezone())


@pytest.mark.parametrize(
    ("deadline_in", "hour", "expected"),
    [
        (10, (23, 59, 30), 30),  # open: the days left change at midnight
        (0, (23, 58, 0), 120),  # the last day: it closes at midnight
        (-1, (23, 59, 0), 300),  # closed yesterday: nothing changes by itself
        (-5, (23, 59, 0), 300),  # closed long ago: nothing changes by itself
    ],
)
def test_no_page_is_kept_past_its_next_change(
    client, ua_page, deadline_in, hour, expected
):
    ua_page.deadline = site_today() + datetime.timedelta(days=deadline_in)
    ua_page.save_revision().publish()
    with mock.patch("django.utils.timezone.now", return_value=at(*hour)):
        response = client.get(ua_page.url)
    assert directives(response)["s-maxage"] == expected
    assert directives(response)["max-age"] == min(60, expected)


def test_reports_closing_after_the_deadline_are_a_change(client, ua_page, settings):
    settings.UA_WAGTAIL_REPORT_GRACE_DAYS = 2
    ua_page.deadline = site_today() - datetime.timedelta(days=1)
    ua_page.save_revision().publish()
    with mock.patch("django.utils.timezone.now", return_value=at(23, 59)):
        assert directives(client.get(ua_page.url))["s-maxage"] == 60


def test_lists_are_kept_until_midnight_at_most(client, pages):
    with mock.patch("django.utils.timezone.now", return_value=at(23, 59, 50)):
        for name in ("index", "home"):
            assert directives(client.get(pages[name]))["s-maxage"] == 10


def test_the_middleware_makes_a_page_that_sets_a_cookie_private():
    request = RequestFactory().get("/")
    response = HttpResponse("hi")
    cache_publicly(request, response)
    response.set_cookie("sessionid", "x")
    response = SharedCacheMiddleware(lambda request: response)(request)
    assert set(directives(response)) == {"private", "no-cache"}


def test_the_middleware_keeps_what_other_pages_vary_on():
    request = RequestFactory().get("/ua/reports/openapi.json")
    response = HttpResponse("hi", headers={"Vary": "Cookie, Origin"})
    assert SharedCacheMiddleware(lambda request: response)(request)["Vary"] == (
        "Cookie, Origin"
    )


def test_the_url_decides_the_language_only_under_i18n_patterns():
    assert language_from_url(RequestFactory().get("/fr/urgent-actions/"))
    assert language_from_url(RequestFactory().get("/urgent-actions/"))
    request = RequestFactory().get("/api/v2/pages/")
    request.urlconf = "ua_wagtail.urls"  # no i18n_patterns: the header may decide
    assert not language_from_url(request)


def test_a_site_without_the_middleware_is_warned(settings):
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if not name.endswith("SharedCacheMiddleware")
    ]
    assert "ua_wagtail.W006" in [message.id for message in run_checks()]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "ua_wagtail.pages.caching.SharedCacheMiddleware",
    ]
    assert "ua_wagtail.W006" in [message.id for message in run_checks()]


def test_the_example_sites_settings_raise_no_warning():
    assert "ua_wagtail.W006" not in [message.id for message in run_checks()]


def test_queries_do_not_grow_with_targets_translations_or_reports(
    client, ua_page, settings
):
    settings.UA_WAGTAIL_PAGE_COPIES = False  # each request renders the page

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ua_page.url).status_code == 200
        return len(captured)

    client.get(ua_page.url)  # the first request fills the site and locale caches
    before = queries()
    ua_page.body = targets_body(
        [TargetFactory() for _ in range(10)], [TargetFactory() for _ in range(5)]
    ) + [("report_form", {"goal": 100})]
    ua_page.save_revision().publish()
    for language in ("fr", "es", "ar"):
        translated_copy(ua_page, language)
    for country in ("FR", "DE", "BR", "IN"):
        submit_report(ua_page, {"letter": 3, "email": 1}, country=country)
    client.get(ua_page.url)
    assert queries() == before
