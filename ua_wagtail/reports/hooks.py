"""The reports' place in Wagtail's admin: the listing, its permissions and bulk
action, the delivery summary's buttons, the dashboard's open Urgent Actions, the
audit log's actions and the news of finished exports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .bulk_actions import InvalidateReportsBulkAction
from .dashboard import OpenActionsPanel
from .export_views import announce_exports
from .models import ActionReport, page_model
from .permissions import ActionReportPermissionPolicy, can_view_reports
from .viewsets import ActionReportViewSet

register_permission_policy(ActionReport, ActionReportPermissionPolicy(ActionReport))
register_snippet(ActionReportViewSet)
hooks.register("register_bulk_action", InvalidateReportsBulkAction)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "ua_wagtail.adjustment",
        _("Record offline actions"),
        _("Offline actions recorded"),
    )
    actions.register_action(
        "ua_wagtail.invalidate", _("Stop counting"), _("Report no longer counted")
    )


def summary_button(page, user, priority):
    if issubclass(page.specific_class or object, page_model()) and can_view_reports(
        user
    ):
        return Button(
            _("Delivery summary"),
            reverse("ua_wagtail_admin:summary", args=[page.translation_key]),
            icon_name="tasks",
            priority=priority,
        )
    return None


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    if button := summary_button(page, user, priority=68):
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    if button := summary_button(page, user, priority=55):
        yield button


@hooks.register("construct_homepage_panels")
def open_actions_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(OpenActionsPanel(request.user))


@hooks.register("construct_main_menu")
def announce_finished_exports(request, menu_items):
    """Every full admin page builds the main menu before it shows its messages:
    there, the user hears of exports of theirs that finished."""
    announce_exports(request)
