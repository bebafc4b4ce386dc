"""The Action reports listing: filters, the client's short fingerprint, export
(see :mod:`.export_views`) and bulk invalidation, from Wagtail's snippet viewset."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from ..choices import ACTION_TYPES
from ..languages import site_language_name
from ..utils.exports import SnippetIndexView
from ..utils.pagination import CappedPaginationMixin
from .export_views import ReportExportMixin
from .filters import CLIENT_LABEL, ActionReportFilterSet, search_filter, short_hash
from .models import ActionReport


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


class LanguageColumn(Column):
    """The language the report was made in, by its name ("Arabic"), not its code."""

    def get_value(self, instance):
        return site_language_name(instance.language_code)


class ActionReportIndexView(ReportExportMixin, CappedPaginationMixin, SnippetIndexView):
    """Newest first, counted up to a cap, searched through indexes only (see
    :func:`.filters.search_filter`), exported row by row (see
    :mod:`.export_views`): fast at millions of reports."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(search_filter(self.search_query, self.request.user))


class ActionReportViewSet(SnippetViewSet):
    """Read-only listing of reports, with filters, export and bulk invalidation."""

    model = ActionReport
    index_view_class = ActionReportIndexView
    index_results_template_name = ActionReportIndexView.results_template_name
    # Only turns the search box on: ActionReportIndexView searches its own way.
    search_fields = ["ua_title"]
    icon = "tasks"
    menu_label = _("Action reports")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    filterset_class = ActionReportFilterSet
    list_display = [
        "created_at",
        Column("ua_title", label=_("Urgent Action"), sort_key="ua_title"),
        LanguageColumn("language_code", label=_("Language"), sort_key="language_code"),
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
    ordering = ["-created_at", "-pk"]
