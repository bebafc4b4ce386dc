"""The app's models, each defined in its concept's package; imported here so
that Django finds them and ``ua_wagtail.models.X`` keeps working."""

from .importer.models import DocumentImport
from .integrations.models import (
    ApiToken,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookUrgentAction,
)
from .pages.models import UrgentActionIndexPage, UrgentActionPage
from .reports.models import (
    ActionReport,
    ActionTally,
    DailyTally,
    ReportEvent,
    ReportExport,
    ReportKey,
)
from .targets.models import Target

__all__ = [
    "ActionReport",
    "ApiToken",
    "ActionTally",
    "DailyTally",
    "DocumentImport",
    "ReportEvent",
    "ReportExport",
    "ReportKey",
    "Target",
    "UrgentActionIndexPage",
    "UrgentActionPage",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookUrgentAction",
]
