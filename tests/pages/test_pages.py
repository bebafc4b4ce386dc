import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.utils.dates import site_today

from ..factories import (
    DEFAULT_BODY,
    TargetFactory,
    UrgentActionPageFactory,
    targets_body,
)

pytestmark = pytest.mark.django_db


def days(n):
    return site_today() + datetime.timedelta(days=n)


@pytest.mark.parametrize("number", ["147/20", "1/99", "1234/05"])
def test_ua_number_accepts_number_slash_year(number, index_page):
    page = UrgentActionPageFactory.build(ua_number=number)
    page.full_clean(exclude=["path", "depth", "slug"])


@pytest.mark.parametrize("number", ["147.20", "147/2020", "UA 147/20", "/20"])
def test_ua_number_must_look_like_147_20(number):
    page = UrgentActionPageFactory.build(ua_number=number)
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "slug"])
    assert (
        "Enter the UA number as number/two-digit year, for example 147/20."
        in error.value.message_dict["ua_number"]
    )


def test_deadline_before_issue_date_is_an_error():
    page = UrgentActionPageFactory.build(
        issued_on=datetime.date(2024, 10, 1), deadline=datetime.date(2024, 9, 1)
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["deadline"] == [
        "The deadline (2024-09-01) is before the issue date (2024-10-01)."
    ]


def test_previous_action_is_a_page_or_a_link_not_both(index_page):
    previous = UrgentActionPageFactory(parent=index_page)
    page = UrgentActionPageFactory.build(
        previous_action_page=previous, previous_action_url="https://example.org/ua"
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "not both" in error.value.message_dict["previous_action_url"][0]


def test_previous_action_href_prefers_a_live_page(index_page):
    previous = UrgentActionPageFactory(parent=index_page, slug="first")
    page = UrgentActionPageFactory.build(previous_action_page=previous)
    assert page.previous_action_href == "/urgent-actions/first/"
    previous.unpublish()
    page = UrgentActionPageFactory.build(previous_action_page_id=previous.pk)
    assert page.previous_action_href == ""


@pytest.mark.parametrize(
    ("sequence", "label"),
    [
        (1, "Urgent Action 147/20"),
        (3, "Third Urgent Action 147/20"),
        (10, "Tenth Urgent Action 147/20"),
        (12, "Urgent Action 147/20, document 12"),
    ],
)
def test_series_label(sequence, label):
    page = UrgentActionPageFactory.build(ua_number="147/20", update_number=sequence)
    assert page.series_label == label


def test_targets_are_split_by_role_across_blocks():
    a, b, c = TargetFactory.build_batch(3)
    page = UrgentActionPageFactory.build(
        body=targets_body([a], cc=[b]) + targets_body([c])
    )
    assert page.recipients == ([a, c], [b])


def test_a_new_page_starts_with_every_block_in_reading_order():
    page = UrgentActionPage()
    assert [child.block_type for child in page.body] == DEFAULT_BODY


def test_page_renders_status_and_targets(client, index_page):
    page = UrgentActionPageFactory(parent=index_page, deadline=days(3))
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "ua-status-closing_soon" in soup.body["class"]
    assert soup.select_one(".ua-target-name").get_text() == str(
        page.recipients.to[0].display_name
    )


def test_index_lists_open_actions_first_and_marks_closed_ones(client, index_page):
    closed_old = UrgentActionPageFactory(parent=index_page, deadline=days(-30))
    open_late = UrgentActionPageFactory(parent=index_page, deadline=days(60))
    closed_recent = UrgentActionPageFactory(parent=index_page, deadline=days(-1))
    open_soon = UrgentActionPageFactory(parent=index_page, deadline=days(2))
    today = UrgentActionPageFactory(parent=index_page, deadline=days(0))
    draft = UrgentActionPageFactory(parent=index_page, live=False)

    response = client.get(index_page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [h.get_text(strip=True) for h in soup.select(".ua-card h2")]
    assert titles == [
        p.title for p in [today, open_soon, open_late, closed_recent, closed_old]
    ]
    assert draft.title not in titles
    badges = [b.get_text(" ", strip=True) for b in soup.select(".ua-card .ua-badge")]
    assert badges[0] == "Last day to act: today"
    assert badges[1].startswith("Closing soon: 2 days left")
    assert badges[2].startswith("Open until")
    assert badges[3].startswith("Closed on")


def test_index_filters_by_status_and_country(client, index_page):
    by = UrgentActionPageFactory(parent=index_page, country="BY", deadline=days(5))
    ir = UrgentActionPageFactory(parent=index_page, country="IR", deadline=days(5))
    closed = UrgentActionPageFactory(parent=index_page, country="BY", deadline=days(-5))

    def titles(query):
        soup = BeautifulSoup(client.get(index_page.url + query).content, "html.parser")
        return {h.get_text(strip=True) for h in soup.select(".ua-card h2")}

    assert titles("?status=open") == {by.title, ir.title}
    assert titles("?status=closed") == {closed.title}
    assert titles("?country=BY") == {by.title, closed.title}
    assert titles("?status=open&country=IR") == {ir.title}
    # Bad filter values are ignored rather than failing the page.
    assert titles("?status=nonsense") == {by.title, ir.title, closed.title}


def test_index_paginates(client, index_page, settings):
    settings.UA_WAGTAIL_INDEX_PAGE_SIZE = 2
    for n in range(5):
        UrgentActionPageFactory(parent=index_page, deadline=days(n + 1))
    soup = BeautifulSoup(client.get(index_page.url + "?page=3").content, "html.parser")
    assert len(soup.select(".ua-card")) == 1
    assert "Page 3 of 3" in soup.select_one(".ua-pagination").get_text()
    assert soup.select_one('.ua-pagination a[rel="prev"]')["href"] == "?page=2"


def _queries_to_render(client, index_page, count):
    targets = TargetFactory.create_batch(count)
    page = UrgentActionPageFactory(
        parent=index_page, body=targets_body(targets[:1], cc=targets[1:])
    )
    client.get(page.url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.content.count(b'class="ua-target ') == count
    return len(queries)


def test_page_queries_do_not_grow_with_targets(client, index_page):
    assert _queries_to_render(client, index_page, 1) == _queries_to_render(
        client, index_page, 20
    )
