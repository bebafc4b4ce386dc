"""Public endpoints: the report form's POST, and what the JSON API answers.

The JSON API's routes, its OpenAPI document and its validation are in :mod:`.api`
and :mod:`.schemas`; what a valid request does is answered here.
"""

import functools
import json
import uuid

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import ReportSource
from ..conf import ua_settings
from ..utils import json_errors
from . import rate_limits, rules, tallies
from .abuse import client_hash, mark_reported, report_buckets
from .forms import ActionReportForm
from .models import ActionReport, page_model
from .offered import offered_action_types
from .rules import (
    ReportRejected,
    check_accepts_reports,
    find_live_page,
    limited_as,
    submit_report,
)
from .schemas import Report
from .store import Stored

# Where a report without JavaScript lands: the thank-you, which takes the focus.
REPORTED_FRAGMENT = "?reported=1#report-thanks"
#: Seconds browsers and shared caches may keep a read total (see :func:`totals_api`).
TOTALS_MAX_AGE = 10


def too_many(wait: int) -> str:
    return ngettext(
        "You have sent many reports in a short time. Try again in %(n)d second.",
        "You have sent many reports in a short time. Try again in %(n)d seconds.",
        wait,
    ) % {"n": wait}


# The HTML form ------------------------------------------------------------------


def live_page(page_id):
    """The live, public Urgent Action the form was on; 404 for any other."""
    try:
        return find_live_page(page_id)
    except ReportRejected:
        raise Http404 from None


def safe_next(request, page) -> str:
    """Where to go back to: the page the form was on, if it is on this site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return page.get_url(request)


def render_page_with_form(request, page, form, status):
    """The Urgent Action page again, in its own language, showing the form's errors."""
    with translation.override(page.locale.language_code):
        context = page.get_context(request)
        context["report_form"] = form
        response = TemplateResponse(
            request, page.get_template(request), context, status=status
        )
        response.render()
    return response


def reported(request, page) -> HttpResponseRedirect:
    """Back to the thank-you."""
    response = HttpResponseRedirect(safe_next(request, page) + REPORTED_FRAGMENT)
    mark_reported(request, response, page.translation_key)
    return response


def report_form_view(request, page_id):
    """The report form's POST: store, then redirect back; works with JavaScript off.

    A plain view rather than a page route: reports are the hot path, and only a
    refused report needs the whole page (to show the form again with its errors).
    A bot that filled in the honeypot is answered as a person would be. Its
    answers are for a browser: HTML, and a visit (a reload) goes to the form.
    """
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(live_page(page_id).url + "#report")
    if request.method != "POST":
        return json_errors.method_not_allowed(request, "GET, HEAD, POST")
    page = live_page(page_id)
    form = ActionReportForm(request.POST, action_types=offered_action_types(page))
    try:
        places = rate_limits.take(report_buckets(request, page.translation_key.hex))
    except rate_limits.Refused as refused:
        form.is_valid()
        form.add_error(None, too_many(refused.wait))
        response = render_page_with_form(request, page, form, status=429)
        response["Retry-After"] = str(refused.wait)
        return response
    if form.is_valid():
        try:
            store_form_report(request, page, form)
        except ReportRejected as rejected:
            for messages in rejected.errors.values():
                for message in messages:
                    form.add_error(None, message)
        else:
            return reported(request, page)
    rate_limits.give_back(places)
    return render_page_with_form(request, page, form, status=400)


def store_form_report(request, page, form) -> None:
    """Store the form's report; or, for a bot that filled in the honeypot, check
    it as if storing it, so that it is answered as a person would be."""
    if form.is_spam:
        check_accepts_reports(page)
        return
    submit_report(
        page,
        form.actions,
        country=form.cleaned_data["country"],
        source=ReportSource.FORM,
        client_hash=client_hash(request),
        contact_name=form.cleaned_data["contact_name"],
        contact_email=form.cleaned_data["contact_email"],
    )


# The JSON API ---------------------------------------------------------------------


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
    """Refuse a body that is not JSON or is too large before anything reads it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return body_refusal(request) or view(request, *args, **kwargs)

    return wrapper


def too_large() -> JsonResponse:
    return json_error({"body": [_("The report is too large.")]}, status=413)


def body_refusal(request) -> JsonResponse | None:
    """415 for another content type; 413 for more than ``UA_WAGTAIL_MAX_REPORT_BYTES``,
    declared (refused before the body is read) or sent."""
    if (request.content_type or "") != "application/json":
        return json_error(
            {"body": [_("Send the report as JSON (Content-Type: application/json).")]},
            status=415,
        )
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit():  # "abc", "1e3", "-1": Django reads them as 0
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


def report_created(stored: Stored) -> JsonResponse:
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
    "actions": {"letter": 1}, "country": "DE"}``."""
    ua = body.ua
    not_asked = rules.not_offered(body.actions.counts, offered_action_types(ua))
    if not_asked:
        return json_error(
            {f"actions.{action}": [message] for action, message in not_asked.items()}
        )
    try:
        places = rate_limits.take(report_buckets(request, limited_as(ua)))
    except rate_limits.Refused as refused:
        response = json_error({"__all__": [too_many(refused.wait)]}, status=429)
        response["Retry-After"] = str(refused.wait)
        return response
    try:
        stored = store_api_report(request, body)
    except ReportRejected as rejected:
        rate_limits.give_back(places)
        return json_error(named_as(ua, rejected).errors)
    response = report_created(stored)
    mark_reported(request, response, stored.report.translation_key)
    return response


def store_api_report(request, body: Report) -> Stored:
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
    )


def totals_api(request, page_id=None, translation_key=None):
    """Public totals of one Urgent Action across all its translations.

    Cached briefly by browsers and shared caches, and revalidated by ETag: a
    client that sends the ETag it holds gets a bodiless 304 while nothing changed.
    """
    ua = page_id if page_id is not None else translation_key
    too_large = page_id is not None and page_id > rules.MAX_PAGE_ID
    page = None if too_large else page_model().objects.published().named_by(ua).first()
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
