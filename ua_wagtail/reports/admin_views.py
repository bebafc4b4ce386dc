"""Staff screens of reports: the delivery summary and offline actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_countries import countries
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..utils.content_security import ContentSecurityPolicyMixin
from ..utils.dates import site_today
from ..utils.formatting import whole_number
from . import bar_charts, charts
from .forms import AdjustmentForm
from .permissions import can_record_adjustments, can_view_reports
from .rules import ReportRejected, record_adjustment
from .summary import DeliverySummary, delivery_summary


class SummaryMixin(ContentSecurityPolicyMixin, WagtailAdminTemplateMixin):
    header_icon = "tasks"
    permission_check = staticmethod(can_view_reports)

    def dispatch(self, request, translation_key):
        if not self.permission_check(request.user):
            raise PermissionDenied
        self.summary = delivery_summary(translation_key, request.user)
        if self.summary is None:
            raise Http404(_("No Urgent Action or reports with this key."))
        return super().dispatch(request, translation_key)

    def summary_url(self):
        return reverse("ua_wagtail_admin:summary", args=[self.summary.translation_key])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailsnippets_ua_wagtail_actionreport:list"),
                "label": _("Action reports"),
            },
            {"url": self.summary_url(), "label": self.summary.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return f"UA {self.summary.ua_number} · {self.summary.title}"


class DeliverySummaryView(SummaryMixin, TemplateView):
    page_title = gettext_lazy("Delivery summary")
    template_name = "ua_wagtail/admin/delivery_summary.html"

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["ua_wagtail/admin/delivery_summary_print.html"]
        return [self.template_name]

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-2] + [
            {"url": "", "label": self.summary.title}
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.summary
        context["charts"] = summary_charts(self.summary)
        context["can_adjust"] = can_record_adjustments(self.request.user)
        context["reports_url"] = (
            reverse("wagtailsnippets_ua_wagtail_actionreport:list")
            + f"?translation_key={self.summary.translation_key}"
        )
        return context


def summary_charts(summary: DeliverySummary) -> dict:
    """The summary's charts in the active language and its direction."""
    rtl = get_language_bidi()
    deadline = summary.page.deadline if summary.page else None
    by_country = [
        (countries.name(code), n) for code, n in summary.totals.by_country.items()
    ]
    return {
        "time": charts.time_chart(summary.days, deadline, site_today(), rtl),
        "countries": bar_charts.bar_chart(
            _("Actions by country"), by_country, _other_countries, rtl
        ),
        "languages": bar_charts.bar_chart(
            _("Reports by language"), summary.languages, _other_languages, rtl
        ),
    }


def _other_countries(n: int) -> str:
    return ngettext("%(n)s other country", "%(n)s other countries", n) % {
        "n": whole_number(n)
    }


def _other_languages(n: int) -> str:
    return ngettext("%(n)s other language", "%(n)s other languages", n) % {
        "n": whole_number(n)
    }


class AdjustmentView(SummaryMixin, FormView):
    """Record actions taken offline: counted like reports, with who and why."""

    page_title = gettext_lazy("Record offline actions")
    template_name = "ua_wagtail/admin/adjustment.html"
    form_class = AdjustmentForm
    permission_check = staticmethod(can_record_adjustments)

    def form_valid(self, form):
        page = self.summary.page
        if page is None:
            form.add_error(None, _("The Urgent Action page no longer exists."))
            return self.form_invalid(form)
        try:
            report = record_adjustment(
                page,
                form.actions,
                note=form.cleaned_data["note"],
                user=self.request.user,
                country=form.cleaned_data["country"],
            ).report
        except ReportRejected as rejected:
            for field, errors in rejected.errors.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        log(
            instance=report,
            action="ua_wagtail.adjustment",
            user=self.request.user,
            data={"actions": report.actions, "note": report.note},
        )
        messages.success(
            self.request,
            ngettext(
                "Recorded %(n)d offline action.",
                "Recorded %(n)d offline actions.",
                report.total,
            )
            % {"n": report.total},
        )
        return redirect(self.summary_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.summary
        return context
