"""What each change purges from a front-end cache (ua_wagtail.caching), recorded
by a fake backend; tests/caching/test_varnish.py purges a real Varnish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published

from tests.factories import (
    TargetFactory,
    UrgentActionIndexPageFactory,
    UrgentActionPageFactory,
    targets_body,
)
from tests.localize import translate
from tests.processes import ROOT, python
from ua_wagtail.caching import handlers
from ua_wagtail.models import Target, UrgentActionPage

from .conftest import RecordingBackend

SITE = "http://localhost"


def documents(page) -> set[str]:
    """The page served by id: the APIs' detail views, an action's reminder."""
    urls = {f"{SITE}/api/v2/pages/{page.pk}/", f"{SITE}/api/v3/pages/{page.pk}/"}
    if isinstance(page.specific, UrgentActionPage):
        urls.add(f"{SITE}/ua/actions/{page.pk}/reminder.ics")
    return urls


def listing(path) -> set[str]:
    """An index with fewer actions than a page holds: itself and ?page=1."""
    return {SITE + path, f"{SITE}{path}?page=1"}


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def target(ua_page):
    return ua_page.recipients.to[0]


def test_the_reference_index_records_a_target_chosen_in_the_body(ua_page, target):
    """Target edits find their pages through it (a snippet chooser in a list in
    a struct in the body)."""
    references = ReferenceIndex.get_references_to(target)
    assert [(r.object_id, r.model_path) for r in references] == [
        (str(ua_page.pk), "body.targets.targets.item.target")
    ]


def test_publishing_an_action_purges_it_its_listings_and_its_documents(purges, ua_page):
    assert purges.during(lambda: publish(ua_page)) == {
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_unpublishing_purges_the_same(purges, ua_page):
    assert purges.during(ua_page.unpublish) == {
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_deleting_a_live_action_purges_it_first(purges, ua_page):
    """Wagtail unpublishes a live page before deleting it (a pre_delete
    receiver): the URLs are worked out while the page is still there."""
    assert purges.during(ua_page.delete) == {
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_a_listing_is_purged_page_by_page(purges, ua_page, index_page, settings):
    """Up to one page past the last, for an action just unpublished."""
    settings.UA_WAGTAIL_INDEX_PAGE_SIZE = 2
    UrgentActionPageFactory(parent=index_page)
    purged = purges.during(lambda: publish(ua_page))
    pages = {url for url in purged if "?page=" in url}
    assert pages == {f"{SITE}/urgent-actions/?page={n}" for n in (1, 2)}


def test_publishing_a_translation_purges_it_and_every_language(purges, ua_page):
    french = translate(ua_page, "fr")
    purged = purges.during(lambda: publish(french))
    assert purged >= {
        # the translation, its listings in French and its documents
        f"{SITE}/fr/urgent-actions/free-jane/",
        *listing("/fr/urgent-actions/"),
        f"{SITE}/fr/",
        *documents(french),
        # the source, whose language switcher lists it, and its listings
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_a_source_published_purges_its_translations(purges, ua_page):
    french = translate(ua_page, "fr")
    purged = purges.during(lambda: publish(ua_page))
    assert {f"{SITE}/fr/urgent-actions/free-jane/", *documents(french)} <= purged


def test_a_draft_translation_is_not_purged(purges, ua_page):
    french = translate(ua_page, "fr")
    french.unpublish()
    purged = purges.during(lambda: publish(ua_page))
    assert f"{SITE}/fr/urgent-actions/free-jane/" not in purged
    assert not documents(french) & purged


def test_moving_an_action_purges_its_old_and_new_urls_and_listings(
    purges, ua_page, home
):
    """(wagtail.contrib.redirects, when it makes a redirect, purges the old path
    too, without its trailing slash as well.)"""
    other = UrgentActionIndexPageFactory(parent=home, slug="closed")
    purged = purges.during(lambda: ua_page.move(other, pos="last-child"))
    assert purged - {f"{SITE}/urgent-actions/free-jane"} == {
        f"{SITE}/urgent-actions/free-jane/",
        f"{SITE}/closed/free-jane/",
        *listing("/urgent-actions/"),
        *listing("/closed/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_moving_an_index_purges_its_actions_old_and_new_urls(
    purges, ua_page, index_page, home
):
    other = UrgentActionIndexPageFactory(parent=home, slug="campaigns")
    purged = purges.during(lambda: index_page.move(other, pos="last-child"))
    assert {
        f"{SITE}/urgent-actions/free-jane/",
        f"{SITE}/campaigns/urgent-actions/free-jane/",
        *documents(ua_page),
        *listing("/urgent-actions/"),
        *listing("/campaigns/urgent-actions/"),
        *listing("/campaigns/"),
        f"{SITE}/",
    } <= purged


def test_reordering_purges_nothing(purges, ua_page, index_page):
    UrgentActionPageFactory(parent=index_page)
    assert purges.during(lambda: ua_page.move(index_page, pos="last-child")) == set()


def test_publishing_an_index_purges_its_listings_and_the_home(
    purges, ua_page, index_page
):
    assert purges.during(lambda: publish(index_page)) == {
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(index_page),
    }


def test_an_action_that_links_to_a_changed_one_is_purged(purges, ua_page, index_page):
    """The next action in a series links to the previous one."""
    follow_up = UrgentActionPageFactory(
        parent=index_page, slug="free-jane-2", previous_action_page=ua_page
    )
    purged = purges.during(ua_page.unpublish)
    assert {f"{SITE}/urgent-actions/free-jane-2/", *documents(follow_up)} <= purged


def test_editing_a_target_purges_the_pages_that_choose_it(
    purges, ua_page, index_page, target
):
    UrgentActionPageFactory(parent=index_page)  # with another target

    def edit():
        target.position = "Prosecutor General"
        target.save()

    assert purges.during(edit) == {
        f"{SITE}/urgent-actions/free-jane/",
        *documents(ua_page),
    }


def test_a_targets_translation_purges_the_pages_that_show_it(purges, ua_page, target):
    """Translations of a page keep the source's target and show it in their
    language's version: its edit changes them."""
    french = translate(ua_page, "fr")
    french_target = translate(target, "fr")

    def edit():
        french_target.position = "Procureur général"
        french_target.save()

    assert purges.during(edit) >= {
        f"{SITE}/fr/urgent-actions/free-jane/",
        *documents(french),
    }


