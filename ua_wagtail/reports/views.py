"""Public endpoints: the report form's POST, and what the JSON API answers.

The JSON API's routes and its OpenAPI document are in :mod:`.api`;
its requests are parsed and answered here, as plain Django code.
"""

import functools
import json
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
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
from . import rate_limits, tallies
from .abuse import client_hash, mark_reported, report_buckets
from .forms import ActionReportForm
from .models import ActionReport, page_model
from .rules import (
    ReportRejected,
    check_accepts_reports,
    check_report_size,
    clean_actions,
    clean_country,
    find_live_page,
    limited_as,
    submit_report,
)
from .store import Stored

JSON_FIELDS = {"page", "translation_key", "actions", "country", "language", "contact"}
CONTACT_FIELDS = {"name", "email", "consent"}
HONEYPOT = "website"
# Where a report without JavaScript lands: the thank-you, which takes the focus.
REPORTED_FRAGMENT = "?reported=1#report-thanks"
#: Seconds browsers and shared caches may keep a read total (see :func:`totals_api`).
TOTALS_MAX_AGE = 10
#: Wagtail's page ids are 32-bit: larger numbers name no page (and from 2**63 on,
#: SQLite cannot even take them as query parameters).
MAX_PAGE_ID = 2**31 - 1


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
    form = ActionReportForm(request.POST)
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


def page_reference(data: dict):
    """What a JSON body names the Urgent Action by: ``page`` (id) or ``translation_key``."""
    if "page" in data and "translation_key" in data:
        both = _("Name the Urgent Action by “page” or by “translation_key”, not both.")
        raise ReportRejected({"page": [both]})
    if "page" in data:
        page_id = data["page"]
        if not isinstance(page_id, int) or isinstance(page_id, bool):
            raise ReportRejected({"page": [_("Give the page id as a whole number.")]})
        if not 0 < page_id <= MAX_PAGE_ID:
            raise ReportRejected(
                {"page": [_("No published Urgent Action has this id.")]}
            )
        return page_id
    if "translation_key" in data:
        try:
            return uuid.UUID(str(data["translation_key"]))
        except ValueError:
            raise ReportRejected(
                {"translation_key": [_("Give the translation key as a UUID.")]}
            ) from None
    raise ReportRejected(
        {"page": [_("Name the Urgent Action by “page” (id) or “translation_key”.")]}
    )


def named_as(ua, rejected: ReportRejected) -> ReportRejected:
    """The page's errors under the field the client named it by."""
    if isinstance(ua, uuid.UUID) and "page" in rejected.errors:
        errors = dict(rejected.errors)
        errors["translation_key"] = errors.pop("page")
        return ReportRejected(errors)
    return rejected


def clean_contact(raw) -> tuple[str, str]:
    """Contact details, kept only with ``"consent": true``."""
    if raw in (None, {}):
        return "", ""
    if isinstance(raw, dict):
        check_contact_fields(raw)
    if not isinstance(raw, dict) or raw.get("consent") is not True:
        raise ReportRejected(
            {
                "contact.consent": [
                    _("Contact details are kept only with “consent”: true.")
                ]
            }
        )
    form = ActionReportForm(
        {
            "contact_name": raw.get("name") or "",
            "contact_email": raw.get("email") or "",
            "contact_consent": "on",
        }
    )
    form.is_valid()
    errors = {
        f"contact.{name.removeprefix('contact_')}": messages
        for name, messages in form.errors.items()
        if name.startswith("contact_")
    }
    if errors:
        raise ReportRejected(errors)
    return form.cleaned_data["contact_name"], form.cleaned_data["contact_email"]


def check_contact_fields(raw: dict) -> None:
    """Only known fields, and a name and an email as text (or null)."""
    errors = {
        f"contact.{name}": [_("Unknown field.")]
        for name in sorted(set(raw) - CONTACT_FIELDS)
    }
    for name in ("name", "email"):
        if not isinstance(raw.get(name, ""), str | None):
            errors[f"contact.{name}"] = [_("Give this as text.")]
    if errors:
        raise ReportRejected(errors)


def clean_language(language) -> str:
    """A language code from ``LANGUAGES``, or "" for the page's own."""
    if language is None:
        return ""
    if not isinstance(language, str) or language not in dict(settings.LANGUAGES):
        raise ReportRejected({"language": [_("Unknown language code.")]})
    return language


def too_large() -> JsonResponse:
    return json_error({"body": [_("The report is too large.")]}, status=413)


