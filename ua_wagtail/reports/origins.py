"""Which sites' pages may send reports: this site, and the origins listed in
``UA_WAGTAIL_REPORT_ORIGINS`` and ``UA_WAGTAIL_REPORT_ORIGIN_REGEXES`` (and in
django-cors-headers' ``CORS_ALLOWED_ORIGINS`` and ``CORS_ALLOWED_ORIGIN_REGEXES``,
which may call every URL, and Django's ``CSRF_TRUSTED_ORIGINS``, which its forms
trust).

Reports carry no CSRF token (it would make every page one visitor's, and no
shared cache could keep it). A browser says where a request comes from instead:
``Sec-Fetch-Site`` (every current browser) and ``Origin`` (on every cross-origin
``POST``), which no page can forge. A report that a browser says comes from
another site is refused, unless that site is listed; docs/reports.md has the
threat model.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..conf import ua_settings

REFUSED = _(
    "Reports can be sent only from this site's pages. Please report your "
    "actions on the Urgent Action's own page."
)


def listed(origin: str) -> bool:
    """Is ``origin`` one of the other sites allowed to send reports?"""
    trusted = getattr(settings, "CSRF_TRUSTED_ORIGINS", ())
    origins = [
        *ua_settings.REPORT_ORIGINS,
        *getattr(settings, "CORS_ALLOWED_ORIGINS", ()),
        *trusted,
    ]
    patterns = [
        *ua_settings.REPORT_ORIGIN_REGEXES,
        *getattr(settings, "CORS_ALLOWED_ORIGIN_REGEXES", ()),
        # "https://*.example.org", as Django reads it: any subdomain.
        *(re.escape(o).replace(r"\*", r"[a-z0-9.-]+") for o in trusted if "*" in o),
    ]
    return origin in origins or any(
        re.fullmatch(pattern, origin) for pattern in patterns
    )


def own_origin(request) -> str:
    """This site's origin as Django sees it (behind a proxy, with
    ``SECURE_PROXY_SSL_HEADER`` set, as CSRF checks need it too)."""
    return f"{request.scheme}://{request.get_host()}"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def from_allowed_origin(request) -> bool:
    """Did a page of this site, or of a listed one, send this request?

    Without ``Sec-Fetch-Site``, ``Origin`` or ``Referer`` (a script, an app, a
    browser from before 2020 with referrers turned off) nothing says it came
    from another site's page, and a browser visiting one always sends ``Origin``.
    """
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if site == "same-origin":
        return True  # the browser compared the origins (a proxy may hide ours)
    if origin is None:
        referer = request.headers.get("Referer")
        if site in (None, "none") and not referer:
            return True
        origin = origin_of(referer or "")
    return origin == own_origin(request) or listed(origin)
