"""Where reports go next: webhook endpoints and their deliveries, and the
tokens that let a CRM read the OSDI API.

An endpoint's deliveries form one line per Urgent Action: each line is sent in
order, one delivery at a time; only the line's head has a ``next_attempt_at``
(see :mod:`.webhooks`).
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ..reports.models import ReportEvent


def new_secret() -> str:
    """A signing secret in Standard Webhooks' form: ``whsec_`` and 32 random
    bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(ClusterableModel):
    """A receiver of report events, such as a CRM's webhook address."""

    class Format(models.TextChoices):
        UA_WAGTAIL = "ua_wagtail", _("ua_wagtail JSON")
        OSDI = "osdi", _("OSDI 1.1 outreaches")

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Where events are sent, by POST.")
    )
    secret = models.CharField(
        _("signing secret"), max_length=64, default=new_secret, editable=False
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An endpoint that is not active is sent nothing, not even later."),
    )
    send_reports = models.BooleanField(_("reports from the public"), default=True)
    send_adjustments = models.BooleanField(_("staff adjustments"), default=True)
    send_invalidations = models.BooleanField(
        _("reports no longer counted"), default=True
    )
    payload_format = models.CharField(
        _("payload format"),
        max_length=16,
        choices=Format.choices,
        default=Format.UA_WAGTAIL,
    )
    include_contact_details = models.BooleanField(
        _("include contact details"),
        default=False,
        help_text=_(
            "Send the name and email of reporters who agreed to be contacted "
            "about the case. Others' are never sent."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # What the last attempt to reach it found, for the listing.
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def event_kinds(self) -> list[str]:
        """The kinds of :class:`~ua_wagtail.reports.models.ReportEvent` it is sent."""
        wanted = {
            ReportEvent.Kind.REPORT_CREATED: self.send_reports,
            ReportEvent.Kind.ADJUSTMENT_CREATED: self.send_adjustments,
            ReportEvent.Kind.REPORT_INVALIDATED: self.send_invalidations,
        }
        return [kind for kind, sent in wanted.items() if sent]


class WebhookUrgentAction(Orderable):
    """An Urgent Action an endpoint is sent events of (with every translation
    of it); an endpoint with none is sent events of every Urgent Action."""

    endpoint = ParentalKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="urgent_actions"
    )
    page = models.ForeignKey(
        "ua_wagtail.UrgentActionPage",
        verbose_name=_("Urgent Action"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Urgent Action")
        verbose_name_plural = _("Urgent Actions")


class WebhookDelivery(models.Model):
    """One event on its way to one endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        ReportEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The event's Urgent Action: deliveries of one endpoint and Urgent Action
    # are sent in order.
    translation_key = models.UUIDField(_("Urgent Action key"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # Set on the head of its line only: when it is next tried.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending it holds it until then.
    leased_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(
        _("response status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [
            # The heads of the lines that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="ua_delivery_due",
                condition=models.Q(next_attempt_at__isnull=False),
            ),
            # A line: what waits behind its head.
            models.Index(
                fields=["endpoint", "translation_key", "id"],
                name="ua_delivery_line",
                condition=models.Q(status="pending"),
            ),
            # An endpoint's deliveries, newest first, by status (the admin).
            models.Index(fields=["endpoint", "status", "-id"], name="ua_delivery_list"),
        ]

    def __str__(self):
        return f"{self.endpoint} {self.event}"


class ApiToken(models.Model):
    """A token a CRM sends to read the OSDI API (``OSDI-API-Token``); only its
    hash is kept, so it is shown once, when made."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
