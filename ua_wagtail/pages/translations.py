"""A page's live translations, itself included, for language switchers, hreflang
links and the APIs."""

from django.conf import settings
from django.utils.translation import get_language_info


def live_translations(page, request=None) -> list[dict]:
    """The live, public versions of ``page`` (itself included), in ``LANGUAGES``
    order: a translation behind a password is no one's to link to.

    Each has ``page``, ``language_code``, ``name`` (in its own language:
    "Français"), ``url`` (absolute) and ``is_current``.
    """
    order = [code for code, _name in settings.LANGUAGES]
    versions = (
        page.get_translations(inclusive=True).live().public().select_related("locale")
    )
    found = [
        {
            "page": version,
            "language_code": version.locale.language_code,
            "name": get_language_info(version.locale.language_code)["name_local"],
            "url": version.get_full_url(request),
            "is_current": version.pk == page.pk,
        }
        for version in versions
    ]
    found.sort(
        key=lambda v: (
            order.index(v["language_code"])
            if v["language_code"] in order
            else len(order)
        )
    )
    return found