def parse_body(request) -> dict | JsonResponse:
    content_type = request.content_type or ""
    if content_type != "application/json":
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
        return too_large()  # refused before the body is read
    try:
        body = request.body
    except RequestDataTooBig:
        return too_large()
    if len(body) > ua_settings.MAX_REPORT_BYTES:
        return too_large()
    try:
        data = json.loads(body)
    except RecursionError:  # "[[[[…" nested beyond what the parser follows
        return json_error({"body": [_("The JSON is nested too deeply.")]})
    except (ValueError, UnicodeDecodeError) as error:
        return json_error({"body": [_("Malformed JSON: %(error)s") % {"error": error}]})
    if not isinstance(data, dict):
        return json_error({"body": [_("Send the report as a JSON object.")]})
    unknown = sorted(set(data) - JSON_FIELDS - {HONEYPOT})
    if unknown:
        return json_error({name: [_("Unknown field.")] for name in unknown})
    return data


def validate_report(data: dict) -> dict:
    """All of a JSON report's errors at once, or its clean parts.

    Whether the Urgent Action accepts reports is checked when storing (in the
    same statement); here only when other fields are wrong, to list every error.
    """
    errors, clean = {}, {}
    steps = [
        ("ua", lambda: page_reference(data)),
        ("actions", lambda: check_report_size(clean_actions(data.get("actions")))),
        ("country", lambda: clean_country(data.get("country"))),
        ("contact", lambda: clean_contact(data.get("contact"))),
        ("language", lambda: clean_language(data.get("language"))),
    ]
    for name, step in steps:
        try:
            clean[name] = step()
        except ReportRejected as rejected:
            errors.update(rejected.errors)
    if errors and "ua" in clean:
        try:
            check_accepts_reports(find_live_page(clean["ua"]))
        except ReportRejected as rejected:
            errors.update(named_as(clean["ua"], rejected).errors)
    if errors:
        raise ReportRejected(errors)
    return clean


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


def decoy_report(page, clean: dict) -> Stored:
    """What a bot that filled in the honeypot is told it stored: a report like a
    real one, saved nowhere. It takes an id, as a stored one would (a row added
    and removed at once), and its totals include its actions."""
    report = ActionReport(
        translation_key=page.translation_key,
        page=page,
        ua_number=page.ua_number,
        ua_title=page.title,
        language_code=clean["language"] or page.locale.language_code,
        country=clean["country"],
        source=ReportSource.API,
        **clean["actions"],
    )
    with transaction.atomic():
        ActionReport.objects.bulk_create([report])
        ActionReport.objects.filter(pk=report.pk).delete()
    real = tallies.totals(page.translation_key)
    return Stored(report, tallies.plus(real, clean["country"], clean["actions"]))


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


@in_client_language
def report_api(request):
    """``POST`` one report: ``{"page": 12, "actions": {"letter": 1}, "country": "DE"}``."""
    data = parse_body(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        clean = validate_report(data)
    except ReportRejected as rejected:
        return json_error(rejected.errors)
    ua = clean["ua"]
    try:
        places = rate_limits.take(report_buckets(request, limited_as(ua)))
    except rate_limits.Refused as refused:
        response = json_error({"__all__": [too_many(refused.wait)]}, status=429)
        response["Retry-After"] = str(refused.wait)
        return response
    try:
        stored = store_api_report(request, data, clean)
    except ReportRejected as rejected:
        rate_limits.give_back(places)
        return json_error(named_as(ua, rejected).errors)
    response = report_created(stored)
    mark_reported(request, response, stored.report.translation_key)
    return response


def store_api_report(request, data: dict, clean: dict) -> Stored:
    """Store the report; for a bot that filled in the honeypot, a decoy."""
    ua = clean["ua"]
    if data.get(HONEYPOT):
        page = find_live_page(ua)
        check_accepts_reports(page)
        return decoy_report(page, clean)
    name, email = clean["contact"]
    return submit_report(
        ua,
        clean["actions"],
        country=clean["country"],
        language_code=clean["language"],
        source=ReportSource.API,
        client_hash=client_hash(request),
        contact_name=name,
        contact_email=email,
    )


@in_client_language
def totals_api(request, page_id=None, translation_key=None):
    """Public totals of one Urgent Action across all its translations.

    Cached briefly by browsers and shared caches, and revalidated by ETag: a
    client that sends the ETag it holds gets a bodiless 304 while nothing changed.
    """
    pages = page_model().objects.published()
    if page_id is not None:
        page = pages.filter(pk=page_id).first() if page_id <= MAX_PAGE_ID else None
    else:
        page = pages.filter(translation_key=translation_key).order_by("pk").first()
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
