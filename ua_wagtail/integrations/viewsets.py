"""Webhook endpoints in Wagtail's admin: their listing (with what waits and what
was given up), their form (the address checked as deliveries will be, the
signing secret to copy), and each endpoint's deliveries, one by one, with a
button to send one again.

Deliveries are many (one per event and endpoint): the listings read them
through the ``(endpoint, status, -id)`` index, count only the waiting and the
given-up ones, and count an endpoint's deliveries up to a cap (see
:mod:`ua_wagtail.utils.pagination`).
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import get_template
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from ..reports.permissions import can_view_reports
from ..utils.pagination import CappedPaginationMixin
from . import webhooks
from .addresses import check_url
from .models import WebhookDelivery, WebhookEndpoint

#: Where receivers read how requests are signed and what they carry.
DOCS_URL = (
    "https://github.com/ua-wagtail/ua-wagtail/blob/main/docs/integrations.md"
    "#checking-the-signature"
)
STANDARD_WEBHOOKS_URL = "https://www.standardwebhooks.com/"
#: Characters of an error a listing shows; the delivery's page shows it all.
ERROR_PREVIEW = 80
DELIVERIES_PER_PAGE = 50


def endpoint_policy():
    return policy_registry.get_by_type(WebhookEndpoint)


def short_error(text: str) -> str:
    return Truncator(text.strip()).chars(ERROR_PREVIEW)


def deliveries_url(endpoint_pk, **query) -> str:
    url = reverse("ua_wagtail_webhooks:deliveries", args=[endpoint_pk])
    return url + "?" + urlencode(query) if query else url


def delivery_url(delivery_pk) -> str:
    return reverse("ua_wagtail_webhooks:delivery", args=[delivery_pk])


# The endpoint's form -------------------------------------------------------


class WebhookEndpointForm(WagtailAdminModelForm):
    """Refuses an address deliveries could not go to (see :mod:`.addresses`).

    Reporters' contact details go only where someone who may see them chose:
    without the permission to view action reports, "include contact details"
    cannot be changed, nor the URL of an endpoint that includes them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or can_view_reports(self.for_user):
            return
        locked = ["include_contact_details"]
        if self.instance.include_contact_details:
            locked.append("url")
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _(
                "Only those who may view action reports can change this."
            )

    def clean_url(self):
        url = self.cleaned_data.get("url")
        if url:
            check_url(url)
        return url


class SecretPanel(FieldPanel):
    """The endpoint's signing secret, read-only, with a button to copy it and
    what receivers do with it. Shown once the endpoint exists."""

    read_only_output_template_name = "ua_wagtail/admin/webhooks/secret_panel.html"

    def __init__(self, field_name="secret", **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_read_only_context_data(self):
            context = {
                "id_for_label": self.id_for_label(),
                "help_text_id": f"{self.prefix}-helptext",
                "help_text": self.help_text,
                "show_add_comment_button": False,
                "raw_value": self.value_from_instance,
                "display_value": self.value_from_instance,
                "docs_url": DOCS_URL,
                "standard_webhooks_url": STANDARD_WEBHOOKS_URL,
            }
            template = get_template(self.panel.read_only_output_template_name)
            context["rendered_field"] = template.render(context)
            return context


# The endpoints' listing ----------------------------------------------------


def _count_of(status):
    """An endpoint's deliveries in ``status``: one index range each."""
    counted = (
        WebhookDelivery.objects.filter(endpoint=OuterRef("pk"), status=status)
        .order_by()
        .values("endpoint")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class HostColumn(Column):
    """Where the endpoint's requests go: the URL's host (and port)."""

    def get_value(self, instance):
        return urlsplit(instance.url).netloc


class LastFailureColumn(Column):
    """When the endpoint last failed, and the start of what it answered."""

    cell_template_name = "ua_wagtail/admin/webhooks/last_failure_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["error"] = short_error(instance.last_error)
        return context


class DeliveryCountColumn(Column):
    """A count of an endpoint's deliveries, linked to them."""

    cell_template_name = "ua_wagtail/admin/webhooks/count_cell.html"

    def __init__(self, name, status, **kwargs):
        super().__init__(name, **kwargs)
        self.status = status

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = deliveries_url(instance.pk, status=self.status)
        return context


class EndpointIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                waiting=_count_of(WebhookDelivery.Status.PENDING),
                given_up=_count_of(WebhookDelivery.Status.FAILED),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Deliveries"),
                url=deliveries_url(instance.pk),
                icon_name="list-ul",
                priority=15,
            )
        )
        return buttons


class EndpointEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            HeaderButton(
                _("Deliveries"),
                url=deliveries_url(self.object.pk),
                icon_name="list-ul",
                priority=5,
            ),
            *super().header_more_buttons,
        ]


