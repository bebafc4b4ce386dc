"""The reference front end at /headless/ (example_site/headless/) in Chromium: it
lists and renders the seed Urgent Action from API v2 in English and Arabic, posts a
report, and shows an editor's preview of a draft, on its own and in the admin's
preview panel."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import expect
from wagtail.documents.models import Document
from wagtail.models import Collection

from ua_wagtail.models import ActionReport, UrgentActionPage
from ua_wagtail.reports.rules import submit_report

from .conftest import DESKTOP, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = {"locale": "en-US"}  # the browser's language: the list starts in English


@pytest.fixture
def seed(demo):
    # The demo gives the site the live server's address: the API's absolute URLs
    # (where to post a report, where to read totals) are built from it.
    return {
        code: UrgentActionPage.objects.get(locale__language_code=code)
        for code in ("en", "ar")
    }


def api_detail(page):
    """The page's JSON as the front end reads it: what it must show."""
    response = Client().get(f"/api/v2/pages/{page.pk}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    blocks = {block["type"]: block["value"] for block in data["body"]}
    primary = next(t for t in blocks["targets"]["targets"] if t["role"] == "primary")
    return data, primary, blocks["sample_letter"]


def shows_the_action(page, data, target, letter, direction):
    """The front end shows this page's title, target and letter, in its direction."""
    heading = page.get_by_role("heading", level=1)
    heading.filter(has_text=data["title"]).wait_for()
    html = page.locator("html")
    assert html.get_attribute("lang") == data["meta"]["locale"]
    assert html.get_attribute("dir") == direction
    fax = page.locator(".target-primary").get_by_role("link", name=target["fax"])
    assert fax.is_visible()
    assert fax.get_attribute("href") == next(
        line["url"] for line in target["contact_lines"] if line["kind"] == "fax"
    )
    shown = page.locator(".letter-text").inner_text()
    first_paragraph = letter["body"]["text"].split("\n\n")[0]
    for part in (letter["salutation"], first_paragraph, letter["closing"]):
        assert part in shown
    # Every block in reading order, then the facts.
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("At a glance" if direction == "ltr" else "لمحة سريعة") == (
        len(headings) - 1
    )


def total(page):
    return int(page.locator("[data-total]").get_attribute("data-total"))


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_lists_and_reads_the_seed_in_english_and_arabic(open_page, seed, artifacts):
    english, en_target, en_letter = api_detail(seed["en"])
    arabic, ar_target, ar_letter = api_detail(seed["ar"])
    page, response, watch = open_page("/headless/", **ENGLISH)
    assert response.status == 200

    # The list of open Urgent Actions in English, then in Arabic from the picker.
    page.get_by_role("link", name=english["title"]).wait_for()
    languages = page.get_by_role("navigation", name="Choose a language")
    languages.get_by_role("link", name="العربيّة").click()
    page.get_by_role("link", name=arabic["title"]).click()
    assert page.url.endswith(f"#/page/{seed['ar'].pk}")
    shows_the_action(page, arabic, ar_target, ar_letter, "rtl")
    assert overflow(page) == 0, "the page scrolls sideways"
    page.screenshot(path=artifacts / "headless-ua-ar-390.png", full_page=True)

    # The language switcher of the Urgent Action leads to its English version.
    page.get_by_role("navigation", name="اختر لغة").get_by_role(
        "link", name="English"
    ).click()
    shows_the_action(page, english, en_target, en_letter, "ltr")
    assert page.get_by_role("button", name="Copy the letter").is_visible()
    email = page.get_by_role("link", name="Email the letter to Lt.-Gen. Ivan Kubrakou")
    assert email.get_attribute("href") == en_letter["email_links"][0]["url"]
    assert overflow(page) == 0, "the page scrolls sideways"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "headless-ua-en-390.png", full_page=True)

    assert watch.foreign_requests == []
    assert watch.errors == []


def test_reports_actions_and_shows_the_new_total(open_page, seed):
    action = seed["en"]
    page, _, watch = open_page(f"/headless/#/page/{action.pk}", **ENGLISH)
    page.get_by_role("heading", level=1).filter(has_text=action.title).wait_for()
    page.wait_for_load_state("networkidle")  # the fresh total has been read
    before = total(page)

    # A count out of range is explained next to its field, and nothing is stored.
    page.get_by_role("spinbutton", name="Letter").fill("11")
    page.get_by_role("button", name="Report my actions").click()
    letter = page.get_by_role("spinbutton", name="Letter")
    page.locator(".field-error:not([hidden])").wait_for()
    assert letter.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + letter.get_attribute("aria-describedby"))
    assert "between 1 and 10" in message.inner_text()
    assert page.get_by_role("alert").filter(has_text="could not be sent").is_visible()
    assert ActionReport.objects.count() == 0

    page.get_by_role("spinbutton", name="Letter").fill("1")
    page.get_by_role("spinbutton", name="Email").fill("2")
    page.get_by_role("button", name="Report my actions").click()
    page.locator(".thanks").wait_for()
    assert total(page) == before + 3
    assert page.locator("[data-total]").inner_text() == str(before + 3)
    assert letter.get_attribute("aria-invalid") is None
    assert not page.locator(".field-error:not([hidden])").count()
    report = ActionReport.objects.get()
    assert (report.letter, report.email, report.language_code) == (1, 2, "en")

    assert watch.foreign_requests == []
    assert [error.split()[0] for error in watch.errors] == ["400"]  # the refused one


