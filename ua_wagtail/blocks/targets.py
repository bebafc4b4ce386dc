from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .base import UAStructBlock


class TargetRole(models.TextChoices):
    PRIMARY = "primary", _("Target")
    CC = "cc", _("Copy to (CC)")


class TargetChoiceBlock(blocks.StructBlock):
    target = SnippetChooserBlock("ua_wagtail.Target", label=_("Target"))
    role = blocks.ChoiceBlock(
        choices=TargetRole.choices,
        default=TargetRole.PRIMARY,
        label=_("Role"),
        help_text=_("Targets are written to; CC recipients get a copy."),
    )

    class Meta:
        icon = "user"
        label = _("Target")


def split_by_role(items) -> tuple[list, list]:
    """The chosen targets as (primary, cc) lists, skipping deleted snippets."""
    primary, cc = [], []
    for item in items:
        if item["target"] is not None:
            (cc if item["role"] == TargetRole.CC else primary).append(item["target"])
    return primary, cc


class TargetsBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Write to"), label=_("Heading"))
    targets = blocks.ListBlock(TargetChoiceBlock(), min_num=1, label=_("Targets"))

    class Meta:
        icon = "group"
        label = _("Targets")
        template = "ua_wagtail/blocks/targets.html"
        help_text = _(
            "Choose the officials to write to and, as CC, who gets a copy "
            "(often an embassy)."
        )
        description = _(
            "The officials to write to and the recipients of copies, with their "
            "addresses, fax, email, phone and social media."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["primary_targets"], context["cc_targets"] = split_by_role(
            value["targets"]
        )
        return context

    def get_preview_value(self):
        from ..models import Target

        sample = Target(
            honorific=str(_("Mr.")),
            name="Jane Doe",
            position=str(_("Minister of Justice")),
            address="1 Example Street\nCapital City",
            email="minister@example.org",
            salutation=str(_("Dear Minister")),
        )
        return self.normalize(
            {
                "heading": str(_("Write to")),
                "targets": [{"target": sample, "role": TargetRole.PRIMARY}],
            }
        )
