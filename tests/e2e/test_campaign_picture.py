"""A picture of the campaign in Chromium, in English and Arabic: the delivery
summary's charts (and their printable version) and the dashboard's open Urgent
Actions, right to left in Arabic, with no axe violations. The screenshots are
the docs' (docs/reports.md)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from ua_wagtail.models import DailyTally, UrgentActionPage
from ua_wagtail.reports import tallies
from ua_wagtail.utils.dates import site_today

from ..factories import UrgentActionPageFactory
from .conftest import DESKTOP, sign_in
from .test_accessibility import AXE, TAGS, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"en": 9, "fr": 4, "ar": 3, "es": 2}
COUNTRIES = {
    **{"DE": 9, "GB": 8, "FR": 7, "US": 6, "EG": 5, "MA": 4, "ES": 3},
    **{"CA": 3, "BE": 2, "JO": 2, "MX": 1, "AR": 1, "SN": 1},
}
SHARES = {"letter": 5, "email": 4, "call": 1, "social": 2}


def campaign(action, days=36, deadline_in=10):
    """Five weeks of reports in four languages (a day without any now and
    then), their actions from thirteen countries, the deadline ahead."""
    today = site_today()
    UrgentActionPage.objects.filter(translation_key=action.translation_key).update(
        deadline=today + datetime.timedelta(days=deadline_in)
    )
    rows, sums = [], dict.fromkeys(SHARES, 0)
    for i in range(days):
        if i % 8 == 5:
            continue
        day = today - datetime.timedelta(days=days - 1 - i)
        wave = 3 + (i * 7) % 11 + (12 if i in (2, 3, 20) else 0)
        for language, weight in LANGUAGES.items():
            reports = wave * weight // 4 + 1
            counts = {a: reports * s // 3 for a, s in SHARES.items()}
            rows.append(
                DailyTally(
                    translation_key=action.translation_key,
                    day=day,
                    language_code=language,
                    reports=reports,
                    **counts,
                )
            )
            sums = {a: sums[a] + n for a, n in counts.items()}
    DailyTally.objects.bulk_create(rows)
    weights = sum(COUNTRIES.values())
    shares = {
        country: {a: n * weight // weights for a, n in sums.items()}
        for country, weight in COUNTRIES.items()
    }
    for action_type, n in sums.items():  # what integer shares leave, to the first
        shares["DE"][action_type] += n - sum(s[action_type] for s in shares.values())
    for country, share in shares.items():
        tallies.add(action.translation_key, country, share)


def recent(action, week):
    """A week of actions, ending today, and their total."""
    today = site_today()
    for n, letters in enumerate(week):
        DailyTally.objects.create(
            translation_key=action.translation_key,
            day=today - datetime.timedelta(days=len(week) - 1 - n),
            language_code="en",
            reports=letters,
            letter=letters,
        )
    tallies.add(action.translation_key, "", {"letter": 60 + sum(week)})


def admin_in(open_page, live_server, demo, language):
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="admin"))
    profile.preferred_language = language
    profile.save()
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", demo)
    return page, watch


def no_axe_violations(page):
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    assert not violations, describe(violations)


def x_of(locator) -> float:
    return float(locator.get_attribute("x"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_summary_draws_the_campaign(
    open_page, live_server, demo, artifacts, language
):
    action = UrgentActionPage.objects.get(locale__language_code="en")
    campaign(action)
    page, watch = admin_in(open_page, live_server, demo, language)
    summary = f"{live_server.url}/admin/ua-wagtail/summary/{action.translation_key}/"
    page.goto(summary)
    charts = page.locator("svg[role=img][data-ua-chart]")
    assert charts.count() == 3  # over time, by country, by language
    for chart in charts.all():
        name = page.locator("#" + chart.get_attribute("aria-labelledby"))
        assert name.inner_text().strip()
    time = page.locator("[data-ua-chart=time]")
    assert time.locator("[data-ua-chart-deadline]").count() == 1
    assert time.locator("[data-ua-chart-future]").count() == 1
    dates = time.locator("text[text-anchor=middle]")
    first, last = x_of(dates.first), x_of(dates.last)
    assert (first > last) if language == "ar" else (first < last)
    page.locator(".ua-chart-data summary").click()  # the table, open
    no_axe_violations(page)
    page.locator(".ua-chart-data summary").click()
    page.set_viewport_size({"width": DESKTOP["width"], "height": 2000})  # all of it
    page.locator(".ua-charts").screenshot(
        path=artifacts / f"admin-summary-charts-{language}.png"
    )
    assert not watch.errors and not watch.foreign_requests

    page.goto(summary + "?print=1")
    assert page.locator("svg[role=img][data-ua-chart]").count() == 3
    no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_dashboard_lists_open_actions(
    open_page, live_server, demo, artifacts, language
):
    action = UrgentActionPage.objects.get(locale__language_code="en")
    campaign(action)
    others = [
        ("Stop the execution of a protester", 3, "IR", (4, 9, 0, 12, 30, 41, 38)),
        ("Free the students of Minsk", 24, "BY", (2, 0, 1, 0, 0, 3, 1)),
    ]
    for title, days, country, week in others:
        other = UrgentActionPageFactory(
            parent=action.get_parent(),
            title=title,
            deadline=site_today() + datetime.timedelta(days=days),
            country=country,
        )
        recent(other, week)
    page, watch = admin_in(open_page, live_server, demo, language)
    panel = page.locator("#ua-open-actions-section")
    links = panel.locator("[data-ua-open-action]")
    # One row an action, whatever its translations, soonest deadline first.
    assert links.all_inner_texts() == [others[0][0], action.title, others[1][0]]
    no_axe_violations(page)
    panel.screenshot(path=artifacts / f"admin-dashboard-open-actions-{language}.png")
    links.nth(1).click()
    page.wait_for_url(f"**/summary/{action.translation_key}/")
    assert not watch.errors
