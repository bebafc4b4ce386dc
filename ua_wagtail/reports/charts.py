"""The delivery summary's charts, as geometry for inline SVG.

Everything is computed here (scales, axis ticks, bar rectangles, labels in the
active language) and the templates only draw it: no script, nothing loaded, so
the charts show in the admin, on paper and under the package's
Content-Security-Policy. Right to left, the time axis runs from the right and the
value axis stands on the right; texts are never mirrored, only placed. Text
anchors are given for the chart's own direction (``end`` is the left in Arabic).
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..choices import ACTION_TYPES
from ..utils.formatting import date_range, short_date, whole_number
from .forms import ACTION_LABELS

WIDTH, HEIGHT = 720, 260
TOP, BOTTOM = 28, 36  # room for the deadline's label and for the dates
AXIS_SIDE, FAR_SIDE = 56, 12  # the value axis's labels, and the other side
MAX_BARS = 92  # more days than this are drawn a week (or more) a bar
MAX_DATE_LABELS = 7
GAP = 0.2  # of a bar's slot, between bars

#: Each action type's colour, with at least 3:1 contrast against both white and
#: the admin's dark theme (#262626), and its pattern, so that the types also
#: differ without colour: (angle of the tile, rectangles cut out of it).
STYLES = {
    "letter": ("#2f6fd6", 0, ()),
    "email": ("#c25e00", 45, ((0, 0, 2, 6),)),
    "fax": ("#1a8a5c", 0, ((2, 2, 2, 2),)),
    "call": ("#9a4fcf", 0, ((0, 0, 6, 2),)),
    "social": ("#d23f72", -45, ((0, 0, 2, 6),)),
    "other": ("#7d7a2f", 0, ((0, 0, 2, 6), (0, 0, 6, 2))),
}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    action: str = ""

    @property
    def right(self) -> float:
        return round(self.x + self.width, 1)

    @property
    def bottom(self) -> float:
        return round(self.y + self.height, 1)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Marker:
    """A vertical line across the plot at ``x``, its label at ``text_x``."""

    x: float
    text_x: float
    text: str
    anchor: str


@dataclass(frozen=True)
class Series:
    """An action type in the legend, with its colour and pattern."""

    action: str
    label: str
    total: str
    colour: str
    angle: int
    cutouts: tuple


@dataclass(frozen=True)
class Period:
    """A row of the chart's data table: one bar."""

    label: str
    reports: str
    counts: list[str]
    total: str


@dataclass
class TimeChart:
    name: str
    rtl: bool
    series: list[Series]
    bars: list[Rect]
    periods: list[Period]
    period: str  # the table's heading of its rows: "Day", "Week"
    toggle: str  # what opens the table
    plot: Rect
    value_ticks: list[Label] = field(default_factory=list)
    date_ticks: list[Label] = field(default_factory=list)
    deadline: Marker | None = None
    future: Rect | None = None
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def nice_ticks(maximum: int, count: int = 5) -> list[int]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least
    ``maximum``, about ``count`` of them."""
    maximum = max(maximum, 1)
    rough = maximum / count
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= rough)
    return list(range(0, math.ceil(maximum / step) * step + 1, step))


def bucket_days(days: int) -> int:
    """How many days each bar stands for: one, or whole weeks beyond
    :data:`MAX_BARS` days (a 400-day campaign is drawn a week a bar)."""
    if days <= MAX_BARS:
        return 1
    return 7 * math.ceil(days / (7 * MAX_BARS))


def date_span(
    days, deadline: datetime.date | None, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The days the chart covers: from the first report to the deadline (so
    that it shows, and an open campaign's days up to today), or to a later
    report; to the last report when the page is gone; None without reports.
    Days without reports in between are drawn as zero.

    A deadline more than :data:`MAX_BARS` days from the reports (and from
    today) is left out: "31 December 9999", an editor's "no deadline", would
    otherwise stretch the chart over eight thousand years of empty days.
    """
    if not days:
        return None
    start, end = min(days), max(days)
    if deadline and deadline_within(deadline, start, max(end, today)):
        return min(start, deadline), max(end, deadline)
    return start, end


