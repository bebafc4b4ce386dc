"""The daily tallies follow the counted reports exactly: per day in the site's
time zone and per language, on both store paths, through invalidation and staff
adjustments, and from the migration for reports stored before them."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from ua_wagtail.models import ActionReport, DailyTally
from ua_wagtail.reports import store, tallies
from ua_wagtail.reports.rules import (
    invalidate_reports,
    record_adjustment,
    submit_report,
)

from ..factories import translated_copy

pytestmark = pytest.mark.django_db


def daily_rows():
    return sorted(
        (row.day, row.language_code, row.reports, row.letter, row.email, row.call)
        for row in DailyTally.objects.all()
    )


@pytest.mark.parametrize("path", ["database's own", "orm"])
def test_reports_add_up_per_day_and_language(ua_page, monkeypatch, path):
    if path == "orm":  # the path of databases other than PostgreSQL
        monkeypatch.setattr(
            store, "_store_in_one_statement", store._store_in_a_transaction
        )
    french = translated_copy(ua_page, "fr")
    submit_report(ua_page, {"letter": 2}, country="DE")
    submit_report(french, {"letter": 1, "email": 3}, language_code="fr")
    submit_report(french, {"call": 1}, language_code="fr")
    today = tallies.day_of(timezone.now())
    assert daily_rows() == [(today, "en", 1, 2, 0, 0), (today, "fr", 2, 1, 3, 1)]


def test_invalidation_and_adjustments(ua_page):
    user = get_user_model().objects.create_user("staff")
    spam = submit_report(ua_page, {"letter": 5}).report
    submit_report(ua_page, {"email": 1})
    record_adjustment(ua_page, {"letter": 100}, note="Event", user=user)
    today = tallies.day_of(timezone.now())
    # The adjustment's actions count; it is not a report from the public.
    assert daily_rows() == [(today, "en", 2, 105, 1, 0)]
    invalidate_reports(ActionReport.objects.filter(pk=spam.pk), user)
    invalidate_reports(ActionReport.objects.filter(pk=spam.pk), user)  # no twice
    assert daily_rows() == [(today, "en", 1, 100, 1, 0)]


def test_the_day_is_the_sites_not_the_staff_members(settings):
    """Europe/London: 23:30 UTC on 30 June is already 1 July on the site."""
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("America/New_York"):
        assert tallies.day_of(moment) == datetime.date(2026, 7, 1)


def test_migration_fills_daily_tallies_from_earlier_reports(ua_page):
    submit_report(ua_page, {"letter": 2})
    submit_report(ua_page, {"email": 1}, language_code="fr")
    ActionReport.objects.filter(letter=2).update(
        created_at=datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)
    )
    DailyTally.objects.all().delete()
    migration = importlib.import_module("ua_wagtail.migrations.0008_campaign_scale")

    migration.fill_daily_tallies(apps, SimpleNamespace(connection=connection))
    today = tallies.day_of(timezone.now())
    assert daily_rows() == [
        (datetime.date(2026, 1, 2), "en", 1, 2, 0, 0),
        (today, "fr", 1, 0, 1, 0),
    ]
