"""A calendar reminder of an Urgent Action's deadline (iCalendar, RFC 5545).

An all-day event on the deadline with an alarm the day before, in the page's
language, so that an activist who cannot act now is reminded in time.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event


def deadline_reminder(page, request=None) -> bytes:
    with translation.override(page.locale.language_code):
        url = page.get_full_url(request)
        event = Event()
        event.add("uid", f"{page.translation_key}-{page.locale.language_code}@ua")
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        event.add("dtstart", page.deadline)
        event.add("dtend", page.deadline + datetime.timedelta(days=1))
        event.add(
            "summary",
            _("Last day to act: %(title)s") % {"title": page.title},
        )
        event.add("description", f"{page.series_label}\n\n{page.summary}\n\n{url}")
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        event.add_component(day_before_alarm(page))
        calendar = Calendar()
        calendar.add("prodid", "-//ua_wagtail//Urgent Action deadline//EN")
        calendar.add("version", "2.0")
        calendar.add_component(event)
    return calendar.to_ical()


def day_before_alarm(page) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", datetime.timedelta(days=-1))
    alarm.add(
        "description",
        _("Tomorrow is the last day to act: %(title)s") % {"title": page.title},
    )
    return alarm


def reminder_filename(page) -> str:
    number = page.ua_number.replace("/", "-") or str(page.pk)
    return f"urgent-action-{number}-deadline.ics"