def deadline_within(deadline, first: datetime.date, last: datetime.date) -> bool:
    reach = datetime.timedelta(days=MAX_BARS)
    return first - reach <= deadline <= last + reach


def time_chart(
    days: dict[datetime.date, Counter],
    deadline: datetime.date | None,
    today: datetime.date,
    rtl: bool = False,
) -> TimeChart | None:
    """Actions per day (or week), stacked by type, with the deadline marked;
    None when there is nothing to draw."""
    span = date_span(days, deadline, today)
    totals = Counter()
    for counts in days.values():
        totals.update({a: counts.get(a, 0) for a in ACTION_TYPES})
    actions = [a for a in ACTION_TYPES if totals[a] > 0]
    if span is None or not actions:
        return None
    start, end = span
    size = bucket_days((end - start).days + 1)
    periods = _periods(days, start, end, size)
    plot = Rect(
        FAR_SIDE if rtl else AXIS_SIDE,
        TOP,
        WIDTH - AXIS_SIDE - FAR_SIDE,
        HEIGHT - TOP - BOTTOM,
    )
    scale = _Scale(plot, start, size, len(periods), rtl)
    ticks = nice_ticks(max(sum(c[a] for a in actions) for _s, c in periods))
    years = start.year != end.year  # dates then say which year
    name, period, toggle = _period_texts(size)
    return TimeChart(
        name=name % {"dates": date_range(start, end), "n": whole_number(size)},
        rtl=rtl,
        series=[_series(a, totals[a]) for a in actions],
        bars=_bars(periods, actions, scale, ticks[-1]),
        periods=[  # the table's rows: the days so far
            _period_row(s, size, c, actions) for s, c in periods if s <= today
        ],
        period=period,
        toggle=toggle,
        plot=plot,
        value_ticks=_value_ticks(ticks, plot, rtl),
        date_ticks=_date_ticks(periods, scale, years),
        deadline=(
            _deadline(deadline, scale, years)
            if deadline and start <= deadline <= end
            else None
        ),
        future=scale.after(today, end),
    )


def _period_texts(size: int) -> tuple[str, str, str]:
    """The chart's name (to fill in with its ``dates`` and ``n`` days a bar),
    the heading of its table's rows and the table's toggle, for bars of
    ``size`` days."""
    if size == 1:
        return (
            _("Actions per day, by type, %(dates)s"),
            _("Day"),
            _("The numbers, day by day"),
        )
    if size == 7:
        return (
            _("Actions per week, by type, %(dates)s"),
            _("Week"),
            _("The numbers, week by week"),
        )
    return (
        _("Actions per %(n)s days, by type, %(dates)s"),
        _("Days"),
        _("The numbers, %(n)s days at a time") % {"n": whole_number(size)},
    )


class _Scale:
    """Where a day falls on the time axis, from the start side; each bar
    stands for ``size`` days."""

    def __init__(self, plot: Rect, start, size: int, bars: int, rtl: bool):
        self.plot, self.start, self.size, self.rtl = plot, start, size, rtl
        self.per_day = plot.width / (size * bars)

    def x(self, day: datetime.date) -> float:
        """The x of the start of ``day``."""
        offset = (day - self.start).days * self.per_day
        if self.rtl:
            return self.plot.x + self.plot.width - offset
        return self.plot.x + offset

    def between(self, first: datetime.date, after: datetime.date) -> tuple:
        """(left, width) of the days from ``first`` to before ``after``."""
        a, b = self.x(first), self.x(after)
        return min(a, b), abs(b - a)

    def slot(self, first: datetime.date) -> tuple:
        """(left, width) of the bar starting on ``first``."""
        return self.between(first, first + datetime.timedelta(days=self.size))

    def after(self, today: datetime.date, end: datetime.date) -> Rect | None:
        """The days still to come, shaded."""
        tomorrow = today + datetime.timedelta(days=1)
        if tomorrow > end:
            return None
        left, width = self.between(tomorrow, end + datetime.timedelta(days=1))
        return Rect(_r(left), self.plot.y, _r(width), self.plot.height)


