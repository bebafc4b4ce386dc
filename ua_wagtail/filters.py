"""Filters of the admin's action report listing."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .actions import ActionType
from .models import ActionReport, ReportSource


def urgent_action_choices():
    rows = ActionReport.objects.order_by("-translation_key").values_list(
        "translation_key", "ua_number", "ua_title"
    )
    return sorted({(key, f"{number} {title}") for key, number, title in rows}, key=str)


class ActionReportFilterSet(WagtailFilterSet):
    translation_key = django_filters.ChoiceFilter(
        label=_("Urgent Action"), choices=urgent_action_choices
    )
    language_code = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries)
    action = django_filters.ChoiceFilter(
        label=_("Action type"), choices=ActionType.choices, method="filter_action"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Reported"), widget=DateRangePickerWidget
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=ReportSource.choices
    )
    is_valid = django_filters.BooleanFilter(label=_("Counted"))

    class Meta:
        model = ActionReport
        fields = []

    def filter_action(self, queryset, name, value):
        return queryset.filter(**{f"{value}__gt": 0})