# An endpoint's deliveries --------------------------------------------------


class EndpointMixin:
    """For views of one endpoint's deliveries: permission through the endpoint's
    policy (deliveries have no permissions of their own), breadcrumbs through it."""

    header_icon = "resubmit"
    any_permission_required = ["add", "change", "delete"]

    @cached_property
    def permission_policy(self):
        return endpoint_policy()

    def check_permission(self, request):
        if not self.permission_policy.user_has_any_permission(
            request.user, self.any_permission_required
        ):
            raise PermissionDenied

    def endpoint_breadcrumbs(self, endpoint):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse(f"{WebhookEndpointViewSet.name}:index"),
                "label": _("Webhooks"),
            },
            {
                "url": reverse(
                    f"{WebhookEndpointViewSet.name}:edit", args=[endpoint.pk]
                ),
                "label": endpoint.name,
            },
        ]


class QueuedAtColumn(TitleColumn):
    """When the delivery was queued, linked to the delivery."""

    def get_value(self, instance):
        return date_format(localtime(instance.created_at), "SHORT_DATETIME_FORMAT")


class UrgentActionColumn(Column):
    """The UA number of the event's report (read in the listing's one query)."""

    def get_value(self, instance):
        return instance.event.report.ua_number


class ErrorColumn(Column):
    """The start of the delivery's last error, in its own direction."""

    cell_template_name = "ua_wagtail/admin/webhooks/error_cell.html"

    def get_value(self, instance):
        return short_error(instance.last_error)


class DeliveryFilterSet(WagtailFilterSet):
    class Meta:
        model = WebhookDelivery
        fields = ["status"]


class DeliveryIndexView(EndpointMixin, CappedPaginationMixin, generic.IndexView):
    """An endpoint's deliveries, newest first, 50 a page, by status."""

    model = WebhookDelivery
    paginate_by = DELIVERIES_PER_PAGE
    filterset_class = DeliveryFilterSet
    is_searchable = False
    index_url_name = "ua_wagtail_webhooks:deliveries"
    index_results_url_name = "ua_wagtail_webhooks:deliveries_results"

    def dispatch(self, request, *args, **kwargs):
        self.check_permission(request)
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            QueuedAtColumn(
                "created_at",
                label=_("Queued at"),
                get_url=lambda delivery: delivery_url(delivery.pk),
            ),
            Column("event", label=_("Event"), accessor="event.get_kind_display"),
            UrgentActionColumn("ua_number", label=_("UA number")),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda d: d.status == WebhookDelivery.Status.DELIVERED,
            ),
            Column("attempts", label=_("Attempts")),
            DateColumn("last_attempt_at", label=_("Last attempt")),
            Column("response_status", label=_("Response")),
            ErrorColumn("last_error", label=_("Last error")),
        ]

    def get_base_queryset(self):
        return WebhookDelivery.objects.filter(endpoint=self.endpoint).select_related(
            "event__report"
        )

    def order_queryset(self, queryset):
        return queryset.order_by("-pk")

    def get_valid_orderings(self):
        return ["-pk"]

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.endpoint.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.endpoint.pk])

    def get_page_title(self):
        return _("Deliveries to “%(endpoint)s”") % {"endpoint": self.endpoint.name}

    def get_breadcrumbs_items(self):
        return self.endpoint_breadcrumbs(self.endpoint) + [
            {"url": "", "label": self.get_page_title()}
        ]

    def get_add_url(self):
        return None

    def get_list_buttons(self, instance):
        return []


