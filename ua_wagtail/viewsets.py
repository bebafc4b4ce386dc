"""Admin screens built from Wagtail's viewsets."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Locale
from wagtail.snippets.views.snippets import SnippetViewSet

from .actions import ACTION_TYPES
from .exports import SnippetIndexView
from .filters import CLIENT_LABEL, ActionReportFilterSet, short_hash
from .importer.forms import indexes_open_to
from .models import ActionReport, Target, UrgentActionPage
from .translation_status import statuses_of


class TargetViewSet(SnippetViewSet):
    model = Target
    index_view_class = SnippetIndexView
    icon = "group"
    menu_label = _("UA targets")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "organisation", "country", "email"]
    list_filter = ["country"]
    list_export = [
        "honorific",
        "name",
        "position",
        "organisation",
        "address",
        "country",
        "email",
        "fax",
        "phone",
        "x_handle",
        "facebook",
        "salutation",
    ]
    export_filename = "ua-targets"
    ordering = ["organisation", "name"]
    copy_view_enabled = True


class ClientColumn(Column):
    """Each report's client hash, short, linked to the listing filtered to that
    client's reports (the full hash is only in the link: the inspect view and the
    API show none of it)."""

    cell_template_name = "ua_wagtail/admin/includes/client_cell.html"

    def get_value(self, instance):
        return short_hash(instance.client_hash)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = (
            reverse("wagtailsnippets_ua_wagtail_actionreport:list")
            + "?"
            + urlencode({"client_hash": instance.client_hash})
        )
        return context


class ActionReportViewSet(SnippetViewSet):
    """Read-only listing of reports, with filters, export and bulk invalidation."""

    model = ActionReport
    index_view_class = SnippetIndexView
    icon = "tasks"
    menu_label = _("Action reports")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    filterset_class = ActionReportFilterSet
    list_display = [
        "created_at",
        "ua_number",
        "language_code",
        "country",
        Column("actions_summary", label=_("Actions")),
        "source",
        ClientColumn("client_hash", label=CLIENT_LABEL),
        BooleanColumn("is_valid", label=_("Counted")),
    ]
    list_export = [
        "id",
        "created_at",
        "ua_number",
        "ua_title",
        "translation_key",
        "language_code",
        "country",
        *ACTION_TYPES,
        "source",
        "is_valid",
        "invalidated_at",
        "note",
        "contact_name",
        "contact_email",
    ]
    export_filename = "action-reports"
    inspect_view_fields_exclude = ["client_hash"]
    ordering = ["-created_at"]


class TranslationsColumn(Column):
    """Each other language of a source Urgent Action: up to date, out of date, not
    published or missing, linked to the next step (set by the listing view)."""

    cell_template_name = "ua_wagtail/admin/includes/translations_cell.html"

    def get_value(self, instance):
        return getattr(instance, "ua_translation_statuses", None)


class UrgentActionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if indexes_open_to(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import UA document"),
                    url=reverse("ua_wagtail_admin:import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_table(self, object_list):
        """The translations' states of the listed source pages, in a few queries
        for the whole page of results rather than a few per row."""
        default = Locale.get_default().pk
        sources = [page for page in object_list if page.locale_id == default]
        statuses = statuses_of(sources)
        for page in sources:
            page.ua_translation_statuses = statuses[page.pk]
        return super().get_table(object_list)


class UrgentActionListingViewSet(PageListingViewSet):
    """Every Urgent Action in one listing, with the state of its translations."""

    model = UrgentActionPage
    index_view_class = UrgentActionIndexView
    icon = "warning"
    menu_label = _("Urgent Actions")
    menu_order = 250
    add_to_admin_menu = True
    columns = [
        *IndexView.base_columns,
        TranslationsColumn("translations", label=_("Translations"), width="22%"),
    ]
