"""The JSON reports and totals API, and the OpenAPI document that describes it.

django-ninja routes the operations and writes the document (``openapi.json`` beside
them, browsable at ``docs/``). Report bodies are only *described* to ninja:
:mod:`.views` parses them as before, so that every refusal names its
field in the client's language and the hot path is not validated twice.
"""

import datetime
import uuid
from typing import Annotated, Literal

from django.conf import settings
from ninja import NinjaAPI, Path, Schema
from ninja.openapi.schema import REF_TEMPLATE
from pydantic import ConfigDict, Field, create_model

from ..choices import ACTION_TYPES
from ..conf import ua_settings
from . import views

TOTALS_RULE = (
    "Totals only go up, except when staff stop counting reports (spam). Totals "
    "read with GET may be cached for a few seconds: a client that holds a total "
    "from a report's answer and reads another should show the higher of the two."
)


def _undocumented_defaults(schema: dict) -> None:
    """A field left out is absent, not null: its default is no part of the API."""
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


def _counts_schema(schema: dict) -> None:
    _undocumented_defaults(schema)
    for field in schema["properties"].values():
        field["maximum"] = ua_settings.MAX_ACTIONS_PER_TYPE
    schema["minProperties"] = 1


def _report_schema(schema: dict) -> None:
    _undocumented_defaults(schema)
    schema["oneOf"] = [{"required": ["page"]}, {"required": ["translation_key"]}]
    languages = [code for code, _name in settings.LANGUAGES]
    schema["properties"]["language"]["anyOf"][0]["enum"] = languages


class _Closed(Schema):
    """No fields but those listed (``additionalProperties: false``)."""

    model_config = ConfigDict(extra="forbid")


class _Counts(_Closed):
    model_config = ConfigDict(json_schema_extra=_counts_schema)


Actions = create_model(
    "Actions",
    __base__=_Counts,
    __doc__="How many actions of each type: at least one type, each from 1 to "
    "UA_WAGTAIL_MAX_ACTIONS_PER_TYPE, and together at most "
    "UA_WAGTAIL_MAX_ACTIONS_PER_REPORT.",
    **{action: (int, Field(None, ge=1)) for action in ACTION_TYPES},
)

ActionTotals = create_model(
    "ActionTotals",
    __base__=_Closed,
    __doc__="Actions counted so far, by type; every type is listed.",
    **{action: (int, Field(ge=0)) for action in ACTION_TYPES},
)


EMAIL = {"format": "email"}


class Contact(_Closed):
    """Who reported, kept only with ``"consent": true``; leave it out otherwise."""

    model_config = ConfigDict(json_schema_extra=_undocumented_defaults)

    name: str | None = Field(None, max_length=255)
    email: Annotated[str, Field(max_length=254, json_schema_extra=EMAIL)] | None = None
    consent: Literal[True] = Field(
        None, description="Must be true for the name and email to be kept."
    )


class Report(_Closed):
    """One activist's report. Name the Urgent Action by ``page`` or by
    ``translation_key`` (shared by its translations), not both."""

    model_config = ConfigDict(json_schema_extra=_report_schema)

    page: int = Field(
        None, ge=1, le=views.MAX_PAGE_ID, description="Id of any translation's page."
    )
    translation_key: uuid.UUID = Field(None)
    actions: Actions
    country: str | None = Field(
        None,
        pattern="^([A-Za-z]{2})?$",
        description="The reporter's country: an ISO 3166-1 two-letter code.",
    )
    language: str | None = Field(None, description="Defaults to the page's.")
    contact: Contact | None = None


class Totals(Schema):
    __doc__ = (
        f"Actions reported on one Urgent Action, in all its languages. {TOTALS_RULE}"
    )

    total: int = Field(ge=0)
    by_action: ActionTotals
    by_country: dict[
        Annotated[str, Field(pattern="^[A-Z]{2}$")], Annotated[int, Field(ge=1)]
    ] = Field(description="Countries reporters named; others count in the total only.")


class UrgentActionTotals(Totals):
    __doc__ = Totals.__doc__

    translation_key: uuid.UUID
    ua_number: str


class StoredReport(Schema):
    id: int = Field(ge=1)
    created_at: datetime.datetime
    actions: Actions


class ReportCreated(Schema):
    """The report as stored, and the totals that include it."""

    report: StoredReport
    totals: Totals


class Errors(Schema):
    """Why nothing was stored: messages in the client's language (Accept-Language),
    by field. Nested fields are dotted (``actions.letter``, ``contact.email``);
    ``body`` is the request as a whole, ``__all__`` the client."""

    errors: dict[str, list[str]] = Field(min_length=1)


def _errors_example(field: str, message: str) -> dict:
    return {"application/json": {"example": {"errors": {field: [message]}}}}


REPORT_DOCS = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"$ref": REF_TEMPLATE.format(model="Report")}
            }
        },
    },
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


class ReportsAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The document, with the report body's schema that no operation parses."""
        document = super().get_openapi_schema(**kwargs)
        report = Report.model_json_schema(ref_template=REF_TEMPLATE)
        document["components"]["schemas"].update(report.pop("$defs"), Report=report)
        return document


api = ReportsAPI(
    title="Urgent Action reports",
    version="1",
    description="Report the actions you took on an Urgent Action, and read its "
    f"totals. {TOTALS_RULE}",
    urls_namespace="ua_wagtail",
    openapi_url="openapi.json",
    docs_url="docs/",
)


@api.post(
    "/reports/",
    url_name="report-api",
    operation_id="createReport",
    summary="Report actions taken",
    response=REPORT_RESPONSES,
    openapi_extra=REPORT_DOCS,
)
def create_report(request):
    """Store one report, counted at once in the Urgent Action's totals.

    Exempt from CSRF: it accepts only ``application/json``, which a browser sends
    to another site only with that site's CORS consent (see
    ``UA_WAGTAIL_REPORT_ORIGINS``). Every refusal stores nothing and names every
    field at fault.
    """
    return views.report_api(request)


@api.get(
    "/actions/{int:page_id}/totals/",
    url_name="totals",
    operation_id="getTotals",
    summary="Totals of an Urgent Action, by page id",
    response=TOTALS_RESPONSES,
    openapi_extra=TOTALS_DOCS,
)
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
def totals_by_key(request, translation_key: uuid.UUID):
    """The totals of all translations together."""
    return views.totals_api(request, translation_key=translation_key)
