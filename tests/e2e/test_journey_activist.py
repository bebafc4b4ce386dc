"""An activist on a 390-px phone, in English and in Arabic, with JavaScript on and
off: copies the letter, checks the email link, reports two emails and one letter
with only the keyboard, and sees the total rise. After the deadline, the page
says the action is closed and why it no longer takes reports."""

import datetime
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from ua_wagtail.conf import ua_settings
from ua_wagtail.letters.text import letter_text
from ua_wagtail.models import UrgentActionPage
from ua_wagtail.targets.blocks import recipients
from ua_wagtail.utils.dates import site_today
from ua_wagtail.utils.formatting import long_date

from .conftest import total

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TAB_STOPS = 200


def seed(language):
    return UrgentActionPage.objects.get(locale__language_code=language)


def blocks(action, block_type):
    return [block.value for block in action.body if block.block_type == block_type]


def tab_to(page, selector):
    """Presses Tab until ``selector`` has the focus, as a keyboard user moves on;
    fails if the element cannot be reached or shows no visible focus."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            outline = page.evaluate(
                "getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline != "none", f"{selector} has no visible focus"
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


def check_email_link(page, action):
    """The official's link opens a mail with the recipient, the CC, the page's
    title as subject and the letter as body."""
    officials, copies = recipients(blocks(action, "targets")[0]["targets"])
    letter = blocks(action, "sample_letter")[0]
    href = page.locator('.ua-letter-actions a[href^="mailto:"]').first
    url = urlsplit(href.get_attribute("href"))
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert unquote(url.path) == officials[0].email
    assert query["cc"].split(",") == [c.email for c in copies]
    assert query["subject"] == action.title
    assert query["body"] == letter_text(
        letter["salutation"], letter["body"].source, letter["closing"]
    )
    return query["body"]


def check_letter_can_be_copied(page, javascript, expected):
    if not javascript:
        # No script, no copy button: the letter is there to select by hand.
        assert not page.locator("[data-ua-copy]").is_visible()
        assert page.locator(".ua-letter-text").is_visible()
        return
    tab_to(page, "[data-ua-copy]")
    page.keyboard.press("Enter")
    page.locator("[data-ua-copy-status]").filter(has_text=re.compile(".")).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert " ".join(copied.split()) == " ".join(expected.split())


def report_with_keyboard(page, counts):
    for action_type, count in counts.items():
        tab_to(page, f"#id_action_{action_type}")
        page.keyboard.type(str(count))
    tab_to(page, ".ua-report-form [type=submit]")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_activist_copies_emails_and_reports(
    open_page, demo, live_server, artifacts, language, javascript
):
    action = seed(language)
    page, response, watch = open_page(
        action.url,
        javascript=javascript,
        permissions=["clipboard-read", "clipboard-write"],
    )
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr"
    )
    body = check_email_link(page, action)
    check_letter_can_be_copied(page, javascript, body)
    before = total(page)

    report_with_keyboard(page, {"letter": 1, "email": 2})

    thanks = page.locator(".ua-thanks")
    expect(thanks).to_be_focused()
    assert total(page) == before + 3
    assert ("?reported=1" in page.url) is not javascript
    if language == "ar" and javascript:
        thanks.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "ua-thanks-ar-390.png")
    # Every translation counts towards one total.
    other = seed("ar" if language == "en" else "en")
    page.goto(live_server.url + other.url)
    assert total(page) == before + 3
    assert watch.foreign_requests == []


def test_after_the_deadline_the_action_is_closed(open_page, demo, artifacts):
    action = seed("en")
    deadline = site_today() - datetime.timedelta(days=ua_settings.REPORT_GRACE_DAYS + 1)
    for page_obj in UrgentActionPage.objects.filter(
        translation_key=action.translation_key
    ):
        page_obj.deadline = deadline
        page_obj.save_revision().publish()

    page, response, _ = open_page(action.url, javascript=False)
    assert response.status == 200
    banner = page.locator(".ua-deadline")
    assert "closed" in banner.get_attribute("class")
    assert (
        page.locator(".ua-deadline-text").inner_text()
        == (blocks(action, "deadline_banner")[0]["closed_text"])
    )
    assert not page.get_by_text("Add the deadline to your calendar").count()
    report = page.locator("#report")
    assert not report.locator("form").count()
    assert report.locator(".ua-closed").inner_text() == (
        f"This Urgent Action closed on {long_date(deadline)} and no longer "
        "accepts reports."
    )
    report.screenshot(path=artifacts / "ua-closed-report-390.png")