class DeliveryDetailView(EndpointMixin, WagtailAdminTemplateMixin, TemplateView):
    """One delivery: every field, the whole of its last error, and a button to
    send its event again."""

    template_name = "ua_wagtail/admin/webhooks/delivery.html"

    def dispatch(self, request, pk):
        self.check_permission(request)
        self.delivery = get_object_or_404(
            WebhookDelivery.objects.select_related(
                "endpoint", "event__report", "resent_by"
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Delivery %(number)s to “%(endpoint)s”") % {
            "number": self.delivery.pk,
            "endpoint": self.delivery.endpoint.name,
        }

    def get_breadcrumbs_items(self):
        endpoint = self.delivery.endpoint
        return self.endpoint_breadcrumbs(endpoint) + [
            {"url": deliveries_url(endpoint.pk), "label": _("Deliveries")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.delivery
        context["delivery"] = delivery
        context["event"] = delivery.event
        context["report"] = report = delivery.event.report
        context["delivered"] = delivery.status == WebhookDelivery.Status.DELIVERED
        if can_view_reports(self.request.user):
            context["report_url"] = reverse(
                "wagtailsnippets_ua_wagtail_actionreport:inspect", args=[report.pk]
            )
        context["deliveries_url"] = deliveries_url(delivery.endpoint_id)
        context["resend_url"] = reverse(
            "ua_wagtail_webhooks:resend", args=[delivery.pk]
        )
        context["can_resend"] = self.permission_policy.user_has_permission(
            self.request.user, "change"
        )
        return context


class ResendView(EndpointMixin, View):
    """Queue the delivery's event again for its endpoint, at the end of its line."""

    http_method_names = ["post"]
    any_permission_required = ["change"]

    def post(self, request, pk):
        self.check_permission(request)
        delivery = get_object_or_404(
            WebhookDelivery.objects.select_related("endpoint"), pk=pk
        )
        if delivery.endpoint.include_contact_details and not can_view_reports(
            request.user
        ):
            messages.error(
                request,
                _(
                    "“%(endpoint)s” is sent reporters' contact details: sending "
                    "anything again to it needs the permission to view action "
                    "reports."
                )
                % {"endpoint": delivery.endpoint.name},
            )
            return redirect(delivery_url(delivery.pk))
        if not delivery.endpoint.is_active:
            messages.error(
                request,
                _(
                    "“%(endpoint)s” is not active: make it active before sending "
                    "anything again."
                )
                % {"endpoint": delivery.endpoint.name},
            )
            return redirect(delivery_url(delivery.pk))
        new = webhooks.resend(delivery, request.user)
        log(
            instance=delivery.endpoint,
            action="ua_wagtail.webhook_resend",
            user=request.user,
            data={"delivery": delivery.pk, "queued": new.pk},
        )
        messages.success(
            request,
            _("The event is queued again for “%(endpoint)s”.")
            % {"endpoint": delivery.endpoint.name},
        )
        return redirect(delivery_url(new.pk))


# The viewset ---------------------------------------------------------------


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "ua_wagtail_webhooks"
    url_prefix = "ua-wagtail/webhooks"
    icon = "resubmit"
    menu_label = gettext_lazy("Webhooks")
    add_to_settings_menu = True
    menu_order = 910  # after API tokens
    index_view_class = EndpointIndexView
    edit_view_class = EndpointEditView
    copy_view_enabled = False  # a copy would share the signing secret
    list_per_page = 50
    list_display = [
        "name",
        HostColumn("url", label=gettext_lazy("Host")),
        BooleanColumn("is_active", label=gettext_lazy("Active")),
        Column(
            "payload_format",
            label=gettext_lazy("Format"),
            accessor="get_payload_format_display",
        ),
        DateColumn("last_success_at", label=gettext_lazy("Last delivered")),
        LastFailureColumn("last_failure_at", label=gettext_lazy("Last failed")),
        DeliveryCountColumn(
            "waiting", WebhookDelivery.Status.PENDING, label=gettext_lazy("Waiting")
        ),
        DeliveryCountColumn(
            "given_up", WebhookDelivery.Status.FAILED, label=gettext_lazy("Given up")
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("is_active"),
            MultiFieldPanel(
                [
                    FieldPanel("send_reports"),
                    FieldPanel("send_adjustments"),
                    FieldPanel("send_invalidations"),
                ],
                heading=gettext_lazy("Events"),
                help_text=gettext_lazy("The events the endpoint is sent."),
            ),
            InlinePanel(
                "urgent_actions",
                heading=gettext_lazy("Urgent Actions"),
                label=gettext_lazy("Urgent Action"),
                help_text=gettext_lazy(
                    "The Urgent Actions whose events it is sent, with every "
                    "translation of each. None: every Urgent Action."
                ),
                panels=[FieldPanel("page")],
            ),
            FieldPanel("payload_format"),
            FieldPanel(
                "include_contact_details",
                help_text=gettext_lazy(
                    "Send the name and email of reporters who agreed to be "
                    "contacted about the case; others' are never sent. Only "
                    "for a receiver their consent covers."
                ),
            ),
            SecretPanel(
                help_text=gettext_lazy("Give it to the receiver, and to no one else.")
            ),
        ],
        base_form_class=WebhookEndpointForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/deliveries/",
                DeliveryIndexView.as_view(),
                name="deliveries",
            ),
            path(
                "<int:pk>/deliveries/results/",
                DeliveryIndexView.as_view(results_only=True),
                name="deliveries_results",
            ),
            path("deliveries/<int:pk>/", DeliveryDetailView.as_view(), name="delivery"),
            path("deliveries/<int:pk>/resend/", ResendView.as_view(), name="resend"),
        ]
