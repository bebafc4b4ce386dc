"""The report form's POST, which works with JavaScript off.

The JSON API, which the page's script and headless front ends post to, is
:mod:`.api`.
"""

import functools
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from ..choices import ReportSource
from ..utils import json_errors
from . import outages, rate_limits
from .abuse import client_hash, mark_reported, report_buckets, too_many
from .blocks import THANKS_PARAMETER
from .forms import ActionReportForm
from .offered import offered_action_types
from .origins import REFUSED, from_allowed_origin
from .rules import ReportRejected, check_accepts_reports, find_live_page, submit_report

# Where a report without JavaScript lands: the thank-you, which takes the focus.
THANKS_FRAGMENT = "report-thanks"


def live_page(page_id):
    """The live, public Urgent Action the form was on; 404 for any other."""
    try:
        return find_live_page(page_id)
    except ReportRejected:
        raise Http404 from None


def safe_next(request, page=None) -> str:
    """Where to go back to: the page the form was on, if it is on this site;
    else ``page``'s URL (without it: the site's root)."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return page.get_url(request) if page else "/"


def render_page_with_form(request, page, form, status):
    """The Urgent Action page again, in its own language, showing the form's errors."""
    with translation.override(page.locale.language_code):
        context = page.get_context(request)
        context["report_form"] = form
        response = TemplateResponse(
            request, page.get_template(request), context, status=status
        )
        response.render()
    patch_cache_control(response, private=True, no_cache=True)
    return response


def reported(request, page) -> HttpResponseRedirect:
    """Back to the thank-you: the page with ``?reported=1`` among its parameters."""
    parts = urlsplit(safe_next(request, page))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != THANKS_PARAMETER]
    query.append((THANKS_PARAMETER, "1"))
    url = urlunsplit(parts._replace(query=urlencode(query), fragment=THANKS_FRAGMENT))
    response = HttpResponseRedirect(url)
    mark_reported(request, response, page.translation_key)
    return response


def when_database_unavailable(view):
    """A page saying the report was not stored (503) when the database cannot
    be reached (:mod:`.outages`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except outages.UNAVAILABLE as error:
            return outages.page_answer(request, error, back=safe_next(request))

    return wrapper


@csrf_exempt
@when_database_unavailable
def report_form_view(request, page_id):
    """The report form's POST: store, then redirect back; works with JavaScript off.

    A plain view rather than a page route: reports are the hot path, and only a
    refused report needs the whole page (to show the form again with its errors).
    A bot that filled in the honeypot is answered as a person would be. Its
    answers are for a browser: HTML, and a visit (a reload) goes to the form.

    No CSRF token (the page is the same for everyone, :mod:`..pages.caching`):
    a report another site's page sent is refused by its origin (:mod:`.origins`).
    """
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(live_page(page_id).url + "#report")
    if request.method != "POST":
        return json_errors.method_not_allowed(request, "GET, HEAD, POST")
    page = live_page(page_id)
    form = ActionReportForm(request.POST, action_types=offered_action_types(page))
    if not from_allowed_origin(request):
        form.is_valid()
        form.add_error(None, REFUSED)
        return render_page_with_form(request, page, form, status=403)
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
        except Exception:
            rate_limits.give_back(places)  # nothing was stored
            raise
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
