"""Exports of the Action reports listing in the admin: CSV streamed at once, XLSX
queued (see :mod:`.report_exports`), the requester's Exports screen, the
download, and the message that tells the requester an export finished."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages as admin_messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import (
    BaseListingView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.widgets import Button, HeaderButton

from ..conf import ua_settings
from ..utils.content_security import ContentSecurityPolicyMixin
from ..utils.formatting import whole_number
from . import listed, report_exports
from .models import ReportExport
from .permissions import can_view_reports
from .spreadsheets import XLSX_CONTENT_TYPE, ReportSpreadsheetMixin

LIST = "wagtailsnippets_ua_wagtail_actionreport:list"
EXPORTS = "ua_wagtail_admin:report_exports"
Status = ReportExport.Status


def listing_url(query: str) -> str:
    """The Action reports listing with a query string's filters."""
    return f"{reverse(LIST)}?{query}" if query else reverse(LIST)


def listing_query(request) -> str:
    """The listing's filters, search and order, without the export or page."""
    query = request.GET.copy()
    for name in ("export", "p"):
        query.pop(name, None)
    return query.urlencode()


def prepare_url(query: str) -> str:
    """The confirmation that asks for an XLSX of the listing with these filters."""
    url = reverse("ua_wagtail_admin:report_export_prepare")
    return f"{url}?{query}" if query else url


class ReportExportMixin(ReportSpreadsheetMixin):
    """For the Action reports listing's index view: its exports skip the
    listing's page (which would count and hold every report) and read the
    filtered, searched, ordered queryset row by row: CSV as the response
    streams, XLSX in a background task."""

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        if listed.invalid_listing(self):
            messages.error(request, _("Correct the filters to export these reports."))
        elif request.GET["export"] == self.FORMAT_CSV:
            return self.write_csv_response(self.get_queryset())
        else:  # XLSX: asked for with a POST, after a confirmation
            return redirect(prepare_url(self.listing_query))
        return redirect(listing_url(self.listing_query))

    @cached_property
    def listing_query(self):
        return listing_query(self.request)

    @cached_property
    def header_buttons(self):
        exports = HeaderButton(
            _("Exports"), url=reverse(EXPORTS), icon_name="download", priority=50
        )
        return [*super().header_buttons, exports]

    @cached_property
    def header_more_buttons(self):
        """Wagtail's, with the XLSX button saying that it prepares a file."""
        buttons = [
            b for b in super().header_more_buttons if b.url != self.xlsx_export_url
        ]
        prepare = Button(
            _("Prepare XLSX"),
            url=prepare_url(self.listing_query),
            icon_name="download",
            priority=90,
        )
        return [*buttons, prepare]


class FiltersColumn(Column):
    """The listing the export was made from, as a link."""

    cell_template_name = "ua_wagtail/admin/includes/export_filters_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = listing_url(instance.query)
        return context


class FileColumn(Column):
    """The download link, or why there is none."""

    cell_template_name = "ua_wagtail/admin/includes/export_file_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["export"] = instance
        if instance.status == Status.DONE:
            context["url"] = reverse(
                "ua_wagtail_admin:report_export_download", args=[instance.pk]
            )
        return context


def own_exports(user):
    """The user's exports that have not expired."""
    return ReportExport.objects.filter(
        requester=user, created_at__gte=report_exports.cutoff()
    )


class ReportAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportsView(ContentSecurityPolicyMixin, ReportAccessMixin, BaseListingView):
    """The XLSX exports the user asked for, newest first."""

    page_title = gettext_lazy("Exports")
    verbose_name_plural = gettext_lazy("exports")
    header_icon = "download"
    index_url_name = EXPORTS
    paginate_by = 20
    columns = [
        DateColumn("created_at", label=gettext_lazy("Requested")),
        FiltersColumn("query", label=gettext_lazy("Reports")),
        StatusTagColumn(
            "get_status_display",
            label=gettext_lazy("Status"),
            primary=lambda export: export.status == Status.DONE,
        ),
        Column("rows", label=gettext_lazy("Rows")),
        FileColumn("file", label=gettext_lazy("File")),
    ]

    def get_base_queryset(self):
        return own_exports(self.request.user)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(LIST), "label": _("Action reports")},
            {"url": "", "label": self.get_page_title()},
        ]


class PrepareExportView(
    ContentSecurityPolicyMixin,
    ReportAccessMixin,
    WagtailAdminTemplateMixin,
    TemplateView,
):
    """Asks for an XLSX export of the listing with the query string's filters.

    A GET only asks to confirm: building a workbook of a million reports keeps a
    worker busy for minutes, so it starts from a form posted with the staff
    member's CSRF token, never from a link another site could make them follow.
    One export a staff member at a time (see :func:`.report_exports.pending`).
    """

    page_title = gettext_lazy("Prepare XLSX")
    header_icon = "download"
    template_name = "ua_wagtail/admin/prepare_export.html"

    def post(self, request):
        query = listing_query(request)
        try:
            report_exports.request_checked(request.user, query)
        except report_exports.ExportRefused as refused:
            messages.error(request, str(refused))
            return redirect(listing_url(query))
        admin_messages.success(
            request,
            _(
                "The XLSX file is being prepared. You will be told here when it "
                "is ready to download."
            ),
            buttons=[admin_messages.button(reverse(EXPORTS), _("Exports"))],
        )
        return redirect(listing_url(query))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing_url"] = listing_url(listing_query(self.request))
        context["days"] = ua_settings.EXPORT_DAYS
        return context

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(LIST), "label": _("Action reports")},
            {"url": "", "label": self.get_page_title()},
        ]


class ExportDownloadView(ReportAccessMixin, View):
    """The file of one of the user's own exports; anyone else's is not found.
    A file gone from storage (a worker on another host writing to its own disk)
    marks the export failed, with the reason, rather than answer an error."""

    def get(self, request, pk):
        export = get_object_or_404(own_exports(request.user), pk=pk, status=Status.DONE)
        try:
            file = export.file.open("rb")
        except OSError:
            report_exports.fail(export, report_exports.FileMissing())
            raise Http404(_("This export's file is missing.")) from None
        created = timezone.localtime(export.created_at)
        return FileResponse(
            file,
            as_attachment=True,
            filename=f"action-reports-{created:%Y-%m-%d-%H%M}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )


def announce_exports(request):
    """Tells the user of each export of theirs that finished since the last
    admin page they saw, once: the first request to mark it announced says so."""
    if not can_view_reports(request.user):
        return
    finished = own_exports(request.user).filter(
        announced_at=None, status__in=[Status.DONE, Status.FAILED]
    )
    for export in finished:
        marked = ReportExport.objects.filter(pk=export.pk, announced_at=None).update(
            announced_at=timezone.now()
        )
        if marked:
            announce(request, export)


def announce(request, export):
    exports = admin_messages.button(reverse(EXPORTS), _("Exports"))
    if export.status == Status.FAILED:
        message = _("Your XLSX export failed: %(error)s") % {"error": export.error}
        admin_messages.error(request, message, buttons=[exports])
        return
    message = ngettext(
        "Your XLSX export of %(count)s report is ready.",
        "Your XLSX export of %(count)s reports is ready.",
        export.rows,
    ) % {"count": whole_number(export.rows)}
    download = reverse("ua_wagtail_admin:report_export_download", args=[export.pk])
    admin_messages.success(
        request, message, buttons=[admin_messages.button(download, _("Download"))]
    )
