import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from ..actions import StepKind
from .deadline import DeadlineBannerBlock
from .info import AdditionalInfoBlock
from .letter import SampleLetterBlock
from .report_form import ActionReportFormBlock
from .take_action import TakeActionBlock
from .targets import TargetRole, TargetsBlock


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


NOBODY = gettext_lazy(
    "Add at least one target with the role “Target”: copies (CC) alone leave "
    "nobody to write to."
)


def has_someone_to_write_to(body) -> bool:
    """Whether the body names a target to write to (not only copies)."""
    return any(
        item["role"] == TargetRole.PRIMARY
        for child in body
        if child.block_type == "targets"
        for item in child.value["targets"]
    )


def default_body():
    """The body a new Urgent Action starts with: every block, in reading order.

    The deadline banner comes first so that a phone reader sees the date before
    scrolling; the rest follows the order of an Urgent Action document. Each
    block gets its id now: without one, the editor's blocks share an HTML id
    (their headings label each other and the minimap's links all lead to the
    first) and comments are off for them until the first save.
    """
    blocks_in_order = [
        ("deadline_banner", {}),
        (
            "take_action",
            {
                "heading": _("Take action"),
                "steps": [
                    {
                        "kind": StepKind.LETTER,
                        "text": "<p>"
                        + _(
                            "Write a letter in your own words or using the sample "
                            "below as a guide to one or both government officials "
                            "listed. You can also email, fax, call or post to them "
                            "on social media."
                        )
                        + "</p>",
                    },
                    {
                        "kind": StepKind.REPORT,
                        "text": "<p>"
                        + _(
                            "Let us know the actions you took. It’s important to "
                            "report because we share the total number with the "
                            "officials we are trying to persuade."
                        )
                        + "</p>",
                    },
                ],
            },
        ),
        ("targets", {"heading": _("Write to"), "targets": []}),
        ("sample_letter", {"heading": _("Sample letter")}),
        ("report_form", {}),
        ("additional_information", {"heading": _("Additional information")}),
    ]
    return [
        {"type": name, "value": value, "id": str(uuid.uuid4())}
        for name, value in blocks_in_order
    ]
