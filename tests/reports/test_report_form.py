"""The HTML report form: posts and redirects, shows errors in place, works without JS."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from ua_wagtail.models import ActionReport
from ua_wagtail.utils.dates import site_today

from ..factories import translated_copy

pytestmark = pytest.mark.django_db


def form_url(page):
    return f"/ua/reports/form/{page.pk}/"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_page_shows_the_form_and_the_total(client, ua_page):
    soup = soup_of(client.get(ua_page.url))
    form = soup.select_one("form.ua-report-form")
    assert form["method"] == "post"
    # The fragment brings a visitor without JavaScript back to the form's answer.
    assert form["action"] == form_url(ua_page) + "#report"
    # No CSRF token: the page is the same for everyone (reports are checked by origin).
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert soup.select_one("[data-ua-total]")["data-ua-total"] == "0"
    assert soup.select_one("progress")["max"] == "100"
    labels = [label.get_text() for label in soup.select(".ua-counts label")]
    assert labels == [
        "Letters",
        "Emails",
        "Faxes",
        "Phone calls",
        "Social media posts",
        "Other actions",
    ]
    for field in soup.select(".ua-report-form input:not([type=hidden]), select"):
        if field.get("name") == "website":
            continue  # the honeypot, hidden from people
        assert soup.find("label", attrs={"for": field["id"]}), field


def test_report_redirects_counts_and_remembers(client, ua_page):
    response = client.post(
        form_url(ua_page),
        {
            "action_letter": "1",
            "action_email": "2",
            "country": "FR",
            "next": ua_page.url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == ua_page.url + "?reported=1#report-thanks"
    assert response.cookies["ua_reported"].value == ua_page.translation_key.hex
    report = ActionReport.objects.get()
    assert (report.letter, report.email, report.country, report.source) == (
        1,
        2,
        "FR",
        "form",
    )
    soup = soup_of(client.get(response["Location"]))
    assert soup.select_one("[data-ua-total]")["data-ua-total"] == "3"
    assert soup.select_one(".ua-thanks").get_text(strip=True) == (
        "Thank you! Your actions are counted."
    )


def test_a_returning_reporter_is_told_but_may_report_again(client, ua_page):
    response = client.post(form_url(ua_page), {"action_letter": "1"})
    # The page's script reads the cookie and shows the note the page holds.
    assert not response.cookies["ua_reported"]["httponly"]
    page = client.get(ua_page.url)
    assert page.content == Client().get(ua_page.url).content
    note = soup_of(page).select_one("[data-ua-reported-note]")
    assert "You already reported actions" in note.get_text()
    assert note.has_attr("hidden")
    assert client.post(form_url(ua_page), {"action_call": "1"}).status_code == 302
    assert ActionReport.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, None, "Tell us at least one action you took"),
        ({"action_letter": "0"}, None, "Tell us at least one action you took"),
        ({"action_letter": "11"}, "action_letter", "less than or equal to 10"),
        ({"action_letter": "-1"}, "action_letter", "greater than or equal to 0"),
        ({"action_letter": "two"}, "action_letter", "Enter a whole number"),
        ({"action_letter": "1", "country": "XX"}, "country", "Select a valid country"),
        (
            {"action_letter": "1", "contact_email": "ana@example.org"},
            "contact_consent",
            "Tick this box",
        ),
        (
            {"action_letter": "1", "contact_email": "nope", "contact_consent": "on"},
            "contact_email",
            "valid email",
        ),
    ],
)
def test_errors_are_shown_in_place_and_nothing_is_stored(
    client, ua_page, stored, data, field, message
):
    before = stored()
    response = client.post(form_url(ua_page), data)
    assert response.status_code == 400
    soup = soup_of(response)
    if field is None:
        assert message in soup.select_one(".ua-errors").get_text()
    else:
        widget = soup.find(attrs={"name": field})
        assert widget["aria-invalid"] == "true"
        error = soup.find(id=widget["aria-describedby"])
        assert message in error.get_text()
    assert stored() == before


def test_honeypot_redirects_as_if_stored(client, ua_page, stored):
    before = stored()
    response = client.post(
        form_url(ua_page), {"action_letter": "1", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert stored() == before


def test_contact_details_need_consent_and_are_kept_with_it(client, ua_page):
    client.post(
        form_url(ua_page),
        {
            "action_letter": "1",
            "contact_name": "Ana",
            "contact_email": "ana@example.org",
            "contact_consent": "on",
        },
    )
    report = ActionReport.objects.get()
    assert (report.contact_name, report.contact_email) == ("Ana", "ana@example.org")


def test_rate_limited_form_says_when_to_retry(client, ua_page, settings, stored):
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    client.post(form_url(ua_page), {"action_letter": "1"})
    before = stored()
    response = client.post(form_url(ua_page), {"action_letter": "1"})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Try again in" in soup_of(response).select_one(".ua-errors").get_text()
    assert stored() == before


def test_closed_action_explains_and_refuses(client, ua_page, stored):
    ua_page.deadline = site_today() - datetime.timedelta(days=2)
    ua_page.save_revision().publish()
    soup = soup_of(client.get(ua_page.url))
    assert soup.select_one("form.ua-report-form") is None
    assert "no longer accepts reports" in soup.select_one(".ua-closed").get_text()
    before = stored()
    response = client.post(form_url(ua_page), {"action_letter": "1"})
    assert response.status_code == 400
    assert stored() == before


def test_the_form_url_takes_posts_and_sends_visits_to_the_form(client, ua_page):
    response = client.get(form_url(ua_page))
    assert response.status_code == 302
    assert response["Location"] == ua_page.url + "#report"
    response = client.put(form_url(ua_page))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert response.json()["errors"]["__all__"]


def test_redirect_never_leaves_the_site(client, ua_page):
    response = client.post(
        form_url(ua_page), {"action_letter": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == ua_page.url + "?reported=1#report-thanks"


def test_unknown_or_unpublished_action_is_a_404(client, ua_page, stored):
    before = stored()
    assert (
        client.post("/ua/reports/form/999999/", {"action_letter": "1"}).status_code
        == 404
    )
    ua_page.unpublish()
    assert client.post(form_url(ua_page), {"action_letter": "1"}).status_code == 404
    assert stored() == before


def test_only_offered_action_types_are_asked(client, index_page):
    from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

    page = UrgentActionPageFactory(
        parent=index_page,
        body=targets_body([TargetFactory()])
        + [("report_form", {"action_types": ["letter", "email"]})],
    )
    soup = soup_of(client.get(page.url))
    assert [i["name"] for i in soup.select(".ua-counts input")] == [
        "action_letter",
        "action_email",
    ]


def test_errors_are_shown_in_the_pages_own_language(client, ua_page):
    french = translated_copy(ua_page, "fr")
    response = client.post(form_url(french), {"action_letter": "0"})
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.html["lang"] == "fr"


def options_of(html):
    select = BeautifulSoup(html, "html.parser").select_one("select")
    options = [
        (o["value"], o.get_text(), o.has_attr("selected"))
        for o in select.select("option")
    ]
    return select.attrs, options


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("value", ["", "BY", "XX", '"><script>alert(1)</script>'])
def test_the_country_select_is_django_s_select_built_once(language, value):
    """The same select as Django's own widget gives, options and attributes alike,
    without its 250 template renders per page."""
    from django import forms
    from django.utils import translation
    from django_countries import countries

    from ua_wagtail.reports.forms import CountrySelect

    attrs = {"id": "id_country", "aria-invalid": "true", "aria-describedby": "e"}
    with translation.override(language):
        ours = CountrySelect(blank_label="None").render("country", value, attrs)
        theirs = forms.Select(choices=[("", "None"), *countries]).render(
            "country", value, attrs
        )
    assert options_of(ours) == options_of(theirs)
    assert "<script>" not in ours


def test_the_form_keeps_the_country_chosen_when_shown_again(client, ua_page):
    response = client.post(form_url(ua_page), {"action_letter": "0", "country": "BY"})
    assert response.status_code == 400
    chosen = soup_of(response).select("select[name=country] option[selected]")
    assert [option["value"] for option in chosen] == ["BY"]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/urgent-actions/free-jane/?utm_source=x", "?utm_source=x&reported=1"),
        ("/urgent-actions/free-jane/#letter", "?reported=1"),
        ("/urgent-actions/free-jane/?reported=0", "?reported=1"),
    ],
)
def test_the_thank_you_is_found_whatever_the_next_url(
    client, ua_page, next_url, expected
):
    response = client.post(form_url(ua_page), {"action_letter": "1", "next": next_url})
    assert response["Location"] == ua_page.url + expected + "#report-thanks"
    thanks = client.get(response["Location"])
    assert "public" not in thanks["Cache-Control"]
    assert soup_of(thanks).select_one(".ua-thanks")


def test_a_goal_too_large_to_format_still_shows(client, ua_page):
    ua_page.body = [("report_form", {"goal": 10**30})]
    ua_page.save_revision().publish()
    response = client.get(ua_page.url)
    assert response.status_code == 200
    assert soup_of(response).select_one("progress")["max"] == str(10**30)
