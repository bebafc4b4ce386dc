"""StreamField blocks that make up the body of an Urgent Action page."""

from .body import UrgentActionBodyBlock, default_body
from .deadline import DeadlineBannerBlock
from .info import AdditionalInfoBlock
from .letter import SampleLetterBlock
from .report_form import ActionReportFormBlock
from .take_action import ActionStepBlock, TakeActionBlock
from .targets import TargetChoiceBlock, TargetRole, TargetsBlock, split_by_role

__all__ = [
    "ActionReportFormBlock",
    "ActionStepBlock",
    "AdditionalInfoBlock",
    "DeadlineBannerBlock",
    "SampleLetterBlock",
    "TakeActionBlock",
    "TargetChoiceBlock",
    "TargetRole",
    "TargetsBlock",
    "UrgentActionBodyBlock",
    "default_body",
    "split_by_role",
]
