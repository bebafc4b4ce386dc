"""The targets block: officials to write to and who gets a copy, chosen from the
:class:`Target` snippets."""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments.types import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
)

from ..choices import TargetRole
from ..utils.blocks import UAStructBlock
from .models import Target
from .values import target_json


class TargetChoiceBlock(blocks.StructBlock):
    target = SnippetChooserBlock(
        "ua_wagtail.Target",
        label=_("UA target"),
        help_text=_("Chosen from the UA targets; the chooser can add a new one."),
    )
    role = blocks.ChoiceBlock(
        choices=TargetRole.choices,
        default=TargetRole.PRIMARY,
        label=_("Role"),
        help_text=_(
            "Readers write to these officials; those sent a copy (often an "
            "embassy) are listed after them."
        ),
    )

    class Meta:
        icon = "user"
        label = _("Official")

    # wagtail-localize: who gets a copy is overridable per locale (a national
    # section copies its own country's embassy); a primary target is the same
    # official in every language, and the snippet's translation is made with the
    # page's. Translations keep the source's snippet; pages show it localized.

    def get_translatable_segments(self, value):
        target = value["target"]
        if target is None:
            return []
        if value["role"] == TargetRole.CC:
            return [OverridableSegmentValue("target", target.pk)]
        return [RelatedObjectSegmentValue.from_instance("target", target)]

    def restore_translated_segments(self, value, segments):
        for segment in segments:
            if isinstance(segment, OverridableSegmentValue):
                value["target"] = chosen_target(segment.data) or value["target"]
        return value


def chosen_target(data):
    """The target an override names (by id; wagtail-localize's editor sends it as
    text), or None: an unknown id keeps the source's target."""
    if isinstance(data, bool):
        return None
    try:
        return Target.objects.filter(pk=int(data)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def with_roles(items) -> list[tuple]:
    """The chosen targets as (target, role) in order, localized, skipping deleted
    snippets."""
    items = [item for item in items if item["target"] is not None]
    targets = localized([item["target"] for item in items])
    return [(t, item["role"]) for item, t in zip(items, targets, strict=True)]


class Recipients(NamedTuple):
    """Who a letter goes to: ``to``, the targets written to, and ``cc``."""

    to: list
    cc: list


def recipients(items) -> Recipients:
    """The chosen targets by role, localized, skipping deleted snippets."""
    to, cc = [], []
    for target, role in with_roles(items):
        (cc if role == TargetRole.CC else to).append(target)
    return Recipients(to, cc)


def localized(targets: list) -> list:
    """Each target in the active language's version where there is one.

    Like Wagtail's ``localized``, but in one query for all of them.
    """
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    locale = Locale.get_active() if i18n else None
    keys = {t.translation_key for t in targets if locale and t.locale_id != locale.pk}
    if not keys:
        return targets
    found = {
        t.translation_key: t
        for t in Target.objects.filter(translation_key__in=keys, locale=locale)
    }
    return [found.get(t.translation_key, t) for t in targets]


NO_OFFICIAL = _("Choose at least one official.")


class TargetsBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Write to"), label=_("Heading"))
    # No min_num: the editor's script would show its error on a new, empty
    # block before the editor has done anything. clean() asks on publish instead.
    targets = blocks.ListBlock(TargetChoiceBlock(), label=_("Officials"))

    class Meta:
        icon = "group"
        label = _("Officials to write to")
        template = "ua_wagtail/blocks/targets.html"
        help_text = _(
            "Choose the officials to write to and who is sent a copy (often an "
            "embassy)."
        )
        description = _(
            "The officials to write to and the recipients of copies, with their "
            "addresses, fax, email, phone and social media."
        )

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation and not value["targets"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "targets": blocks.ListBlockValidationError(
                        non_block_errors=[ValidationError(NO_OFFICIAL)]
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["primary_targets"], context["cc_targets"] = recipients(value["targets"])
        return context

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "targets": [
                target_json(target, role)
                for target, role in with_roles(value["targets"])
            ],
        }

    def get_preview_value(self):
        sample = Target(
            honorific=str(_("Mr.")),
            name="Jane Doe",
            position=str(_("Minister of Justice")),
            address="1 Example Street\nCapital City",
            email="minister@example.org",
            salutation=str(_("Dear Minister")),
        )
        return self.normalize(
            {
                "heading": str(_("Write to")),
                "targets": [{"target": sample, "role": TargetRole.PRIMARY}],
            }
        )