def test_deleting_a_target_purges_the_pages_that_chose_it(purges, ua_page, target):
    assert purges.during(target.delete) == {
        f"{SITE}/urgent-actions/free-jane/",
        *documents(ua_page),
    }


def test_a_new_target_purges_nothing(purges, ua_page):
    assert purges.during(TargetFactory) == set()


def test_without_a_front_end_cache_nothing_is_worked_out(
    ua_page, target, django_assert_num_queries
):
    with django_assert_num_queries(0):
        handlers.page_changed(UrgentActionPage, instance=ua_page)
        handlers.target_changed(Target, instance=target)


def queries(change) -> int:
    with CaptureQueriesContext(connection) as captured:
        change()
    return len(captured)


def test_a_targets_cost_does_not_grow_with_its_pages(purges, index_page):
    """A target on many pages costs the same few queries as on one."""
    target, other = TargetFactory(), TargetFactory()
    for n in range(6):
        UrgentActionPageFactory(
            parent=index_page, body=targets_body([target if n else other])
        )
    handlers.target_changed(Target, instance=other)  # Wagtail caches its sites
    costs = [
        queries(lambda t=t: handlers.target_changed(Target, instance=t))
        for t in (other, target)
    ]
    assert costs[0] == costs[1] == 3  # translations, references, pages
    assert len(purges.during(lambda: target.save())) == 5 * 4  # its URL, 3 documents


