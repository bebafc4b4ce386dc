"""Sharing an Urgent Action: Open Graph and Twitter card tags, share links without
third-party scripts, and a calendar reminder of the deadline."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from ..factories import (
    TargetFactory,
    UrgentActionPageFactory,
    targets_body,
    translated_copy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(index_page):
    """A live Urgent Action with a deadline banner."""
    body = [("deadline_banner", {})] + targets_body([TargetFactory()])
    return UrgentActionPageFactory(parent=index_page, body=body)


def soup_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_open_graph_and_twitter_cards_describe_the_action(client, ua_page):
    soup = soup_of(client, ua_page)

    def meta(key):
        tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
        return tag["content"]

    assert meta("og:title") == meta("twitter:title") == ua_page.title
    assert meta("og:description").startswith("Jane Doe is detained")
    assert meta("og:url") == ua_page.get_full_url()
    assert meta("og:type") == "article"
    assert meta("twitter:card") == "summary"


def test_share_links_are_plain_links_with_the_page_url(client, ua_page):
    soup = soup_of(client, ua_page)
    links = {a.get_text(): a["href"] for a in soup.select(".ua-share-links a")}
    assert set(links) == {"Email", "X", "Facebook", "WhatsApp", "Telegram"}
    url = ua_page.get_full_url()
    assert parse_qs(urlsplit(links["X"]).query)["url"] == [url]
    assert parse_qs(urlsplit(links["Facebook"]).query)["u"] == [url]
    assert links["Email"].startswith("mailto:?subject=Act%20now%3A%20")
    assert not soup.select("script[src^='http']")  # no share widget scripts


def test_the_deadline_is_a_calendar_reminder(client, action):
    ua_page = action
    soup = soup_of(client, ua_page)
    href = soup.select_one(".ua-reminder a")["href"]
    response = client.get(href)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == ua_page.deadline
    assert event.decoded("dtend") == ua_page.deadline + datetime.timedelta(days=1)
    assert str(event["summary"]) == f"Last day to act: {ua_page.title}"
    assert str(event["url"]) == ua_page.get_full_url()
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger") == datetime.timedelta(days=-1)


def test_the_reminder_speaks_the_page_language(client, ua_page):
    french = translated_copy(ua_page, "fr")
    response = client.get(f"/ua/actions/{french.pk}/reminder.ics")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Dernier jour pour agir")


def test_no_reminder_for_a_closed_or_unpublished_action(client, action):
    ua_page = action
    assert soup_of(client, ua_page).select(".ua-reminder")
    ua_page.deadline = datetime.date(2020, 1, 1)
    ua_page.save_revision().publish()
    assert not soup_of(client, ua_page).select(".ua-reminder")
    ua_page.unpublish()
    assert client.get(f"/ua/actions/{ua_page.pk}/reminder.ics").status_code == 404
