"""A translator translates the seed Urgent Action into French in wagtail-localize's
editor and submits it for review; a reviewer approves it, which publishes it; the
French page shows the French text with the targets' synchronised address and fax.

The demo is loaded without French, so the French translation is started in the
browser. Translators may not start one (that takes wagtail-localize's
``submit_translation`` permission): the admin adds the locale and uses "Translate
this page". The new French index gets the workflow and the groups' permissions on
its own, and the new French page stays a draft until the reviewer approves it.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from example_site.home import seed
from example_site.home.management.commands.demo import TRANSLATIONS
from ua_wagtail.models import Target, UrgentActionPage

from .conftest import DESKTOP, PHONE, load_demo, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRENCH = json.loads((TRANSLATIONS / "fr.json").read_text(encoding="utf-8"))["strings"]
# What the translator types: the title, the summary, the deadline banner's text
# and two section headings.
SEGMENTS = [
    seed.TITLE,
    seed.PAGE["summary"],
    "Please take action as soon as possible until",
    "Take action",
    "Write to",
]


@pytest.fixture
def password(live_server):
    """The demo in English and Russian only; the password of its users."""
    return load_demo("--base-url", live_server.url, languages=["ru"])


def start_french_translation(open_page, base_url, password, source):
    """The admin adds French and asks wagtail-localize for a French translation."""
    page, _, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, base_url, "admin", password)
    page.goto(f"{base_url}/admin/locales/new/")
    page.get_by_label("Language").select_option(label="French")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/admin/locales/$"))

    page.goto(f"{base_url}/admin/pages/{source.pk}/edit/")
    header = page.get_by_role("navigation", name="Actions")
    header.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("French").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted for translation into French")).to_be_visible()
    assert watch.foreign_requests == []
    assert watch.errors == []


def segment(page, source_text):
    """A segment of wagtail-localize's editor: the item whose own paragraph is the
    source text (its section's item holds a heading and the segments' list)."""
    return page.locator("li:has(> p)").filter(
        has=page.get_by_text(source_text, exact=True)
    )


def translate(page, source_text, text):
    """Types a translation into a segment and saves it, as a translator does."""
    item = segment(page, source_text)
    item.get_by_role("button", name="Translate").click()
    item.get_by_role("textbox").fill(text)
    with page.expect_response(
        lambda r: r.request.method == "PUT" and "/localize/" in r.url
    ) as saved:
        item.get_by_role("button", name="Save").click()
    assert saved.value.ok
    expect(item.get_by_role("button", name="Edit")).to_be_visible()
    expect(item).to_contain_text(text)


def test_a_translation_is_typed_submitted_reviewed_and_published(
    open_page, live_server, password, artifacts
):
    base_url = live_server.url
    source = UrgentActionPage.objects.get(locale__language_code="en")
    assert not source.get_translations().filter(locale__language_code="fr").exists()
    start_french_translation(open_page, base_url, password, source)
    french = UrgentActionPage.objects.get(locale__language_code="fr")
    assert not french.live  # in English until translated and reviewed
    title = FRENCH[seed.TITLE]

    # The translator finds the French page in the Urgent Actions listing: one row
    # per Urgent Action, French among its languages, not yet translated.
    page, _, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, base_url, "translator", password)
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Urgent Actions").click()
    page.get_by_role("link", name="French: not translated").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{french.pk}/edit/$"))
    expect(
        page.get_by_role("heading", name="English to French translation")
    ).to_be_visible()
    for source_text in SEGMENTS:
        translate(page, source_text, FRENCH[source_text])
    # The top of the segments: the title and the summary, translated.
    page.get_by_role("heading", name="English to French translation").evaluate(
        "heading => heading.scrollIntoView({block: 'start'})"
    )
    page.screenshot(path=artifacts / "localize-editor-fr.png", full_page=False)

    # Saved segments are not published: submitted, they become a draft to review.
    menu.get_by_role("link", name="Urgent Actions").click()
    # Five of its strings are translated, not all: the listing says so.
    french_state = page.get_by_role("link", name=re.compile(r"^French: partly"))
    expect(french_state).to_have_text(re.compile(r"partly translated \(\d+%\)"))
    page.goto(f"{base_url}/admin/pages/{french.get_parent().pk}/")  # its index
    page.get_by_role("button", name=f"More options for '{title}'").click()
    page.get_by_role("link", name="Submit translation for review").click()
    expect(page.get_by_text("Submit the French translation")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("was submitted for review")
    expect(page.get_by_role("row").filter(has_text=title)).to_contain_text(
        "in moderation"
    )
    assert watch.foreign_requests == []
    assert watch.errors == []
    assert UrgentActionPage.objects.get(pk=french.pk).title == seed.TITLE

    # The reviewer approves it from the dashboard, which publishes it.
    page, _, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, base_url, "reviewer", password)
    review = page.get_by_role("region", name="Awaiting your review")
    task = review.get_by_role("row").filter(has_text=title)
    expect(task).to_contain_text("translator")
    task.get_by_role("button", name="Actions").click()
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/workflow/action/" in r.url
    ) as approved:
        task.get_by_role("button", name="Approve", exact=True).click()
    assert approved.value.status == 302
    expect(review).to_have_count(0)  # back on the dashboard, nothing left to review
    assert watch.foreign_requests == []
    assert watch.errors == []

    french = UrgentActionPage.objects.get(pk=french.pk)
    assert french.live and not french.has_unpublished_changes
    assert french.title == title
    minister = Target.objects.get(locale=source.locale, name=seed.MINISTER["name"])
    embassy = Target.objects.get(locale=source.locale, name=seed.EMBASSY["name"])
    assert minister.address and minister.fax and embassy.address

    page, response, watch = open_page(french.url, viewport=PHONE)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    main = page.get_by_role("main")
    for source_text in SEGMENTS[1:]:
        expect(main).to_contain_text(FRENCH[source_text])
    expect(main).not_to_contain_text(seed.PAGE["summary"])
    primary = page.locator(".ua-target-primary")
    expect(primary.locator(".ua-target-address")).to_have_text(
        "\n".join(minister.address_lines), use_inner_text=True
    )
    expect(primary.get_by_role("link", name=minister.fax)).to_have_attribute(
        "href", minister.fax_uri
    )
    cc = page.locator(".ua-target-cc")
    expect(cc.locator(".ua-target-address")).to_have_text(
        "\n".join(embassy.address_lines), use_inner_text=True
    )
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifacts / "ua-page-fr-390.png", full_page=False)
    assert watch.foreign_requests == []
    assert watch.errors == []
