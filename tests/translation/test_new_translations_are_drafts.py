"""A new translation of an Urgent Action or an index starts as a draft, whatever
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE`` says; other pages follow it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.urls import reverse
from wagtail.models import Locale, Page

from ua_wagtail.models import UrgentActionPage

from ..localize import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def translate_in_admin(client, django_capture_on_commit_callbacks):
    """An admin's "Translate this page" into a language; the new version back.
    What wagtail-localize does once the transaction commits is run."""
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    return lambda page, code: submit(
        client, django_capture_on_commit_callbacks, page, code
    )


def submit(client, on_commit, page, language_code):
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    with on_commit(execute=True):
        assert client.post(url, {"locales": [locale.pk]}).status_code == 302
    return Page.objects.get(translation_key=page.translation_key, locale=locale)


@pytest.mark.parametrize("sync_live", [True, False])
def test_a_new_urgent_action_translation_is_a_draft(
    translate_in_admin, settings, ua_page, sync_live
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = sync_live
    assert ua_page.live
    french = translate_in_admin(ua_page, "fr")
    assert not french.live and french.has_unpublished_changes
    assert french.get_latest_revision() is not None  # ready to review and publish
    french.get_latest_revision().publish()
    assert UrgentActionPage.objects.get(pk=french.pk).live


@pytest.mark.parametrize("sync_live", [True, False])
def test_a_new_index_translation_is_a_draft(
    translate_in_admin, settings, index_page, sync_live
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = sync_live
    assert index_page.live
    assert not translate_in_admin(index_page, "fr").live


def test_other_pages_follow_the_setting(translate_in_admin, settings, index_page):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    home = index_page.get_parent()
    assert home.live and translate_in_admin(home, "fr").live


def test_syncing_an_existing_translation_still_publishes(ua_page):
    french = translate(ua_page, "fr")
    assert french.live
    ua_page.summary = "A new development."
    ua_page.save_revision().publish()
    assert translate(ua_page, "fr").summary == "A new development."


def test_the_check_says_why_the_setting_still_matters(settings):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    (warning,) = [m for m in run_checks() if m.id == "ua_wagtail.W005"]
    assert "Urgent Actions and their indexes are kept as drafts" in warning.msg
    assert "other pages" in warning.msg
