"""Horizontal bar charts of the delivery summary (actions by country, reports
by language), as geometry for inline SVG (see :mod:`.charts`).

Each row: its name at the start side, the bar growing towards the end side, the
count after it. Right to left the rows are mirrored, not their texts.
"""

from dataclasses import dataclass

from ..utils.formatting import whole_number
from .charts import STYLES, WIDTH, Label, Rect

ROW, BAR = 28, 16
LABEL_WIDTH, VALUE_WIDTH = 200, 80
MAX_ROWS = 10
MAX_NAME = 26  # characters of a name; the table beside the chart has them whole


@dataclass(frozen=True)
class BarRow:
    name: str
    label: Label
    bar: Rect
    value: Label


@dataclass
class BarChart:
    name: str
    rtl: bool
    rows: list[BarRow]
    colour: str = STYLES["letter"][0]  # 3:1 against the light and dark themes
    width: int = WIDTH

    @property
    def height(self) -> int:
        return ROW * len(self.rows)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def top_rows(rows: list[tuple[str, int]], others) -> list[tuple[str, int]]:
    """The :data:`MAX_ROWS` largest, and the rest added up in one row named by
    ``others(how_many)``."""
    rows = sorted(rows, key=lambda row: -row[1])
    if len(rows) <= MAX_ROWS + 1:
        return rows
    rest = rows[MAX_ROWS:]
    return [*rows[:MAX_ROWS], (others(len(rest)), sum(n for _name, n in rest))]


def bar_chart(
    name: str, rows: list[tuple[str, int]], others, rtl: bool = False
) -> BarChart | None:
    """None when no row counts anything."""
    rows = [(label, n) for label, n in top_rows(rows, others) if n > 0]
    if not rows:
        return None
    longest = max(n for _label, n in rows)
    return BarChart(
        name=name,
        rtl=rtl,
        rows=[_row(i, *row, longest, rtl) for i, row in enumerate(rows)],
    )


def _row(index: int, name: str, count: int, longest: int, rtl: bool) -> BarRow:
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    length = round(max(count / longest * span, 1), 1)
    middle = index * ROW + ROW / 2
    if rtl:
        bar_x = WIDTH - LABEL_WIDTH - length
        label_x, value_x = WIDTH - LABEL_WIDTH + 8, bar_x - 6
    else:
        bar_x = LABEL_WIDTH
        label_x, value_x = LABEL_WIDTH - 8, LABEL_WIDTH + length + 6
    return BarRow(
        name=name,
        label=Label(label_x, middle, _shortened(name), "end"),
        bar=Rect(round(bar_x, 1), middle - BAR / 2, length, BAR),
        value=Label(round(value_x, 1), middle, whole_number(count), "start"),
    )


def _shortened(name: str) -> str:
    if len(name) <= MAX_NAME:
        return name
    return name[: MAX_NAME - 1].rstrip() + "…"
