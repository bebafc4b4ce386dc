"""Bulk actions on the admin's action report listing."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import listed
from .models import ActionReport
from .permissions import can_invalidate_reports
from .rules import invalidate_reports


class InvalidateReportsBulkAction(SnippetBulkAction):
    """Stop counting spam reports; the totals drop by exactly their actions."""

    display_name = _("Stop counting")
    action_type = "ua_invalidate"
    aria_label = _("Stop counting the selected reports as actions")
    template_name = "ua_wagtail/admin/confirm_invalidate.html"
    action_priority = 20
    classes = {"serious"}
    models = [ActionReport]

    def dispatch(self, request, *args, **kwargs):
        """Refuse a user without the permission outright, as Wagtail's bulk actions
        on users do, rather than list the selected reports as ones they may not
        change: the permission is the same for every report."""
        if not can_invalidate_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        """The reports the listing shows: selecting all of them sends the listing's
        filters and search along, e.g. one client's reports to stop a flood. The
        listing itself picks them, so the selection is exactly what it showed.
        Filters or a search that do not validate select nothing, rather than
        every report."""
        view = listed.listing_view(self.request.user, self.request.GET.urlencode())
        if listed.invalid_listing(view):
            return []
        return view.get_queryset().values_list("pk", flat=True)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        reports = ActionReport.objects.filter(pk__in=[report.pk for report in objects])
        count = invalidate_reports(reports, user)
        for report in objects:
            log(instance=report, action="ua_wagtail.invalidate", user=user)
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d report is no longer counted.",
            "%(count)d reports are no longer counted.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
