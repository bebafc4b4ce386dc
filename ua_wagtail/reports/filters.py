"""Filters of the admin's action report listing."""

import django_filters
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.active_filters import (
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..choices import ActionType, ReportSource
from .models import ActionReport


def urgent_action_choices():
    """Each Urgent Action reported on, as its number and title. The database finds
    them (a fraction of a second at a million reports), not Python: the choices
    are read whenever the filter validates, an export's included."""
    rows = (
        ActionReport.objects.order_by()
        .values_list("translation_key", "ua_number", "ua_title")
        .distinct()
    )
    return sorted({(key, f"{number} {title}") for key, number, title in rows}, key=str)


CLIENT_LABEL = capfirst(ActionReport._meta.get_field("client_hash").verbose_name)
SHORT_HASH_LENGTH = 10


def short_hash(client_hash: str) -> str:
    """The start of a client hash: enough to tell clients apart on screen."""
    if len(client_hash) <= SHORT_HASH_LENGTH:
        return client_hash
    return client_hash[:SHORT_HASH_LENGTH] + "…"


class ClientHashFilter(django_filters.CharFilter):
    """One client's reports, by the full hash (exact, to find a flood)."""


class ClientHashFilterAdapter(BaseFilterAdapter):
    """Shows the active filter's hash short, as the listing does."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=short_hash(active.value))


register_filter_adapter_class(ClientHashFilter, ClientHashFilterAdapter)


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
    client_hash = ClientHashFilter(label=CLIENT_LABEL)

    class Meta:
        model = ActionReport
        fields = []

    def filter_action(self, queryset, name, value):
        return queryset.filter(**{f"{value}__gt": 0})
