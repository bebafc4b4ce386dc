"""Settings of ua_wagtail, each read as ``UA_WAGTAIL_<NAME>`` with a default.

Values are read from ``django.conf.settings`` on every access rather than cached,
so ``override_settings`` in tests and per-deployment settings both just work.

=====================================  =======  ==========================================
Setting                                Default  Meaning
=====================================  =======  ==========================================
``UA_WAGTAIL_CLOSING_SOON_DAYS``       ``7``    An open action whose deadline is this many
                                                days away or fewer is "closing soon".
``UA_WAGTAIL_INDEX_PAGE_SIZE``         ``12``   Urgent Actions per page of an index.
``UA_WAGTAIL_MAX_ACTIONS_PER_TYPE``    ``10``   The most actions of one type one report
                                                may claim.
``UA_WAGTAIL_MAX_ADJUSTMENT``          ``1e5``  The most actions of one type one staff
                                                adjustment may record.
``UA_WAGTAIL_REPORT_GRACE_DAYS``       ``0``    Days after the deadline on which reports
                                                are still accepted.
``UA_WAGTAIL_REPORT_RATE``             ``"10/h"``  Reports one client may send (django-
                                                ratelimit syntax; the cache is
                                                ``RATELIMIT_USE_CACHE``, "default").
``UA_WAGTAIL_MAX_REPORT_BYTES``        ``4096`` Largest JSON report body accepted.
``UA_WAGTAIL_CLIENT_IP_HEADER``        ``"REMOTE_ADDR"``  Where the client address is
                                                (e.g. ``HTTP_X_FORWARDED_FOR`` behind
                                                a proxy you trust).
``UA_WAGTAIL_REPORTED_COOKIE``         ``"ua_reported"``  Cookie that remembers which
                                                actions this browser reported.
``UA_WAGTAIL_API_MAX_AGE``             ``60``   Seconds shared caches may keep an
                                                anonymous API read (see
                                                :mod:`ua_wagtail.middleware`).
``UA_WAGTAIL_API_PATHS``               ``("/api/",)``  Path prefixes of the site's
                                                read APIs: their reads get caching
                                                headers, and any origin may read
                                                them (the totals always may).
``UA_WAGTAIL_PREVIEW_MAX_AGE``         ``3600`` Seconds a headless preview token is
                                                valid.
``UA_WAGTAIL_REPORT_ORIGINS``          ``()``   Other sites' origins (such as
                                                ``"https://www.example.org"``) whose
                                                pages may send reports (CORS; see
                                                :mod:`ua_wagtail.cors`).
``UA_WAGTAIL_REPORT_ORIGIN_REGEXES``   ``()``   The same, as regular expressions that
                                                match the whole origin.
``UA_WAGTAIL_IMPORT_MAX_BYTES``        ``5 MB`` Largest Urgent Action document (text,
                                                DOCX or PDF) the importer reads
                                                (``5 * 1024 * 1024`` bytes).
``UA_WAGTAIL_IMPORT_MAX_UNPACKED_BYTES``  ``None``  The most bytes a document may
                                                unpack to: the parts of a DOCX,
                                                the page contents of a PDF.
                                                ``None``: twice
                                                ``IMPORT_MAX_BYTES`` (10 MB).
``UA_WAGTAIL_IMPORT_MAX_PDF_PAGES``    ``50``   The most pages of a PDF the importer
                                                reads; a longer PDF is refused.
``UA_WAGTAIL_IMPORT_TIME_LIMIT``       ``10``   Seconds of processor time the child
                                                process reading an uploaded DOCX
                                                or PDF may use; it is stopped
                                                after twice this on the clock.
``UA_WAGTAIL_IMPORT_MEMORY_LIMIT``     ``256 MB``  Memory that process may take
                                                beyond what it starts with
                                                (``256 * 1024 * 1024`` bytes).
=====================================  =======  ==========================================
"""

from django.conf import settings

PREFIX = "UA_WAGTAIL_"

DEFAULTS = {
    "CLOSING_SOON_DAYS": 7,
    "INDEX_PAGE_SIZE": 12,
    "MAX_ACTIONS_PER_TYPE": 10,
    "MAX_ADJUSTMENT": 100_000,
    "REPORT_GRACE_DAYS": 0,
    "REPORT_RATE": "10/h",
    "MAX_REPORT_BYTES": 4096,
    "CLIENT_IP_HEADER": "REMOTE_ADDR",
    "REPORTED_COOKIE": "ua_reported",
    "API_MAX_AGE": 60,
    "API_PATHS": ("/api/",),
    "PREVIEW_MAX_AGE": 3600,
    "REPORT_ORIGINS": (),
    "REPORT_ORIGIN_REGEXES": (),
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_UNPACKED_BYTES": None,
    "IMPORT_MAX_PDF_PAGES": 50,
    "IMPORT_TIME_LIMIT": 10,
    "IMPORT_MEMORY_LIMIT": 256 * 1024 * 1024,
}


class UAWagtailSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"ua_wagtail has no setting {PREFIX}{name}")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


ua_settings = UAWagtailSettings()
