"""The JSON reports and totals API, and the OpenAPI document that describes it.

django-ninja routes the operations, validates report bodies with the schema of
:mod:`.schemas` and writes the document (``openapi.json`` beside them, browsable
at ``docs/``; :mod:`.openapi` adds the responses). What ninja refuses is
answered as every refusal is: messages in the client's language, by field.
"""

import functools
import json
import re
import uuid
from typing import Annotated

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Path
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser

from ..choices import ReportSource
from ..conf import ua_settings
from . import idempotency, origins, outages, rate_limits, rules, tallies
from .abuse import client_hash, mark_reported, report_buckets, too_many
from .idempotency import header_errors
from .models import ActionReport, page_model
from .offered import offered_action_types
from .openapi import (
    REPORT_DOCS,
    REPORT_RESPONSES,
    TOTALS_DOCS,
    TOTALS_RESPONSES,
)
from .origins import from_allowed_origin
from .rules import (
    ReportRejected,
    check_accepts_reports,
    find_live_page,
    limited_as,
    submit_report,
)
from .schemas import TOTALS_RULE, Report, errors_by_field
from .store import Stored

#: Seconds browsers and shared caches may keep a read total (see :func:`totals_api`).
TOTALS_MAX_AGE = 10
CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")
#: The only charset JSON has (RFC 8259), as clients may name it.
UTF_8 = {"utf-8", "utf8"}
KEY_REUSED = gettext_lazy(
    "This Idempotency-Key was sent before with another report. Send a new key "
    "with each new report."
)
KEY_BUSY = gettext_lazy(
    "A report with this Idempotency-Key is being stored. Send it again in a moment."
)


class BadJSON(Exception):
    """A body that is not JSON: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def no_constant(name: str):
    """``NaN`` and ``Infinity`` are Python's, not JSON's."""
    raise BadJSON(_("Malformed JSON: %(name)s is not a JSON number.") % {"name": name})


def fields_named_once(pairs: list) -> dict:
    """A JSON object whose fields are named once: with a field named twice, a
    proxy that reads the first and this API, which would read the last, disagree."""
    fields = dict(pairs)
    if len(fields) < len(pairs):
        raise BadJSON(_("The JSON names a field twice."))
    return fields


class ReportParser(Parser):
    def parse_body(self, request):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadJSON(_("Malformed JSON: send the report as UTF-8 text.")) from None
        try:
            return json.loads(
                text, object_pairs_hook=fields_named_once, parse_constant=no_constant
            )
        except RecursionError:  # "[[[[…" nested beyond what the parser follows
            raise BadJSON(_("The JSON is nested too deeply.")) from None
        except json.JSONDecodeError as error:
            raise BadJSON(
                _("Malformed JSON at line %(line)d, column %(column)d.")
                % {"line": error.lineno, "column": error.colno}
            ) from None


def json_error(errors: dict, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def in_client_language(view):
    """Answer in the language the client asks for (Accept-Language, or the language
    cookie): the JSON endpoints sit outside the language-prefixed URLs, where
    Django would answer, and LocaleMiddleware label answers, in ``LANGUAGE_CODE``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def json_body_checks(view):
    """Refuse a report another site's page sent (403), and a body that is not JSON
    or is too large, before anything reads it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not from_allowed_origin(request):
            return json_error({"origin": [str(origins.REFUSED)]}, status=403)
        return body_refusal(request) or view(request, *args, **kwargs)

    return wrapper


def too_large() -> JsonResponse:
    return json_error({"body": [_("The report is too large.")]}, status=413)


def body_refusal(request) -> JsonResponse | None:
    """415 for another content type or charset; 413 for more than ``UA_WAGTAIL_MAX_REPORT_BYTES``,
    declared (refused before the body is read) or sent."""
    charset = request.content_params.get("charset", "utf-8").lower()
    if (request.content_type or "") != "application/json" or charset not in UTF_8:
        return json_error(
            {"body": [_("Send the report as JSON (Content-Type: application/json).")]},
            status=415,
        )
    declared = (request.META.get("CONTENT_LENGTH") or "0").strip()
    # Not "abc", "1e3", "-1" (Django reads them as 0), "²" or a 5,000-digit number.
    if not CONTENT_LENGTH.fullmatch(declared):
        return json_error(
            {"body": [_("Content-Length must be the body's size in bytes.")]}
        )
    if int(declared) > ua_settings.MAX_REPORT_BYTES:
        return too_large()
    try:
        body = request.body
    except RequestDataTooBig:
        return too_large()
    if len(body) > ua_settings.MAX_REPORT_BYTES:
        return too_large()
    return None


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


@api.exception_handler(SchemaError)
def refused(request, error: SchemaError):
    """A report body that breaks the schema: what is wrong, by field."""
    errors = errors_by_field(
        {**detail, "loc": detail["loc"][2:]}  # ("body", "report", field, …)
        for detail in error.errors
    )
    return json_error(
        {**errors, **page_errors(request, errors), **header_errors(request)}
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, error: DatabaseError):
    """503 with Retry-After when the database cannot be reached (:mod:`.outages`),
    in the client's language: the view's own wrapper did not answer."""
    return in_client_language(outages.json_answer)(request, error)


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    """ninja's own refusals (a body it cannot parse), in the API's shape."""
    cause = error.__cause__
    message = cause.message if isinstance(cause, BadJSON) else str(error)
    return json_error({"body": [message]}, status=error.status_code)


@api.post(
    "/reports/",
    url_name="report-api",
    operation_id="createReport",
    summary="Report actions taken",
    response=REPORT_RESPONSES,
    openapi_extra=REPORT_DOCS,
)
@decorate_view(json_body_checks, in_client_language)
def create_report(request, report: Report):
    """Store one report, counted at once in the Urgent Action's totals.

    Without a CSRF token: a report that a browser says another site's page sent
    is refused (403) unless that site is in ``UA_WAGTAIL_REPORT_ORIGINS``, and
    only ``application/json`` is accepted, which a browser sends to another site
    only with its CORS consent. Every refusal stores nothing and names every
    field at fault.
    """
    return report_api(request, report)


@api.get(
    "/actions/{int:page_id}/totals/",
    url_name="totals",
    operation_id="getTotals",
    summary="Totals of an Urgent Action, by page id",
    response=TOTALS_RESPONSES,
    openapi_extra=TOTALS_DOCS,
)
@decorate_view(in_client_language)
def totals(request, page_id: Annotated[int, Path(ge=0)]):
    """The totals of all translations together; any translation's page id will do."""
    return totals_api(request, page_id=page_id)


