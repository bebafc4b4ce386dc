"""Every error under ua_wagtail's URLs answered as JSON, as its API documents.

django-ninja answers a wrong method with a bare 405, and Django answers unknown
URLs, missing objects and crashes with HTML pages: a client of the JSON API
cannot read those. :func:`json_errors` wraps each of the package's views (and a
catch-all for unknown paths) so that any answer of 400 and above that is not
JSON already becomes ``{"errors": {"__all__": [message]}}`` with the same
status and headers. The report form's own answers stay HTML: a browser without
JavaScript posted it and is shown the page again.
"""

import functools

from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

#: Headers an error keeps when it becomes JSON.
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control")


def message(status: int, request, allowed: str) -> str:
    if status == 404:
        return _("Nothing is here: check the address.")
    if status == 405:
        return _(
            "This address does not answer %(method)s requests; it answers %(allowed)s."
        ) % {"method": request.method, "allowed": allowed}
    if status == 413:
        return _("The request is too large.")
    if status >= 500:
        return _("The server could not answer. Nothing was stored; try again later.")
    return _("The request could not be understood.")


def error(status: int, request, allowed: str = "") -> JsonResponse:
    """The error in the language the client asks for, as the JSON API answers."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        text = message(status, request, allowed)
    response = JsonResponse({"errors": {"__all__": [text]}}, status=status)
    response["Content-Language"] = language
    return response


def method_not_allowed(request, allowed: str) -> JsonResponse:
    response = error(405, request, allowed)
    response["Allow"] = allowed
    return response


def as_json(request, response):
    """``response`` itself if it is not an error or is JSON already."""
    if response.status_code < 400 or "json" in response.get("Content-Type", ""):
        return response
    answer = error(response.status_code, request, response.get("Allow", ""))
    for header in KEPT_HEADERS:
        if header in response:
            answer[header] = response[header]
    return answer


def json_errors(view):
    """Answer ``view``'s errors, raised or returned, as JSON (see the module)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Exception as exception:
            if settings.DEBUG:
                raise  # Django's debug page
            # Logged and signalled as Django does, then said in JSON.
            response = response_for_exception(request, exception)
        return as_json(request, response)

    return wrapper


def not_found(request, *args, **kwargs):
    """For any path under the package's URLs that names nothing."""
    return error(404, request)
