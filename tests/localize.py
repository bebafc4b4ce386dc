"""Translate through wagtail-localize's own machinery (the demo's loader)."""

from example_site.home import localize


def translate(instance, language_code, strings=None, overrides=None):
    """:func:`example_site.home.localize.translate`, fresh from the database."""
    translated = localize.translate(instance, language_code, strings, overrides)
    return type(instance).objects.get(pk=translated.pk)
