"""The delivery summary's charts as geometry: scales and round ticks, days
without reports drawn as zero, the deadline where it falls, long campaigns a
week a bar, right to left mirrored (not its texts), nothing for no reports."""

import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from ua_wagtail.reports import bar_charts, charts
from ua_wagtail.reports.rules import submit_report

START = datetime.date(2026, 11, 2)
TODAY = datetime.date(2026, 11, 12)


def day(n):
    return START + datetime.timedelta(days=n)


def counts(**actions):
    return Counter(reports=sum(actions.values()), **actions)


DAYS = {day(0): counts(letter=3, email=1), day(4): counts(letter=10, call=2)}


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (12, [0, 5, 10, 15]),
        (1234, [0, 500, 1000, 1500]),
        (100, [0, 20, 40, 60, 80, 100]),
    ],
)
def test_round_ticks(maximum, ticks):
    assert charts.nice_ticks(maximum) == ticks


def test_days_without_reports_are_zero_up_to_the_deadline():
    chart = charts.time_chart(DAYS, deadline=day(9), today=TODAY)
    assert len(chart.periods) == 10  # day 0 to the deadline, day 9
    assert [p.total for p in chart.periods] == ["4", "0", "0", "0", "12"] + ["0"] * 5
    assert [p.reports for p in chart.periods[:5]] == ["4", "0", "0", "0", "12"]
    assert [s.action for s in chart.series] == ["letter", "email", "call"]
    assert [s.total for s in chart.series] == ["13", "1", "2"]
    assert chart.value_ticks[-1].text == "15"  # 12 actions, on a round scale
    assert chart.period == "Day"


def test_bars_stack_on_the_baseline_at_scale():
    chart = charts.time_chart(DAYS, deadline=day(9), today=TODAY)
    plot = chart.plot
    letter, email = chart.bars[:2]
    assert letter.bottom == plot.bottom and email.bottom == letter.y
    assert letter.height == pytest.approx(3 / 15 * plot.height, abs=0.1)
    slot = plot.width / 10
    assert letter.x == pytest.approx(plot.x + slot * charts.GAP / 2, abs=0.1)
    assert letter.width == pytest.approx(slot * (1 - charts.GAP), abs=0.1)


def test_the_deadline_marks_the_end_of_its_day():
    chart = charts.time_chart(
        {day(0): counts(letter=1), day(9): counts(letter=1)}, day(4), TODAY
    )
    # Open until the end of the deadline day: after 5 of the 10 days.
    assert chart.deadline.x == pytest.approx(
        chart.plot.x + chart.plot.width / 2, abs=0.1
    )
    assert chart.deadline.text == "Deadline: Nov 6"
    assert chart.deadline.anchor == "end" and chart.deadline.text_x < chart.deadline.x


def test_days_to_come_are_shaded():
    chart = charts.time_chart(DAYS, deadline=day(19), today=TODAY)
    # Today is day 10: days 11 to 19 of 20 are still to come, and not tabled.
    assert len(chart.periods) == 11
    assert chart.future.right == chart.plot.right
    assert chart.future.width == pytest.approx(chart.plot.width * 9 / 20, abs=0.1)
    assert charts.time_chart(DAYS, deadline=day(5), today=TODAY).future is None


def test_a_deleted_pages_chart_ends_at_its_last_report():
    chart = charts.time_chart(DAYS, deadline=None, today=TODAY)
    assert len(chart.periods) == 5 and chart.deadline is None


def test_right_to_left_mirrors_the_geometry_not_the_texts():
    ltr = charts.time_chart(DAYS, deadline=day(9), today=TODAY)
    rtl = charts.time_chart(DAYS, deadline=day(9), today=TODAY, rtl=True)
    assert rtl.direction == "rtl"
    for left, right in zip(ltr.bars, rtl.bars, strict=True):
        assert right.x == pytest.approx(charts.WIDTH - left.x - left.width, abs=0.1)
        assert (right.y, right.height) == (left.y, left.height)
    for left, right in zip(ltr.value_ticks, rtl.value_ticks, strict=True):
        assert right.x == charts.WIDTH - left.x and right.text == left.text
    dates = [tick.x for tick in rtl.date_ticks]
    assert dates == sorted(dates, reverse=True)  # time runs from the right
    assert rtl.deadline.x == pytest.approx(charts.WIDTH - ltr.deadline.x, abs=0.1)
    assert rtl.deadline.text_x > rtl.deadline.x  # its label on the earlier side


def test_nothing_to_draw_without_actions():
    assert charts.time_chart({}, deadline=day(9), today=TODAY) is None
    invalidated = {day(0): Counter(reports=0, letter=0)}
    assert charts.time_chart(invalidated, deadline=day(9), today=TODAY) is None


