"""Plain JSON for values that blocks and page fields of several concepts share,
as the APIs give them (documented by :mod:`ua_wagtail.headless.schemas`)."""

from django_countries import countries
from wagtail.api.utils import get_base_url

from ..languages import language_name


def country(code) -> dict | None:
    code = str(code or "")
    return {"code": code, "name": str(countries.name(code))} if code else None


def languages(codes) -> list[dict]:
    return [{"code": code, "name": language_name(code)} for code in codes or []]


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
