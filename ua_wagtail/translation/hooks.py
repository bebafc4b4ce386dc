"""Translation's place in Wagtail's admin: the Urgent Actions listing, the
"Submit translation for review" button, and guards on wagtail-localize."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .listing import UrgentActionListingViewSet
from .workflow import can_submit_for_review, may_convert_to_alias, may_edit_freely


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


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    if can_submit_for_review(page, user):
        yield Button(
            _("Submit translation for review"),
            reverse("ua_wagtail_admin:submit_translation", args=[page.pk]),
            icon_name="resubmit",
            priority=56,
        )
