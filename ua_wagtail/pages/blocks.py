"""The blocks of an Urgent Action page's body, and the body itself.

The deadline banner, the take-action steps and the additional information are
the page's own; the targets, the sample letter and the report form come from
their concepts (:mod:`ua_wagtail.targets`, :mod:`ua_wagtail.letters`,
:mod:`ua_wagtail.reports`).
"""

import datetime
import uuid

from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..choices import ActionStatus, StepKind, TargetRole
from ..letters.blocks import SampleLetterBlock
from ..reports.blocks import ActionReportFormBlock
from ..rich_text import RichTextBlock, as_json
from ..targets.blocks import TargetsBlock
from ..utils.blocks import UAStructBlock
from ..utils.dates import days_left, deadline_status, site_today
from ..utils.formatting import long_date


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
                    "text": as_json(step["text"]),
                }
                for step in value["steps"]
            ],
        }


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
        return {"heading": value["heading"], "body": as_json(value["body"])}


class UrgentActionBodyBlock(blocks.StreamBlock):
    deadline_banner = DeadlineBannerBlock()
    take_action = TakeActionBlock()
    targets = TargetsBlock()
    sample_letter = SampleLetterBlock()
    report_form = ActionReportFormBlock()
    additional_information = AdditionalInfoBlock()

    class Meta:
        block_counts = {
            "deadline_banner": {"max_num": 1},
            "targets": {"min_num": 1},
            "sample_letter": {"max_num": 1},
            "report_form": {"max_num": 1},
        }

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value  # a draft may still lack its targets, like any block
        if not has_someone_to_write_to(value):
            raise blocks.StreamBlockValidationError(non_block_errors=[NOBODY])
        return value


NOBODY = _(
    "Add at least one official with the role “Write to”: officials sent a copy "
    "alone leave nobody to write to."
)


def has_someone_to_write_to(body) -> bool:
    """Whether the body names a target to write to (not only copies)."""
    return any(
        item["role"] == TargetRole.PRIMARY
        for child in body
        if child.block_type == "targets"
        for item in child.value["targets"]
    )


def default_body(steps=None, targets=(), letter=None, information=""):
    """The body a new Urgent Action starts with: every block, in reading order.

    Left empty, the editor's defaults; the importer fills in what a document
    gave: ``steps`` as ``[(kind, html)]``, ``targets`` as ``[(target, role)]``,
    ``letter`` as ``{"salutation", "body", "closing"}`` and the additional
    ``information`` as HTML. Headings are in the active language. The body is in
    the form StreamField stores (targets by id), ready for the model's default.

    The deadline banner comes first so that a phone reader sees the date before
    scrolling; the rest follows the order of an Urgent Action document. Each
    block gets its id now: without one, the editor's blocks share an HTML id
    (their headings label each other and the minimap's links all lead to the
    first) and comments are off for them until the first save.
    """
    if steps is None:
        steps = [
            (
                StepKind.LETTER,
                format_html(
                    "<p>{}</p>",
                    gettext(
                        "Write a letter in your own words or using the sample below "
                        "as a guide to one or both government officials listed. You "
                        "can also email, fax, call or post to them on social media."
                    ),
                ),
            ),
            (
                StepKind.REPORT,
                format_html(
                    "<p>{}</p>",
                    gettext(
                        "Let us know the actions you took. It’s important to report "
                        "because we share the total number with the officials we "
                        "are trying to persuade."
                    ),
                ),
            ),
        ]
    letter = {"heading": gettext("Sample letter"), **(letter or {})}
    blocks_in_order = [
        ("deadline_banner", {}),
        (
            "take_action",
            {
                "heading": gettext("Take action"),
                "steps": [{"kind": kind, "text": text} for kind, text in steps],
            },
        ),
        (
            "targets",
            {
                "heading": gettext("Write to"),
                "targets": [
                    {
                        "type": "item",
                        "value": {"target": target.pk, "role": role},
                        "id": str(uuid.uuid4()),
                    }
                    for target, role in targets
                ],
            },
        ),
        ("sample_letter", letter),
        ("report_form", {}),
        (
            "additional_information",
            {"heading": gettext("Additional information"), "body": information},
        ),
    ]
    return [
        {"type": name, "value": value, "id": str(uuid.uuid4())}
        for name, value in blocks_in_order
    ]
