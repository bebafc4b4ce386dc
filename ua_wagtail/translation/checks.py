"""System checks of translation."""

from django.apps import apps
from django.conf import settings
from django.core import checks


@checks.register()
def check_new_translations_start_as_drafts(app_configs, **kwargs):
    """wagtail-localize's "Translate this page" publishes the new translation of a
    live page at once, in the source's words (its setting defaults to True): an
    unreviewed page, before any translator has seen it. ua_wagtail's own pages
    stay drafts whatever the setting (:class:`..pages.models.NewTranslationsAreDrafts`);
    the site's other pages and snippets follow it."""
    if not apps.is_installed("wagtail_localize") or not getattr(
        settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True
    ):
        return []
    return [
        checks.Warning(
            "A new translation of a live page goes live at once, untranslated and "
            "unreviewed. Urgent Actions and their indexes are kept as drafts "
            "whatever this setting, but the site's other pages (the home page, "
            "a section above the Urgent Actions) and its snippets follow it.",
            hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False: every "
            "new translation then starts as a draft, published when a reviewer "
            "approves it or an editor publishes it.",
            id="ua_wagtail.W005",
        )
    ]
