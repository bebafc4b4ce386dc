"""Settings of ua_wagtail, each read as ``UA_WAGTAIL_<NAME>`` with a default.

Values are read from ``django.conf.settings`` on every access rather than cached,
so ``override_settings`` in tests and per-deployment settings both just work.

=====================================  =======  ==========================================
Setting                                Default  Meaning
=====================================  =======  ==========================================
``UA_WAGTAIL_CLOSING_SOON_DAYS``       ``7``    An open action whose deadline is this many
                                                days away or fewer is "closing soon".
``UA_WAGTAIL_INDEX_PAGE_SIZE``         ``12``   Urgent Actions per page of an index.
=====================================  =======  ==========================================
"""

from django.conf import settings

PREFIX = "UA_WAGTAIL_"

DEFAULTS = {
    "CLOSING_SOON_DAYS": 7,
    "INDEX_PAGE_SIZE": 12,
}


class UAWagtailSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"ua_wagtail has no setting {PREFIX}{name}")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


ua_settings = UAWagtailSettings()
