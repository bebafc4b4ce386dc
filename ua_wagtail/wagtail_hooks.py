from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_urls, admin_views
from .blocks.body import has_someone_to_write_to
from .bulk_actions import InvalidateReportsBulkAction
from .models import ActionReport, UrgentActionIndexPage, UrgentActionPage
from .permissions import ActionReportPermissionPolicy, can_view_reports
from .translation_workflow import (
    can_submit_for_review,
    may_convert_to_alias,
    may_edit_freely,
)
from .viewsets import ActionReportViewSet, TargetViewSet, UrgentActionListingViewSet

register_permission_policy(ActionReport, ActionReportPermissionPolicy(ActionReport))
register_snippet(TargetViewSet)
register_snippet(ActionReportViewSet)
hooks.register("register_bulk_action", InvalidateReportsBulkAction)


@hooks.register("register_admin_viewset")
def register_urgent_action_listing():
    return UrgentActionListingViewSet("urgent_actions")


@hooks.register("before_edit_page", order=-1)  # before wagtail-localize's editor
def keep_facts_synchronised(request, page):
    if may_edit_freely(page, request.user):
        return None
    if request.method == "POST" and "localize-restart-translation" in request.POST:
        return None  # back to the synced translation: allowed
    messages.error(
        request,
        _(
            "This translation is no longer synced with its source, so its facts "
            "could be changed here: only a reviewer can edit it or restart the "
            "synced translation."
        ),
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def refuse_publishing_nobody_to_write_to(request, action_type, objects, action):
    """Bulk "Publish" publishes the latest revisions without the editor's checks,
    and a draft may be saved before its targets are chosen."""
    if action_type != "publish":
        return None
    titles = [
        page.get_admin_display_title()
        for page in objects
        if isinstance(page.specific, UrgentActionPage)
        and not has_someone_to_write_to(
            page.specific.get_latest_revision_as_object().body
        )
    ]
    if not titles:
        return None
    messages.error(
        request,
        _("Nothing was published. Still without a target to write to: %(titles)s.")
        % {"titles": ", ".join(f"“{title}”" for title in titles)},
    )
    # The listing passes "next"; without it, the action's own URL needs ids.
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("ua-wagtail/", include(admin_urls, namespace="ua_wagtail_admin"))]


@hooks.register("register_admin_urls", order=-1)
def guard_wagtail_localize_views():
    """wagtail-localize's own URLs, matched here first (hooks run by ``order``, and
    the admin's URL patterns keep their order), so that its views are reached only
    through ours: converting to an alias and stopping a sync take the permission
    to publish among the Urgent Actions, and syncing does not publish what needs
    review."""
    return [
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            admin_views.convert_to_alias,
        ),
        path(
            "localize/translate/<int:translation_id>/disable/",
            admin_views.stop_translation,
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            admin_views.SyncTranslationsView.as_view(),
        ),
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias(menu_items, request, context):
    """Wagtail's editor offers it on a translation whose sync was stopped."""
    convert = "localize-convert-to-alias"
    if any(item.name == convert for item in menu_items) and not (
        may_convert_to_alias(context["page"], request.user)
    ):
        menu_items[:] = [item for item in menu_items if item.name != convert]


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
    if issubclass(page.specific_class or object, UrgentActionPage) and can_view_reports(
        user
    ):
        return Button(
            _("Delivery summary"),
            reverse("ua_wagtail_admin:summary", args=[page.translation_key]),
            icon_name="tasks",
            priority=priority,
        )
    return None


def import_button(page, user, priority):
    """On an Urgent Action index: make a draft in it from a UA document."""
    if (
        issubclass(page.specific_class or object, UrgentActionIndexPage)
        and page.permissions_for_user(user).can_add_subpage()
    ):
        return Button(
            _("Import UA document"),
            reverse("ua_wagtail_admin:import") + f"?parent={page.pk}",
            icon_name="upload",
            priority=priority,
        )
    return None


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    if button := summary_button(page, user, priority=68):
        yield button
    if button := import_button(page, user, priority=69):
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    if button := summary_button(page, user, priority=55):
        yield button
    if button := import_button(page, user, priority=57):
        yield button
    if can_submit_for_review(page, user):
        yield Button(
            _("Submit translation for review"),
            reverse("ua_wagtail_admin:submit_translation", args=[page.pk]),
            icon_name="resubmit",
            priority=56,
        )
