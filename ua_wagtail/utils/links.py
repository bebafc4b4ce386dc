"""Web links from any source: editors, translators, imported documents.

A link that a reader may follow is an ``http`` or ``https`` address, never
``javascript:`` or ``data:``. :data:`validate_web_url` guards the fields that
hold links when they are stored (forms, the importer, ``full_clean``), and
:func:`web_url` again where they are shown, since some paths store without
validating (Wagtail's bulk actions, content saved before the check).
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// or http://."),
)


def web_url(url: str) -> str:
    """``url`` if it is a web address, else "" (shown as no link)."""
    if not url:
        return ""
    try:
        validate_web_url(url)
    except ValidationError:
        return ""
    return url
