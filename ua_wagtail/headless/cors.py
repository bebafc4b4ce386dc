"""Which other sites may use the JSON API from their pages (CORS).

django-cors-headers answers preflights and adds the headers; it asks this module,
through its ``check_request_enabled`` signal, about origins its own settings do not
list. Reads are open to every origin: the totals and the OpenAPI document, wherever
ua_wagtail's URLs are included, and the site's read APIs under
``UA_WAGTAIL_API_PATHS``. Reports may come only from the origins in
``UA_WAGTAIL_REPORT_ORIGINS`` and ``UA_WAGTAIL_REPORT_ORIGIN_REGEXES``: any other
site's pages could otherwise send reports in their visitors' names.
"""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from django.urls import Resolver404, resolve

from ..conf import ua_settings
from ..reports.origins import listed

READ_METHODS = {"GET", "HEAD"}
READ_VIEWS = {"totals", "totals-by-key", "openapi-json"}


@receiver(check_request_enabled)
def cors_allowed(sender, request, **kwargs) -> bool:
    """May this request's origin read the answer (for a preflight: send it)?"""
    method = requested_method(request)
    if method in READ_METHODS:
        return (
            request.path_info.startswith(tuple(ua_settings.API_PATHS))
            or ua_view(request.path_info) in READ_VIEWS
        )
    return (
        method == "POST"
        and listed(request.headers.get("origin", ""))
        and ua_view(request.path_info) == "report-api"
    )


def requested_method(request) -> str:
    """The request's method, or for a preflight the method it asks leave for."""
    if request.method == "OPTIONS":
        return request.headers.get("access-control-request-method", "").upper()
    return request.method


def ua_view(path: str) -> str | None:
    """The name of ua_wagtail's URL at ``path``, if it is one of them."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name if "ua_wagtail" in match.app_names else None
