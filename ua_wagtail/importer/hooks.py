"""The importer's buttons: on an Urgent Action index, and on the listing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button, HeaderButton

from ..pages.models import UrgentActionIndexPage
from .forms import indexes_open_to


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
    if button := import_button(page, user, priority=69):
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    if button := import_button(page, user, priority=57):
        yield button


@hooks.register("register_urgent_action_listing_buttons")
def listing_import_button(user):
    if indexes_open_to(user):
        return HeaderButton(
            _("Import UA document"),
            url=reverse("ua_wagtail_admin:import"),
            icon_name="upload",
        )
    return None
