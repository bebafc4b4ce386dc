"""An activist reports actions in Chromium, with JavaScript on and off, and the
campaign team sees the delivery summary change."""

import re

import pytest
from playwright.sync_api import expect

from ua_wagtail.models import ActionReport, UrgentActionPage

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
    assert sentence.inner_text() == "2 letters, 1 email, in 1 language."
    admin.screenshot(path=artifacts / "admin-delivery-summary.png", full_page=True)
