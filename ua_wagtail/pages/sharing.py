"""Share links that need no third-party script: plain URLs of each service's
share endpoint, so sharing loads nothing from other sites until it is used."""

from functools import partial
from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def share_links(page, request=None) -> list[tuple[str, str]]:
    """(label, URL) for email, X, Facebook, WhatsApp and Telegram."""
    encode = partial(urlencode, quote_via=quote)  # spaces as %20, as mailto wants
    url = page.get_full_url(request)
    text = _("Act now: %(title)s") % {"title": page.title}
    mail = encode({"subject": text, "body": f"{page.summary}\n\n{url}"})
    return [
        (_("Email"), f"mailto:?{mail}"),
        ("X", "https://x.com/intent/post?" + encode({"text": text, "url": url})),
        (
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + encode({"u": url}),
        ),
        ("WhatsApp", "https://wa.me/?" + encode({"text": f"{text} {url}"})),
        (
            "Telegram",
            "https://t.me/share/url?" + encode({"url": url, "text": text}),
        ),
    ]