def test_a_long_campaign_is_drawn_a_week_a_bar():
    days = {day(n): counts(letter=1, email=n % 3) for n in range(0, 400, 2)}
    chart = charts.time_chart(days, deadline=day(399), today=day(399))
    assert chart.period == "Week" and len(chart.periods) == 58  # 400 days in 7-day bars
    assert len(chart.periods) <= charts.MAX_BARS
    assert sum(int(p.total) for p in chart.periods) == 200 + sum(
        n % 3 for n in range(0, 400, 2)
    )
    assert len(chart.date_ticks) <= charts.MAX_DATE_LABELS
    assert chart.date_ticks[0].text == "Nov 2, 2026"  # across two years: with it
    assert chart.periods[0].label == "Nov 2\u2009–\u20098, 2026"
    assert min(bar.width for bar in chart.bars) > 5
    three_years = {day(n): counts(letter=1) for n in range(0, 3 * 365, 30)}
    chart = charts.time_chart(three_years, deadline=None, today=day(3 * 365))
    assert chart.toggle == "The numbers, 14 days at a time"
    assert chart.name.startswith("Actions per 14 days, by type, Nov 2, 2026")


def test_labels_in_the_active_language():
    with translation.override("ar"):
        chart = charts.time_chart(DAYS, deadline=day(9), today=TODAY, rtl=True)
    assert "نوفمبر" in chart.date_ticks[0].text


def test_bar_charts_keep_the_largest_and_add_up_the_rest():
    rows = [(f"Country {n}", n) for n in range(1, 15)]
    chart = bar_charts.bar_chart("By country", rows, lambda n: f"{n} others")
    names = [row.name for row in chart.rows]
    assert names[0] == "Country 14" and names[-1] == "4 others"
    assert len(chart.rows) == bar_charts.MAX_ROWS + 1
    assert chart.rows[-1].value.text == "10"  # 1 + 2 + 3 + 4
    assert chart.rows[0].bar.width > chart.rows[1].bar.width
    assert chart.height == bar_charts.ROW * len(chart.rows)


def test_bar_charts_right_to_left():
    rows = [("A very long country name that goes on and on", 40), ("B", 10)]
    ltr = bar_charts.bar_chart("By country", rows, str)
    rtl = bar_charts.bar_chart("By country", rows, str, rtl=True)
    for left, right in zip(ltr.rows, rtl.rows, strict=True):
        assert right.bar.x == pytest.approx(
            charts.WIDTH - left.bar.x - left.bar.width, abs=0.1
        )
        assert right.label.x == charts.WIDTH - left.label.x
    assert ltr.rows[0].label.text.endswith("…")
    assert len(ltr.rows[0].label.text) <= bar_charts.MAX_NAME
    assert bar_charts.bar_chart("None", [("A", 0)], str) is None


@pytest.mark.django_db
@pytest.mark.parametrize("printable", ["", "?print=1"])
def test_the_summary_draws_its_charts_without_inline_styles(
    admin_client, ua_page, printable
):
    submit_report(ua_page, {"letter": 2, "email": 1}, country="DE")
    submit_report(ua_page, {"call": 1}, country="FR", language_code="fr")
    url = reverse("ua_wagtail_admin:summary", args=[ua_page.translation_key])
    soup = BeautifulSoup(admin_client.get(url + printable).content, "html.parser")
    drawn = soup.select("svg[role=img][data-ua-chart]")
    assert [svg["data-ua-chart"] for svg in drawn] == [
        "time",
        "ua-chart-countries",
        "ua-chart-languages",
    ]
    for svg in drawn:
        assert soup.find(id=svg["aria-labelledby"]).get_text(strip=True)
    assert not soup.select("[style]")  # the Content-Security-Policy allows none
    table = soup.select_one(".ua-chart-data table")
    assert [th.get_text() for th in table.select("thead th")] == [
        "Day",
        "Reports",
        "Letters",
        "Emails",
        "Phone calls",
        "All actions",
    ]


@pytest.mark.parametrize(
    "deadline",
    [
        datetime.date(9999, 12, 31),
        datetime.date(9999, 12, 30),
        datetime.date(9900, 1, 1),
        datetime.date(1, 1, 1),
    ],
)
def test_a_deadline_far_from_the_reports_is_left_out(deadline):
    """An editor's "no deadline" (31 December 9999) draws the reports' days,
    not thousands of years of empty ones, and without the deadline's line."""
    chart = charts.time_chart(DAYS, deadline=deadline, today=TODAY)
    assert chart.deadline is None
    assert len(chart.periods) <= (TODAY - min(DAYS)).days + 1
    assert charts.date_span(DAYS, deadline, TODAY) == (min(DAYS), max(DAYS))
