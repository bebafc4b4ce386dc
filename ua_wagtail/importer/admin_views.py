"""The importer's staff screen: upload a document, get a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..utils.content_security import ContentSecurityPolicyMixin
from .build import ImportRefused, build_draft
from .forms import ImportDocumentForm, indexes_open_to


class ImportDocumentView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, FormView
):
    """Upload an Urgent Action document; its draft opens in the editor."""

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
            imported = build_draft(
                form.parsed, form.cleaned_data["parent"], user=self.request.user
            )
        except ImportRefused as refused:
            form.add_error("document", refused.message)
            return self.form_invalid(form)
        page = imported.page
        messages.success(
            self.request,
            _(
                "The draft “%(title)s” was made from the document: check it against "
                "the document, then publish."
            )
            % {"title": page.title},  # fmt: skip
        )
        if imported.warnings:
            warn_with_list(
                self.request, _("Please check before publishing:"), imported.warnings
            )
        if imported.left_for_editor:
            warn_with_list(
                self.request, _("Left for you to complete:"), imported.left_for_editor
            )
        return redirect("wagtailadmin_pages:edit", page.pk)


def warn_with_list(request, heading: str, items: list[str]) -> None:
    """A warning message: ``heading`` and its ``items`` as a list, shown with the
    admin's other messages (announced to screen readers like them)."""
    messages.warning(
        request,
        format_html(
            "{}<ul>{}</ul>",
            heading,
            format_html_join("", "<li>{}</li>", ((item,) for item in items)),
        ),
    )
