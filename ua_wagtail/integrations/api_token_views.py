"""API tokens in Wagtail's admin: listed, made and switched off by those with
the model's permissions.

Making a token shows it once, in the answer to the form that made it: it is in
no URL, message, log or session, and only its hash is stored. Editing changes
the name and whether it is active, never the token.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..reports.permissions import can_view_reports
from .api_tokens import HEADER, new_token
from .models import ApiToken


class ApiTokenCreateView(generic.CreateView):
    """Only for those who may view action reports: a token reads the contact
    details of reporters who consented (see :mod:`.osdi_api`)."""

    created_template_name = "ua_wagtail/integrations/api_tokens/created.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        raw, digest, prefix = new_token()
        token = self.form.instance
        token.token_hash, token.prefix = digest, prefix
        token.created_by = self.request.user
        self.raw_token = raw
        return super().save_instance()

    def save_action(self):
        """The token, shown this once, instead of a redirect."""
        context = self.get_context_data(form=self.form)
        context.update(
            token=self.object,
            raw_token=self.raw_token,
            header=HEADER,
            header_title=_("API token made"),
        )
        response = TemplateResponse(self.request, self.created_template_name, context)
        response["Cache-Control"] = "private, no-store"
        return response


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("API tokens")
    add_to_settings_menu = True
    menu_order = 900
    add_view_class = ApiTokenCreateView
    form_fields = ["name", "is_active"]
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        "name",
        Column("prefix", label=_("Starts with")),
        BooleanColumn("is_active", label=_("Active")),
        DateColumn("created_at", label=_("Created")),
        DateColumn("last_used_at", label=_("Last used")),
    ]

    def get_form_class(self, for_update=False):
        """A new token is only named; an existing one may also be switched off."""
        return forms.modelform_factory(
            ApiToken,
            formfield_callback=self.formfield_for_dbfield,
            fields=["name", "is_active"] if for_update else ["name"],
        )
