"""Translate through wagtail-localize's own machinery, as its editor does.

Used by the ``demo`` command to load the seed's translations: translation
sources, string translations and overrides, then wagtail-localize builds the
translated page or snippet; the admin then shows them as synced translations.
"""

import json

from wagtail.models import DraftStateMixin, Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(instance, language_code, strings=None, overrides=None):
    """Translate (or sync) ``instance`` into a language; the translation back.

    ``strings`` maps source strings to their translations, as a translator types
    them; ``overrides`` maps the end of an overridable segment's path to the
    value the translator chose. Anything else falls back to the source.
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    Translation.objects.get_or_create(source=source, target_locale=locale)
    add_strings(source, locale, strings or {})
    add_overrides(source, locale, overrides or {})
    # Saved as a draft, then published from a fresh revision: wagtail-localize
    # publishes on commit from the instance it saved, which writes back a stale
    # tree position when children are added in the same transaction.
    drafts = isinstance(instance, DraftStateMixin)
    translated, _ = source.create_or_update_translation(
        locale, publish=not drafts, copy_parent_pages=True, fallback=True
    )
    if drafts:
        translated = type(instance).objects.get(pk=translated.pk)
        translated.get_latest_revision().publish()
    return translated


def add_strings(source, locale, strings):
    segments = StringSegment.objects.filter(source=source).select_related("string")
    for segment in segments:
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )


def add_overrides(source, locale, overrides):
    segments = OverridableSegment.objects.filter(source=source).select_related(
        "context"
    )
    for segment in segments:
        for suffix, value in overrides.items():
            if segment.context.path.endswith(suffix):
                SegmentOverride.objects.update_or_create(
                    locale=locale,
                    context=segment.context,
                    defaults={"data_json": json.dumps(value)},
                )
