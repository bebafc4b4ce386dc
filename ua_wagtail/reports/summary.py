"""The delivery summary the campaign team sends to the officials.

"1,234 letters, 560 emails, and 88 phone calls, from 41 countries in 6 languages."
Everything is read from the rollups kept with the reports, never by counting
reports (a campaign may have a million): actions and countries from the tallies,
reports, languages and days from the daily tallies. Only the staff's
adjustments, few, are read from the reports themselves.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from ..choices import ReportSource
from ..languages import language_name
from ..utils.formatting import listed, whole_number
from . import tallies
from .forms import ACTION_LABELS
from .models import ActionReport, DailyTally, action_phrase
from .visibility import shown_pages


def _formatted_count(count: int) -> str:
    """A count as the summary shows it: grouped in the active language ("1,234")."""
    return whole_number(count)


@dataclass
class DeliverySummary:
    translation_key: UUID
    ua_number: str
    title: str
    page: object | None  # the Urgent Action page, if it still exists
    totals: tallies.Totals
    reports: int
    languages: list[tuple[str, int]]
    adjustments: list[ActionReport]
    #: Counted reports and actions by day: ``{day: Counter(reports=…, letter=…)}``
    days: dict[datetime.date, Counter] = field(default_factory=dict)

    @property
    def action_rows(self) -> list[tuple[str, str]]:
        return [
            (ACTION_LABELS[action], _formatted_count(count))
            for action, count in self.totals.by_action.items()
        ]

    @property
    def country_rows(self) -> list[tuple[str, str]]:
        rows = sorted(self.totals.by_country.items(), key=lambda row: -row[1])
        return [(countries.name(code), _formatted_count(count)) for code, count in rows]

    @property
    def countries(self) -> int:
        return len(self.totals.by_country)

    @property
    def sentence(self) -> str:
        actions = [
            action_phrase(action, count)
            for action, count in self.totals.by_action.items()
            if count
        ]
        if not actions:
            return _("No actions have been reported yet.")
        countries = ngettext("%(n)s country", "%(n)s countries", self.countries) % {
            "n": _formatted_count(self.countries)
        }
        languages = ngettext(
            "%(n)s language", "%(n)s languages", len(self.languages)
        ) % {"n": _formatted_count(len(self.languages))}
        values = {
            "actions": listed(actions),
            "countries": countries,
            "languages": languages,
        }
        if self.countries and self.languages:
            return _("%(actions)s, from %(countries)s in %(languages)s.") % values
        if self.languages:
            return _("%(actions)s, in %(languages)s.") % values
        if self.countries:
            return _("%(actions)s, from %(countries)s.") % values
        return _("%(actions)s.") % values


@dataclass
class Daily:
    """What the daily tallies of one Urgent Action add up to."""

    days: dict[datetime.date, Counter]
    languages: Counter

    @property
    def reports(self) -> int:
        return sum(counts["reports"] for counts in self.days.values())


def daily(translation_key: UUID) -> Daily:
    """The Urgent Action's reports and actions by day, and reports by language,
    from its daily tallies: one indexed read of a few rows a day."""
    rows = DailyTally.objects.filter(translation_key=translation_key).values_list(
        "day", "language_code", *tallies.DAILY_COUNTS
    )
    days, languages = {}, Counter()
    for day, language, *counts in rows:
        counted = dict(zip(tallies.DAILY_COUNTS, counts, strict=True))
        days.setdefault(day, Counter()).update(counted)
        if language:
            languages[language] += counts[0]
    return Daily(days=dict(sorted(days.items())), languages=+languages)


def _snapshot(translation_key: UUID):
    """The latest report's number and title, for an Urgent Action whose page is
    gone (one row, by the index on the key and date)."""
    return (
        ActionReport.objects.filter(translation_key=translation_key)
        .only("ua_number", "ua_title")
        .order_by("-created_at")
        .first()
    )


def adjustments(translation_key: UUID) -> list[ActionReport]:
    """The counted staff adjustments, newest first: read through the index on
    (source, created_at), which holds few of them among a million reports."""
    return list(
        ActionReport.objects.filter(
            source=ReportSource.ADJUSTMENT,
            translation_key=translation_key,
            is_valid=True,
        ).select_related("created_by")
    )


def delivery_summary(translation_key: UUID, user) -> DeliverySummary | None:
    """The summary as ``user`` may see it: of the Urgent Action's pages, the
    first live one they may see named (see :mod:`.visibility`), else the number
    and title its latest report copied from the page it was made on."""
    page = (
        shown_pages(user)
        .filter(translation_key=translation_key)
        .order_by("-live", "pk")
        .first()
    )
    latest = _snapshot(translation_key) if page is None else None
    if page is None and latest is None:
        return None
    counts = daily(translation_key)
    languages = sorted(counts.languages.items(), key=lambda row: (-row[1], row[0]))
    return DeliverySummary(
        translation_key=translation_key,
        ua_number=page.ua_number if page else latest.ua_number,
        title=page.title if page else latest.ua_title,
        page=page,
        totals=tallies.totals(translation_key),
        reports=counts.reports,
        languages=[(language_name(code), n) for code, n in languages],
        adjustments=adjustments(translation_key),
        days=counts.days,
    )
