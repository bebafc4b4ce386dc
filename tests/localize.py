"""Translate through wagtail-localize's own machinery, as its editor does."""

import json

from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(instance, language_code, strings=None, overrides=None):
    """Translate (or sync) ``instance`` into a language; the fresh translation back.

    ``strings`` maps source strings to their translations, as a translator types
    them; ``overrides`` maps the end of an overridable segment's path to the
    value the translator chose. Anything else falls back to the source.
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string")
    for segment in segments:
        if segment.string.data in (strings or {}):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    overridable = OverridableSegment.objects.filter(source=source).select_related(
        "context"
    )
    for segment in overridable:
        for suffix, value in (overrides or {}).items():
            if segment.context.path.endswith(suffix):
                SegmentOverride.objects.update_or_create(
                    locale=locale,
                    context=segment.context,
                    defaults={"data_json": json.dumps(value)},
                )
    # wagtail-localize publishes on commit, which a test's transaction never reaches.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translated, _ = source.create_or_update_translation(
            locale, copy_parent_pages=True, fallback=True
        )
    return type(instance).objects.get(pk=translated.pk)
