"""axe-core (through axe-playwright-python) finds no WCAG 2.x A/AA violations on
the public pages, in English, Russian and Arabic, on a phone: the Urgent Action,
the index, the thank-you after a report and the report form with errors shown
(rendered by the server, and by the script); and the staff's screens of reports
(the listing, the delivery summary and its printable version, the Exports
screen with a ready and a failed export, the confirmation asking for one) in
English and Arabic.

axe-core runs in the page, so "without JavaScript" here means without the site's
script: in a browser with JavaScript off, Playwright cannot run axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from ua_wagtail.models import ReportExport, UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.reports.report_exports import request_export
from ua_wagtail.reports.rules import submit_report

from .conftest import DESKTOP, PHONE, report, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ["en", "ru", "ar"]
AXE = Axe()


def action_url(language):
    return UrgentActionPage.objects.get(locale__language_code=language).url


def index_url(language):
    return UrgentActionIndexPage.objects.get(locale__language_code=language).url


def open_action(open_page, language, viewport):
    page, response, _ = open_page(action_url(language), viewport=viewport)
    assert response.status == 200
    return page


def open_index(open_page, language, viewport):
    page, response, _ = open_page(index_url(language), viewport=viewport)
    assert response.status == 200
    return page


def open_thanks(open_page, language, viewport):
    page, _, _ = open_page(action_url(language), viewport=viewport, scripts=False)
    report(page, email=2, letter=1)
    page.locator("#report-thanks").wait_for()
    return page


def open_errors(open_page, language, viewport):
    page, _, _ = open_page(action_url(language), viewport=viewport, scripts=False)
    report(page, letter=11)
    page.locator("#id_action_letter-error").wait_for()
    return page


def open_errors_from_script(open_page, language, viewport):
    page = open_action(open_page, language, viewport)
    report(page, letter=11)
    page.locator("#id_action_letter-error").wait_for()
    return page


PAGES = {
    "action": open_action,
    "index": open_index,
    "thanks": open_thanks,
    "errors": open_errors,
    "errors-js": open_errors_from_script,
}


def describe(violations):
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(open_page, demo, name, language):
    viewport = PHONE
    page = PAGES[name](open_page, language, viewport)
    assert page.locator("html").get_attribute("lang").startswith(language)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    if violations:
        print(describe(violations))
    assert not violations, describe(violations)


MOVING = """() => [...document.querySelectorAll("*")].filter((element) => {
    const style = getComputedStyle(element);
    const durations = (style.transitionDuration + "," + style.animationDuration)
        .split(",").map(parseFloat);
    return durations.some((seconds) => seconds > 0) || style.scrollBehavior === "smooth";
}).map((element) => element.tagName.toLowerCase() + "." + element.className)"""
THEME = ".ua-button { transition: background-color 0.3s; }"


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_nothing_moves_when_the_reader_asks_for_reduced_motion(open_page, demo, motion):
    # The theme's style is added inline, which the page's policy forbids.
    page, _, _ = open_page(action_url("en"), reduced_motion=motion, bypass_csp=True)
    assert page.evaluate(MOVING) == []  # the page itself never animates
    page.add_style_tag(content=THEME)  # a site's theme adds a transition
    moving = page.evaluate(MOVING)
    if motion == "reduce":
        assert moving == []
    else:
        assert moving and all(".ua-button" in name for name in moving)


def test_deadline_banner_is_announced_politely(open_page, demo):
    page = open_action(open_page, "en", PHONE)
    banner = page.locator(".ua-deadline")
    assert banner.get_attribute("role") == "status"  # implicitly aria-live="polite"
    assert banner.get_attribute("aria-live") in (None, "polite")


ADMIN_SCREENS = {
    "reports": lambda action: "/admin/snippets/ua_wagtail/actionreport/",
    "summary": lambda action: f"/admin/ua-wagtail/summary/{action.translation_key}/",
    "print": lambda action: (
        f"/admin/ua-wagtail/summary/{action.translation_key}/?print=1"
    ),
    "exports": lambda action: "/admin/ua-wagtail/exports/",
    "prepare export": lambda action: "/admin/ua-wagtail/exports/prepare/?country=GB",
}


def exports_of(user):
    """One export ready to download, one failed, for the Exports screen."""
    request_export(user, query="country=GB")
    ReportExport.objects.create(
        requester=user, status=ReportExport.Status.FAILED, error="Disk full."
    )


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("screen", list(ADMIN_SCREENS))
def test_no_axe_violations_in_the_reports_screens(
    open_page, demo, live_server, language, screen
):
    admin = get_user_model().objects.get(username="admin")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    action = UrgentActionPage.objects.get(locale__language_code="en")
    for code, country in [("en", "GB"), ("ar", "EG")]:
        submit_report(
            action, {"letter": 2, "email": 1}, country=country, language_code=code
        )
    if screen == "exports":
        exports_of(admin)
    page, _, _ = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)
    page.goto(live_server.url + ADMIN_SCREENS[screen](action))
    assert page.locator("html").get_attribute("lang").startswith(language)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    assert not violations, describe(violations)
