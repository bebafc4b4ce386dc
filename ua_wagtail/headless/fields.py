"""Serializers of the Urgent Action's ``api_fields`` for Wagtail's APIs.

Each is a read-only DRF field over the whole page (API v2 uses it as is) whose
``to_representation`` declares its return type: API v3 reads that annotation to
type the field in its OpenAPI document, and checks responses against it.
"""

import hashlib
import json
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from wagtail.api import APIField

from ..pages import rendered
from ..pages.models import UrgentActionIndexPage, UrgentActionPage
from ..pages.translations import live_translations
from ..reports import tallies
from ..reports.blocks import action_choices
from ..reports.schemas import Totals
from ..rich_text import as_json
from ..targets.models import Target
from ..translation.status import status_of_version
from ..utils import json as json_values
from ..utils.dates import site_today
from .schemas import (
    StatusName,
    UAActionSummary,
    UABody,
    UAChoice,
    UACountry,
    UALanguage,
    UATranslation,
    UATranslationStatus,
)


class PageValue(serializers.Field):
    """A value computed from the whole page rather than read from one field."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


def page_value(name: str, compute, returns):
    """A :class:`PageValue` field whose value is ``compute(page, context)``."""

    def to_representation(self, page):
        # Labels in the page's language, whatever the client's: a French page's
        # JSON reads "Télécopie", and the response is the same for every client.
        with translation.override(page.locale.language_code):
            return compute(page, self.context)

    to_representation.__annotations__ = {"page": Any, "return": returns}
    return type(name, (PageValue,), {"to_representation": to_representation})()


def api_url(page, context) -> str:
    """The page's detail URL in the API being read: v2's router, else v3."""
    router = (context or {}).get("router")
    if router is not None:
        path = router.get_object_detail_urlpath(type(page), page.pk)
    else:
        try:
            path = reverse("wagtailapi_v3:detail_page", args=[page.pk])
        except NoReverseMatch:
            return ""
    return json_values.absolute_url(path, context, page)


def body(page, context) -> list:
    """The body's blocks, kept by the process like the page's HTML
    (:mod:`..pages.rendered`): the same for every client, and costly."""
    context = {**(context or {}), "page": page}
    key = body_key(page, context)
    blocks = rendered.copies.get(key) if key else None
    if blocks is None:
        blocks = page.body.stream_block.get_api_representation(page.body, context)
        if key:
            rendered.copies.put(key, blocks)
    return blocks


def body_key(page, context) -> tuple | None:
    """Everything the body's JSON depends on: the page's own values (a preview's
    or a revision's too, so by content), the site's date, the URLs' base and the
    generation of what else it shows (targets, translations)."""
    token = rendered.generation()
    if token is None:
        return None
    content = json.dumps(
        [
            page.pk,
            page.live,
            page.title,
            page.deadline,
            page.preferred_languages,
            page.body.raw_data,
        ],
        sort_keys=True,
        default=str,
    )
    return (
        "api-body",
        hashlib.sha256(content.encode()).hexdigest(),
        translation.get_language(),
        json_values.absolute_url("/", context, page),
        site_today(),
        token,
    )


def translations(page, context) -> list[dict]:
    request = (context or {}).get("request")
    return [
        {
            "id": version["page"].pk,
            "locale": version["language_code"],
            "language_name": version["name"],
            "title": version["page"].title,
            "url": version["url"],
            "api_url": api_url(version["page"], context),
        }
        for version in live_translations(page, request)
    ]


def translation_status(page, context) -> dict:
    status = status_of_version(page)
    if status is None:
        return {"state": "source", "label": _("original"), "translated_percent": None}
    return {
        "state": status.state,
        "label": str(status.label),
        "translated_percent": status.percent,
    }


def previous_action(page, context) -> str | None:
    href = page.previous_action_href
    return json_values.absolute_url(href, context, page) if href else None


def action_types(page, context) -> list[dict]:
    offered = [
        child.value["action_types"]
        for child in page.body
        if child.block_type == "report_form"
    ]
    return action_choices(offered[0]) if offered else []


def action_summary(page, context) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_full_url((context or {}).get("request")),
        "api_url": api_url(page, context),
        "series_label": str(page.series_label),
        "subject_name": page.subject_name,
        "country": json_values.country(page.country),
        "summary": page.summary,
        "deadline": page.deadline,
        "status": page.status.value,
        "days_left": page.days_left,
    }


def open_actions(index, context) -> list[dict]:
    actions = index.urgent_actions().filter(deadline__gte=site_today())
    return [action_summary(page, context) for page in actions]


# Targets
target_country = page_value(
    "TargetCountry",
    lambda target, _context: json_values.country(target.country),
    UACountry,
)
target_facebook = page_value(
    "TargetFacebook", lambda target, _context: target.facebook_url, str
)
target_languages = page_value(
    "TargetLanguages",
    lambda target, _context: json_values.languages(target.preferred_languages),
    list[UALanguage],
)

# Pages
series_label = page_value(
    "SeriesLabel", lambda page, _context: str(page.series_label), str
)
status = page_value("Status", lambda page, _context: page.status.value, StatusName)
status_label = page_value(
    "StatusLabel", lambda page, _context: str(page.status.label), str
)
days_left = page_value("DaysLeft", lambda page, _context: page.days_left, int)
country = page_value(
    "Country", lambda page, _context: json_values.country(page.country), UACountry
)
preferred_languages = page_value(
    "PreferredLanguages",
    lambda page, _context: json_values.languages(page.preferred_languages),
    list[UALanguage],
)
previous_action_url = page_value("PreviousAction", previous_action, str)
body_blocks = page_value("Body", body, UABody)
offered_action_types = page_value("ActionTypes", action_types, list[UAChoice])


def current_totals(page, context) -> dict:
    return tallies.totals(page.translation_key).as_json()


totals = page_value("Totals", current_totals, Totals)
page_translations = page_value("Translations", translations, list[UATranslation])
page_translation_status = page_value(
    "TranslationStatus", translation_status, UATranslationStatus
)
rich_text_html = page_value(
    "IntroHTML", lambda index, _context: as_json(index.intro)["html"], str
)
index_open_actions = page_value("OpenActions", open_actions, list[UAActionSummary])


def give_api_fields() -> None:
    """The models' ``api_fields``, which Wagtail's APIs read: typed values of the
    serializers above for what is computed, the fields themselves otherwise."""
    UrgentActionIndexPage.api_fields = [
        APIField("intro", serializer=rich_text_html),
        APIField("open_actions", serializer=index_open_actions),
        APIField("translations", serializer=page_translations),
    ]
    UrgentActionPage.api_fields = [
        APIField("ua_number"),
        APIField("update_number"),
        APIField("series_label", serializer=series_label),
        APIField("document_index"),
        APIField("issued_on"),
        APIField("deadline"),
        APIField("status", serializer=status),
        APIField("status_label", serializer=status_label),
        APIField("days_left", serializer=days_left),
        APIField("subject_name"),
        APIField("subject_pronoun"),
        APIField("country", serializer=country),
        APIField("summary"),
        APIField("preferred_languages", serializer=preferred_languages),
        APIField("own_language_welcome"),
        APIField("previous_action", serializer=previous_action_url),
        APIField("body", serializer=body_blocks),
        APIField("action_types", serializer=offered_action_types),
        APIField("totals", serializer=totals),
        APIField("translations", serializer=page_translations),
        APIField("translation_status", serializer=page_translation_status),
    ]
    Target.api_fields = [
        APIField("honorific"),
        APIField("name"),
        APIField("position"),
        APIField("organisation"),
        APIField("address"),
        APIField("country", serializer=target_country),
        APIField("email"),
        APIField("fax"),
        APIField("phone"),
        APIField("x_handle"),
        APIField("facebook", serializer=target_facebook),
        APIField("salutation"),
        APIField("preferred_languages", serializer=target_languages),
    ]
