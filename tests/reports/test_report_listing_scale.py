"""The report listing at scale: a capped count said honestly, and a search and
Urgent Action filter that go through indexes (never a scan of every report)."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ua_wagtail.models import ActionReport
from ua_wagtail.reports.filters import urgent_action_choices
from ua_wagtail.reports.rules import submit_report

from ..factories import UrgentActionPageFactory, translated_copy

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_ua_wagtail_actionreport:list")


def many(page, count, **fields):
    ActionReport.objects.bulk_create(
        ActionReport(
            translation_key=page.translation_key,
            page=page,
            ua_number=page.ua_number,
            ua_title=page.title,
            language_code="en",
            letter=1,
            **fields,
        )
        for _ in range(count)
    )


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return len(soup.select("input[data-bulk-action-checkbox]"))


def test_under_the_cap_the_count_is_exact(admin_client, ua_page, settings):
    settings.UA_WAGTAIL_LISTING_COUNT_LIMIT = 30
    many(ua_page, 25)
    text = text_of(admin_client.get(LIST))
    assert "Page 1 of 2" in text
    assert "25 action reports" in text
    assert "More than" not in text


def test_past_the_cap_the_listing_says_more_than(admin_client, ua_page, settings):
    settings.UA_WAGTAIL_LISTING_COUNT_LIMIT = 30
    many(ua_page, 45)
    first = admin_client.get(LIST)
    text = text_of(first)
    assert "Page 1 of more than 2" in text
    assert "More than 30 action reports" in text
    assert rows(first) == 20
    last = admin_client.get(LIST + "?p=2")
    assert "Page 2 of more than 2" in text_of(last)
    soup = BeautifulSoup(last.content, "html.parser")
    assert not soup.select_one("nav.pagination li.next a").has_attr("href")
    filtered = admin_client.get(LIST + "?language_code=en")
    assert "There are more than 30 matches" in text_of(filtered)


def test_the_count_stops_at_the_cap(admin_client, ua_page, settings):
    """One COUNT over a LIMIT: never a count of every report."""
    settings.UA_WAGTAIL_LISTING_COUNT_LIMIT = 30
    many(ua_page, 45)
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(LIST + "?language_code=en")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 31" in sql for sql in counts)


def test_search_finds_by_number_title_email_and_id(admin_client, ua_page):
    other = UrgentActionPageFactory(parent=ua_page.get_parent(), ua_number="99/26")
    french = translated_copy(ua_page, "fr")
    french.title = "Libérez la prisonnière"
    french.save_revision().publish()
    mine = submit_report(
        ua_page, {"letter": 1}, contact_name="Ana", contact_email="Ana@Example.org"
    ).report
    theirs = submit_report(other, {"email": 1}).report

    def found(query):
        response = admin_client.get(LIST, {"q": query})
        soup = BeautifulSoup(response.content, "html.parser")
        boxes = soup.select("input[data-bulk-action-checkbox]")
        return {int(box["data-object-id"]) for box in boxes}

    assert found("99/26") == {theirs.pk}
    assert found("libérez") == {mine.pk}
    assert found("ana@example.ORG") == {mine.pk}
    assert found(str(theirs.pk)) >= {theirs.pk}
    assert found("nobody@example.org") == set()
    for hostile in ("'", "%", "\\", '"', "9" * 40, "a" * 300):
        assert admin_client.get(LIST, {"q": hostile}).status_code == 200


def test_urgent_action_filter_one_choice_each_from_pages_or_reports(
    ua_page, admin_user
):
    french = translated_copy(ua_page, "fr")
    submit_report(ua_page, {"letter": 1})
    submit_report(french, {"letter": 1})
    gone = UrgentActionPageFactory(parent=ua_page.get_parent(), title="Gone")
    submit_report(gone, {"letter": 1})
    gone_key, gone_number = gone.translation_key, gone.ua_number
    gone.delete()
    UrgentActionPageFactory(parent=ua_page.get_parent(), title="No reports yet")
    assert urgent_action_choices(admin_user) == sorted(
        [
            (ua_page.translation_key, f"{ua_page.ua_number} {ua_page.title}"),
            (gone_key, f"{gone_number} Gone"),
        ],
        key=lambda choice: choice[1],
    )


def bulk_invalidate(query):
    url = reverse(
        "wagtail_bulk_action", args=("ua_wagtail", "actionreport", "ua_invalidate")
    )
    return f"{url}?{query}&id=all"


def test_select_all_while_searching_takes_only_the_matches(admin_client, ua_page):
    """The search goes with "Select all in listing", as the filters do: stopping
    one reporter's spam stops nothing else."""
    other = UrgentActionPageFactory(parent=ua_page.get_parent(), ua_number="77/26")
    spam = [submit_report(other, {"letter": 1}).report for _ in range(2)]
    for _ in range(5):
        submit_report(ua_page, {"letter": 1})
    query = "q=77%2F26"
    confirm = admin_client.get(bulk_invalidate(query))
    assert "Stop counting these 2 reports?" in text_of(confirm)
    assert admin_client.post(bulk_invalidate(query)).status_code == 302
    assert set(ActionReport.objects.filter(is_valid=False)) == set(spam)
    # A search that does not validate (a NUL character) selects nothing.
    assert admin_client.post(bulk_invalidate("q=77%00")).status_code == 404


