"""The admin dashboard's panel of open Urgent Actions: the soonest deadlines
first, each with its days left, its total of actions and its last seven days,
linked to its delivery summary.

One row per Urgent Action (its first version by id among those shown, the one
it was written in), in one query per table whatever the number of actions: the
pages, the tallies and the daily tallies.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from ..choices import ACTION_TYPES
from ..utils.dates import site_today
from ..utils.formatting import listed, long_date, short_date, whole_number
from . import tallies
from .charts import STYLES, Rect
from .models import DailyTally
from .visibility import shown_pages

LIMIT = 10
TREND_DAYS = 7
SPARK_WIDTH, SPARK_HEIGHT, SPARK_BAR = 84, 24, 9


@dataclass
class Sparkline:
    name: str
    bars: list[Rect]
    colour: str = STYLES["letter"][0]
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


@dataclass
class OpenAction:
    page: object
    summary_url: str
    deadline: str
    days_left: str
    total: str
    last_week: str
    trend: Sparkline


def open_pages(user, today: datetime.date):
    """The open Urgent Actions, one row each, soonest deadline first."""
    shown = shown_pages(user).live().filter(deadline__gte=today)
    earlier = shown.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return (
        shown.exclude(Exists(earlier))
        .only("title", "ua_number", "deadline", "translation_key")
        .order_by("deadline", "pk")
    )


def trends(keys, today: datetime.date) -> dict:
    """{(translation_key, day): actions} over the last :data:`TREND_DAYS` days."""
    first = today - datetime.timedelta(days=TREND_DAYS - 1)
    actions = sum((Sum(action) for action in ACTION_TYPES[1:]), Sum(ACTION_TYPES[0]))
    rows = (
        DailyTally.objects.filter(translation_key__in=keys, day__gte=first)
        .order_by()
        .values_list("translation_key", "day")
        .annotate(actions=actions)
    )
    return {(key, day): n for key, day, n in rows}


def sparkline(counts: list[int], days: list[datetime.date], rtl: bool) -> Sparkline:
    """Bars of the actions of each day, oldest at the start side."""
    highest = max(max(counts), 1)
    step = SPARK_WIDTH / len(counts)
    bars = []
    for index, count in enumerate(counts):
        height = round(max(count / highest * SPARK_HEIGHT, 1 if count else 0), 1)
        slot = len(counts) - 1 - index if rtl else index
        x = round(slot * step + (step - SPARK_BAR) / 2, 1)
        bars.append(Rect(x, round(SPARK_HEIGHT - height, 1), SPARK_BAR, height))
    parts = [
        _("%(day)s: %(n)s") % {"day": short_date(day), "n": whole_number(n)}
        for day, n in zip(days, counts, strict=True)
    ]
    name = _("Actions day by day: %(days)s") % {"days": listed(parts)}
    return Sparkline(name=name, bars=bars)


def days_left_text(days: int) -> str:
    if days == 0:
        return _("Closes today")
    return ngettext("%(n)s day left", "%(n)s days left", days) % {
        "n": whole_number(days)
    }


def open_actions(user, today: datetime.date | None = None):
    """(the first :data:`LIMIT` open Urgent Actions, whether there are more)."""
    today = today or site_today()
    pages = list(open_pages(user, today)[: LIMIT + 1])
    keys = [page.translation_key for page in pages[:LIMIT]]
    totals = tallies.totals_of(keys)
    daily = trends(keys, today)
    days = [today - datetime.timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    rtl = get_language_bidi()
    rows = []
    for page in pages[:LIMIT]:
        counts = [daily.get((page.translation_key, day), 0) for day in days]
        rows.append(
            OpenAction(
                page=page,
                summary_url=reverse(
                    "ua_wagtail_admin:summary", args=[page.translation_key]
                ),
                deadline=long_date(page.deadline),
                days_left=days_left_text((page.deadline - today).days),
                total=whole_number(totals.get(page.translation_key, 0)),
                last_week=whole_number(sum(counts)),
                trend=sparkline(counts, days, rtl),
            )
        )
    return rows, len(pages) > LIMIT


class OpenActionsPanel(Component):
    """On the dashboard of those who may see reports."""

    name = "ua_open_actions"
    template_name = "ua_wagtail/admin/home/open_actions.html"
    order = 90  # above Wagtail's own panels
    heading = gettext_lazy("Open Urgent Actions")

    class Media:
        css = {"all": ["ua_wagtail/css/delivery-summary.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows, more = open_actions(self.user)
        return {
            "heading": self.heading,
            "rows": rows,
            "more": more,
            "listing_url": reverse("urgent_actions:index"),
        }
