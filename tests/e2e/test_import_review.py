"""The review of an import in Chromium, left to right and right to left: the
values beside their lines, marked; the document's text opened from its summary,
lines read and lines not placed told apart; no axe violations either way."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from ..importer.test_review import LINES, stored_import
from .conftest import DESKTOP, FADED_IN, sign_in
from .test_accessibility import AXE, TAGS, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_review_marks_what_was_read(
    open_page, live_server, index_page, language, artifacts
):
    admin = get_user_model().objects.create_superuser("admin", password="pw")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    stored = stored_import(index_page, user=admin)
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", "pw")
    page.goto(f"{live_server.url}/admin/ua-wagtail/import/{stored.pk}/")
    direction = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("dir") == direction
    marks = page.locator("main mark")
    expect(marks).to_have_count(5)  # title, number, deadline, email, name
    expect(marks.first).to_have_text("Free Jane Doe")
    # Black on yellow (the browser's own), whatever the admin's theme.
    colours = marks.first.evaluate(
        "m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 0)"]
    document = page.locator("details.ua-document")
    lines = document.locator("ol > li")
    expect(lines.first).to_be_hidden()
    document.locator("summary").click()
    expect(lines).to_have_count(len(LINES))
    expect(lines.nth(6)).to_be_visible()
    bars = [
        lines.nth(n).evaluate(
            "li => [getComputedStyle(li).borderInlineStartStyle,"
            " getComputedStyle(li).borderInlineStartColor]"
        )
        for n in (1, 2, 6)
    ]
    assert [style for style, _colour in bars] == ["solid", "solid", "dashed"]
    assert bars[1][1] == "rgba(0, 0, 0, 0)" != bars[0][1]  # a blank line: no bar
    # The messages fade in: axe would measure them half transparent.
    page.evaluate(FADED_IN)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], describe(results.response["violations"])
    page.screenshot(path=artifacts / f"admin-import-review-marks-{language}.png")
    assert watch.foreign_requests == []
    assert watch.errors == []
