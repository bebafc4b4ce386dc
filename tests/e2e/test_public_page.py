"""The seed Urgent Action as a visitor sees it in Chromium, on a phone and a desktop."""

from io import StringIO

import pytest
from django.core.management import call_command

from ua_wagtail.models import UrgentActionPage

from .conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def seed_url(live_server):
    call_command("demo", stdout=StringIO())
    return UrgentActionPage.objects.get(locale__language_code="en").url


A4 = {"width": 794, "height": 1123}  # CSS pixels at 96 dpi


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "390"), (DESKTOP, "1280")])
def test_seed_page_fits_loads_nothing_foreign_and_has_no_errors(
    open_page, seed_url, artifacts, viewport, name
):
    page, response, watch = open_page(seed_url, viewport=viewport)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0, "the page scrolls sideways"
    assert watch.foreign_requests == []
    assert watch.errors == []
    assert page.locator("h1").inner_text().upper() == (
        "END TORTUROUS ISOLATION OF KALESNIKAVA"
    )
    assert page.get_by_role("button", name="Copy the letter").is_visible()
    page.screenshot(path=artifacts / f"ua-page-{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_translated_seed_page_fits_on_a_phone(open_page, seed_url, artifacts, language):
    action = UrgentActionPage.objects.get(locale__language_code=language)
    page, response, watch = open_page(action.url)
    assert response.status == 200
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # Right to left, the title starts at the right edge.
    title = page.locator("h1").bounding_box()
    if language == "ar":
        assert title["x"] + title["width"] > PHONE["width"] - 40
    assert overflow(page) == 0, "the page scrolls sideways"
    assert watch.foreign_requests == []
    assert watch.errors == []
    page.screenshot(path=artifacts / f"ua-page-{language}-390.png")


def test_seed_page_works_without_javascript(open_page, seed_url, artifacts):
    page, response, _ = open_page(seed_url, javascript=False)
    assert response.status == 200
    # The copy button needs the script, so it stays hidden; the email link works.
    assert not page.get_by_role("button", name="Copy the letter").is_visible()
    email = page.get_by_role("link", name="Email the letter to Lt.-Gen. Ivan Kubrakou")
    assert email.get_attribute("href").startswith("mailto:uzgs@mvd.gov.by?cc=")
    assert page.locator(".ua-letter-text").is_visible()


def test_copy_button_copies_the_letter(open_page, seed_url, live_server):
    page, _, _ = open_page(seed_url, permissions=["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the letter").click()
    status = page.locator("[data-ua-copy-status]")
    status.wait_for(state="visible")
    assert "Letter copied" in status.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Dear Minister,")
    assert copied.rstrip().endswith("Yours sincerely,")


def test_skip_link_is_the_first_stop_and_visible_on_focus(open_page, seed_url):
    page, _, _ = open_page(seed_url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    box = page.locator(".ua-skip-link").bounding_box()
    assert box["y"] >= 0


def test_print_shows_letter_and_addresses_without_buttons(
    open_page, seed_url, artifacts
):
    page, _, _ = open_page(seed_url, viewport=DESKTOP)
    page.emulate_media(media="print")
    assert page.locator(".ua-letter-text").is_visible()
    assert page.locator(".ua-target-address").first.is_visible()
    assert not page.locator(".ua-letter-actions").is_visible()
    assert not page.locator(".ua-site-header").is_visible()
    page.pdf(path=artifacts / "ua-page-print.pdf")
    page.set_viewport_size(A4)  # the letter as it comes out of the printer
    page.locator(".ua-letter").screenshot(path=artifacts / "ua-letter-print.png")


def test_index_lists_the_seed_action(open_page, seed_url, artifacts):
    index_url = seed_url.rsplit("/", 2)[0] + "/"
    page, response, watch = open_page(index_url)
    assert response.status == 200
    assert page.get_by_role("link", name="End torturous isolation of Kalesnikava")
    assert overflow(page) == 0
    assert watch.foreign_requests == []
    page.screenshot(path=artifacts / "ua-index-390.png", full_page=True)
