"""A read-only OSDI 1.1 API: the Urgent Actions as advocacy campaigns and the
actions reported on them as outreaches, for a CRM that speaks OSDI.

Every endpoint needs an active API token in the ``OSDI-API-Token`` header
(:mod:`.api_tokens`). Answers are HAL (``application/hal+json``), with absolute
links, and are never kept by caches (``Cache-Control: private, no-store``).

========================================================  ==========================
Path under ``osdi/v1/``                                   Gives
========================================================  ==========================
(the root)                                                the API entry point
``advocacy_campaigns``                                    the campaigns, by page
``advocacy_campaigns/<key>``                              one campaign
``advocacy_campaigns/<key>/outreaches``                   its outreaches, by page
``advocacy_campaigns/<key>/outreaches/report-<id>-<type>`` one outreach
========================================================  ==========================

A campaign is an Urgent Action with at least one live, public version: one per
translation key, in the default language's version if it is live, else the
oldest live one (``?language=xx`` asks for another). Outreaches come from its
reports, oldest first, one per action type a report counts.

Pages are numbered (``page``, ``per_page``). Outreaches are read through the
reports' ``(translation_key, created_at)`` index from a position: a numbered
page finds its position by counting the outreaches before it, so page numbers
reach :data:`PAGE_NUMBER_LIMIT` outreaches at most; each ``next`` link carries
the position (``after``, the last outreach's id) and reaches any page at the
same cost.
"""

import functools
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Min, Sum, Value, When
from django.http import Http404, JsonResponse
from django.urls import re_path, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Locale

from ..choices import ACTION_TYPES
from ..pages.models import UrgentActionPage
from ..reports.models import ActionReport
from ..utils.json_errors import json_errors, method_not_allowed, not_found
from . import api_tokens, osdi

VERSION = "1.1"
CONTENT_TYPE = "application/hal+json"
PER_PAGE = 25
MAX_PER_PAGE = 100
#: Numbered pages of outreaches reach this many outreaches; ``next`` links,
#: which carry their position, reach the rest.
PAGE_NUMBER_LIMIT = 10_000
#: Seconds a campaign's count of outreaches is kept (it reads every report).
COUNT_SECONDS = 60
#: Reports read at a time while counting to a numbered page.
CHUNK = 2000
LARGEST_PAGE = 10**9
CURIES = [
    {
        "name": "osdi",
        "href": "https://opensupporter.github.io/osdi-docs/{rel}",
        "templated": True,
    }
]
UUID = r"[0-9a-fA-F-]{32,36}"
OUTREACH = re.compile(r"report-([0-9]{1,18})-([a-z]{1,16})")


class BadParameter(Exception):
    """A query parameter the API cannot use: ``field`` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# Answers


def hal(data: dict) -> JsonResponse:
    response = JsonResponse(data, content_type=CONTENT_TYPE)
    return private(response)


def private(response):
    """Token-protected: kept by no cache, and different for each token."""
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = f"{api_tokens.HEADER}, Accept-Language"
    return response


def bad_parameter(error: BadParameter) -> JsonResponse:
    return private(JsonResponse({"errors": {error.field: [error.message]}}, status=400))


def osdi_view(view):
    """GET (and HEAD) only, with an active token; errors as the package's JSON
    errors, in the client's language."""

    @json_errors
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return private(method_not_allowed(request, "GET, HEAD"))
        if api_tokens.authenticate(request) is None:
            return api_tokens.refusal(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = bad_parameter(error)
            except Http404:
                response = not_found(request)
        response.headers.setdefault("Content-Language", language)
        return private(response)

    return wrapper


def api_root(request) -> str:
    """The API's absolute root, ending in ``/``."""
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    name = f"{namespace}:osdi" if namespace else "osdi"
    return request.build_absolute_uri(reverse(name))


def link(href: str, **query) -> dict:
    query = {name: value for name, value in query.items() if value is not None}
    return {"href": f"{href}?{urlencode(query)}" if query else href}


# Query parameters


def whole_number(request, field: str, default: int, largest: int) -> int:
    value = request.GET.get(field)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,10}", value) or not 1 <= int(value) <= largest:
        raise BadParameter(
            field,
            _("Give a whole number from 1 to %(largest)d.") % {"largest": largest},
        )
    return int(value)


def paging(request) -> tuple[int, int]:
    page = whole_number(request, "page", 1, LARGEST_PAGE)
    return page, whole_number(request, "per_page", PER_PAGE, MAX_PER_PAGE)


def requested_language(request) -> str | None:
    code = request.GET.get("language")
    if code is None:
        return None
    codes = [language for language, _name in settings.LANGUAGES]
    if code not in codes:
        raise BadParameter(
            "language",
            _("Give one of the site's languages: %(codes)s.")
            % {"codes": ", ".join(codes)},
        )
    return code


