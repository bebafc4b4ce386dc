"""The Urgent Actions listing: one row per Urgent Action, its languages as tags,
deadline, status and reported actions, filters, and few queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from ua_wagtail.reports import tallies
from ua_wagtail.utils.dates import site_today

from ..factories import UrgentActionPageFactory
from ..localize import translate, translate_fully

pytestmark = pytest.mark.django_db
URL = "/admin/urgent_actions/"


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "", "x"))
    return client


def in_days(days):
    return site_today() + datetime.timedelta(days=days)


@pytest.fixture
def actions(index_page):
    """Three Urgent Actions: closed, closing soon and open, the first two in French
    (fully, then not at all), the last reported on."""
    for code in ("en", "fr", "ar"):
        Locale.objects.get_or_create(language_code=code)
    closed = UrgentActionPageFactory(
        parent=index_page, title="Closed one", deadline=in_days(-3), country="BY"
    )
    soon = UrgentActionPageFactory(
        parent=index_page, title="Soon one", deadline=in_days(2), country="IR"
    )
    later = UrgentActionPageFactory(
        parent=index_page, title="Later one", deadline=in_days(60), country="BY"
    )
    translate_fully(closed, "fr")
    translate(soon, "fr")
    tallies.add(later.translation_key, "FR", {"letter": 3, "email": 2})
    return {"closed": closed, "soon": soon, "later": later}


def rows(client, query=""):
    html = client.get(URL + query).content.decode()
    table = BeautifulSoup(html, "html.parser").select_one("table.listing")
    return [
        {
            "title": row.select_one("td.title").get_text(" ", strip=True),
            "cells": [
                " ".join(td.get_text(" ", strip=True).split())
                for td in row.select("td")
            ],
            "languages": [li.get_text(" ", strip=True) for li in row.select("li")],
        }
        for row in (table.select("tbody tr") if table else [])
    ]


def titles(client, query=""):
    return [row["title"].split(" ")[0] for row in rows(client, query)]


def test_one_row_per_action_sorted_by_deadline(admin_client, actions):
    assert titles(admin_client) == ["Closed", "Soon", "Later"]  # not the French ones
    assert titles(admin_client, "?ordering=-deadline") == ["Later", "Soon", "Closed"]


def test_each_row_has_its_languages_deadline_status_and_reports(admin_client, actions):
    closed, soon, later = rows(admin_client)
    assert closed["languages"] == [
        "English: original",
        "Arabic: missing",
        "French: up to date",
    ]
    assert soon["languages"][2] == "French: not translated"
    assert "Belarus" in closed["cells"] and "Closed" in closed["cells"]
    assert "Iran" in " ".join(soon["cells"]) and "Closing soon" in soon["cells"]
    assert "Open" in later["cells"] and "5" in later["cells"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?status=open", ["Later"]),
        ("?status=closing_soon", ["Soon"]),
        ("?status=closed", ["Closed"]),
        ("?country=BY", ["Closed", "Later"]),
        ("?locale=fr", ["Closed", "Soon"]),
        ("?locale=en", ["Closed", "Soon", "Later"]),
        ("?locale=ar", []),
        ("?locale=fr&status=closed", ["Closed"]),
    ],
)
def test_filters(admin_client, actions, query, expected):
    assert titles(admin_client, query) == expected


def test_searching_finds_rows_only(admin_client, actions):
    assert titles(admin_client, "?q=Soon") == ["Soon"]


def many_actions(index_page, count):
    for n in range(count):
        page = UrgentActionPageFactory(parent=index_page, deadline=in_days(n - 5))
        translate(page, "fr")
        tallies.add(page.translation_key, "", {"letter": n})


@pytest.mark.parametrize("count", [10, 30])
def test_the_queries_do_not_grow_with_the_rows(
    admin_client, index_page, django_assert_max_num_queries, count
):
    Locale.objects.get_or_create(language_code="fr")
    many_actions(index_page, count)
    with django_assert_max_num_queries(26):
        response = admin_client.get(URL)
    assert (
        len(BeautifulSoup(response.content, "html.parser").select("tbody tr")) == count
    )


def test_the_country_filter_offers_only_what_the_user_may_see(client, actions, home):
    """A country can say more than it should of an action not yet public."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from ..factories import UrgentActionIndexPageFactory

    hidden = UrgentActionIndexPageFactory(parent=home, title="Embargoed")
    UrgentActionPageFactory(parent=hidden, title="Secret", country="KP")
    editors = Group.objects.create(name="Editors of one index")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=actions["closed"].get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    editor = get_user_model().objects.create_user("editor", password="pw")
    editor.groups.add(editors)
    client.force_login(editor)
    html = client.get(URL).content.decode()
    options = {
        o["value"]
        for o in BeautifulSoup(html, "html.parser").select(
            "select[name=country] option"
        )
    }
    assert {"BY", "IR"} <= options
    assert "KP" not in options
