import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..formatting import long_date
from ..status import ActionStatus, days_left, deadline_status, site_today
from .base import UAStructBlock


class DeadlineBannerBlock(UAStructBlock):
    """Shows the page's deadline and whether the action is still open.

    The date itself is the page's ``deadline`` field, kept in one place so the
    banner, the facts list and the API never disagree.
    """

    open_text = blocks.CharBlock(
        default=_("Please take action as soon as possible until"),
        label=_("Text while open"),
        help_text=_("Shown before the deadline date."),
    )
    closed_text = blocks.CharBlock(
        default=_("This Urgent Action has closed. Thank you to everyone who acted."),
        label=_("Text once closed"),
    )

    class Meta:
        icon = "time"
        label = _("Deadline banner")
        template = "ua_wagtail/blocks/deadline_banner.html"
        help_text = _("Shows the page's deadline as open, closing soon or closed.")
        description = _(
            "A banner with the deadline that says whether the action is open, "
            "closing soon or closed, in the reader's language."
        )
        preview_value = {}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = context.get("page")
        deadline = getattr(page, "deadline", None)
        if deadline is None:  # the block picker's preview has no page
            deadline = site_today() + datetime.timedelta(days=5)
        context.update(
            deadline=deadline,
            status=deadline_status(deadline),
            days_left=days_left(deadline),
            ActionStatus=ActionStatus,
        )
        return context

    def get_api_representation(self, value, context=None):
        deadline = getattr((context or {}).get("page"), "deadline", None)
        status = deadline_status(deadline) if deadline else ActionStatus.OPEN
        closed = status == ActionStatus.CLOSED
        return {
            "open_text": value["open_text"],
            "closed_text": value["closed_text"],
            "deadline": deadline,
            "deadline_text": long_date(deadline) if deadline else None,
            "status": status.value,
            "status_label": str(status.label),
            "days_left": days_left(deadline) if deadline else None,
            "text": value["closed_text"] if closed else value["open_text"],
        }
