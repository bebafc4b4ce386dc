"""Preferred languages: an ordered list of language codes.

Order matters ("Belarusian, Russian, English" is a preference), so editors type
names or codes separated by commas instead of ticking boxes in a fixed order.
Codes and names come from Django's own table (``django.conf.locale.LANG_INFO``),
and names are shown translated into the active language.
"""

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def _lookup_table() -> dict[str, str]:
    table = {}
    for code, info in LANG_INFO.items():
        if "fallback" in info:
            continue
        for key in (code, info["name"], info["name_local"]):
            table.setdefault(key.casefold(), code)
    return table


_LOOKUP = _lookup_table()


def language_code(text: str) -> str:
    """The code for a language given by code or by English or local name."""
    try:
        return _LOOKUP[text.strip().casefold()]
    except KeyError:
        raise ValidationError(
            _(
                "“%(language)s” is not a language we know. Use a name such as "
                "“Russian” or a code such as “ru”."
            ),
            code="unknown_language",
            params={"language": text.strip()},
        ) from None


def language_name(code: str) -> str:
    """The language's name in the active language, e.g. "Belarusian" or "bielorruso"."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def site_language_name(code: str) -> str:
    """The name the site's ``LANGUAGES`` gives the language, in the active
    language ("Arabic", "العربية"); Django's name for a language it does not list."""
    names = dict(settings.LANGUAGES)
    return str(names[code]) if code in names else language_name(code)


class LanguageListFormField(forms.CharField):
    default_error_messages = {
        "duplicate": _("“%(language)s” is listed twice."),
    }

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(
                LANG_INFO.get(code, {}).get("name", code) for code in value
            )
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value)
        codes = []
        for part in filter(str.strip, text.split(",")):
            code = language_code(part)
            if code in codes:
                raise ValidationError(
                    self.error_messages["duplicate"],
                    code="duplicate",
                    params={"language": part.strip()},
                )
            codes.append(code)
        return codes

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class LanguageListField(models.JSONField):
    """A JSON list of language codes, edited as comma-separated names or codes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        for code in value or []:
            if code not in LANG_INFO:
                raise ValidationError(
                    _("“%(language)s” is not a language code."),
                    code="unknown_language",
                    params={"language": code},
                )

    def formfield(self, **kwargs):
        defaults = {
            "form_class": LanguageListFormField,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
