"""Middleware for the read APIs under ``UA_WAGTAIL_API_PATHS``.

:class:`APIQueryMiddleware` refuses, with a 400 naming the parameter, values no
database column can be compared with: text holding a NUL character (PostgreSQL
refuses it) and whole numbers beyond 64 bits (in the path too). Wagtail's APIs
pass both to the database and answered 500 (``find``, ``search``, ``offset``,
ids in the path); and a ``search`` that SQLite's full-text search cannot parse.

:class:`APICacheMiddleware`, HTTP caching of API reads: anonymous ``GET``\\s may
be kept by shared caches for ``UA_WAGTAIL_API_MAX_AGE`` seconds; with a token or a
session they are private. Every such response gets an ``ETag``, and a request
whose ``If-None-Match`` matches gets ``304 Not Modified`` without the body. Views
that set their own ``Cache-Control`` (previews, totals) keep it.
"""

import re

from django.db import OperationalError, connection
from django.http import JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import ua_settings
from ..pages.caching import anonymous

# Python's int() and pydantic, which Wagtail's APIs use, accept "9_223_…" too.
WHOLE_NUMBER = re.compile(r"[+-]?[\d_]+")
LARGEST = 2**63 - 1  # a signed 64-bit integer: PostgreSQL's bigint
#: The query parameters Wagtail's APIs read as whole numbers; other values
#: (a search for a long case number, say) are text, and compare as text.
NUMBER_PARAMETERS = {
    "limit",
    "offset",
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
}


def is_api(request) -> bool:
    return request.path_info.startswith(tuple(ua_settings.API_PATHS))


def too_large(value: str) -> bool:
    if not WHOLE_NUMBER.fullmatch(value.strip()):
        return False
    digits = value.strip().lstrip("+-").replace("_", "").lstrip("0")
    return len(digits) > 19 or int(digits or 0) > LARGEST


def problem(value: str, number: bool) -> str:
    """Why the database could not compare with ``value``, or ""."""
    if "\x00" in value:
        return _("Null characters are not allowed.")
    if number and too_large(value):
        return _("Give a whole number between -%(largest)s and %(largest)s.") % {
            "largest": LARGEST
        }
    return ""


def query_errors(request) -> dict[str, str]:
    errors = {}
    for name, values in request.GET.lists():
        number = name in NUMBER_PARAMETERS
        found = [problem(name, False), *(problem(v, number) for v in values)]
        if any(found):
            errors[name] = next(filter(None, found))
    found = [problem(part, True) for part in request.path_info.split("/")]
    if any(found):
        errors["path"] = next(filter(None, found))
    return errors


class APIQueryMiddleware:
    """Answers as RFC 9457 problem details, as Wagtail's API v3 does its errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = query_errors(request) if is_api(request) else {}
        if not errors:
            return self.get_response(request)
        return bad_request(errors)

    def process_exception(self, request, exception):
        """SQLite's full-text search reads ``search`` as a query language, and
        a stray quote (``?search="``) is a syntax error it raises: that is the
        client's mistake, a 400, not the server's."""
        searched = is_api(request) and "search" in request.GET
        if searched and isinstance(exception, OperationalError):
            if connection.vendor == "sqlite":
                return bad_request({"search": str(UNREADABLE_SEARCH)})
        return None


UNREADABLE_SEARCH = gettext_lazy(
    "The search could not be read: search for words, without quotation marks "
    "or other symbols."
)


def bad_request(errors: dict[str, str]) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": " ".join(sorted(set(errors.values()))),
        "errors": [
            {"loc": ["path"] if name == "path" else ["query", name], "msg": msg}
            for name, msg in errors.items()
        ],
    }
    return JsonResponse(body, status=400, content_type="application/problem+json")


class APICacheMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not self.applies(request, response):
            return response
        if not response.has_header("Cache-Control"):
            if self.is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(
                    response, public=True, max_age=ua_settings.API_MAX_AGE
                )
        return super().process_response(request, response)

    @staticmethod
    def applies(request, response) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and is_api(request)
        )

    @staticmethod
    def is_personal(request) -> bool:
        """A token, or a signed-in session. Without a session cookie the session
        is not read, so anonymous answers do not vary by cookie."""
        if anonymous(request):
            return False
        if "Authorization" in request.headers:
            return True
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)
