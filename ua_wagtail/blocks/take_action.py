from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..actions import StepKind
from ..api import values
from ..rich_text import RichTextBlock
from .base import UAStructBlock


class ActionStepBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=StepKind.choices,
        default=StepKind.LETTER,
        label=_("Kind of step"),
        help_text=_("Sets the step's icon and what it links to."),
    )
    text = RichTextBlock(features=["bold", "italic", "link"], label=_("What to do"))

    class Meta:
        icon = "tick"
        label = _("Step")


class TakeActionBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Take action"), label=_("Heading"))
    steps = blocks.ListBlock(ActionStepBlock(), min_num=1, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        label = _("Take action")
        template = "ua_wagtail/blocks/take_action.html"
        help_text = _("The numbered steps readers should take, in order.")
        description = _(
            "The steps an activist takes: write, email, fax, call or post, and "
            "report the actions they took."
        )
        preview_value = {
            "heading": _("Take action"),
            "steps": [
                {
                    "kind": StepKind.LETTER,
                    "text": _(
                        "<p>Write a letter in your own words or using the sample "
                        "below as a guide.</p>"
                    ),
                },
                {
                    "kind": StepKind.REPORT,
                    "text": _("<p>Let us know the actions you took.</p>"),
                },
            ],
        }

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "steps": [
                {
                    "kind": step["kind"],
                    "kind_label": str(StepKind(step["kind"]).label),
                    "text": values.rich_text(step["text"]),
                }
                for step in value["steps"]
            ],
        }
