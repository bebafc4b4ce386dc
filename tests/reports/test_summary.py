"""The delivery summary: its sentence, written as the active language lists
things, and its numbers, read from the rollups rather than from the reports."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ua_wagtail.models import ActionReport, UrgentActionPage
from ua_wagtail.reports import tallies
from ua_wagtail.reports.rules import (
    invalidate_reports,
    record_adjustment,
    submit_report,
)
from ua_wagtail.reports.summary import DeliverySummary, delivery_summary
from ua_wagtail.reports.tallies import Totals

from ..factories import translated_copy


def summary(by_action, by_country):
    return DeliverySummary(
        translation_key=uuid.uuid4(),
        ua_number="147/20",
        title="Free Jane Doe",
        page=None,
        totals=Totals(sum(by_action.values()), by_action, by_country),
        reports=3,
        languages=[("English", 3)],
        adjustments=[],
    )


ACTIONS = {"letter": 1234, "email": 1, "call": 2}


def test_the_actions_are_one_english_list():
    with translation.override("en"):
        assert summary(ACTIONS, {"BY": 2}).sentence == (
            "1,234 letters, 1 email, and 2 phone calls, from 1 country in 1 language."
        )


def test_arabic_joins_the_actions_with_its_own_conjunction():
    with translation.override("ar"):
        sentence = summary({"letter": 3, "email": 1, "call": 2}, {"BY": 2}).sentence
    assert "," not in sentence  # (counts of thousands have Latin group commas)
    assert sentence.count(" و") >= 2  # "أ وب وج": "and" before each later item


# Read from the rollups: a campaign may have a million reports.


@pytest.fixture
def campaign(ua_page):
    staff = get_user_model().objects.create_user("staff")
    french = translated_copy(ua_page, "fr")
    submit_report(ua_page, {"letter": 2}, country="DE")
    submit_report(french, {"letter": 1, "email": 3}, language_code="fr")
    submit_report(french, {"call": 1}, language_code="fr", country="FR")
    spam = submit_report(ua_page, {"fax": 9}, language_code="ru").report
    invalidate_reports(ActionReport.objects.filter(pk=spam.pk), staff)
    record_adjustment(ua_page, {"letter": 100}, note="Stall", user=staff)
    return ua_page


def admin():
    return get_user_model().objects.create_superuser("boss", "boss@example.org")


def report_queries(captured) -> list[str]:
    table = ActionReport._meta.db_table
    return [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def test_the_summary_reads_rollups_not_reports(campaign):
    with CaptureQueriesContext(connection) as captured:
        result = delivery_summary(campaign.translation_key, admin())
    # The adjustments alone come from the reports table (few, by an index).
    (adjustments,) = report_queries(captured)
    assert "adjustment" in adjustments
    assert result.reports == 3  # counted reports from the public
    assert [code for code, _n in result.languages] == ["French", "English"]
    assert [n for _code, n in result.languages] == [2, 1]
    assert [a.note for a in result.adjustments] == ["Stall"]
    assert result.totals.total == 107
    today = tallies.day_of(timezone.now())
    assert list(result.days) == [today]
    assert result.days[today]["letter"] == 103 and result.days[today]["reports"] == 3


def test_a_deleted_pages_summary_reads_one_report_for_its_title(campaign):
    key, title = campaign.translation_key, campaign.title
    UrgentActionPage.objects.filter(translation_key=key).delete()
    with CaptureQueriesContext(connection) as captured:
        result = delivery_summary(key, admin())
    assert result.page is None and result.title == title
    assert len(report_queries(captured)) == 2  # the latest report, the adjustments
    assert result.reports == 3


@pytest.mark.django_db
def test_no_summary_without_page_or_reports():
    assert delivery_summary(uuid.uuid4(), admin()) is None


def test_a_title_the_user_may_not_see_is_not_shown(campaign):
    """A private original (behind a login) is named by the title its reports
    copied, to those who may not explore it; to those who may, by its own."""
    from wagtail.models import PageViewRestriction

    key = campaign.translation_key
    PageViewRestriction.objects.create(
        page=campaign, restriction_type=PageViewRestriction.LOGIN
    )
    campaign.title = "Private: names the person at risk"
    campaign.save_revision().publish()
    reader = get_user_model().objects.create_user("reader")
    seen = delivery_summary(key, reader)
    assert "Private" not in seen.title
    assert seen.page.locale.language_code == "fr"  # the public translation
    assert delivery_summary(key, admin()).title.startswith("Private")
