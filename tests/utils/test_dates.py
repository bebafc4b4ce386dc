"""Deadline status at fixed instants: no wall clock involved."""

import datetime

import pytest
from django.test import override_settings

from ua_wagtail.choices import ActionStatus
from ua_wagtail.utils.dates import days_left, deadline_status

UTC = datetime.UTC
DEADLINE = datetime.date(2024, 11, 1)


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected", "remaining"),
    [
        (at(2024, 10, 1, 12), ActionStatus.OPEN, 31),
        # London is on summer time (UTC+1) until October 27, 2024.
        (at(2024, 10, 24, 22, 59), ActionStatus.OPEN, 8),
        (at(2024, 10, 24, 23, 0), ActionStatus.CLOSING_SOON, 7),
        (at(2024, 11, 1, 0, 0), ActionStatus.CLOSING_SOON, 0),
        (at(2024, 11, 1, 23, 59), ActionStatus.CLOSING_SOON, 0),
        (at(2024, 11, 2, 0, 0), ActionStatus.CLOSED, -1),
        (at(2025, 1, 1), ActionStatus.CLOSED, -61),
    ],
)
@override_settings(TIME_ZONE="Europe/London", UA_WAGTAIL_CLOSING_SOON_DAYS=7)
def test_status_in_site_time_zone(now, expected, remaining):
    # From October 27, London is on UTC, so these instants are also local times.
    assert deadline_status(DEADLINE, now) == expected
    assert days_left(DEADLINE, now) == remaining


@override_settings(TIME_ZONE="Asia/Tokyo")
def test_the_site_time_zone_decides_when_the_day_ends():
    # 16:00 UTC on the deadline is already 01:00 the next day in Tokyo.
    assert deadline_status(DEADLINE, at(2024, 11, 1, 14, 59)) != ActionStatus.CLOSED
    assert deadline_status(DEADLINE, at(2024, 11, 1, 15, 0)) == ActionStatus.CLOSED


@override_settings(TIME_ZONE="America/Los_Angeles")
def test_a_site_behind_utc_keeps_the_action_open_longer():
    assert deadline_status(DEADLINE, at(2024, 11, 2, 6, 59)) != ActionStatus.CLOSED
    assert deadline_status(DEADLINE, at(2024, 11, 2, 7, 0)) == ActionStatus.CLOSED


@override_settings(TIME_ZONE="UTC", UA_WAGTAIL_CLOSING_SOON_DAYS=2)
def test_closing_soon_window_is_a_setting():
    assert deadline_status(DEADLINE, at(2024, 10, 29)) == ActionStatus.OPEN
    assert deadline_status(DEADLINE, at(2024, 10, 30)) == ActionStatus.CLOSING_SOON
