"""The kinds of action an Urgent Action asks people to take."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionType(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    CALL = "call", _("Phone call")
    SOCIAL = "social", _("Social media post")
    OTHER = "other", _("Other")


class StepKind(models.TextChoices):
    """What a take-action step asks for: one of the actions, or to report them."""

    LETTER = ActionType.LETTER.value, _("Write a letter")
    EMAIL = ActionType.EMAIL.value, _("Send an email")
    FAX = ActionType.FAX.value, _("Send a fax")
    CALL = ActionType.CALL.value, _("Phone")
    SOCIAL = ActionType.SOCIAL.value, _("Post on social media")
    REPORT = "report", _("Report the actions you took")
    OTHER = ActionType.OTHER.value, _("Something else")
