"""Translate through wagtail-localize's own machinery (the demo's loader)."""

from wagtail_localize.models import StringSegment, TranslationSource

from example_site.home import localize


def translate(instance, language_code, strings=None, overrides=None):
    """:func:`example_site.home.localize.translate`, fresh from the database."""
    translated = localize.translate(instance, language_code, strings, overrides)
    return type(instance).objects.get(pk=translated.pk)


def translate_fully(instance, language_code):
    """:func:`translate` with every string translated (marked with the code)."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    strings = {
        segment.string.data: f"[{language_code}] {segment.string.data}"
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string"
        )
    }
    return translate(instance, language_code, strings)
