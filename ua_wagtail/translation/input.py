"""What translators type, checked before wagtail-localize uses it.

Strings that hide markup. wagtail-localize checks each translated string with Python's HTML parser, which
lets comments, CDATA sections and processing instructions through and reads them
differently from browsers: ``<!-->`` ends a comment in a browser, so
``<!--><img src=x onerror=…>-->`` passes the check as one comment and runs as a
script once the page is shown. A translated string is HTML in which a literal
``<`` is written ``&lt;``, so a raw ``<!``, ``<?`` or ``</`` not followed by a tag
name is never text: such a string is marked as in error. wagtail-localize then
shows the message in its editor and leaves the string out of the page (the
source's text stands in) until the translator corrects it. Rich text is cleaned
again when stored and shown (:mod:`ua_wagtail.rich_text`).

Overrides of a copy's (CC) target. A section may copy its own embassy, so the
target of a CC is overridable; wagtail-localize stores whatever the request
said, and an override that names no target made every preview, submission and
sync of the page fail. It is marked in error the same way, and the source's
target stands in (see :meth:`ua_wagtail.blocks.TargetChoiceBlock.restore_translated_segments`).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    TranslationSource,
)

from ..pages.models import UrgentActionPage
from ..targets.blocks import chosen_target

HIDDEN_MARKUP = re.compile(r"<[!?]|</[^A-Za-z]")


@receiver(post_save, sender=StringTranslation)
def refuse_hidden_markup(sender, instance, update_fields=None, **kwargs):
    """Runs before wagtail-localize's own check (in ``StringTranslation.save``),
    which then leaves a string already in error alone."""
    if update_fields is not None and "data" not in update_fields:
        return
    if not HIDDEN_MARKUP.search(instance.data or ""):
        return
    message = _(
        "Remove “<!”, “<?” and “</” not followed by a tag name: comments, CDATA "
        "sections and similar markup are not allowed in translations."
    )
    instance.has_error, instance.field_error = True, message
    StringTranslation.objects.filter(pk=instance.pk).update(
        has_error=True, field_error=message
    )


@receiver(post_save, sender=SegmentOverride)
def refuse_unknown_targets(sender, instance, **kwargs):
    if not is_target_override(instance):
        return
    message = "" if chosen_target(instance.data) else _("Choose a target that exists.")
    if (instance.has_error, instance.field_error) == (bool(message), message):
        return
    instance.has_error, instance.field_error = bool(message), message
    SegmentOverride.objects.filter(pk=instance.pk).update(
        has_error=bool(message), field_error=message
    )


def is_target_override(override) -> bool:
    """An override of the target of an Urgent Action's targets block."""
    context = override.context
    return bool(
        context
        and context.path.endswith(".target")
        and TranslationSource.objects.filter(
            object_id=context.object_id,
            specific_content_type=ContentType.objects.get_for_model(UrgentActionPage),
        ).exists()
    )