@api.get(
    "/actions/{uuid:translation_key}/totals/",
    url_name="totals-by-key",
    operation_id="getTotalsByKey",
    summary="Totals of an Urgent Action, by translation key",
    response=TOTALS_RESPONSES,
    openapi_extra=TOTALS_DOCS,
)
@decorate_view(in_client_language)
def totals_by_key(request, translation_key: uuid.UUID):
    """The totals of all translations together."""
    return totals_api(request, translation_key=translation_key)


# What the operations do ---------------------------------------------------------


def page_errors(request, errors: dict) -> dict:
    """Whether the Urgent Action a refused report names would refuse it too
    (unpublished, closed), so that one answer names every field at fault."""
    if "page" in errors or "translation_key" in errors:
        return {}
    try:
        data = json.loads(request.body)
        if "translation_key" in data:
            ua = rules.translation_key(data["translation_key"])
        else:
            ua = rules.page_id(data["page"])
        check_accepts_reports(find_live_page(ua))
    except (ValueError, TypeError, KeyError, RecursionError, ValidationError):
        return {}
    except outages.UNAVAILABLE:  # the body's own errors are answer enough
        return {}
    except ReportRejected as rejected:
        return named_as(ua, rejected).errors
    return {}


def named_as(ua, rejected: ReportRejected) -> ReportRejected:
    """The page's errors under the field the client named it by."""
    if isinstance(ua, uuid.UUID) and "page" in rejected.errors:
        errors = dict(rejected.errors)
        errors["translation_key"] = errors.pop("page")
        return ReportRejected(errors)
    return rejected


def report_created(stored: Stored, replayed: bool = False) -> JsonResponse:
    report = stored.report
    return JsonResponse(
        {
            "report": {
                "id": report.pk,
                "created_at": report.created_at.isoformat(),
                "actions": report.actions,
            },
            "totals": stored.totals.as_json(),
        },
        status=201,
        headers={"Idempotent-Replayed": "true"} if replayed else None,
    )


def decoy_report(page, body: Report) -> Stored:
    """What a bot that filled in the honeypot is told it stored: a report like a
    real one, saved nowhere. It takes an id, as a stored one would (a row added
    and removed at once), and its totals include its actions."""
    report = ActionReport(
        translation_key=page.translation_key,
        page=page,
        ua_number=page.ua_number,
        ua_title=page.title,
        language_code=body.language or page.locale.language_code,
        country=body.country,
        source=ReportSource.API,
        **body.actions.counts,
    )
    with transaction.atomic():
        ActionReport.objects.bulk_create([report])
        ActionReport.objects.filter(pk=report.pk).delete()
    real = tallies.totals(page.translation_key)
    return Stored(report, tallies.plus(real, body.country, body.actions.counts))


