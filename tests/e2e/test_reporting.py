"""An activist reports actions in Chromium, with JavaScript on and off, and the
campaign team sees the delivery summary change."""

import re

import pytest
from playwright.sync_api import expect

from ua_wagtail.models import ActionReport, UrgentActionPage
from ua_wagtail.reports.rules import submit_report

from .conftest import DESKTOP, report, sign_in, total

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed(demo):
    return UrgentActionPage.objects.get(locale__language_code="en")


def test_report_with_javascript_updates_the_total_in_place(open_page, seed):
    action = seed
    page, _, watch = open_page(action.url)
    expect(page.get_by_role("button", name="Report my actions")).to_be_visible()
    assert total(page) == 0
    report(page, email=2, letter=1)
    page.locator(".ua-thanks").wait_for()
    assert total(page) == 3
    assert "?reported" not in page.url  # no reload: the script sent JSON
    assert ActionReport.objects.get().source == "api"
    # A bad count is explained next to the form, and nothing is stored.
    report(page, letter=11)
    error = page.locator("#id_action_letter-error")
    error.wait_for()
    assert "between 1 and 10" in error.inner_text()
    field = page.locator("#id_action_letter")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "id_action_letter-error"
    assert page.evaluate("document.activeElement.id") == "id_action_letter"
    assert not page.locator(".ua-thanks").count()  # it thanked for the first one
    # Once corrected, the report goes through and the message goes away.
    report(page, letter=1)
    page.locator(".ua-thanks").wait_for()
    expect(error).to_have_count(0)
    assert field.get_attribute("aria-invalid") is None
    assert ActionReport.objects.count() == 2
    assert [e.split()[0] for e in watch.errors] == ["400"]  # the refused report


def test_the_script_fills_in_a_shared_page(open_page, seed):
    """The page may come from a cache, the same for everyone: the script shows
    the newer total and, to whoever reported, that they did."""
    page, _, watch = open_page(seed.url)
    note = page.locator("[data-ua-reported-note]")
    expect(note).to_be_hidden()
    report(page, letter=1)
    page.locator(".ua-thanks").wait_for()
    # Others report meanwhile; the page comes again as a cache kept it: total 1.
    cached = page.content()
    submit_report(seed, {"letter": 2, "email": 2}, country="FR")
    page.route(
        seed.url.split("?")[0] + "*",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=cached
        ),
    )
    page.reload()
    expect(page.locator("[data-ua-total]")).to_have_attribute("data-ua-total", "5")
    expect(note).to_be_visible()
    # Another browser, the same page: no note.
    other, _, _ = open_page(seed.url)
    other.locator("[data-ua-total][data-ua-total='5']").wait_for()
    expect(other.locator("[data-ua-reported-note]")).to_be_hidden()
    assert not watch.errors


def test_a_total_never_goes_back(open_page, seed, browser, live_server):
    """A totals answer older than the page (a cache's copy) does not lower it."""
    submit_report(seed, {"letter": 3}, country="FR")
    context = browser.new_context()
    context.route(
        "**/totals/",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"total": 1}'
        ),
    )
    page = context.new_page()
    with page.expect_response("**/totals/"):
        page.goto(live_server.url + seed.url)
    page.wait_for_timeout(200)
    assert total(page) == 3
    context.close()


def test_report_without_javascript_posts_and_redirects(open_page, seed):
    action = seed
    page, _, _ = open_page(action.url, javascript=False)
    report(page, call=1, social=2)
    page.wait_for_url(re.compile(r"\?reported=1"))
    assert total(page) == 3
    assert "Thank you!" in page.locator(".ua-thanks").inner_text()
    assert ActionReport.objects.get().source == "form"
    # Errors are shown in place after the round trip.
    report(page, letter=11)
    page.wait_for_load_state()
    error = page.locator("#id_action_letter-error")
    assert "less than or equal to 10" in error.inner_text()


def test_delivery_summary_changes_with_reports(
    open_page, seed, demo, live_server, artifacts
):
    action = seed
    admin, _, _ = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(admin, live_server.url, "admin", demo)
    summary = f"{live_server.url}/admin/ua-wagtail/summary/{action.translation_key}/"
    admin.goto(summary)
    sentence = admin.locator("[data-ua-summary-sentence]")
    assert sentence.inner_text() == "No actions have been reported yet."

    public, _, _ = open_page(action.url)
    report(public, letter=2, email=1)
    public.locator(".ua-thanks").wait_for()

    admin.goto(summary)
    assert sentence.inner_text() == "2 letters and 1 email, in 1 language."
    widths = {
        box.bounding_box()["width"] for box in admin.locator(".ua-summary-table").all()
    }
    assert len(widths) == 1, "the summary's tables are of one width"
    admin.screenshot(path=artifacts / "admin-delivery-summary.png", full_page=True)
