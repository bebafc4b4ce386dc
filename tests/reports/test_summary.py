"""The delivery summary's sentence, written as the active language lists things."""

import uuid

from django.utils import translation

from ua_wagtail.reports.summary import DeliverySummary
from ua_wagtail.reports.tallies import Totals


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
