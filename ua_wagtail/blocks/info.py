from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..api import values
from ..rich_text import RichTextBlock
from .base import UAStructBlock


class AdditionalInfoBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Additional information"), label=_("Heading"))
    body = RichTextBlock(
        features=["h3", "bold", "italic", "ol", "ul", "link"], label=_("Text")
    )

    class Meta:
        icon = "doc-full"
        label = _("Additional information")
        template = "ua_wagtail/blocks/additional_info.html"
        help_text = _("Background for readers and letter writers.")
        description = _("Background on the case: who the person is and what happened.")
        preview_value = {
            "heading": _("Additional information"),
            "body": _(
                "<p>Background on the person at risk and the events that led to "
                "this Urgent Action.</p>"
            ),
        }

    def get_api_representation(self, value, context=None):
        return {"heading": value["heading"], "body": values.rich_text(value["body"])}
