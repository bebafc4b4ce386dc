"""Webhook endpoints in Wagtail's admin (Settings → Webhooks): their viewset
and its permissions (add, change and delete webhook endpoints; change also
lets a user send a delivery again)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import WebhookEndpoint
from .viewsets import WebhookEndpointViewSet

register_permission_policy(WebhookEndpoint, ModelPermissionPolicy(WebhookEndpoint))


@hooks.register("register_admin_viewset")
def register_webhook_endpoint_viewset():
    return WebhookEndpointViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "ua_wagtail.webhook_resend", _("Send again"), _("Delivery queued again")
    )
