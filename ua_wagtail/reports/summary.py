"""The delivery summary the campaign team sends to the officials.

"1,234 letters, 560 emails, and 88 phone calls, from 41 countries in 6 languages."
Action counts come from the tallies; countries and languages from the counted
reports (a staff page, so one aggregate query is fine).
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from ..choices import ReportSource
from ..languages import language_name
from ..utils.formatting import listed, whole_number
from . import tallies
from .forms import ACTION_LABELS
from .models import ActionReport, action_phrase, page_model


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


def delivery_summary(translation_key: UUID) -> DeliverySummary | None:
    reports = ActionReport.objects.filter(translation_key=translation_key)
    page = (
        page_model()
        .objects.filter(translation_key=translation_key)
        .order_by("-live", "pk")
        .first()
    )
    latest = reports.order_by("-created_at").first()
    if page is None and latest is None:
        return None
    counted = reports.filter(is_valid=True)
    languages = (
        counted.exclude(language_code="")
        .values_list("language_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "language_code")
    )
    return DeliverySummary(
        translation_key=translation_key,
        ua_number=page.ua_number if page else latest.ua_number,
        title=page.title if page else latest.ua_title,
        page=page,
        totals=tallies.totals(translation_key),
        reports=counted.filter(~Q(source=ReportSource.ADJUSTMENT)).count(),
        languages=[(language_name(code), n) for code, n in languages],
        adjustments=list(
            counted.filter(source=ReportSource.ADJUSTMENT).select_related("created_by")
        ),
    )