def test_preview_shows_the_draft_with_a_notice(open_page, seed):
    draft = seed["en"].get_latest_revision_as_object()
    draft.title = "Free Maryia Kalesnikava now"
    draft.save_revision()  # the live page keeps its title
    preview = draft.create_page_preview()  # what the admin's headless preview does
    query = urlencode(
        {"content_type": draft.get_content_type_str(), "token": preview.token}
    )
    page, _, watch = open_page(f"/headless/?{query}", **ENGLISH)
    page.get_by_role("heading", level=1, name="Free Maryia Kalesnikava now").wait_for()
    notice = page.locator(".preview-notice")
    assert notice.is_visible()
    assert "Preview" in notice.inner_text()
    assert page.get_by_role("button", name="Report my actions").is_disabled()
    assert UrgentActionPage.objects.get(pk=seed["en"].pk).title != draft.title
    assert watch.foreign_requests == []
    assert watch.errors == []


def test_preview_with_a_bad_token_shows_the_error(open_page, seed):
    query = urlencode(
        {"content_type": "ua_wagtail.urgentactionpage", "token": "not-a-token"}
    )
    page, _, watch = open_page(f"/headless/?{query}", **ENGLISH)
    alert = page.get_by_role("alert")
    alert.filter(has_text="This preview token is not valid.").wait_for()
    assert "Preview" in alert.inner_text()
    assert [error.split()[0] for error in watch.errors] == ["403"]
    assert watch.foreign_requests == []


def test_reads_no_api_it_was_not_told_to_trust(open_page, seed):
    # The API's rich text is inserted as HTML: a link must not choose any API.
    page, _, watch = open_page("/headless/?api=https://example.org#/en", **ENGLISH)
    page.get_by_role("alert").filter(has_text="TRUSTED_APIS").wait_for()
    assert watch.foreign_requests == []
    assert watch.errors == []


def test_reads_no_file_of_the_site_as_its_api(open_page, seed, live_server, settings):
    """A document uploaded to the site, named with a path that ends in "?": read
    as the API, its "html" would go into the page (audit finding 4)."""
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    data, _target, _letter = api_detail(seed["en"])
    for block in data["body"]:
        if block["type"] == "additional_information":
            block["value"]["body"]["html"] = (
                "<img src=x onerror=alert(document.domain)>"
            )
    # Transactional tests flush the root collection Wagtail's migrations made.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = Document.objects.create(
        title="Evil",
        file=ContentFile(json.dumps(data).encode(), name="evil.json"),
        collection=root,
    )
    page, _, watch = open_page("/headless/", **ENGLISH)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for trick in ("?", "#"):
        api = f"{live_server.url}{document.url}{trick}"
        page.goto(f"{live_server.url}/headless/?{urlencode({'api': api})}#/page/1")
        page.get_by_role("alert").filter(has_text="TRUSTED_APIS").wait_for()
    assert dialogs == []
    assert not [url for url in watch.requests if "/documents/" in url]
    assert watch.errors == []


def test_admin_preview_panel_shows_the_headless_front_end(
    open_page, live_server, seed, demo, artifacts
):
    action = seed["en"]
    page, _, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)
    page.goto(f"{live_server.url}/admin/pages/{action.pk}/edit/")
    # With the menu folded the editor keeps room for its fields beside the panel.
    page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    # Wagtail's own preview first: the site's template, server-rendered.
    preview.get_by_role("heading", level=1, name=action.title).wait_for()

    mode = page.get_by_label("Preview mode")
    assert mode.locator("option").all_inner_texts() == [
        "Default",
        "Headless front end",
    ]
    mode.select_option(label="Headless front end")
    # wagtail-headless-preview's page holds the front end in an iframe of its own,
    # at the client URL with the draft's token.
    front_end = preview.frame_locator("iframe")
    front_end.get_by_role("heading", level=1, name=action.title).wait_for()
    frame = next(f for f in page.frames if "/headless/" in f.url)
    assert re.search(
        r"/headless/\?content_type=ua_wagtail\.urgentactionpage&token=.+", frame.url
    )
    assert frame.evaluate("document.documentElement.lang") == "en"
    notice = front_end.locator(".preview-notice")
    assert notice.inner_text() == "Preview: this draft is not published."
    assert front_end.get_by_role("button", name="Report my actions").is_disabled()
    page.wait_for_load_state("networkidle")  # the front end's fonts and images
    page.mouse.move(600, 570)  # off the header, where it unfolds the breadcrumbs
    expect(page.get_by_role("button", name="Toggle breadcrumbs")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.screenshot(path=artifacts / "admin-headless-preview.png")

    assert watch.foreign_requests == []
    assert watch.errors == []


def test_the_total_follows_everyones_reports(browser, live_server, seed):
    """While the page is open it asks for the total every 30 seconds, and a
    total never goes back (a slower, older answer does not lower it)."""
    action = seed["en"]
    context = browser.new_context(**ENGLISH)
    answers = []  # None: the real endpoint; a number: an older cache's answer

    def totals(route):
        older = answers.pop(0) if answers else None
        if older is None:
            route.continue_()  # routed, so the browser's HTTP cache is off too
        else:
            route.fulfill(json={"total": older})

    context.route("**/totals/", totals)
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/headless/#/page/{action.pk}")
    page.locator("[data-total]").wait_for()
    page.wait_for_load_state("networkidle")
    before = total(page)
    submit_report(action, {"letter": 2}, country="FR")
    page.clock.run_for(31_000)
    expect(page.locator("[data-total]")).to_have_attribute(
        "data-total", str(before + 2)
    )
    answers.append(before)
    with page.expect_response("**/totals/"):
        page.clock.run_for(30_000)
    page.wait_for_timeout(100)
    assert total(page) == before + 2
    context.close()
