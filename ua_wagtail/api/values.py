"""Plain JSON for the values that blocks and page fields share.

Each function returns what the matching model in :mod:`.schemas` describes.
"""

from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.api.utils import get_base_url

from ..languages import language_name
from ..letters import rich_text_to_plain
from ..rich_text import render


def rich_text(value) -> dict:
    """Display HTML (internal links resolved, cleaned) and plain text of a rich
    text value."""
    html = str(render(value))
    return {"html": html, "text": rich_text_to_plain(html)}


def country(code) -> dict | None:
    code = str(code or "")
    return {"code": code, "name": str(countries.name(code))} if code else None


def languages(codes) -> list[dict]:
    return [{"code": code, "name": language_name(code)} for code in codes or []]


def contact_lines(target) -> list[dict]:
    """The ways to reach a target, in the order the page lists them."""
    lines = [
        ("fax", _("Fax"), target.fax, target.fax_uri),
        ("phone", _("Phone"), target.phone, target.phone_uri),
        ("email", _("Email"), target.email, f"mailto:{target.email}"),
        ("x", _("X (Twitter)"), target.x_handle, target.x_url),
        ("facebook", _("Facebook"), target.facebook_url, target.facebook_url),
    ]
    return [
        {"kind": kind, "label": label, "text": text, "url": url}
        for kind, label, text, url in lines
        if text
    ]


def target(target, role) -> dict:
    from ..blocks.targets import TargetRole

    return {
        "id": target.pk,
        "role": str(role),
        "role_label": str(TargetRole(role).label),
        "display_name": target.display_name,
        "honorific": target.honorific,
        "name": target.name,
        "position": target.position,
        "organisation": target.organisation,
        "address": target.address,
        "address_lines": target.address_lines,
        "country": country(target.country),
        "email": target.email,
        "fax": target.fax,
        "phone": target.phone,
        "x_handle": target.x_handle,
        "facebook": target.facebook_url,
        "salutation": target.salutation,
        "preferred_languages": languages(target.preferred_languages),
        "contact_lines": contact_lines(target),
    }


def totals(result) -> dict:
    return {
        "total": result.total,
        "by_action": dict(result.by_action),
        "by_country": dict(result.by_country),
    }


def absolute_url(path: str, context: dict | None, page=None) -> str:
    """``path`` on the site's host, as Wagtail's API makes its own URLs
    (``WAGTAILAPI_BASE_URL``, else the request's site, else the page's).

    Front ends on other origins need absolute URLs to post to and to link to.
    """
    if "://" in path:
        return path
    base = get_base_url((context or {}).get("request"))
    if base is None and page is not None and (site := page.get_site()):
        base = site.root_url
    return (base or "") + path
