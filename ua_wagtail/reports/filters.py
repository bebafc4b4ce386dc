"""Filters of the admin's action report listing."""

import uuid

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
from .models import ActionReport, ActionTally
from .visibility import shown_pages


def urgent_actions(user, more_keys=()) -> dict:
    """{translation key: (number, title)} of every Urgent Action with counted
    reports (and of ``more_keys``), never reading the reports themselves but
    one each.

    The keys come from the tallies (a few rows an Urgent Action). The number
    and title come from its first page that the user may see (the original,
    unless that is private or a draft), else from its latest report, which
    copied them from the page it was made on; an Urgent Action with neither is
    left out. An Urgent Action whose every report was stopped from counting has
    no tallies, and is offered only when asked for by key (``more_keys``).
    """
    keys = set(
        ActionTally.objects.filter(count__gt=0)
        .order_by()
        .values_list("translation_key", flat=True)
        .distinct()
    )
    keys.update(more_keys)
    pages = shown_pages(user).filter(translation_key__in=keys).order_by("-pk")
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
        if copied := latest.values_list("ua_number", "ua_title").first():
            found[key] = copied
    return found


def urgent_action_choices(user, more_keys=()):
    actions = urgent_actions(user, more_keys)
    choices = [(key, f"{n} {title}") for key, (n, title) in actions.items()]
    return sorted(choices, key=lambda choice: choice[1])


def search_filter(query: str, user) -> Q:
    """The reports a staff member's search finds, each way through an index:
    an Urgent Action by number or by the title of any of its translations that
    the user may see, a report by its number (its id), a reporter by their
    whole email address."""
    query = query.strip()
    if "@" in query:  # ~Q(…=""): the condition of the index of addresses
        return Q(contact_email__iexact=query) & ~Q(contact_email="")
    pages = shown_pages(user).filter(
        Q(ua_number__iexact=query) | Q(title__icontains=query)
    )
    keys = set(pages.values_list("translation_key", flat=True))
    lowered = query.casefold()
    keys |= {
        key
        for key, (number, title) in urgent_actions(user).items()
        if number.casefold() == lowered or lowered in title.casefold()
    }
    found = Q(translation_key__in=keys)
    if query.isascii() and query.isdigit() and len(query) <= 18:  # a bigint
        found |= Q(pk=int(query))
    return found


def requested_key(data) -> uuid.UUID | None:
    """The Urgent Action key the listing is asked to filter by, if it is one."""
    try:
        return uuid.UUID(str(data.get("translation_key", "")))
    except ValueError:
        return None


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
    translation_key = django_filters.ChoiceFilter(label=_("Urgent Action"), choices=())
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

    def __init__(self, data=None, *args, request=None, **kwargs):
        """The Urgent Actions offered are named as the user may see them; one
        asked for by key (the delivery summary's link) is offered even when
        none of its reports count any more."""
        super().__init__(data, *args, request=request, **kwargs)
        asked = requested_key(data or {})
        self.filters["translation_key"].extra["choices"] = urgent_action_choices(
            getattr(request, "user", None), [asked] if asked else []
        )

    def filter_action(self, queryset, name, value):
        return queryset.filter(**{f"{value}__gt": 0})
