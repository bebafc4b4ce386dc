"""The package's enumerations and their labels: kinds of action, steps, target
roles, deadline statuses and report sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionType(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    CALL = "call", _("Phone call")
    SOCIAL = "social", _("Social media post")
    OTHER = "other", _("Other")


#: The action types' values in order; a constant, since ``ActionType.values`` is
#: rebuilt on each access and reports read it often.
ACTION_TYPES = tuple(ActionType.values)


class StepKind(models.TextChoices):
    """What a take-action step asks for: one of the actions, or to report them."""

    LETTER = ActionType.LETTER.value, _("Write a letter")
    EMAIL = ActionType.EMAIL.value, _("Send an email")
    FAX = ActionType.FAX.value, _("Send a fax")
    CALL = ActionType.CALL.value, _("Phone")
    SOCIAL = ActionType.SOCIAL.value, _("Post on social media")
    REPORT = "report", _("Report the actions you took")
    OTHER = ActionType.OTHER.value, _("Something else")


class TargetRole(models.TextChoices):
    PRIMARY = "primary", _("Write to")
    CC = "cc", _("Send a copy to")


class ActionStatus(models.TextChoices):
    """Whether an Urgent Action still accepts action (see :mod:`.utils.dates`)."""

    OPEN = "open", _("Open")
    CLOSING_SOON = "closing_soon", _("Closing soon")
    CLOSED = "closed", _("Closed")


class ReportSource(models.TextChoices):
    FORM = "form", _("Web form")
    API = "api", _("JSON API")
    ADJUSTMENT = "adjustment", _("Staff adjustment")
