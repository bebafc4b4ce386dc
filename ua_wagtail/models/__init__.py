from .pages import UrgentActionIndexPage, UrgentActionPage
from .targets import Target

__all__ = ["Target", "UrgentActionIndexPage", "UrgentActionPage"]
