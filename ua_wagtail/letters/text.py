"""The sample letter as plain text, and ``mailto:`` links that carry it.

An activist who taps "Email the minister" should land in their mail program with
the recipient, the copies, a subject and the letter already filled in.
"""

from urllib.parse import quote

from ..rich_text import to_plain


def letter_text(salutation: str, body_html: str, closing: str) -> str:
    parts = [salutation.strip(), to_plain(body_html), closing.strip()]
    return "\n\n".join(part for part in parts if part)


def mailto_url(to: list[str], cc: list[str], subject: str, body: str) -> str:
    """RFC 6068 ``mailto:`` URL; addresses and fields are percent-encoded."""
    query = [("subject", subject), ("body", body)]
    if cc:
        query.insert(0, ("cc", ",".join(cc)))
    params = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    recipients = ",".join(quote(address, safe="@") for address in to)
    return f"mailto:{recipients}?{params}"
