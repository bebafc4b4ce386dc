"""The editor's view of the seed Urgent Action in Wagtail's admin, and the Urgent
Actions listing with the state of its translations, in Chromium."""

import datetime

import pytest
from wagtail.models import Locale

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.reports import tallies
from ua_wagtail.utils.dates import site_today

from ..factories import UrgentActionPageFactory
from ..localize import translate, translate_fully
from .conftest import DESKTOP, open_admin, sign_in
from .test_accessibility import AXE, TAGS, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_editor_sees_the_tabs_and_blocks(open_page, live_server, demo, artifacts):
    page_obj = UrgentActionPage.objects.get(locale__language_code="en")
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)

    page.goto(f"{live_server.url}/admin/pages/{page_obj.pk}/edit/")
    for tab in ["Action", "Person", "Letter", "Promote"]:
        assert page.get_by_role("tab", name=tab).is_visible()
    assert page.get_by_text("Sample letter").first.is_visible()
    page.screenshot(path=artifacts / "admin-edit-ua.png", full_page=False)

    page.get_by_role("tab", name="Person").click()
    assert page.locator("#id_subject_name").input_value() == "Maryia Kalesnikava"
    assert watch.foreign_requests == []


def more_actions(source):
    """Beside the seed, a closed Urgent Action and one that is partly in French."""
    index = source.get_parent()
    closed = UrgentActionPageFactory(
        parent=index,
        title="Release the students of Minsk",
        deadline=site_today() - datetime.timedelta(days=20),
    )
    translate_fully(closed, "fr")
    soon = UrgentActionPageFactory(
        parent=index,
        title="Stop the execution of a protester",
        deadline=site_today() + datetime.timedelta(days=3),
        country="IR",
    )
    translate(soon, "fr", {soon.title: "Arrêtez l’exécution d’un manifestant"})
    tallies.add(soon.translation_key, "FR", {"letter": 12, "email": 30})


def open_listing(open_page, live_server, demo, language="en"):
    return open_admin(open_page, live_server, demo, "/admin/urgent_actions/", language)


def test_listing_shows_one_row_per_action_with_its_languages(
    open_page, live_server, demo, artifacts
):
    source = UrgentActionPage.objects.get(locale__language_code="en")
    more_actions(source)
    page, watch = open_listing(open_page, live_server, demo)
    table = page.locator("table.listing")
    rows = table.locator("tbody tr")
    # One row per Urgent Action (the seed is in six languages), soonest deadline
    # first.
    assert rows.count() == 3
    titles = [rows.nth(n).locator("td.title a").first.inner_text() for n in range(3)]
    assert titles == [
        "Release the students of Minsk",
        "Stop the execution of a protester",
        source.title,
    ]
    headers = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()]
    seed = rows.nth(2)
    cell = seed.locator("td").nth(headers.index("Languages"))
    # Its own language, then each other one in the order of their codes, each
    # linked to the translation's editor since all were published fully translated.
    items = [
        " ".join(i.split()) for i in cell.get_by_role("listitem").all_text_contents()
    ]
    assert items == [
        "English: original",
        "Arabic: up to date",
        "Belarusian: up to date",
        "Spanish: up to date",
        "French: up to date",
        "Russian: up to date",
    ]
    arabic = source.get_translation(Locale.objects.get(language_code="ar"))
    link = cell.get_by_role("link", name="Arabic: up to date")
    assert link.get_attribute("href") == f"/admin/pages/{arabic.pk}/edit/"
    soon = rows.nth(1).locator("td")
    languages = soon.nth(headers.index("Languages")).text_content()
    assert "French: partly translated (20%)" in " ".join(languages.split())
    assert soon.nth(headers.index("Status")).text_content().strip() == "Closing soon"
    assert soon.nth(headers.index("Reported actions")).inner_text().strip() == "42"
    page.screenshot(path=artifacts / "urgent-actions-listing.png")
    assert watch.foreign_requests == []
    assert watch.errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_listing_has_no_axe_violations(open_page, live_server, demo, language):
    more_actions(UrgentActionPage.objects.get(locale__language_code="en"))
    page, _watch = open_listing(open_page, live_server, demo, language)
    assert page.locator("html").get_attribute("lang").startswith(language)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_import_form_and_the_officials_have_no_axe_violations(
    open_page, live_server, demo, language
):
    """The screens issue 18 changed: the import form (with its warnings' text),
    and the editor's officials to write to (Wagtail's editor around them is
    Wagtail's own)."""
    page, _watch = open_listing(open_page, live_server, demo, language)
    page.goto(f"{live_server.url}/admin/ua-wagtail/import/")
    page.wait_for_load_state("networkidle")
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], describe(results.response["violations"])
    # The source's editor (a translation opens the translation editor instead),
    # in the admin's language.
    seed = UrgentActionPage.objects.get(locale__language_code="en")
    page.goto(f"{live_server.url}/admin/pages/{seed.pk}/edit/")
    page.wait_for_load_state("networkidle")
    officials = "[data-contentpath='body'] [data-contentpath='targets']"
    page.locator(officials).first.wait_for()
    results = AXE.run(
        page,
        context=officials,
        options={"runOnly": {"type": "tag", "values": TAGS}},
    )
    assert not results.response["violations"], describe(results.response["violations"])
