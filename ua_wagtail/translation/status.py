"""Which languages an Urgent Action is in, and whether each is in step with the source.

A translation is *out of date* when the source was published after wagtail-
localize last synced it, or after the translation was last published; *not
translated* or *partly translated* while wagtail-localize's own progress
(:meth:`wagtail_localize.models.Translation.get_progress`) says strings are
left, live or not: a page in the source's words is not "up to date". Each
status links to what to do next: translate, update, or edit.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from ..pages.models import UrgentActionPage

UP_TO_DATE, OUT_OF_DATE, NOT_TRANSLATED, PARTLY_TRANSLATED, DRAFT, MISSING = (
    "up_to_date",
    "out_of_date",
    "not_translated",
    "partly_translated",
    "draft",
    "missing",
)
LABELS = {
    UP_TO_DATE: _("up to date"),
    OUT_OF_DATE: _("out of date"),
    NOT_TRANSLATED: _("not translated"),
    DRAFT: _("not published"),
    MISSING: _("missing"),
}


@dataclass(frozen=True)
class LocaleStatus:
    locale: Locale
    state: str
    url: str
    #: The share of strings translated, in whole percent (rounded down, so
    #: 100 means all of them); None where wagtail-localize does not sync it.
    percent: int | None = None

    @property
    def label(self):
        if self.state == PARTLY_TRANSLATED:
            return _("partly translated (%(percent)s%%)") % {"percent": self.percent}
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
    """:func:`translation_statuses` of many pages (a listing's) in four queries."""
    keys = {page.translation_key for page in source_pages}
    versions = {
        (page.translation_key, page.locale_id): page
        for page in UrgentActionPage.objects.filter(translation_key__in=keys).only(
            "pk", "translation_key", "locale_id", "live", "last_published_at"
        )
    }
    sources = TranslationSource.objects.filter(object_id__in=keys)
    by_pk = {source.pk: source for source in sources}
    progress = progress_of(Translation.objects.filter(source__object_id__in=keys))
    # Each language is compared with what it is synced from: the row's own
    # language, or another (a translator's row may be a translation itself).
    synced = {
        (by_pk[source_id].object_id, locale_id): by_pk[source_id]
        for source_id, locale_id in progress
    }
    own = {(source.object_id, source.locale_id): source for source in by_pk.values()}
    locales = list(Locale.objects.order_by("language_code"))

    def of(page, locale):
        key = page.translation_key
        source = synced.get((key, locale.pk)) or own.get((key, page.locale_id))
        original = source and versions.get((key, source.locale_id))
        done = progress.get((getattr(source, "pk", None), locale.pk))
        version = versions.get((key, locale.pk))
        return status(page, source, version, locale, done, original or page)

    return {
        page.pk: [of(page, locale) for locale in locales if locale.pk != page.locale_id]
        for page in source_pages
    }


def progress_of(translations) -> dict[tuple[int, int], tuple[int, int]]:
    """``Translation.get_progress()`` of each synced translation among
    ``translations``, in one query: {(source id, locale id): (strings, translated)}.

    The same count as wagtail-localize's, as subqueries of each translation:
    its source's string segments, and those with a translation into its locale.
    """
    segments = (
        StringSegment.objects.filter(source_id=OuterRef("source_id"))
        .order_by()
        .values("source_id")
    )
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=OuterRef(OuterRef("target_locale_id")),
        has_error=False,
    )

    def count(segments):
        counted = segments.annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    rows = (
        translations.filter(enabled=True)
        .annotate(
            total=count(segments), done=count(segments.filter(Exists(translated)))
        )
        .values_list("source_id", "target_locale_id", "total", "done")
    )
    return {(source, locale): (total, done) for source, locale, total, done in rows}


def status(
    source_page, source, version, locale, progress=None, original=None
) -> LocaleStatus:
    """The state of one language of ``source_page``; ``progress`` is its
    ``(strings, translated)`` when wagtail-localize syncs it from ``source``,
    a version of ``original`` (by default ``source_page``)."""
    if version is None:
        url = reverse("wagtail_localize:submit_page_translation", args=[source_page.pk])
        return LocaleStatus(locale, MISSING, url)
    edit = reverse("wagtailadmin_pages:edit", args=[version.pk])
    percent = None if progress is None else percent_done(*progress)
    behind = source is not None and is_behind(original or source_page, source, version)
    if version.live and behind:
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        return LocaleStatus(locale, OUT_OF_DATE, url, percent)
    if percent is not None and percent < 100:
        state = PARTLY_TRANSLATED if progress[1] else NOT_TRANSLATED
        return LocaleStatus(locale, state, edit, percent)
    state = UP_TO_DATE if version.live else DRAFT
    return LocaleStatus(locale, state, edit, percent)


def percent_done(total: int, done: int) -> int:
    """Rounded down, so that 100 means every string (and none to translate is all)."""
    return done * 100 // total if total else 100


def is_behind(source_page, source, version) -> bool:
    """Up to date only if the source was synced, and the translation published,
    after the source's last publication (the sync time is shared by all locales)."""
    changed = source_page.last_published_at
    if changed is None:
        return False
    synced, published = source.last_updated_at, version.last_published_at
    return synced < changed or published is None or published < changed


def status_of_version(page) -> LocaleStatus | None:
    """The state of ``page`` as its source's listing row shows it; None for a
    page that is no one's translation (the source itself, or a page made
    without wagtail-localize)."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source")
        .first()
    )
    source = getattr(translation, "source", None)
    source_page = source and (
        UrgentActionPage.objects.filter(
            translation_key=page.translation_key, locale_id=source.locale_id
        ).first()
    )
    if source_page is None:
        return None
    progress = progress_of(Translation.objects.filter(pk=translation.pk))
    return status(
        source_page,
        source,
        page,
        page.locale,
        progress.get((source.pk, page.locale_id)),
    )
