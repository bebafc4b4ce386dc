from .pages import UrgentActionIndexPage, UrgentActionPage
from .reports import ActionReport, ActionTally, ReportSource
from .targets import Target

__all__ = [
    "ActionReport",
    "ActionTally",
    "ReportSource",
    "Target",
    "UrgentActionIndexPage",
    "UrgentActionPage",
]
