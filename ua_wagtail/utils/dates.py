"""Whether an Urgent Action still accepts action, computed from its deadline.

The status is never stored: it changes with the calendar, so it is derived from
the deadline and the current instant in the site's time zone (``TIME_ZONE``),
not the visitor's, so that every visitor sees the same status at the same moment.
An action is open until the end of its deadline day.
"""

import datetime

from django.utils import timezone

from ..choices import ActionStatus
from ..conf import ua_settings


def site_today(now: datetime.datetime | None = None) -> datetime.date:
    """The date in the site's time zone at ``now`` (default: the current instant)."""
    return timezone.localdate(now, timezone=timezone.get_default_timezone())


def days_left(deadline: datetime.date, now: datetime.datetime | None = None) -> int:
    """Whole days from today to the deadline: 0 on the deadline day, negative after."""
    return (deadline - site_today(now)).days


def deadline_status(
    deadline: datetime.date, now: datetime.datetime | None = None
) -> ActionStatus:
    remaining = days_left(deadline, now)
    if remaining < 0:
        return ActionStatus.CLOSED
    if remaining <= ua_settings.CLOSING_SOON_DAYS:
        return ActionStatus.CLOSING_SOON
    return ActionStatus.OPEN


def next_midnight(now: datetime.datetime | None = None) -> datetime.datetime:
    """The start of tomorrow in the site's time zone: when the days left change."""
    zone = timezone.get_default_timezone()
    tomorrow = site_today(now) + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=zone)
