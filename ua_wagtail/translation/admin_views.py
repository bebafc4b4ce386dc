"""Staff screens of translation: submitting a translation for review, and guards
on wagtail-localize's views: converting a translation to an alias, stopping its
sync, and syncing."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.views import convert, edit_translation
from wagtail_localize.views.update_translations import UpdateTranslationsView

from ..utils.content_security import ContentSecurityPolicyMixin
from ..utils.formatting import listed
from .workflow import (
    NOT_SAVED,
    PUBLISHED,
    SENT_FOR_REVIEW,
    can_submit_for_review,
    may_convert_to_alias,
    may_stop_sync,
    page_under_review,
    submit_for_review,
    sync_and_publish,
)


class SubmitTranslationView(
    ContentSecurityPolicyMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Confirm, then save a translation as a draft and start its review workflow."""

    page_title = gettext_lazy("Submit translation for review")
    header_icon = "resubmit"
    template_name = "ua_wagtail/admin/submit_translation.html"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_submit_for_review(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return str(self.page)

    def get_breadcrumbs_items(self):
        parent = self.page.get_parent()
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_explore", args=[parent.pk]),
                "label": parent.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title, "sublabel": self.get_page_subtitle()},
        ]

    def post(self, request, page_id):
        submit_for_review(self.page, request.user)
        self.page.refresh_from_db()  # the title is the revision's, as in the listing
        messages.success(
            request,
            _("“%(page)s” was submitted for review.")
            % {"page": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["workflow"] = self.page.get_workflow()
        return context


def convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias page", for those who may publish.

    Its own view only asks that the user may edit the page, which would let a
    translator replace a reviewed translation with the source, unreviewed.
    """
    page = get_object_or_404(Page, pk=page_id)
    if not may_convert_to_alias(page, request.user):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


@require_POST
def stop_translation(request, translation_id):
    """wagtail-localize's "Stop synced translation", among the Urgent Actions for
    those who may publish the page (:func:`may_stop_sync`).

    Its own view only asks that the user may edit the page. Its translation
    editor offers the button to everyone and posts back the editor's URL as
    ``next``: a refusal returns there with a message.
    """
    translation = get_object_or_404(Translation, pk=translation_id)
    page = translation.get_target_instance()
    if not isinstance(page, Page) or may_stop_sync(page, request.user):
        return edit_translation.stop_translation(request, translation_id)
    messages.error(
        request,
        _(
            "The translation is still synced: only a reviewer can stop it, since "
            "corrections to the source (a new deadline, a fax number) would no "
            "longer reach it."
        ),
    )
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


class SyncTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", where "Publish immediately"
    publishes only the translations that need no review.

    wagtail-localize publishes every translation with its strings as they
    stand, reviewed or not. A translation whose page goes live through review is
    saved as a draft revision and put before its reviewers instead
    (:func:`translation_workflow.sync_and_publish`). Without "Publish
    immediately", wagtail-localize's own steps run: they write no page.
    """

    def enabled_translations(self):
        return self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        )

    def get_form(self):
        form = super().get_form()
        if any(
            page_under_review(translation) is not None
            for translation in self.enabled_translations()
        ):
            field = form.fields["publish_translations"]
            field.help_text = " ".join(
                [
                    str(field.help_text),
                    _(
                        "Translations that are reviewed before publication are "
                        "saved as drafts and sent for review instead."
                    ),
                ]
            )
        return form

    @transaction.atomic
    def form_valid(self, form):
        if not form.cleaned_data["publish_translations"]:
            return super().form_valid(form)
        # wagtail-localize's steps, publishing through sync_and_publish.
        self.object.update_from_db()
        translations = list(self.enabled_translations())
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = get_machine_translator()
            for translation in translations:
                edit_translation.apply_machine_translation(
                    translation.id, self.request.user, machine_translator
                )
        results = [
            (translation, sync_and_publish(translation, self.request.user))
            for translation in translations
        ]
        self.components.save(
            self.object, sources_and_translations={self.object: translations}
        )
        self.report(results)
        return redirect(self.get_success_url() or self.get_default_success_url())

    def report(self, results):
        """Which translations went to review, which were published, and which
        were left as they were (wagtail-localize does not say)."""
        locales = defaultdict(list)
        for translation, outcome in results:
            locales[outcome].append(str(translation.target_locale.get_display_name()))
        done = [
            _("Synced the translations of “%(object)s”.")
            % {"object": self.object.object_repr}
        ]
        if reviewed := locales[SENT_FOR_REVIEW]:
            done.append(
                ngettext(
                    "%(n)d translation (%(locales)s) was saved as a draft and sent "
                    "for review: its live page is unchanged until a reviewer "
                    "approves it.",
                    "%(n)d translations (%(locales)s) were saved as drafts and sent "
                    "for review: their live pages are unchanged until a reviewer "
                    "approves them.",
                    len(reviewed),
                )
                % counted(reviewed)
            )
        if published := locales[PUBLISHED]:
            done.append(
                ngettext(
                    "%(n)d translation (%(locales)s) was published.",
                    "%(n)d translations (%(locales)s) were published.",
                    len(published),
                )
                % counted(published)
            )
        messages.success(self.request, " ".join(done))
        if not_saved := locales[NOT_SAVED]:
            messages.warning(
                self.request,
                ngettext(
                    "%(n)d translation (%(locales)s) was left as it was: its "
                    "content does not validate.",
                    "%(n)d translations (%(locales)s) were left as they were: their "
                    "content does not validate.",
                    len(not_saved),
                )
                % counted(not_saved),
            )


def counted(names):
    """The count and the list of language names for a sync message."""
    return {"n": len(names), "locales": listed(names)}