def report_api(request, body: Report):
    """``POST`` one report, its body valid by the schema: ``{"page": 12,
    "actions": {"letter": 1}, "country": "DE"}``.

    A retry of a stored report (its Idempotency-Key) is answered with that
    report whatever would refuse a new one now (a rate limit reached, an action
    no longer asked for, the action closed): looked up only then, and when the
    store finds the key taken, so that a first report costs no query more.
    """
    ua, scope = body.ua, limited_as(body.ua)
    errors = header_errors(request)
    claim = None if errors else claim_of(request, body, scope)
    not_asked = rules.not_offered(body.actions.counts, offered_action_types(ua))
    errors |= {f"actions.{action}": [message] for action, message in not_asked.items()}
    if errors:
        return replay_or(claim, json_error(errors))
    try:
        places = rate_limits.take(report_buckets(request, scope))
    except rate_limits.Refused as refused:
        response = json_error({"__all__": [too_many(refused.wait)]}, status=429)
        response["Retry-After"] = str(refused.wait)
        return replay_or(claim, response)
    try:
        stored = store_api_report(request, body, claim)
    except ReportRejected as rejected:
        rate_limits.give_back(places)
        return replay_or(claim, json_error(named_as(ua, rejected).errors))
    except idempotency.KeyUsed as used:
        rate_limits.give_back(places)
        return replay(used.earlier, claim)
    except Exception:
        rate_limits.give_back(places)  # nothing was stored
        raise
    response = report_created(stored)
    mark_reported(request, response, stored.report.translation_key)
    return response


def replay_or(claim: idempotency.Claim | None, refusal: JsonResponse) -> JsonResponse:
    """The answer to the report stored first with ``claim``'s key, if it was sent
    before; else ``refusal``."""
    earlier = claim and idempotency.earlier(claim)
    return replay(earlier, claim) if earlier else refusal


def claim_of(request, body: Report, limited_as: str) -> idempotency.Claim | None:
    """The request's ``Idempotency-Key`` for this report, if it sent one and the
    Urgent Action exists (``limited_as`` is then its translation key)."""
    key = idempotency.key_of(request)
    if key is None or limited_as == rules.UNKNOWN:
        return None
    return idempotency.Claim(
        translation_key=uuid.UUID(limited_as),
        key=key,
        fingerprint=idempotency.fingerprint(
            {
                "page": body.page,
                "translation_key": body.translation_key,
                "actions": body.actions.counts,
                "country": body.country,
                "language": body.language,
                "contact": body.contact_details,
                "website": bool(body.website),
            }
        ),
    )


def replay(earlier, claim: idempotency.Claim) -> JsonResponse:
    """The answer to a request whose key stored a report before: that report,
    with the totals as they are now; 422 if the key came with another report."""
    if earlier is None:  # forgotten in between (purged): rare enough to retry
        response = json_error({idempotency.HEADER: [str(KEY_BUSY)]}, status=409)
        response["Retry-After"] = "1"
        return response
    if earlier.fingerprint != claim.fingerprint:
        return json_error({idempotency.HEADER: [str(KEY_REUSED)]}, status=422)
    report = earlier.report
    try:  # the totals are public only while the Urgent Action is
        rules.check_public(find_live_page(report.translation_key))
    except ReportRejected as rejected:
        return json_error(rejected.errors)
    return report_created(
        Stored(report, tallies.totals(report.translation_key)), replayed=True
    )


def store_api_report(request, body: Report, claim=None) -> Stored:
    """Store the report; for a bot that filled in the honeypot, a decoy."""
    if body.website:
        page = find_live_page(body.ua)
        check_accepts_reports(page)
        return decoy_report(page, body)
    name, email = body.contact_details
    return submit_report(
        body.ua,
        body.actions.counts,
        country=body.country,
        language_code=body.language,
        source=ReportSource.API,
        client_hash=client_hash(request),
        contact_name=name,
        contact_email=email,
        claim=claim,
    )


def totals_api(request, page_id=None, translation_key=None):
    """Public totals of one Urgent Action across all its translations.

    Cached briefly by browsers and shared caches, and revalidated by ETag: a
    client that sends the ETag it holds gets a bodiless 304 while nothing changed.
    """
    ua = page_id if page_id is not None else translation_key
    no_page_id = page_id is not None and page_id > rules.MAX_PAGE_ID
    page = None if no_page_id else page_model().objects.published().named_by(ua).first()
    if page is None:
        return json_error(
            {"page": [_("No published Urgent Action has this id.")]}, status=404
        )
    response = JsonResponse(
        {
            "translation_key": str(page.translation_key),
            "ua_number": page.ua_number,
            **tallies.totals(page.translation_key).as_json(),
        }
    )
    response["Cache-Control"] = f"public, max-age={TOTALS_MAX_AGE}"
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)
