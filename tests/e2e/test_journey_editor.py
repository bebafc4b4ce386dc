"""An editor's journey in Chromium: a new Urgent Action from the admin to the site.

The editor signs in, adds an Urgent Action below the index, fills it in (two
targets from the snippet chooser, one of them as CC, the sample letter, the
deadline), saves a draft, looks at the preview, publishes, and finds the action on
the public index and on its own page.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.utils.dates import site_today
from ua_wagtail.utils.formatting import long_date

from .conftest import DESKTOP, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Release Jane Doe now"
LETTER = "Release Jane Doe immediately and unconditionally."
# The demo's two targets.
MINISTER = "Lt.-Gen. Ivan Kubrakou"
MINISTER_EMAIL = "uzgs@mvd.gov.by"
EMBASSY = "Mr. Pavel Shidlovsky"
EMBASSY_EMAIL = "usa@mfa.gov.by"


def choose_target(page, targets, search, name, other):
    """Adds an item to the targets list and picks ``name`` in the chooser modal,
    once a search for ``search`` has left ``other`` out."""
    targets.get_by_role("button", name="Add").last.click()
    # Only the new item's button is visible: chosen items hide theirs.
    targets.get_by_role("button", name="Choose target").click()
    dialog = page.get_by_role("dialog")
    # The listing comes with the search field; the search's results replace it.
    dialog.get_by_role("textbox", name="Search term").fill(search)
    expect(dialog.get_by_role("link", name=re.compile(re.escape(other)))).to_have_count(
        0
    )
    # Name, position and organisation, each in its own column.
    expect(dialog.get_by_role("columnheader")).to_have_text(
        ["Name", "Position", "Organisation", "Locale"]
    )
    dialog.get_by_role("link", name=re.compile(re.escape(name))).click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def fill_rich_text(block, text):
    """Types into the block's rich text field once its editor has the focus: a
    fill that lands before Draftail has taken over the field can be lost."""
    editor = block.locator("[data-contentpath='body'] [role='textbox']")
    editor.click()
    expect(editor).to_be_focused()
    editor.fill(text)
    expect(editor).to_have_text(text)
    # Draftail copies the text into the form's field a moment later.
    expect(block.locator("input[name$='-value-body']")).to_have_value(
        re.compile(re.escape(text))
    )


def scroll_admin_to(locator):
    """Scrolls the admin's main area to put ``locator`` at the top, below the
    header, and back to its left edge: Playwright scrolling a button out from
    under the sticky footer can push that area sideways (the collapsed minimap
    sticks out of it), which an editor's scrolling never does. Instantly: the
    admin scrolls smoothly, and the screenshot would catch it halfway."""
    locator.evaluate(
        """element => {
            const main = element.closest("main");
            const top = element.getBoundingClientRect().top - main.getBoundingClientRect().top;
            main.scrollTo({left: 0, top: main.scrollTop + top - 80, behavior: "instant"});
        }"""
    )


def test_editor_creates_previews_and_publishes_an_urgent_action(
    open_page, live_server, demo, artifacts, settings
):
    # Wagtail 8 autosaves the form once a change has settled. At a test's speed,
    # whether an autosave creates the page before "Save draft" does is a matter of
    # timing (the message then says "updated", not "created"), and an autosave
    # still on its way to the "add" URL when "Save draft" posts there would race
    # it. With autosave too slow to happen, the saves are the editor's; the admin
    # and its scripts are otherwise as with autosave on.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 10 * 60 * 1000  # milliseconds
    index = UrgentActionIndexPage.objects.get(locale__language_code="en")
    deadline = site_today() + datetime.timedelta(days=21)

    page, _, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)

    # The index in the page explorer. It takes Urgent Actions only, so "Add child
    # page" goes straight to the form.
    page.goto(f"{live_server.url}/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/ua_wagtail/urgentactionpage/"))
    expect(page.get_by_role("heading", name="New: Urgent Action")).to_be_visible()

    # Action tab: title, identity and dates, summary.
    page.get_by_role("textbox", name="Title").fill(TITLE)
    page.get_by_role("textbox", name="UA number").fill("12/30")
    page.get_by_role("textbox", name="Deadline").fill(deadline.isoformat())
    page.keyboard.press("Escape")  # closes the date picker
    page.get_by_role("textbox", name="Summary").fill(
        "Jane Doe is detained for a peaceful protest and at risk of torture."
    )

    # The body starts with every block; the targets block is there, empty, and
    # no error is shown before the editor has done anything.
    targets = page.locator("[data-contentpath='targets']")
    targets_block = targets.locator("xpath=ancestor::section[1]")
    expect(targets_block.get_by_role("heading")).to_contain_text(
        ["Officials to write to"]
    )
    expect(page.get_by_text("The minimum number of items")).to_have_count(0)
    # The report form offers its action types as checkboxes, all ticked.
    action_types = page.locator("[data-contentpath='action_types']")
    expect(action_types.get_by_role("checkbox")).to_have_count(6)
    expect(action_types.get_by_role("checkbox", name="Phone call")).to_be_checked()
    choose_target(page, targets, "Kubrakou", MINISTER, other=EMBASSY)
    # The embassy, found by its organisation (the chooser shows name and position).
    choose_target(page, targets, "Embassy", EMBASSY, other=MINISTER)
    roles = targets.get_by_role("combobox", name="Role")
    expect(roles).to_have_count(2)
    roles.nth(1).select_option(label="Send a copy to")
    expect(targets.get_by_text(f"{MINISTER}, Minister of the Interior")).to_be_visible()
    expect(targets.get_by_text(f"{EMBASSY}, Chargé d'Affaires")).to_be_visible()

    # The sample letter, and the additional information, whose text is required.
    letter = page.locator(".struct-block").filter(has=page.get_by_label("Salutation"))
    letter.get_by_role("textbox", name="Salutation").fill("Dear Minister,")
    fill_rich_text(letter, LETTER)
    expect(letter.get_by_role("textbox", name="Closing")).to_have_value(
        "Yours sincerely,"
    )
    info = page.locator(".struct-block").filter(has_text="Background for readers")
    fill_rich_text(info, "Jane Doe was arrested at a peaceful protest.")

    scroll_admin_to(targets.locator("xpath=ancestor::section[1]"))
    page.screenshot(path=artifacts / "admin-new-ua.png", full_page=False)
    # The block alone, without the sticky footer over its end.
    targets_block.screenshot(
        path=artifacts / "editor-targets.png", style="footer { visibility: hidden; }"
    )

    # Person tab.
    page.get_by_role("tab", name="Person").click()
    page.get_by_role("textbox", name="Name").fill("Jane Doe")
    page.get_by_role("textbox", name="Pronoun").fill("she/her")
    page.get_by_role("combobox", name="Country").select_option(label="Belarus")
    page.get_by_role("tab", name="Action").click()

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.get_by_text(f"Page '{TITLE}' created.")).to_be_visible()

    # The preview side panel shows the draft as the site will.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    write_to = preview.get_by_role("region", name="Write to")
    expect(write_to).to_contain_text(MINISTER)
    expect(write_to.get_by_role("heading", name="Send a copy to (CC)")).to_be_visible()
    expect(write_to).to_contain_text(EMBASSY)
    write_to.evaluate(  # scrolls the preview only
        "section => window.scrollTo({top: section.getBoundingClientRect().top"
        " + window.scrollY - 8, behavior: 'instant'})"
    )
    page.screenshot(path=artifacts / "admin-preview-ua.png", full_page=False)

    # Publish, from the footer's dropdown.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    expect(page.get_by_text(f"Page '{TITLE}' has been published.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert watch.foreign_requests == []
    assert watch.errors == []

    action = UrgentActionPage.objects.get(title=TITLE)
    assert action.live
    assert action.get_parent().pk == index.pk

    # The public index lists it.
    page, response, watch = open_page(index.url, viewport=DESKTOP)
    assert response.status == 200
    card = page.get_by_role("article", name=TITLE)
    expect(card).to_contain_text("Urgent Action 12/30 · Belarus")
    card.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server.url}{action.url}")

    # Its page: the deadline, the official to write to, the copy, the letter.
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.locator(f"time[datetime='{deadline.isoformat()}']").first).to_have_text(
        long_date(deadline, "en")
    )
    write_to = page.get_by_role("region", name="Write to")
    lists = write_to.get_by_role("list")
    expect(lists).to_have_count(2)
    expect(lists.first).to_contain_text(MINISTER)
    expect(lists.first).not_to_contain_text(EMBASSY)
    expect(write_to.get_by_role("heading", name="Send a copy to (CC)")).to_be_visible()
    expect(lists.last).to_contain_text(EMBASSY)

    sample = page.get_by_role("region", name="Sample letter")
    expect(sample).to_contain_text("Dear Minister,")
    expect(sample).to_contain_text(LETTER)
    email = sample.get_by_role("link", name=f"Email the letter to {MINISTER}")
    href = urlsplit(email.get_attribute("href"))
    assert (href.scheme, href.path) == ("mailto", MINISTER_EMAIL)
    query = parse_qs(href.query)
    assert query["cc"] == [EMBASSY_EMAIL]
    assert query["subject"] == [TITLE]
    assert LETTER in query["body"][0]
    # A copy gets no email of its own.
    expect(sample.get_by_role("link", name=re.compile(EMBASSY))).to_have_count(0)
    assert watch.foreign_requests == []
    assert watch.errors == []
