from django import template
from django.utils.translation import gettext as _

from .. import rich_text as rich_text_module
from ..languages import language_name
from ..pages import sharing
from ..pages.translations import live_translations
from ..utils.formatting import listed
from ..utils.formatting import long_date as format_long_date
from ..utils.formatting import whole_number as format_whole_number

register = template.Library()


@register.simple_tag
def language_list(codes, own_language_welcome=False):
    """Any of the languages, as the active language lists alternatives:
    "Belarusian, Russian, English, or your own language"."""
    names = [language_name(code) for code in codes or []]
    if not own_language_welcome:
        return listed(names, style="or")
    if not names:
        return _("Your own language")
    return listed([*names, _("your own language")], style="or")


@register.filter
def rich_text(value):
    """Rich text as HTML, cleaned of anything its editor could not have written
    (see :mod:`ua_wagtail.rich_text`): use it instead of Wagtail's ``richtext``."""
    return rich_text_module.render(value)


@register.filter
def long_date(value):
    """The date in full, in the active language: "November 1, 2024"."""
    return format_long_date(value) if value else ""


@register.filter
def whole_number(value):
    """A count grouped as the active language writes it: "1 234" in French."""
    return format_whole_number(value) if value is not None else ""


@register.filter
def site_name(site):
    """The site's name in the active language. Wagtail keeps one name per site;
    it is looked up in the translation catalogs, so a multilingual site
    translates its name in its own catalog as it does any message."""
    name = getattr(site, "site_name", "")
    return _(name) if name else ""


@register.simple_tag
def accessible_widget(field):
    """The field's widget, tied to its error message when it has one."""
    attrs = {}
    if field.errors:
        attrs = {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}-error"}
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """The live versions of ``page`` in every language (see
    :func:`ua_wagtail.pages.translations.live_translations`): for a language switcher and
    ``hreflang`` links. Empty when the page exists in one language only.
    """
    if page is None or not hasattr(page, "get_translations"):
        return []
    found = live_translations(page, context.get("request"))
    return found if len(found) > 1 else []


@register.simple_tag(takes_context=True)
def share_links(context, page):
    """(label, URL) pairs to share ``page`` without third-party scripts."""
    return sharing.share_links(page, context.get("request"))
