"""The JSON reports and totals API, and the OpenAPI document that describes it.

django-ninja routes the operations, validates report bodies with the schema of
:mod:`.schemas` and writes the document (``openapi.json`` beside them, browsable
at ``docs/``). What ninja refuses is answered as every refusal is: messages in
the client's language, by field.
"""

import json
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from . import views
from .schemas import (
    TOTALS_RULE,
    Errors,
    Report,
    ReportCreated,
    UrgentActionTotals,
    errors_by_field,
)


def _errors_example(field: str, message: str) -> dict:
    return {"application/json": {"example": {"errors": {field: [message]}}}}


REPORT_DOCS = {
    "responses": {
        400: {
            "content": _errors_example(
                "actions.letter", "The count must be between 1 and 10."
            )
        },
        413: {"content": _errors_example("body", "The report is too large.")},
        415: {
            "content": _errors_example(
                "body", "Send the report as JSON (Content-Type: application/json)."
            )
        },
        429: {
            "description": "Too many reports from this client: retry after "
            "Retry-After seconds.",
            "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
            "content": _errors_example(
                "__all__",
                "You have sent many reports in a short time. Try again in 42 seconds.",
            ),
        },
    },
}

TOTALS_DOCS = {
    "parameters": [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "The ETag of totals read before: unchanged, they are "
            "answered with a bodiless 304.",
        }
    ],
    "responses": {
        200: {
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Cache-Control": {"schema": {"type": "string"}},
            }
        },
        304: {"description": "Not modified since the ETag sent."},
        404: {
            "content": _errors_example(
                "page", "No published Urgent Action has this id."
            )
        },
    },
}

REPORT_RESPONSES = {
    201: ReportCreated,
    400: Errors,
    413: Errors,
    415: Errors,
    429: Errors,
}
TOTALS_RESPONSES = {200: UrgentActionTotals, 304: None, 404: Errors}


class BadJSON(Exception):
    """A body that is not JSON: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportParser(Parser):
    def parse_body(self, request):
        try:
            return json.loads(request.body)
        except RecursionError:  # "[[[[…" nested beyond what the parser follows
            raise BadJSON(_("The JSON is nested too deeply.")) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise BadJSON(_("Malformed JSON: %(error)s") % {"error": error}) from None


api = NinjaAPI(
    title="Urgent Action reports",
    version="1",
    description="Report the actions you took on an Urgent Action, and read its "
    f"totals. {TOTALS_RULE}",
    urls_namespace="ua_wagtail",
    openapi_url="openapi.json",
    docs_url="docs/",
    parser=ReportParser(),
)


@api.exception_handler(ValidationError)
def refused(request, error: ValidationError):
    """A report body that breaks the schema: what is wrong, by field."""
    errors = errors_by_field(
        {**detail, "loc": detail["loc"][2:]}  # ("body", "report", field, …)
        for detail in error.errors
    )
    return views.json_error({**errors, **views.page_errors(request, errors)})


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    """ninja's own refusals (a body it cannot parse), in the API's shape."""
    cause = error.__cause__
    message = cause.message if isinstance(cause, BadJSON) else str(error)
    return views.json_error({"body": [message]}, status=error.status_code)


@api.post(
    "/reports/",
    url_name="report-api",
    operation_id="createReport",
    summary="Report actions taken",
    response=REPORT_RESPONSES,
    openapi_extra=REPORT_DOCS,
)
@decorate_view(views.json_body_checks, views.in_client_language)
def create_report(request, report: Report):
    """Store one report, counted at once in the Urgent Action's totals.

    Exempt from CSRF: it accepts only ``application/json``, which a browser sends
    to another site only with that site's CORS consent (see
    ``UA_WAGTAIL_REPORT_ORIGINS``). Every refusal stores nothing and names every
    field at fault.
    """
    return views.report_api(request, report)


@api.get(
    "/actions/{int:page_id}/totals/",
    url_name="totals",
    operation_id="getTotals",
    summary="Totals of an Urgent Action, by page id",
    response=TOTALS_RESPONSES,
    openapi_extra=TOTALS_DOCS,
)
@decorate_view(views.in_client_language)
def totals(request, page_id: Annotated[int, Path(ge=0)]):
    """The totals of all translations together; any translation's page id will do."""
    return views.totals_api(request, page_id=page_id)


@api.get(
    "/actions/{uuid:translation_key}/totals/",
    url_name="totals-by-key",
    operation_id="getTotalsByKey",
    summary="Totals of an Urgent Action, by translation key",
    response=TOTALS_RESPONSES,
    openapi_extra=TOTALS_DOCS,
)
@decorate_view(views.in_client_language)
def totals_by_key(request, translation_key: uuid.UUID):
    """The totals of all translations together."""
    return views.totals_api(request, translation_key=translation_key)
