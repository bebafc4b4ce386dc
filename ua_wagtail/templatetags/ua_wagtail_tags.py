from django import template
from django.utils.translation import gettext as _

from ..formatting import long_date as format_long_date
from ..languages import language_name

register = template.Library()


@register.simple_tag
def language_list(codes, own_language_welcome=False):
    """E.g. "Belarusian, Russian, English, or your own language", in the active language."""
    names = ", ".join(language_name(code) for code in codes or [])
    if not own_language_welcome:
        return names
    if not names:
        return _("Your own language")
    return _("%(languages)s, or your own language") % {"languages": names}


@register.filter
def long_date(value):
    """The date in full, in the active language: "November 1, 2024"."""
    return format_long_date(value) if value else ""


@register.simple_tag
def accessible_widget(field):
    """The field's widget, tied to its error message when it has one."""
    attrs = {}
    if field.errors:
        attrs = {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}-error"}
    return field.as_widget(attrs=attrs)
