"""Which languages an Urgent Action is in, and whether each is up to date."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.translation.status import (
    progress_of,
    status_of_version,
    translation_statuses,
)

from ..localize import translate, translate_fully

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(ua_page):
    for code in ("ar", "es", "fr", "ru"):
        Locale.objects.get_or_create(language_code=code)
    translate_fully(ua_page, "fr")
    translate_fully(ua_page, "ru")
    translate_fully(ua_page, "es").unpublish()
    return UrgentActionPage.objects.get(pk=ua_page.pk)


def states(page):
    return {s.locale.language_code: s.state for s in translation_statuses(page)}


def test_each_language_has_a_state(source):
    assert states(source) == {
        "ar": "missing",
        "es": "draft",
        "fr": "up_to_date",
        "ru": "up_to_date",
    }


def test_a_source_change_puts_its_translations_out_of_date_until_synced(source):
    source.summary = "A new development."
    source.save_revision().publish()
    source = UrgentActionPage.objects.get(pk=source.pk)
    assert states(source)["fr"] == "out_of_date"
    translate_fully(source, "fr")  # synced and published
    assert states(source)["fr"] == "up_to_date"
    assert states(source)["ru"] == "out_of_date"


def translate_strings(page, language_code, count):
    """``count`` of the page's strings translated into the language, as a
    translator types them in wagtail-localize's editor."""
    locale = Locale.objects.get(language_code=language_code)
    segments = StringSegment.objects.filter(
        source__object_id=page.translation_key, source__locale=page.locale
    ).select_related("string")
    for segment in segments[:count]:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"[{language_code}] {segment.string.data}"},
        )
    return segments.count()


def test_a_live_translation_in_the_source_s_words_is_not_translated(source):
    arabic = translate(source, "ar")  # published with no string translated
    assert arabic.live
    (status,) = [s for s in translation_statuses(source) if s.state == "not_translated"]
    assert (status.locale.language_code, status.percent) == ("ar", 0)
    assert str(status.label) == "not translated"


def test_partly_translated_then_up_to_date_once_translated_and_published(source):
    arabic = translate(source, "ar")
    arabic.unpublish()
    total = translate_strings(source, "ar", 2)
    (status,) = [
        s for s in translation_statuses(source) if s.locale.language_code == "ar"
    ]
    percent = 2 * 100 // total
    assert (status.state, status.percent) == ("partly_translated", percent)
    assert str(status.label) == f"partly translated ({percent}%)"
    translate_strings(source, "ar", total)
    assert states(source)["ar"] == "draft"  # every string, not yet published
    translate(source, "ar")  # synced and published
    assert states(source)["ar"] == "up_to_date"


def test_progress_of_many_is_wagtail_localize_s_own(source):
    translate(source, "ar")
    translate_strings(source, "ar", 3)
    translations = Translation.objects.filter(source__object_id=source.translation_key)
    assert progress_of(translations) == {
        (t.source_id, t.target_locale_id): t.get_progress() for t in translations
    }


def test_a_version_knows_its_own_state(source):
    assert status_of_version(source) is None  # the source
    french = source.get_translation(Locale.objects.get(language_code="fr"))
    assert (status_of_version(french).state, status_of_version(french).percent) == (
        "up_to_date",
        100,
    )
    arabic = translate(source, "ar")
    assert status_of_version(arabic).state == "not_translated"


def test_each_state_links_to_the_next_step(source):
    links = {s.locale.language_code: s.url for s in translation_statuses(source)}
    assert links["ar"] == f"/admin/localize/submit/page/{source.pk}/"
    assert links["fr"].startswith("/admin/pages/") and links["fr"].endswith("/edit/")
    assert links["es"].endswith("/edit/")  # publish the draft


def test_the_admin_listing_shows_the_states(client, source):
    admin = get_user_model().objects.create_superuser("admin", "", "x")
    client.force_login(admin)
    response = client.get("/admin/urgent_actions/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("French: up to date", "Arabic: missing", "Spanish: not published"):
        assert f"{label}</a>" in html
    assert f'href="/admin/localize/submit/page/{source.pk}/"' in html
    source.save_revision().publish()  # the source changes: French and Russian lag
    html = client.get("/admin/urgent_actions/").content.decode()
    assert (
        'title="Sync French" data-state="out_of_date">French: out of date</a>' in html
    )


def test_statuses_of_a_whole_listing_take_four_queries(
    source, django_assert_num_queries
):
    from ua_wagtail.translation.status import statuses_of

    from ..factories import UrgentActionPageFactory

    pages = [source]
    for n in range(4):
        page = UrgentActionPageFactory(parent=source.get_parent(), slug=f"more-{n}")
        translate(page, "fr")
        pages.append(UrgentActionPage.objects.get(pk=page.pk))
    with django_assert_num_queries(4):
        statuses = statuses_of(pages)
    assert [s.state for s in statuses[pages[-1].pk]] == [
        "missing",
        "missing",
        "not_translated",
        "missing",
    ]


def test_a_row_that_is_a_translation_compares_languages_with_their_source(source):
    """A translator's listing shows the version they may see (here French): each
    other language is still compared with what it is synced from (English)."""
    from ua_wagtail.translation.status import statuses_of

    translate(source, "ar")  # from English, no string translated yet
    french = source.get_translation(Locale.objects.get(language_code="fr"))
    states = {s.locale.language_code: s.state for s in statuses_of([french])[french.pk]}
    assert states == {
        "ar": "not_translated",
        "en": "up_to_date",
        "es": "draft",
        "ru": "up_to_date",
    }
