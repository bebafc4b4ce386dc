"""The pages' checks in Wagtail's admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request

from ..utils.formatting import listed
from .blocks import has_someone_to_write_to
from .models import UrgentActionPage


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
        % {"titles": listed(f"“{title}”" for title in titles)},
    )
    # The listing passes "next"; without it, the action's own URL needs ids.
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
