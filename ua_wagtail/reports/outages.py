"""What a report gets when the database cannot be reached: 503 and Retry-After.

A PostgreSQL connection killed (a failover, a restart, ``pg_terminate_backend``)
or SQLite locked past its retries raises ``OperationalError`` or
``InterfaceError``. Nothing was stored (a report and its tallies are written by
one statement or one transaction), so the client is told so and when to send
it again, rather than a 500 it cannot tell from a lost report: the JSON API
answers ``{"errors": {"__all__": [...]}}``, the report form a page saying the
report was not stored, in the page's language.

The broken connection is closed here, so the next query of this process opens
a new one: Django closes an unusable connection only after the request, and
not at all under the test client.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger("ua_wagtail")

UNAVAILABLE = (OperationalError, InterfaceError)
#: Seconds a client is asked to wait before sending the report again.
RETRY_AFTER = 5


def not_stored() -> str:
    return _(
        "Your report was not stored: we cannot reach our database just now. "
        "Please send it again in a minute."
    )


def forget_connection(error: DatabaseError) -> None:
    """Log the outage and drop the broken connection (outside a transaction,
    which its owner rolls back)."""
    logger.warning("Database unavailable, answered 503: %s", error)
    if not connection.in_atomic_block:
        connection.close()


def json_answer(request, error: DatabaseError) -> JsonResponse:
    """In the active language (the API answers in the client's)."""
    forget_connection(error)
    response = JsonResponse({"errors": {"__all__": [not_stored()]}}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def page_answer(request, error: DatabaseError, back: str) -> TemplateResponse:
    """A page that needs no database, in the language of the page at ``back``."""
    forget_connection(error)
    language = translation.get_language_from_path(back)
    with translation.override(language or translation.get_language()):
        response = TemplateResponse(
            request,
            "ua_wagtail/report_not_stored.html",
            {"message": not_stored(), "back": back},
            status=503,
        )
        response.render()
    response["Retry-After"] = str(RETRY_AFTER)
    patch_cache_control(response, private=True, no_cache=True)
    return response
