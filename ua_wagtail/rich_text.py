"""Rich text that is safe to show, whoever wrote it.

Wagtail trusts the HTML it stores: its editor only produces what the editor's
features allow. Urgent Actions get rich text from elsewhere too: wagtail-localize
puts translators' strings back into the HTML (it checks them with Python's HTML
parser, which reads ``<!-->`` differently from browsers), the importer builds it
from documents, and the APIs and bulk actions skip the editor. So rich text is
cleaned with nh3 (an HTML5 parser and allow-list sanitiser, as browsers parse)
when it is stored and read (:class:`RichTextBlock`, :class:`RichTextField`), and
again when it is shown (:func:`render`), since wagtail-localize's previews build
pages in memory without storing them.

Only what the package's editors can write survives: paragraphs, line breaks,
bold, italic, headings, lists and links to pages, documents, web pages, email
addresses and phone numbers.
"""

import re
from html import unescape

import nh3
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks, fields
from wagtail.rich_text import RichText, expand_db_html

TAGS = {"p", "br", "b", "i", "strong", "em", "h2", "h3", "h4", "ol", "ul", "li", "a"}
#: Wagtail's stored form: ``<a linktype="page" id="3">`` or ``<a href="…">``.
STORED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
#: What :func:`render` shows, Wagtail's links expanded to ``href``\\s.
SHOWN_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _clean(html: str, attributes: dict) -> str:
    return nh3.clean(
        force_str(html or ""),
        tags=TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # Wagtail's own rel rules apply when links are expanded
        strip_comments=True,
    )


def clean_source(html: str) -> str:
    """Rich text in Wagtail's stored form, with only the allowed markup left."""
    return _clean(html, STORED_ATTRIBUTES)


def render(value) -> SafeString:
    """HTML to show for a rich text value (a ``RichText`` or its stored form)."""
    source = getattr(value, "source", value) or ""
    return mark_safe(_clean(expand_db_html(source), SHOWN_ATTRIBUTES))  # noqa: S308


def to_plain(html: str) -> str:
    """Rich text HTML as plain text, one paragraph per blank-line-separated block."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n\n", html)))
    paragraphs = (" ".join(part.split()) for part in text.split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def as_json(value) -> dict:
    """The APIs' form of a rich text value: HTML to show (internal links
    resolved, cleaned) and its plain text."""
    html = str(render(value))
    return {"html": html, "text": to_plain(html)}


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich text block, cleaned when stored and when read."""

    def to_python(self, value):
        return RichText(clean_source(value))

    def normalize(self, value):
        return RichText(clean_source(getattr(value, "source", value)))

    def get_prep_value(self, value):
        return clean_source(value.source)


class RichTextField(fields.RichTextField):
    """Wagtail's rich text field, cleaned when stored and when read."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else clean_source(value)

    def to_python(self, value):
        return None if value is None else clean_source(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else clean_source(value)
