"""The dashboard's open Urgent Actions: for those who may see reports, one row
per action (not per translation), soonest deadline first, never a title the user
may not see, in a number of queries that does not grow with the actions."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageViewRestriction

from ua_wagtail.models import DailyTally
from ua_wagtail.reports import dashboard, tallies
from ua_wagtail.utils.dates import site_today

from ..factories import UrgentActionPageFactory, translated_copy

pytestmark = pytest.mark.django_db


def staff(*perms, group=None):
    user = get_user_model().objects.create_user("staff", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        user.user_permissions.add(Permission.objects.get(codename=perm))
    if group:
        user.groups.add(group)
    return user


def panel(client):
    soup = BeautifulSoup(
        client.get(reverse("wagtailadmin_home")).content, "html.parser"
    )
    return soup.select_one("#ua-open-actions-section")


def titles(client):
    return [link.get_text() for link in panel(client).select("[data-ua-open-action]")]


def days(n):
    return site_today() + datetime.timedelta(days=n)


def test_open_actions_soonest_first_with_their_numbers(admin_client, index_page):
    later = UrgentActionPageFactory(parent=index_page, title="Later", deadline=days(9))
    UrgentActionPageFactory(parent=index_page, title="Today", deadline=days(0))
    UrgentActionPageFactory(parent=index_page, title="Closed", deadline=days(-1))
    draft = UrgentActionPageFactory(parent=index_page, title="Draft", deadline=days(2))
    draft.unpublish()
    translated_copy(later, "fr")  # one row per action, not per translation
    tallies.add(later.translation_key, "DE", {"letter": 1200, "email": 34})
    DailyTally.objects.create(
        translation_key=later.translation_key, day=days(-1), letter=5, email=2
    )
    DailyTally.objects.create(
        translation_key=later.translation_key, day=days(-9), letter=50
    )
    assert titles(admin_client) == ["Today", "Later"]
    rows = panel(admin_client).select("tbody tr")
    assert "Closes today" in rows[0].get_text()
    later_row = rows[1].get_text(" ", strip=True)
    assert "9 days left" in later_row and "1,234" in later_row
    summary = reverse("ua_wagtail_admin:summary", args=[later.translation_key])
    assert rows[1].select_one("a")["href"] == summary
    trend = rows[1].select_one("svg[role=img]")
    # The last seven days: yesterday's 7 actions, nothing the week before.
    assert "7" in rows[1].select("td")[-1].get_text(strip=True)
    assert len(trend.select("rect")) == dashboard.TREND_DAYS
    assert trend["aria-label"].startswith("Actions day by day:")


def test_the_trend_counts_days_in_order_with_zeros():
    today = datetime.date(2026, 12, 5)
    week = [today - datetime.timedelta(days=n) for n in range(6, -1, -1)]
    line = dashboard.sparkline([0, 2, 0, 0, 4, 0, 1], week, rtl=False)
    heights = [bar.height for bar in line.bars]
    assert heights == [0, 12.0, 0, 0, 24.0, 0, 6.0]
    xs = [bar.x for bar in line.bars]
    assert xs == sorted(xs)  # oldest at the left
    mirrored = dashboard.sparkline([0, 2, 0, 0, 4, 0, 1], week, rtl=True)
    assert [bar.x for bar in mirrored.bars] == xs[::-1]  # oldest at the right
    assert "Nov 29: 0" in line.name and "Dec 5: 1" in line.name


def test_only_for_those_who_may_see_reports(client, index_page):
    UrgentActionPageFactory(parent=index_page, title="Open", deadline=days(3))
    client.force_login(staff())
    assert panel(client) is None
    client.force_login(get_user_model().objects.get(username="staff"))
    get_user_model().objects.get(username="staff").user_permissions.add(
        Permission.objects.get(codename="view_actionreport")
    )
    assert titles(client) == ["Open"]


def test_private_actions_only_for_those_who_may_explore_them(client, index_page):
    UrgentActionPageFactory(parent=index_page, title="Public", deadline=days(3))
    private = UrgentActionPageFactory(
        parent=index_page, title="Private: names a person", deadline=days(4)
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    client.force_login(staff("view_actionreport"))
    assert titles(client) == ["Public"]
    editors = Group.objects.create(name="Campaign editors")
    GroupPagePermission.objects.create(
        group=editors, page=index_page, permission_type="change"
    )
    client.force_login(staff_in(editors))
    assert titles(client) == ["Public", "Private: names a person"]


def staff_in(group):
    user = get_user_model().objects.get(username="staff")
    user.groups.add(group)
    return user


def test_a_fixed_number_of_queries_and_at_most_ten(admin_user, index_page):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows, more = dashboard.open_actions(admin_user)
        return len(captured), rows, more

    UrgentActionPageFactory(parent=index_page, deadline=days(5))
    few, rows, more = queries()
    assert len(rows) == 1 and not more
    for n in range(12):
        page = UrgentActionPageFactory(parent=index_page, deadline=days(n + 1))
        tallies.add(page.translation_key, "FR", {"letter": n + 1})
        DailyTally.objects.create(translation_key=page.translation_key, day=days(0))
    many, rows, more = queries()
    # View restrictions (Wagtail's public()), pages, tallies, daily tallies.
    assert many == few == 4
    assert len(rows) == dashboard.LIMIT and more
    assert [row.page.deadline for row in rows] == sorted(r.page.deadline for r in rows)
