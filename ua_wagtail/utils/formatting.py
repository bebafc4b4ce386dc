"""Dates, counts and lists shown the way each language writes them, through Babel (CLDR).

Django's ``DATE_FORMAT`` is short in English ("Nov. 1, 2024"); UA documents write
dates in full ("November 1, 2024", "1 novembre 2024", "1 ноября 2024 г."),
which is CLDR's "long" format.
"""

import datetime

from babel import UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, to_locale


def cldr_locale(language: str | None = None) -> str:
    """Babel's name for the language (default: the active one), e.g. "pt_BR"."""
    return to_locale(language or get_language() or settings.LANGUAGE_CODE)


def long_date(value: datetime.date, language: str | None = None) -> str:
    try:
        return format_date(value, format="long", locale=cldr_locale(language))
    except (UnknownLocaleError, ValueError):
        return date_format(value, "DATE_FORMAT")


def short_date(
    value: datetime.date, year: bool = False, language: str | None = None
) -> str:
    """A date as a chart's axis shows it: "Dec 5", "5 déc.", "5 ديسمبر"
    (with the year: "Dec 5, 2026")."""
    try:
        skeleton = "yMMMd" if year else "MMMd"
        return format_skeleton(skeleton, value, locale=cldr_locale(language))
    except (UnknownLocaleError, ValueError):
        return date_format(value, "SHORT_DATE_FORMAT")


def date_range(
    start: datetime.date, end: datetime.date, language: str | None = None
) -> str:
    """Two dates as the language writes a span: "Dec 5 – 11, 2026"."""
    try:
        return format_interval(start, end, "yMMMd", locale=cldr_locale(language))
    except (UnknownLocaleError, ValueError):
        return f"{date_format(start)} – {date_format(end)}"


def whole_number(value: int, language: str | None = None) -> str:
    """A count as the language groups it: "1,234", "1 234", "1.234" (CLDR, as
    browsers' ``Intl.NumberFormat`` does, so script updates match)."""
    try:
        return format_decimal(value, locale=cldr_locale(language))
    except (UnknownLocaleError, ValueError, ArithmeticError):
        # Babel's decimal context stops at 28 digits (a goal an editor typed).
        return number_format(value, force_grouping=True)


def listed(items, style: str = "standard", language: str | None = None) -> str:
    """Items joined as the language (default: the active one) lists them:
    "a, b, and c" and "أ وب وج" (``style="standard"``), "a, b, or c" and
    "أ أو ب أو ج" (``style="or"``)."""
    items = [str(item) for item in items]
    try:
        return format_list(items, style=style, locale=cldr_locale(language))
    except (UnknownLocaleError, ValueError, KeyError):
        # A language CLDR does not know, or one whose list data Babel cannot
        # complete (it inherits patterns by halves): English's patterns.
        return format_list(items, style=style, locale="en")