def _periods(days, start, end, size) -> list[tuple[datetime.date, Counter]]:
    """Each bar's first day and counts, days without reports as zero."""
    periods = []
    first = start
    while first <= end:
        counts = Counter()
        for offset in range(size):
            counts.update(days.get(first + datetime.timedelta(days=offset), {}))
        periods.append((first, counts))
        first += datetime.timedelta(days=size)
    return periods


def _bars(periods, actions, scale: _Scale, top: int) -> list[Rect]:
    plot, bars = scale.plot, []
    for first, counts in periods:
        left, slot = scale.slot(first)
        base = plot.y + plot.height
        for action in actions:
            height = counts[action] / top * plot.height
            if height <= 0:
                continue
            base -= height
            bars.append(
                Rect(
                    _r(left + slot * GAP / 2),
                    _r(base),
                    _r(slot * (1 - GAP)),
                    _r(height),
                    action,
                )
            )
    return bars


def _value_ticks(ticks: list[int], plot: Rect, rtl: bool) -> list[Label]:
    """The counts beside the value axis, on the start side, and their gridlines
    (the template draws a line across the plot at each label's y)."""
    x = plot.x + plot.width + 6 if rtl else plot.x - 6
    return [
        Label(
            _r(x),
            _r(plot.y + plot.height * (1 - tick / ticks[-1])),
            whole_number(tick),
            "end",
        )
        for tick in ticks
    ]


def _date_ticks(periods, scale: _Scale, year: bool) -> list[Label]:
    """Dates under some bars: at most :data:`MAX_DATE_LABELS`, evenly spaced."""
    step = next(
        s
        for s in (1, 2, 7, 14, 28, 56, 91, 182, 364, len(periods))
        if math.ceil(len(periods) / s) <= MAX_DATE_LABELS
    )
    y = scale.plot.y + scale.plot.height + 18
    half = 40 if year else 24  # about half a label's width: kept inside
    low, high = scale.plot.x + half, scale.plot.right - half
    labels = []
    for first, _counts in periods[::step]:
        left, slot = scale.slot(first)
        x = min(max(left + slot / 2, low), high)
        labels.append(Label(_r(x), y, short_date(first, year)))
    return labels


def _deadline(deadline: datetime.date, scale: _Scale, year: bool) -> Marker:
    """The line at the end of the deadline day, labelled on its earlier side
    (its later side near the chart's start, where there is no room)."""
    x = scale.x(deadline + datetime.timedelta(days=1))
    side = 1 if scale.rtl else -1
    anchor = "end"
    if abs(x - scale.x(scale.start)) < scale.plot.width / 4:
        side, anchor = -side, "start"
    text = _("Deadline: %(date)s") % {"date": short_date(deadline, year)}
    return Marker(_r(x), _r(x + 4 * side), text, anchor)


def _series(action: str, total: int) -> Series:
    colour, angle, cutouts = STYLES[action]
    return Series(
        action, str(ACTION_LABELS[action]), whole_number(total), colour, angle, cutouts
    )


def _period_row(first, size, counts, actions) -> Period:
    last = first + datetime.timedelta(days=size - 1)
    label = short_date(first, year=True) if size == 1 else date_range(first, last)
    return Period(
        label=label,
        reports=whole_number(counts["reports"]),
        counts=[whole_number(counts[a]) for a in actions],
        total=whole_number(sum(counts[a] for a in actions)),
    )


def _r(value: float) -> float:
    """Coordinates to a tenth of a pixel: enough, and short in the page."""
    return round(value, 1)
