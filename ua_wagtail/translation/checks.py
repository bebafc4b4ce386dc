"""System checks of translation."""

from django.apps import apps
from django.conf import settings
from django.core import checks


@checks.register()
def check_new_translations_start_as_drafts(app_configs, **kwargs):
    """wagtail-localize's "Translate this page" publishes the new translation of a
    live page at once, in the source's words (its setting defaults to True): an
    unreviewed page, before any translator has seen it."""
    if not apps.is_installed("wagtail_localize") or not getattr(
        settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True
    ):
        return []
    return [
        checks.Warning(
            "A new translation of a live Urgent Action goes live at once, untranslated "
            "and unreviewed.",
            hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False: it then "
            "starts as a draft, published when a reviewer approves it.",
            id="ua_wagtail.W005",
        )
    ]