def total_pages(total: int, per_page: int) -> int:
    return -(-total // per_page)


def collection(
    name, items, href, page, per_page, total, next_query=None, prev_query=None, **kw
) -> dict:
    """An OSDI collection: the page's resources in ``_embedded``, links to them
    and to the pages around it."""
    pages = total_pages(total, per_page)
    links = {
        "self": link(href, page=page, per_page=per_page, **kw),
        "first": link(href, page=1, per_page=per_page, **kw),
    }
    if next_query is not None:
        links["next"] = link(href, **next_query, **kw)
    if prev_query is not None:
        links["prev"] = link(href, **prev_query, **kw)
    links[name] = [item["_links"]["self"] for item in items]
    return {
        "total_pages": pages,
        "per_page": per_page,
        "page": page,
        "total_records": total,
        "_links": links,
        "_embedded": {name: items},
    }


# Campaigns


def published():
    return UrgentActionPage.objects.published()


def campaign_keys():
    """Every campaign's translation key, oldest Urgent Action first (by its
    first page's id: new ones come last, so pages stay put)."""
    return (
        published()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .order_by("first", "translation_key")
    )


def chosen_versions(keys, language: str | None) -> dict:
    """Each key's version to show: in ``language`` if live, else in the default
    language, else the oldest live one."""
    default = Locale.get_default().language_code
    wanted = [code for code in (language, default) if code]
    found = {}
    pages = published().filter(translation_key__in=keys).select_related("locale")
    for page in sorted(pages, key=lambda p: p.pk):
        code = page.locale.language_code
        rank = wanted.index(code) if code in wanted else len(wanted)
        best = found.get(page.translation_key)
        if best is None or rank < best[0]:
            found[page.translation_key] = (rank, page)
    return {key: page for key, (rank, page) in found.items()}


def campaign_key(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


def campaign_page(request, key: str):
    """The campaign's version to show, or 404 for an Urgent Action without a
    live, public version."""
    key = campaign_key(key)
    page = chosen_versions([key], requested_language(request)).get(key)
    if page is None:
        raise Http404
    return page


def entry_point(request):
    """OSDI's API entry point (AEP): what the API offers."""
    root = api_root(request)
    return hal(
        {
            "motd": _("Urgent Actions and the actions people reported on them."),
            "vendor_name": "ua_wagtail",
            "product_name": "ua_wagtail",
            "osdi_version": VERSION,
            "max_pagesize": MAX_PER_PAGE,
            "_links": {
                "curies": CURIES,
                "self": {"href": root},
                "osdi:advocacy_campaigns": {
                    "href": f"{root}advocacy_campaigns",
                    "title": _("The Urgent Actions"),
                },
            },
        }
    )


def campaigns(request):
    page, per_page = paging(request)
    language = requested_language(request)
    keys = campaign_keys()
    total = published().values("translation_key").distinct().count()
    start = (page - 1) * per_page
    wanted = [row["translation_key"] for row in keys[start : start + per_page]]
    versions = chosen_versions(wanted, language)
    root = api_root(request)
    items = [
        osdi.advocacy_campaign(versions[key], request, base_url=root)
        for key in wanted
        if key in versions
    ]
    pages = total_pages(total, per_page)
    return hal(
        collection(
            "osdi:advocacy_campaigns",
            items,
            f"{root}advocacy_campaigns",
            page,
            per_page,
            total,
            next_query={"page": page + 1, "per_page": per_page}
            if page < pages
            else None,
            prev_query={"page": min(page - 1, pages), "per_page": per_page}
            if page > 1 and pages
            else None,
            language=language,
        )
    )


def campaign(request, key):
    page = campaign_page(request, key)
    return hal(osdi.advocacy_campaign(page, request, base_url=api_root(request)))


# Outreaches


def counted_outreaches():
    """Per report, how many outreaches it gives: its action types that are not
    zero."""
    return sum(
        (
            Case(When(**{f"{action}__gt": 0}, then=Value(1)), default=Value(0))
            for action in ACTION_TYPES
        ),
        start=Value(0),
    )


def outreach_total(key) -> int:
    """The campaign's outreaches: one aggregate over its reports (through the
    ``ua_report_ua`` index), kept :data:`COUNT_SECONDS`."""
    cache_key = f"ua_wagtail:osdi:outreaches:{key}"
    total = cache.get(cache_key)
    if total is None:
        total = (
            ActionReport.objects.filter(translation_key=key).aggregate(
                n=Sum(counted_outreaches(), output_field=IntegerField())
            )["n"]
            or 0
        )
        cache.set(cache_key, total, COUNT_SECONDS)
    return total


def reports_of(key):
    return ActionReport.objects.filter(translation_key=key).order_by("created_at", "pk")


def counts(row) -> int:
    return sum(1 for n in row if n)


def numbered_position(key, offset: int):
    """Where the outreach numbered ``offset`` (from 0) is: its report's
    (created_at, id) and how many of that report's outreaches come before it;
    None past the last."""
    seen = 0
    rows = reports_of(key).values_list("created_at", "pk", *ACTION_TYPES)
    for created_at, pk, *numbers in rows.iterator(chunk_size=CHUNK):
        n = counts(numbers)
        if seen + n > offset:
            return created_at, pk, offset - seen
        seen += n
    return None


def named_outreach(key, value: str):
    """The campaign's report and action type an outreach id names
    (``report-<id>-<type>``), or None."""
    match = OUTREACH.fullmatch(value)
    if match is None:
        return None
    report = reports_of(key).filter(pk=int(match[1])).first()
    if report is None or match[2] not in report.actions:
        return None
    return report, match[2]


def after_position(key, value: str):
    """The position just after the outreach ``value`` names (an ``after``)."""
    named = named_outreach(key, value)
    if named is None:
        raise BadParameter(
            "after",
            _(
                "This outreach is not one of the campaign's: follow the next link "
                "of the page before, or start again from the first page."
            ),
        )
    report, action = named
    return report.created_at, report.pk, list(report.actions).index(action) + 1


def outreaches_from(key, position, per_page: int, base_url: str):
    """``per_page`` outreaches from ``position`` on, and whether more follow."""
    if position is None:
        return [], False
    created_at, pk, skip = position
    reports = list(
        reports_of(key)
        # A range of the (translation_key, created_at) index, less the report's
        # elders of the same moment.
        .filter(created_at__gte=created_at)
        .exclude(created_at=created_at, pk__lt=pk)[: per_page + 2]
    )
    attach_pages(reports)
    found, targets = [], {}
    for report in reports:
        if report.page_id not in targets:
            targets[report.page_id] = osdi.report_targets(report)
        made = osdi.outreaches(report, base_url, targets=targets[report.page_id])
        found.extend(made[skip:] if report.pk == pk else made)
        if len(found) > per_page:
            break
    return found[:per_page], len(found) > per_page


def attach_pages(reports) -> None:
    """One instance of each page the reports were made on, so each page's
    targets are read once."""
    ids = {report.page_id for report in reports} - {None}
    pages = UrgentActionPage.objects.in_bulk(ids)
    for report in reports:
        if report.page_id in pages:
            report.page = pages[report.page_id]


def outreaches(request, key):
    page_obj = campaign_page(request, key)
    key = page_obj.translation_key
    page, per_page = paging(request)
    after = request.GET.get("after")
    root = api_root(request)
    if after is not None:
        position = after_position(key, after)
    else:
        offset = (page - 1) * per_page
        if offset >= PAGE_NUMBER_LIMIT:
            raise BadParameter(
                "page",
                _(
                    "Numbered pages reach the first %(limit)d outreaches: follow "
                    "the next links for the rest."
                )
                % {"limit": PAGE_NUMBER_LIMIT},
            )
        position = numbered_position(key, offset)
    items, more = outreaches_from(key, position, per_page, root)
    total = outreach_total(key)
    pages = total_pages(total, per_page)
    next_query = prev_query = None
    if more:
        last = items[-1]["identifiers"][0].split(":", 1)[1]
        next_query = {"page": page + 1, "per_page": per_page, "after": last}
    if page > 1 and (page - 2) * per_page < PAGE_NUMBER_LIMIT and pages:
        prev_query = {"page": min(page - 1, pages), "per_page": per_page}
    href = osdi.campaign_links(key, root)["osdi:outreaches"]["href"]
    return hal(
        collection(
            "osdi:outreaches",
            items,
            href,
            page,
            per_page,
            total,
            next_query,
            prev_query,
        )
    )


def outreach(request, key, outreach_id):
    page_obj = campaign_page(request, key)
    named = named_outreach(page_obj.translation_key, outreach_id)
    if named is None:
        raise Http404
    report, action = named
    wanted = osdi.outreach_identifier(report.pk, action)
    for data in osdi.outreaches(report, api_root(request)):
        if data["identifiers"] == [wanted]:
            return hal(data)
    raise Http404


CAMPAIGN = rf"^advocacy_campaigns/(?P<key>{UUID})"

urlpatterns = [
    re_path(r"^$", osdi_view(entry_point), name="osdi"),
    re_path(r"^advocacy_campaigns/?$", osdi_view(campaigns), name="osdi-campaigns"),
    re_path(rf"{CAMPAIGN}/?$", osdi_view(campaign), name="osdi-campaign"),
    re_path(
        rf"{CAMPAIGN}/outreaches/?$", osdi_view(outreaches), name="osdi-outreaches"
    ),
    re_path(
        rf"{CAMPAIGN}/outreaches/(?P<outreach_id>report-[0-9]{{1,18}}-[a-z]{{1,16}})/?$",
        osdi_view(outreach),
        name="osdi-outreach",
    ),
]
