"""Public pages rendered once per process and served from that copy until
anything they show changes; the totals always fresh."""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.pages.rendered import Copies, copies
from ua_wagtail.reports.rules import submit_report
from ua_wagtail.utils.dates import site_today

from ..factories import TargetFactory, targets_body, translated_copy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_copies():
    copies.clear()
    yield
    copies.clear()


def get(url, **headers):
    """An anonymous visit: the page, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = Client(**headers).get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser"), len(queries)


def total(soup) -> int:
    return int(soup.select_one("[data-ua-total]")["data-ua-total"])


@pytest.fixture
def page(ua_page):
    """The page as the world sees it, visited once (the copy made)."""
    get(ua_page.url)
    return ua_page


def test_the_copy_is_served_with_the_total_as_it_is_now(page):
    copies.clear()
    first, rendered = get(page.url)
    submit_report(page, {"letter": 2, "email": 1}, country="FR")
    again, served = get(page.url)
    assert total(first) == 0
    assert total(again) == 3
    assert again.select_one("progress")["value"] == "3"
    assert served < rendered  # the route, the totals: no template's queries


def test_a_copy_is_what_a_fresh_render_gives(page):
    submit_report(page, {"letter": 2}, country="FR")
    served = Client().get(page.url).content
    copies.clear()
    assert Client().get(page.url).content == served


def test_a_publish_is_seen_at_once(page):
    page.title = "Free Jane now"
    page.save_revision().publish()
    assert get(page.url)[0].h1.get_text() == "Free Jane now"


def test_a_new_translation_is_listed_at_once(page):
    french = translated_copy(page, "fr")
    soup, _ = get(page.url)
    assert soup.select_one('a[hreflang="fr"]')["href"].endswith(french.url)


def test_an_edited_target_is_seen_at_once(index_page):
    from ..factories import UrgentActionPageFactory

    minister = TargetFactory(name="Minister Ana Old")
    page = UrgentActionPageFactory(
        parent=index_page, slug="free-ana", body=targets_body([minister])
    )
    assert "Minister Ana Old" in get(page.url)[0].get_text()
    minister.name = "Minister Ana New"
    minister.save()
    assert "Minister Ana New" in get(page.url)[0].get_text()


def test_a_renamed_site_is_seen_at_once(page):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Amnesty Example"
    site.save()
    assert get(page.url)[0].select_one(".ua-site-name").get_text() == "Amnesty Example"


def test_the_index_and_home_follow_their_pages(page, index_page, home):
    for url in (index_page.url, home.url):
        get(url)
    page.title = "Free Jane now"
    page.save_revision().publish()
    for url in (index_page.url, home.url):
        assert "Free Jane now" in get(url)[0].get_text()


def test_a_new_day_renders_anew(page, index_page):
    page.deadline = site_today() + datetime.timedelta(days=3)
    page.save_revision().publish()
    today = get(index_page.url)[0].select_one(".ua-badge").get_text(strip=True)
    tomorrow = site_today() + datetime.timedelta(days=1)
    with (
        mock.patch("ua_wagtail.pages.caching.site_today", return_value=tomorrow),
        mock.patch("ua_wagtail.utils.dates.site_today", return_value=tomorrow),
    ):
        later = get(index_page.url)[0].select_one(".ua-badge").get_text(strip=True)
    assert "3 days left" in today
    assert "2 days left" in later


def test_a_preview_is_never_kept_nor_served_from_a_copy(page):
    draft = UrgentActionPage.objects.get(pk=page.pk)
    draft.title = "A draft title"
    preview = draft.make_preview_request(preview_mode="")
    assert b"A draft title" in preview.content
    assert "public" not in preview["Cache-Control"]
    anonymous, _ = get(page.url)
    assert anonymous.h1.get_text() == page.title


def test_editors_get_a_fresh_render(page, admin_client):
    _, served = get(page.url)
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(page.url)
    assert len(queries) > served


def test_other_query_strings_are_other_copies(page):
    plain = get(page.url)[0]
    tracked = get(page.url + "?utm_source=newsletter")[0]
    assert str(plain) == str(tracked)


def test_no_shared_cache_no_copies(page, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    _, first = get(page.url)
    _, second = get(page.url)
    assert first == second  # rendered both times


def test_a_copy_lasts_the_pages_cache_seconds_at_most(page, settings):
    settings.UA_WAGTAIL_PAGE_CACHE_SECONDS = 30
    copies.clear()
    _, rendered = get(page.url)
    _, served = get(page.url)
    later = __import__("time").monotonic() + 31
    with mock.patch("ua_wagtail.pages.rendered.time.monotonic", return_value=later):
        _, again = get(page.url)
    assert served < rendered == again


def test_copies_are_bounded():
    kept = Copies(size=3)
    for number in range(5):
        kept.put(number, b"page")
    assert [kept.get(number) for number in range(5)] == [None, None] + [b"page"] * 3


@pytest.mark.parametrize(
    ("debug", "wanted", "kept"),
    [
        (False, None, True),
        (True, None, False),
        (True, True, True),
        (False, False, False),
    ],
)
def test_copies_are_kept_unless_debug_or_told_not_to(
    page, settings, debug, wanted, kept
):
    settings.DEBUG = debug
    settings.UA_WAGTAIL_PAGE_COPIES = wanted
    copies.clear()
    _, rendered = get(page.url)
    _, again = get(page.url)
    assert (again < rendered) == kept


def test_an_index_finds_its_action_in_one_query(page, index_page, rf):
    """And Wagtail's own route still finds (or not) anything else below it."""
    index = type(index_page).objects.get(pk=index_page.pk)
    with CaptureQueriesContext(connection) as queries:
        found = index.route(rf.get(page.url), [page.slug])
    assert len(queries) == 1
    assert found.page == page
    assert type(found.page) is UrgentActionPage
    with pytest.raises(Http404):
        index.route(rf.get("/"), ["no-such-action"])
    with pytest.raises(Http404):
        index.route(rf.get("/"), [page.slug, "below"])
    page.unpublish()
    with pytest.raises(Http404):
        index.route(rf.get("/"), [page.slug])


