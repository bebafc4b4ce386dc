"""The importer's staff screens: upload a document, wait while a background task
reads it and makes a draft; then review what was read in it before opening the
draft."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..utils.content_security import ContentSecurityPolicyMixin
from . import document_imports, review
from .forms import ImportDocumentForm, indexes_open_to
from .models import DocumentImport


class ImportDocumentView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, FormView
):
    """Upload an Urgent Action document; a task reads it and makes a draft, and
    the import's page shows what was read in the document for review."""

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
        name, data = form.upload
        stored = document_imports.request_import(
            name, data, form.cleaned_data["parent"], self.request.user
        )
        return redirect("ua_wagtail_admin:import_review", stored.pk)


def may_see(user, stored: DocumentImport) -> bool:
    """Whether ``user`` may see the import: its draft once made, if they may
    edit that; before, if they uploaded it or may add to its index."""
    if stored.page is not None:
        return stored.page.permissions_for_user(user).can_edit()
    return (
        stored.user_id == user.pk
        or stored.parent.permissions_for_user(user).can_add_subpage()
    )


class ImportReviewView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, TemplateView
):
    """An import: while its document is read, a page whose script asks until it
    is done; then why it failed, or what it read beside the text it read it
    from, and the draft.

    Shown to whom :func:`may_see` allows (a draft's review to whoever may edit
    it, as Wagtail's editor is): others are refused like there, a missing or
    expired import is not found. One still queued or being read long after any
    worker would have finished it is shown failed, saying so
    (:func:`.document_imports.stuck`)."""

    #: How often the waiting page asks whether the document is read, in seconds.
    POLL_SECONDS = 3
    #: The page of each of :meth:`status`'s answers.
    TEMPLATES = {
        "pending": "ua_wagtail/admin/import_waiting.html",
        "failed": "ua_wagtail/admin/import_failed.html",
        "done": "ua_wagtail/admin/import_review.html",
    }
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        self.stored = get_object_or_404(
            DocumentImport.objects.select_related("page", "parent"), pk=pk
        )
        if not may_see(request.user, self.stored):
            raise PermissionDenied
        # One no worker will finish is shown failed, to the script too.
        self.stored = document_imports.give_up_if_stuck(self.stored)
        self.page = self.stored.page
        self.parent = self.page.get_parent() if self.page else self.stored.parent
        return super().dispatch(request, pk)

    @property
    def done(self) -> bool:
        return self.page is not None

    def get(self, request, *args, **kwargs):
        """The page; or, asked for JSON (by the waiting page's script), whether
        the import is still ``pending``, or ``done`` or ``failed``."""
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"status": self.status()})
        return super().get(request, *args, **kwargs)

    def status(self) -> str:
        if self.done:
            return "done"
        if self.stored.status == DocumentImport.Status.FAILED:
            return "failed"
        return "pending"

    def get_template_names(self):
        return [self.TEMPLATES[self.status()]]

    def get_page_title(self):
        if self.done:
            return _("Review what was read")
        return _("Import UA document")

    def get_page_subtitle(self):
        if self.done:
            return self.page.get_admin_display_title()
        return self.stored.file_name

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
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            **kwargs,
            stored=self.stored,
            import_url=reverse("ua_wagtail_admin:import") + f"?parent={self.parent.pk}",
            poll_seconds=self.POLL_SECONDS,
        )
        if self.done:
            context.update(
                draft=self.page,
                review=review.review(self.stored.parsed_action()),
                edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            )
        return context
