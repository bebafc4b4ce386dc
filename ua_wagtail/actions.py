"""The kinds of action an Urgent Action asks people to take."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .formatting import whole_number


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


def action_phrase(action: str, count: int) -> str:
    phrases = {
        ActionType.LETTER: ngettext("%(n)s letter", "%(n)s letters", count),
        ActionType.EMAIL: ngettext("%(n)s email", "%(n)s emails", count),
        ActionType.FAX: ngettext("%(n)s fax", "%(n)s faxes", count),
        ActionType.CALL: ngettext("%(n)s phone call", "%(n)s phone calls", count),
        ActionType.SOCIAL: ngettext(
            "%(n)s social media post", "%(n)s social media posts", count
        ),
        ActionType.OTHER: ngettext("%(n)s other action", "%(n)s other actions", count),
    }
    return phrases[action] % {"n": whole_number(count)}


def too_many_actions(limit: int) -> str:
    """Why a report claiming more than ``UA_WAGTAIL_MAX_ACTIONS_PER_REPORT`` is refused."""
    return ngettext(
        "One report can count at most %(limit)d action.",
        "One report can count at most %(limit)d actions.",
        limit,
    ) % {"limit": limit}
