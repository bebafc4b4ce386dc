"""Filters of the admin's action report listing."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.active_filters import (
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..choices import ActionType, ReportSource
from .models import ActionReport, ActionTally, page_model


def urgent_actions() -> dict:
    """{translation key: (number, title)} of every Urgent Action with counted
    reports, never reading the reports themselves but one each.

    The keys come from the tallies (a few rows an Urgent Action); the number and
    title from its first page (the original, not a translation), or from its
    latest report if every page is deleted. An Urgent Action whose every report
    was stopped from counting has no tallies and is not offered.
    """
    keys = set(
        ActionTally.objects.filter(count__gt=0)
        .order_by()
        .values_list("translation_key", flat=True)
        .distinct()
    )
    pages = page_model().objects.filter(translation_key__in=keys).order_by("-pk")
    found = {
        key: (number, title)
        for key, number, title in pages.values_list(
            "translation_key", "ua_number", "title"
        )
    }
    for key in keys - set(found):
        latest = ActionReport.objects.filter(translation_key=key).order_by(
            "-created_at"
        )
        found[key] = latest.values_list("ua_number", "ua_title").first()
    return found


def urgent_action_choices():
    choices = [(key, f"{n} {title}") for key, (n, title) in urgent_actions().items()]
    return sorted(choices, key=lambda choice: choice[1])


def search_filter(query: str) -> Q:
    """The reports a staff member's search finds, each way through an index:
    an Urgent Action by number or by the title of any of its translations, a
    report by its number (its id), a reporter by their whole email address."""
    query = query.strip()
    if "@" in query:  # ~Q(…=""): the condition of the index of addresses
        return Q(contact_email__iexact=query) & ~Q(contact_email="")
    pages = page_model().objects.filter(
        Q(ua_number__iexact=query) | Q(title__icontains=query)
    )
    keys = set(pages.values_list("translation_key", flat=True))
    lowered = query.casefold()
    keys |= {
        key
        for key, (number, title) in urgent_actions().items()
        if number.casefold() == lowered or lowered in title.casefold()
    }
    found = Q(translation_key__in=keys)
    if query.isdigit() and int(query) < 2**63:
        found |= Q(pk=int(query))
    return found


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
