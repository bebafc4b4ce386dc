"""A target as the APIs give it: its fields and the ways to reach it."""

from django.utils.translation import gettext as _

from ..choices import TargetRole
from ..utils.json import country, languages


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


def target_json(target, role) -> dict:
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