def test_an_actions_cost_does_not_grow_with_its_family(purges, ua_page, index_page):
    """An event costs the same queries with one page in the family and links to
    it as with several: one per step, one count per index listing."""
    lone = UrgentActionPageFactory(parent=index_page)
    UrgentActionPageFactory(parent=index_page, previous_action_page=lone)
    translate(ua_page, "fr")
    translate(ua_page, "es")
    for n in range(3):
        UrgentActionPageFactory(
            parent=index_page, slug=f"follow-up-{n}", previous_action_page=ua_page
        )
    handlers.page_changed(UrgentActionPage, instance=lone)  # Wagtail caches sites
    alone = queries(lambda: handlers.page_changed(UrgentActionPage, instance=lone))
    crowded = queries(lambda: handlers.page_changed(UrgentActionPage, instance=ua_page))
    # Two more listings (the French and Spanish indexes) count their actions.
    assert alone == 5  # family, ancestors, references, pages, a count
    assert crowded == alone + 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_page_is_purged_once(settings, ua_page):
    """Wagtail purges the published page itself: not again here."""
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.caching.conftest.RecordingBackend"}
    }
    RecordingBackend.purged.clear()
    publish(ua_page)
    assert RecordingBackend.purged.count(f"{SITE}/urgent-actions/free-jane/") == 1
    assert f"{SITE}/urgent-actions/" in RecordingBackend.purged


def test_receivers_only_act_on_urgent_action_pages(purges, home):
    """The home page is the site's: Wagtail purges it, nothing more."""
    assert page_published.has_listeners()
    assert purges.during(lambda: publish(home)) == {f"{SITE}/"}


def test_nothing_is_connected_without_wagtails_frontend_cache_app(tmp_path):
    (tmp_path / "no_frontend_cache.py").write_text(
        "from tests.settings import *  # noqa: F403\n"
        "from tests.settings import INSTALLED_APPS\n"
        "INSTALLED_APPS = [a for a in INSTALLED_APPS"
        " if a != 'wagtail.contrib.frontend_cache']\n"
    )
    done = python(
        "-c",
        "import sys, django; django.setup()\n"
        "from wagtail.signals import page_published\n"
        "keys = [key for (key, _sender), *_ in page_published.receivers]\n"
        "assert 'ua_wagtail.caching.published' not in keys, keys\n"
        "assert 'ua_wagtail.caching.handlers' not in sys.modules\n"
        "print('idle')",
        DJANGO_SETTINGS_MODULE="no_frontend_cache",
        PYTHONPATH=f"{ROOT}:{tmp_path}",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["idle"]


def test_a_target_edited_in_the_admin_purges_after_the_commit(
    purges, admin_client, ua_page, target
):
    """The snippet's edit view saves in a transaction: the purge waits for it."""
    url = reverse("wagtailsnippets_ua_wagtail_target:edit", args=[target.pk])
    data = {
        "honorific": "Mr.",
        "name": target.name,
        "position": "Prosecutor General",
        "organisation": "",
        "salutation": "Dear Prosecutor",
        "address": target.address,
        "country": "BY",
        "email": target.email,
        "fax": "",
        "phone": "",
        "x_handle": "",
        "facebook": "",
        "preferred_languages": "Russian, English",
    }

    def edit():
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content[:2000]

    assert purges.during(edit) == {
        f"{SITE}/urgent-actions/free-jane/",
        *documents(ua_page),
    }


def test_a_page_deleted_in_the_admin_is_purged_with_its_listings(
    purges, admin_client, ua_page
):
    url = reverse("wagtailadmin_pages:delete", args=[ua_page.pk])

    def delete():
        assert admin_client.post(url).status_code == 302

    assert purges.during(delete) == {
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }


def test_making_an_action_private_purges_it_its_listings_and_documents(
    purges, ua_page, admin_client
):
    """Wagtail's privacy screen saves the restriction only, not the page; so
    does making it public again."""
    everything = {
        f"{SITE}/urgent-actions/free-jane/",
        *listing("/urgent-actions/"),
        f"{SITE}/",
        *documents(ua_page),
    }
    url = f"/admin/pages/{ua_page.pk}/privacy/"
    private = {"restriction_type": "password", "password": "secret"}
    assert purges.during(lambda: admin_client.post(url, private)) == everything
    public = {"restriction_type": "none"}
    assert purges.during(lambda: admin_client.post(url, public)) == everything


def test_making_an_index_private_purges_its_actions_too(purges, ua_page, index_page):
    from wagtail.models import PageViewRestriction

    purged = purges.during(
        lambda: PageViewRestriction.objects.create(
            page=index_page, restriction_type="login"
        )
    )
    assert f"{SITE}/urgent-actions/free-jane/" in purged
    assert f"{SITE}/" in purged
