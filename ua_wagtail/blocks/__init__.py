"""The package's StreamField blocks where they were before each concept got its
folder: ``ua_wagtail.blocks.TargetsBlock`` keeps working, and migrations keep
finding ``ua_wagtail.blocks.body.default_body``. New code imports them from
their concepts."""

from ..letters.blocks import SampleLetterBlock
from ..pages.blocks import (
    ActionStepBlock,
    AdditionalInfoBlock,
    DeadlineBannerBlock,
    TakeActionBlock,
    UrgentActionBodyBlock,
    default_body,
)
from ..reports.blocks import ActionReportFormBlock
from ..targets.blocks import TargetChoiceBlock, TargetsBlock

__all__ = [
    "ActionReportFormBlock",
    "ActionStepBlock",
    "AdditionalInfoBlock",
    "DeadlineBannerBlock",
    "SampleLetterBlock",
    "TakeActionBlock",
    "TargetChoiceBlock",
    "TargetsBlock",
    "UrgentActionBodyBlock",
    "default_body",
]
