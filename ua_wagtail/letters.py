"""The sample letter as plain text, and ``mailto:`` links that carry it.

An activist who taps "Email the minister" should land in their mail program with
the recipient, the copies, a subject and the letter already filled in.
"""

import re
from html import unescape
from urllib.parse import quote

from django.utils.html import strip_tags

_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def rich_text_to_plain(html: str) -> str:
    """Rich text HTML as plain text, one paragraph per blank-line-separated block."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n\n", html)))
    paragraphs = (" ".join(part.split()) for part in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def letter_text(salutation: str, body_html: str, closing: str) -> str:
    parts = [salutation.strip(), rich_text_to_plain(body_html), closing.strip()]
    return "\n\n".join(p for p in parts if p)


def mailto_url(to: list[str], cc: list[str], subject: str, body: str) -> str:
    """RFC 6068 ``mailto:`` URL; addresses and fields are percent-encoded."""
    query = [("subject", subject), ("body", body)]
    if cc:
        query.insert(0, ("cc", ",".join(cc)))
    params = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    recipients = ",".join(quote(address, safe="@") for address in to)
    return f"mailto:{recipients}?{params}"
