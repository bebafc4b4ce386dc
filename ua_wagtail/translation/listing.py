"""The "Urgent Actions" listing for campaigners, from Wagtail's page listing
viewset: one row per Urgent Action (not one per translation) with its languages
and their states, its deadline and status, and the actions reported."""

from django.db.models import Exists, OuterRef
from django.forms import RadioSelect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, StatusTagColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
)
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..choices import ActionStatus
from ..pages.models import UrgentActionPage
from ..reports import tallies
from .status import statuses_of

#: The hook through which other concepts add buttons to the listing's header.
LISTING_BUTTONS_HOOK = "register_urgent_action_listing_buttons"


class LanguagesColumn(Column):
    """The Urgent Action's own language, then each other one with its state (up
    to date, out of date, not or partly translated, not published, missing),
    linked to the next step (set by the listing view)."""

    cell_template_name = "ua_wagtail/admin/includes/languages_cell.html"

    def get_value(self, instance):
        return getattr(instance, "ua_translation_statuses", None)


class TitleColumn(PageTitleColumn):
    """The page's title, linked to its editor, and its index (the section or
    language it is in), without the row's "More" menu."""

    cell_template_name = "ua_wagtail/admin/includes/title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        """The parent as ``Page.objects.annotate_parent_page`` left it (Wagtail's
        ``ParentPageColumn`` reads it so too)."""
        context = super().get_cell_context_data(instance, parent_context)
        context["parent_page"] = getattr(instance, "_parent_page", None)
        return context


def country_choices(pages):
    """The countries of ``pages`` (those the user may see: a country can say
    more than it should of an action not yet public)."""
    used = pages.exclude(country="").values_list("country")
    codes = {code for (code,) in used.distinct().order_by()}
    return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])


def language_choices():
    return [
        (locale.language_code, locale.get_display_name())
        for locale in Locale.objects.order_by("language_code")
    ]


class UrgentActionFilterSet(WagtailFilterSet):
    """By status (today's), by country, and by language: the Urgent Actions that
    have a version in it, of any state. Named ``locale``, it takes the place of
    the filter Wagtail adds, which would filter the rows' own language."""

    status = ChoiceFilter(
        label=_("Status"),
        choices=ActionStatus.choices,
        method="filter_status",
        empty_label=_("All"),
        widget=RadioSelect,
    )
    country = ChoiceFilter(
        label=_("Country"), choices=(), empty_label=_("All countries")
    )
    locale = ChoiceFilter(
        label=_("Language"),
        choices=language_choices,
        method="filter_language",
        empty_label=_("All"),
        widget=RadioSelect,
    )

    class Meta:
        model = UrgentActionPage
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        pages = UrgentActionPage.objects.all()
        if user is not None:
            explorable = PagePermissionPolicy().explorable_instances(user)
            pages = pages.filter(pk__in=explorable.values("pk"))
        self.filters["country"].extra["choices"] = country_choices(pages)

    def filter_status(self, pages, _name, value):
        return pages.with_status(value)

    def filter_language(self, pages, _name, value):
        versions = UrgentActionPage.objects.filter(locale__language_code=value)
        return pages.filter(translation_key__in=versions.values("translation_key"))


class UrgentActionIndexView(IndexView):
    default_ordering = "deadline"

    @cached_property
    def header_buttons(self):
        """Wagtail's, and those other concepts add through the
        ``register_urgent_action_listing_buttons`` hook (the importer's "Import
        UA document"): each hook takes the user and gives a button or None."""
        buttons = super().header_buttons
        for hook in hooks.get_hooks(LISTING_BUTTONS_HOOK):
            if (button := hook(self.request.user)) is not None:
                buttons.append(button)
        return buttons

    def get_base_queryset(self):
        """One row per Urgent Action: of its versions the user may see, the first
        (by id), which is the one it was written in (translations are copies)."""
        pages = super().get_base_queryset()
        visible = self.permission_policy.explorable_instances(self.request.user)
        earlier = UrgentActionPage.objects.filter(
            translation_key=OuterRef("translation_key"),
            pk__lt=OuterRef("pk"),
            pk__in=visible.values("pk"),
        )
        first = UrgentActionPage.objects.exclude(Exists(earlier)).values("pk")
        return pages.filter(pk__in=first)

    def get_table(self, object_list):
        """The languages' states and the reported actions of the listed pages,
        in a few queries for the whole page of results rather than per row."""
        pages = list(object_list)
        Page.objects.annotate_parent_page(pages)  # shown under the title
        statuses = statuses_of(pages)
        reported = tallies.totals_of({page.translation_key for page in pages})
        for page in pages:
            page.ua_translation_statuses = statuses[page.pk]
            page.ua_reported = reported.get(page.translation_key, 0)
        return super().get_table(pages)


class UrgentActionListingViewSet(PageListingViewSet):
    """Every Urgent Action in one listing, soonest deadline first."""

    model = UrgentActionPage
    index_view_class = UrgentActionIndexView
    filterset_class = UrgentActionFilterSet
    icon = "warning"
    menu_label = _("Urgent Actions")
    menu_order = 250
    add_to_admin_menu = True
    columns = [
        BulkActionsColumn("bulk_actions"),
        TitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("country", label=_("Country"), accessor="country.name", width="12%"),
        Column("deadline", label=_("Deadline"), sort_key="deadline", width="10%"),
        StatusTagColumn(
            "action_status",
            label=_("Status"),
            accessor=lambda page: page.status.label,
            primary=lambda page: page.status != ActionStatus.CLOSED,
            width="10%",
        ),
        LanguagesColumn("languages", label=_("Languages"), width="26%"),
        NumberColumn("ua_reported", label=_("Reported actions"), width="9%"),
        PageStatusColumn(
            "status", label=_("Publication"), sort_key="live", width="10%"
        ),
    ]
