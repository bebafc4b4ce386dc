"""Which languages an Urgent Action is in, and whether each is in step with the source.

A translation is *out of date* when the source was published after wagtail-
localize last synced it, or after the translation was last published. Each status links to what to do next: translate, update, or edit.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from ..pages.models import UrgentActionPage

UP_TO_DATE, OUT_OF_DATE, DRAFT, MISSING = (
    "up_to_date",
    "out_of_date",
    "draft",
    "missing",
)
LABELS = {
    UP_TO_DATE: _("up to date"),
    OUT_OF_DATE: _("out of date"),
    DRAFT: _("not published"),
    MISSING: _("missing"),
}


@dataclass(frozen=True)
class LocaleStatus:
    locale: Locale
    state: str
    url: str

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def action(self) -> str:
        """The link's text: what following it does, for this language."""
        language = self.locale.get_display_name()
        if self.state == MISSING:
            return _("Translate into %(language)s") % {"language": language}
        if self.state == OUT_OF_DATE:
            return _("Sync %(language)s") % {"language": language}
        return _("Edit %(language)s") % {"language": language}


def translation_statuses(source_page) -> list[LocaleStatus]:
    """One status for every locale but the source page's own, in locale order."""
    return statuses_of([source_page])[source_page.pk]


def statuses_of(source_pages) -> dict[int, list[LocaleStatus]]:
    """:func:`translation_statuses` of many pages (a listing's) in three queries."""
    keys = {page.translation_key for page in source_pages}
    versions = {
        (page.translation_key, page.locale_id): page
        for page in UrgentActionPage.objects.filter(translation_key__in=keys).only(
            "pk", "translation_key", "locale_id", "live", "last_published_at"
        )
    }
    sources = {
        (source.object_id, source.locale_id): source
        for source in TranslationSource.objects.filter(object_id__in=keys)
    }
    locales = list(Locale.objects.order_by("language_code"))
    return {
        page.pk: [
            status(
                page,
                sources.get((page.translation_key, page.locale_id)),
                versions.get((page.translation_key, locale.pk)),
                locale,
            )
            for locale in locales
            if locale.pk != page.locale_id
        ]
        for page in source_pages
    }


def status(source_page, source, version, locale) -> LocaleStatus:
    if version is None:
        url = reverse("wagtail_localize:submit_page_translation", args=[source_page.pk])
        return LocaleStatus(locale, MISSING, url)
    edit = reverse("wagtailadmin_pages:edit", args=[version.pk])
    if not version.live:
        return LocaleStatus(locale, DRAFT, edit)
    if source is not None and is_behind(source_page, source, version):
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        return LocaleStatus(locale, OUT_OF_DATE, url)
    return LocaleStatus(locale, UP_TO_DATE, edit)


def is_behind(source_page, source, version) -> bool:
    """Up to date only if the source was synced, and the translation published,
    after the source's last publication (the sync time is shared by all locales)."""
    changed = source_page.last_published_at
    if changed is None:
        return False
    synced, published = source.last_updated_at, version.last_published_at
    return synced < changed or published is None or published < changed
