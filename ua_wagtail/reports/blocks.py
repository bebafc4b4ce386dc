"""The report form block: where activists report the actions they took."""

import re

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..choices import ACTION_TYPES, ActionType
from ..conf import ua_settings
from ..utils.blocks import UAStructBlock
from ..utils.json import absolute_url
from . import tallies
from .forms import ActionReportForm
from .rules import ReportRejected, check_accepts_reports

#: The total's part of a rendered page, marked by includes/report_total.html.
TOTAL = re.compile(r"<!--ua-total:(\d+)-->.*?<!--/ua-total-->", re.DOTALL)

#: The query parameter of the thank-you after a report sent without JavaScript:
#: that page is this visitor's, never kept by a shared cache.
THANKS_PARAMETER = "reported"


class ActionReportFormBlock(UAStructBlock):
    """The form where activists report the actions they took, with the running total.

    A plain form that posts and redirects; the package's script, when it runs,
    sends it as JSON instead and updates the total in place.
    """

    heading = blocks.CharBlock(default=_("Tell us what you did"), label=_("Heading"))
    intro = blocks.TextBlock(
        required=False,
        default=_(
            "It’s important to report: we share the total with the officials we "
            "are trying to persuade and the people we are trying to help."
        ),
        label=_("Introduction"),
    )
    action_types = blocks.MultipleChoiceBlock(
        choices=ActionType.choices,
        default=list(ACTION_TYPES),
        widget=forms.CheckboxSelectMultiple,
        label=_("Actions to ask about"),
        help_text=_("The form offers readers only the actions ticked here."),
    )
    thank_you = blocks.TextBlock(
        default=_("Thank you! Your actions are counted."),
        label=_("Thank-you text"),
    )
    goal = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=_("Goal"),
        help_text=_("Optional: show progress towards this many actions."),
    )

    class Meta:
        icon = "form"
        label = _("Action report form")
        template = "ua_wagtail/blocks/report_form.html"
        help_text = _(
            "Lets readers report the actions they took; shows the total across all "
            "translations."
        )
        description = _(
            "A form to report letters, emails, faxes, calls and posts, with the "
            "running total of actions taken."
        )
        preview_value = {}

    def get_api_representation(self, value, context=None):
        page = (context or {}).get("page")
        closed_message = ""
        if hasattr(page, "deadline"):
            try:
                check_accepts_reports(page)
            except ReportRejected as rejected:
                closed_message = str(rejected.errors["page"][0])
        # A draft never published (or not yet saved) has no page to report on.
        has_page = bool(getattr(page, "live", False) and getattr(page, "id", None))

        def url(name, *args):
            return absolute_url(reverse(name, args=args), context, page)

        return {
            "heading": value["heading"],
            "intro": value["intro"],
            "action_types": action_choices(value["action_types"]),
            "thank_you": value["thank_you"],
            "goal": value["goal"],
            "max_per_action": ua_settings.MAX_ACTIONS_PER_TYPE,
            "accepts_reports": has_page and not closed_message,
            "closed_message": closed_message,
            "report_url": url("ua_wagtail:report-api"),
            "form_url": url("ua_wagtail:report-form", page.pk) if has_page else "",
            "totals_url": url("ua_wagtail:totals", page.pk) if has_page else "",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = context.get("page")
        request = context.get("request")
        action_types = value["action_types"] or ACTION_TYPES
        context["form"] = context.get("report_form") or ActionReportForm(
            action_types=action_types
        )
        key = getattr(page, "translation_key", None)
        context["totals"] = tallies.totals(key) if key else tallies.Totals()
        context["closed_message"] = ""
        if hasattr(page, "deadline"):
            try:
                check_accepts_reports(page)
            except ReportRejected as rejected:
                context["closed_message"] = rejected.errors["page"][0]
        if request is not None and key:
            context["just_reported"] = request.GET.get(THANKS_PARAMETER) == "1"
        context["api_url"] = reverse("ua_wagtail:report-api")
        context["reported_cookie"] = ua_settings.REPORTED_COOKIE
        # How long the server remembers a report's Idempotency-Key: the script
        # sends a report kept in the browser again no later than that.
        context["idempotency_key_hours"] = ua_settings.IDEMPOTENCY_KEY_HOURS
        context["form_url"] = (
            reverse("ua_wagtail:report-form", args=[page.pk]) if key else ""
        )
        # A page never published has no totals to read (its preview).
        live = key and getattr(page, "live", False)
        context["totals_url"] = (
            reverse("ua_wagtail:totals", args=[page.pk]) if live else ""
        )
        return context


def action_choices(action_types) -> list[dict]:
    """The action types offered, in the standard order, with their labels."""
    offered = set(action_types or ACTION_TYPES)
    return [
        {"value": value, "label": str(label)}
        for value, label in ActionType.choices
        if value in offered
    ]


def fill_in_totals(html: str, translation_key) -> str:
    """``html``, a page rendered earlier, with its report forms' totals as they
    are now (in the active language)."""
    if "<!--ua-total:" not in html:
        return html
    total = tallies.totals(translation_key).total

    def current(match):
        context = {"total": total, "goal": int(match[1])}
        html = render_to_string("ua_wagtail/includes/report_total.html", context)
        return TOTAL.search(html)[0]

    return TOTAL.sub(current, html)
