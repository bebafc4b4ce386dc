"""Which languages an Urgent Action is in, and whether each is up to date."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.translation.status import translation_statuses

from ..localize import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(ua_page):
    for code in ("ar", "es", "fr", "ru"):
        Locale.objects.get_or_create(language_code=code)
    translate(ua_page, "fr")
    translate(ua_page, "ru")
    translate(ua_page, "es").unpublish()
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
    translate(source, "fr")  # synced and published
    assert states(source)["fr"] == "up_to_date"
    assert states(source)["ru"] == "out_of_date"


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
    for label in ("up to date", "missing", "not published"):
        assert f"<strong>{label}</strong>" in html
    assert (
        f'href="/admin/localize/submit/page/{source.pk}/">Translate into Arabic</a>'
        in html
    )
    source.save_revision().publish()  # the source changes: French and Russian lag
    html = client.get("/admin/urgent_actions/").content.decode()
    assert "<strong>out of date</strong>" in html and ">Sync French</a>" in html


def test_statuses_of_a_whole_listing_take_three_queries(
    source, django_assert_num_queries
):
    from ua_wagtail.translation.status import statuses_of

    from ..factories import UrgentActionPageFactory

    pages = [source]
    for n in range(4):
        page = UrgentActionPageFactory(parent=source.get_parent(), slug=f"more-{n}")
        translate(page, "fr")
        pages.append(UrgentActionPage.objects.get(pk=page.pk))
    with django_assert_num_queries(3):
        statuses = statuses_of(pages)
    assert [s.state for s in statuses[pages[-1].pk]] == [
        "missing",
        "missing",
        "up_to_date",
        "missing",
    ]
