"""The editor's view of the seed Urgent Action in Wagtail's admin, and the Urgent
Actions listing with the state of its translations, in Chromium."""

import pytest

from ua_wagtail.models import UrgentActionPage

from .conftest import DESKTOP, sign_in

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


def test_listing_shows_the_state_of_each_translation(
    open_page, live_server, demo, artifacts
):
    source = UrgentActionPage.objects.get(locale__language_code="en")
    translations = {
        page.locale.language_code: page
        for page in source.get_translations().select_related("locale")
    }
    # The demo translates the seed into every other language of the example site.
    assert sorted(translations) == ["ar", "be", "es", "fr", "ru"]
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Urgent Actions", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/urgent_actions/")
    table = page.get_by_role("table")
    assert table.locator("tbody tr").count() == 6  # the seed in every language
    headers = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()]
    row = table.get_by_role("row").filter(has_text=source.title)
    cell = row.locator("td").nth(headers.index("Translations"))
    # One line per other language, in the order of their codes, each linked to the
    # translation's editor since all were published with the source's facts.
    items = cell.get_by_role("listitem").all_inner_texts()
    assert [" ".join(item.split()) for item in items] == [
        "Arabic: up to date (Edit Arabic)",
        "Belarusian: up to date (Edit Belarusian)",
        "Spanish: up to date (Edit Spanish)",
        "French: up to date (Edit French)",
        "Russian: up to date (Edit Russian)",
    ]
    for code, name in [("ar", "Arabic"), ("ru", "Russian")]:
        link = cell.get_by_role("link", name=f"Edit {name}")
        assert link.get_attribute("href") == (
            f"/admin/pages/{translations[code].pk}/edit/"
        )
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "admin-ua-translations.png")
    assert watch.foreign_requests == []
    assert watch.errors == []