def test_titles_the_user_may_not_see_are_not_offered_or_searched(client, ua_page):
    """An original behind a login, its public translation reported on: a staff
    member who may see reports but not explore pages gets the public title."""
    from django.contrib.auth.models import Permission
    from wagtail.models import PageViewRestriction

    french = translated_copy(ua_page, "fr")
    submit_report(french, {"letter": 1})
    PageViewRestriction.objects.create(
        page=ua_page, restriction_type=PageViewRestriction.LOGIN
    )
    ua_page.title = "Secret name of the person at risk"
    ua_page.save_revision().publish()
    reader = get_user_model().objects.create_user("reader")
    for codename in ("access_admin", "view_actionreport"):
        reader.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(reader)
    page = client.get(LIST).content.decode()
    assert "Secret name" not in page
    assert french.title in page
    assert rows(client.get(LIST, {"q": "Secret name"})) == 0
    assert rows(client.get(LIST, {"q": french.title})) == 1


@pytest.mark.parametrize("query", ["²", "1" * 5000, "٣", "9" * 19])
def test_searches_that_look_like_numbers(admin_client, ua_page, query):
    submit_report(ua_page, {"letter": 1})
    assert admin_client.get(LIST, {"q": query}).status_code == 200


def test_a_tally_with_neither_page_nor_reports_is_left_out(admin_client, ua_page):
    """Tallies drifted from the reports (reports deleted in SQL, the page gone):
    the listing still opens, and recount_action_tallies will fix them."""
    from ua_wagtail.models import ActionTally

    ActionTally.objects.create(
        translation_key=uuid.uuid4(), action_type="letter", count=3
    )
    submit_report(ua_page, {"letter": 1})
    assert rows(admin_client.get(LIST)) == 1


def test_an_action_whose_reports_all_stopped_counting_can_be_filtered(
    admin_client, ua_page
):
    """The delivery summary's "See the reports" link filters by key even once
    no report of the action counts any more."""
    from ua_wagtail.reports.rules import invalidate_reports

    other = UrgentActionPageFactory(parent=ua_page.get_parent())
    spam = submit_report(ua_page, {"letter": 1}).report
    for _ in range(3):
        submit_report(other, {"letter": 1})
    invalidate_reports(ActionReport.objects.filter(pk=spam.pk), None)
    response = admin_client.get(LIST, {"translation_key": ua_page.translation_key})
    assert rows(response) == 1
