"""The importer's staff screens: upload a document, get a draft; then review what
was read in it before opening the draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..utils.content_security import ContentSecurityPolicyMixin
from . import review
from .build import ImportRefused, build_draft
from .forms import ImportDocumentForm, indexes_open_to
from .models import DocumentImport


class ImportDocumentView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, FormView
):
    """Upload an Urgent Action document; a draft is made, and what was read in the
    document is shown for review."""

    page_title = gettext_lazy("Import UA document")
    header_icon = "upload"
    template_name = "ua_wagtail/admin/import_document.html"
    form_class = ImportDocumentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_explore_root"),
                "label": gettext_lazy("Pages"),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        return {"parent": self.request.GET.get("parent")}

    def dispatch(self, request, *args, **kwargs):
        if not indexes_open_to(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                imported = build_draft(
                    form.parsed, form.cleaned_data["parent"], user=self.request.user
                )
                stored = review.store(
                    imported,
                    form.parsed,
                    self.request.user,
                    form.cleaned_data["document"].name or "",
                )
        except ImportRefused as refused:
            form.add_error("document", refused.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The draft “%(title)s” was made from the document: check it against "
                "the document, then publish."
            )
            % {"title": imported.page.title},  # fmt: skip
        )
        return redirect("ua_wagtail_admin:import_review", stored.pk)


class ImportReviewView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, TemplateView
):
    """What an import read, beside the text it read it from; then the draft.

    Shown to whoever may edit the draft (as Wagtail's editor is): others are
    refused like there, a missing or expired import is not found."""

    page_title = gettext_lazy("Review what was read")
    header_icon = "doc-full"
    template_name = "ua_wagtail/admin/import_review.html"

    def dispatch(self, request, pk):
        self.stored = get_object_or_404(
            DocumentImport.objects.select_related("page"), pk=pk
        )
        self.page = self.stored.page
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.parent = self.page.get_parent()
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_explore_root"),
                "label": gettext_lazy("Pages"),
            },
            {
                "url": reverse("wagtailadmin_explore", args=[self.parent.pk]),
                "label": self.parent.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        parsed = self.stored.parsed_action()
        return super().get_context_data(
            **kwargs,
            stored=self.stored,
            draft=self.page,
            review=review.review(parsed),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            import_url=reverse("ua_wagtail_admin:import") + f"?parent={self.parent.pk}",
        )