class TestTheAPIsBody:
    """The body's JSON is kept like the HTML, and is never another version's."""

    def body(self, page):
        response = Client().get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200
        return response.json()["body"]

    def targets(self, page) -> list[str]:
        return [
            item["name"]
            for block in self.body(page)
            if block["type"] == "targets"
            for item in block["value"]["targets"]
        ]

    def test_it_follows_a_target_edit_and_a_publish(self, index_page):
        from ..factories import UrgentActionPageFactory

        minister = TargetFactory(name="Minister Old")
        page = UrgentActionPageFactory(
            parent=index_page, slug="free-ana", body=targets_body([minister])
        )
        assert self.targets(page) == ["Minister Old"]
        with CaptureQueriesContext(connection) as served:
            self.targets(page)
        minister.name = "Minister New"
        minister.save()
        with CaptureQueriesContext(connection) as rendered:
            assert self.targets(page) == ["Minister New"]
        assert len(served) < len(rendered)
        page.body = targets_body([TargetFactory(name="Someone Else")])
        page.save_revision().publish()
        assert self.targets(page) == ["Someone Else"]

    def test_a_revision_is_not_served_the_live_body(self, page):
        from ua_wagtail.headless.fields import body

        live = self.body(page)
        draft = UrgentActionPage.objects.get(pk=page.pk)
        draft.body = targets_body([TargetFactory(name="Draft Minister")])
        shown = body(draft, {})
        assert "Draft Minister" in str(shown)
        assert "Draft Minister" not in str(self.body(page))
        assert self.body(page) == live


class TestAPageOfTheSitesOwnThatIsPersonal:
    """A site's templates may hold a form with a CSRF token or flash messages:
    such a page is this visitor's, so neither shared nor kept."""

    @pytest.fixture
    def own_template(self, settings, tmp_path):
        folder = tmp_path / "ua_wagtail"
        folder.mkdir()
        (folder / "urgent_action_page.html").write_text(
            '{% extends "ua_wagtail/urgent_action_page.html" %}'
            '{% block site_footer %}<form method="post">{% csrf_token %}</form>'
            "{% for message in messages %}<p>{{ message }}</p>{% endfor %}"
            "{% endblock %}"
        )
        settings.TEMPLATES = [
            {
                **settings.TEMPLATES[0],
                "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])],
            }
        ]

    def test_a_csrf_token_makes_it_private_and_unkept(self, own_template, ua_page):
        first = Client().get(ua_page.url)
        assert "csrftoken" in first.cookies
        assert "public" not in first["Cache-Control"]
        second = Client()
        second.cookies["csrftoken"] = "s" * 32  # a visitor with a token of their own
        again = second.get(ua_page.url)
        assert "public" not in again["Cache-Control"]
        assert len(copies.items) == 0

    def test_flash_messages_are_not_shown_to_others(self, own_template, ua_page):
        from django.contrib.messages.storage.cookie import CookieStorage

        alice = Client()
        storage = CookieStorage(RequestFactory().get("/"))
        response = HttpResponse()
        storage.add(20, "Welcome back, Alice")
        storage.update(response)
        alice.cookies["messages"] = response.cookies["messages"].value
        assert b"Welcome back, Alice" in alice.get(ua_page.url).content
        assert b"Welcome back, Alice" not in Client().get(ua_page.url).content


def test_tracking_parameters_share_a_copy_and_filters_do_not(page, index_page):
    _, served = get(page.url)
    _, tracked = get(page.url + "?utm_source=newsletter&utm_campaign=x")
    _, first = get(index_page.url + "?status=open&utm_source=a")
    _, same = get(index_page.url + "?utm_source=b&status=open")
    _, other = get(index_page.url + "?status=closed")
    assert tracked == served
    assert same < first and other > same  # another filter: rendered anew


def test_a_page_made_private_leaves_the_lists_at_once(page, index_page, home):
    from wagtail.models import PageViewRestriction

    for url in (index_page.url, home.url):
        assert page.title in get(url)[0].get_text()
    PageViewRestriction.objects.create(
        page=page,
        restriction_type="password",
        password="secret",  # noqa: S106
    )
    for url in (index_page.url, home.url):
        assert page.title not in get(url)[0].get_text()


def test_the_site_name_is_shown_as_the_page_language_translates_it(page):
    """The example site's name is a message of the package's catalog."""
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Urgent Actions"
    site.save()
    arabic = translated_copy(page, "ar")
    soup = get(arabic.url)[0]
    assert soup.select_one(".ua-site-name").get_text() == "التحركات العاجلة"
    meta = soup.select_one('meta[property="og:site_name"]')
    assert meta["content"] == "التحركات العاجلة"
