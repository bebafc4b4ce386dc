"""Settings of ua_wagtail, each read as ``UA_WAGTAIL_<NAME>`` with a default.

Values are read from ``django.conf.settings`` on every access rather than cached,
so ``override_settings`` in tests and per-deployment settings both just work.

========================================  =================  =============================
Setting                                   Default            Meaning
========================================  =================  =============================
``UA_WAGTAIL_CLOSING_SOON_DAYS``          ``7``              An open action whose deadline
                                                             is this many days away or
                                                             fewer is "closing soon".
``UA_WAGTAIL_INDEX_PAGE_SIZE``            ``12``             Urgent Actions per page of an
                                                             index.
``UA_WAGTAIL_MAX_ACTIONS_PER_TYPE``       ``10``             The most actions of one type
                                                             one report may claim.
``UA_WAGTAIL_MAX_ACTIONS_PER_REPORT``     ``20``             The most actions, of all
                                                             types together, one report
                                                             may claim.
``UA_WAGTAIL_MAX_ADJUSTMENT``             ``1e5``            The most actions of one type
                                                             one staff adjustment may
                                                             record.
``UA_WAGTAIL_REPORT_GRACE_DAYS``          ``0``              Days after the deadline on
                                                             which reports are still
                                                             accepted.
``UA_WAGTAIL_REPORT_RATE``                ``"10/h"``         Reports one client (an IPv4
                                                             address, an IPv6 /64) may
                                                             send on one Urgent Action
                                                             ("count/period", the
                                                             period s, m, h or d;
                                                             counted in the cache
                                                             ``RATELIMIT_USE_CACHE``,
                                                             "default", shared between
                                                             processes).
``UA_WAGTAIL_REPORT_NETWORK_RATE``        ``"200/h"``        Reports one network (an IPv4
                                                             /24, an IPv6 /48) may send on
                                                             one Urgent Action (see
                                                             :mod:`ua_wagtail.clients`).
``UA_WAGTAIL_SINGLE_PROCESS``             ``False``          One process serves the site,
                                                             so the rate limits may count
                                                             in its memory (check
                                                             ``ua_wagtail.E002``).
``UA_WAGTAIL_PREVIEW_RATE``               ``"30/m"``         Refused headless preview
                                                             requests (bad or expired
                                                             tokens) one client may make
                                                             before it must wait.
``UA_WAGTAIL_MAX_REPORT_BYTES``           ``4096``           Largest JSON report body
                                                             accepted.
``UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS``     ``24``             Hours a report's
                                                             ``Idempotency-Key`` is kept:
                                                             a retry within them is
                                                             answered with the report
                                                             stored first (see
                                                             :mod:`ua_wagtail.reports.ide
                                                             mpotency`).
``UA_WAGTAIL_CLIENT_IP_HEADER``           ``"REMOTE_ADDR"``  Where the client address is
                                                             (e.g.
                                                             ``HTTP_X_FORWARDED_FOR``
                                                             behind a proxy you trust).
``UA_WAGTAIL_CLIENT_IP_PROXIES``          ``1``              How many proxies you trust
                                                             add an address to that
                                                             header (a CDN or Varnish,
                                                             then a load balancer: 2);
                                                             the client's is that many
                                                             from its end.
``UA_WAGTAIL_REPORTED_COOKIE``            ``"ua_reported"``  Cookie that remembers which
                                                             actions this browser
                                                             reported.
``UA_WAGTAIL_API_MAX_AGE``                ``60``             Seconds shared caches may
                                                             keep an anonymous API read
                                                             (see :mod:`ua_wagtail.middlew
                                                             are`).
``UA_WAGTAIL_PAGE_CACHE_SECONDS``         ``300``            Seconds shared caches (a CDN,
                                                             Varnish) may keep an
                                                             anonymous visit's Urgent
                                                             Action page, index or home
                                                             (``s-maxage``); never past
                                                             the page's next change by
                                                             the calendar. Publishing
                                                             purges sooner (see
                                                             :mod:`ua_wagtail.caching`).
``UA_WAGTAIL_PAGE_MAX_AGE``               ``60``             Seconds browsers may keep
                                                             such a page (``max-age``).
``UA_WAGTAIL_PAGE_COPIES``                ``None``           Whether each process keeps
                                                             the HTML of those pages it
                                                             rendered (see
                                                             :mod:`ua_wagtail.pages.rend
                                                             ered`); ``None``: when
                                                             ``DEBUG`` is off, so that a
                                                             template being edited shows
                                                             at once.
``UA_WAGTAIL_API_PATHS``                  ``("/api/",)``     Path prefixes of the site's
                                                             read APIs: their reads get
                                                             caching headers, and any
                                                             origin may read them (the
                                                             totals always may).
``UA_WAGTAIL_PREVIEW_MAX_AGE``            ``3600``           Seconds a headless preview
                                                             token is valid.
``UA_WAGTAIL_REPORT_ORIGINS``             ``()``             Other sites' origins (such as
                                                             ``"https://www.example.org"``
                                                             ) whose pages may send
                                                             reports (CORS; see
                                                             :mod:`ua_wagtail.cors`).
``UA_WAGTAIL_REPORT_ORIGIN_REGEXES``      ``()``             The same, as regular
                                                             expressions that match the
                                                             whole origin.
``UA_WAGTAIL_IMPORT_MAX_BYTES``           5 MB               Largest Urgent Action
                                                             document (text, DOCX or PDF)
                                                             the importer reads (``5 *
                                                             1024 * 1024`` bytes).
``UA_WAGTAIL_IMPORT_MAX_UNPACKED_BYTES``  ``None``           The most bytes a document may
                                                             unpack to: the parts of a
                                                             DOCX, the page contents of a
                                                             PDF. ``None``: twice
                                                             ``IMPORT_MAX_BYTES`` (10 MB).
``UA_WAGTAIL_IMPORT_MAX_PDF_PAGES``       ``50``             The most pages of a PDF the
                                                             importer reads; a longer PDF
                                                             is refused.
``UA_WAGTAIL_IMPORT_TIME_LIMIT``          ``10``             Seconds of processor time the
                                                             child process reading an
                                                             uploaded DOCX or PDF may use;
                                                             it is stopped after twice
                                                             this on the clock.
``UA_WAGTAIL_IMPORT_MEMORY_LIMIT``        256 MB             Memory that process may take
                                                             beyond what it starts with
                                                             (``256 * 1024 * 1024``
                                                             bytes).
``UA_WAGTAIL_IMPORT_REVIEW_DAYS``         ``30``             Days what an admin import
                                                             read is kept for its review
                                                             screen; older ones are
                                                             deleted (see
                                                             :mod:`ua_wagtail.importer.re
                                                             view`).
``UA_WAGTAIL_LISTING_COUNT_LIMIT``        ``10000``          The most rows an admin
                                                             listing of reports counts;
                                                             past it, it says "more than
                                                             10,000" (see
                                                             :mod:`ua_wagtail.utils.pagin
                                                             ation`).
``UA_WAGTAIL_EXPORT_DAYS``                ``7``              Days an XLSX export of the
                                                             Action reports is kept for
                                                             its requester; older ones are
                                                             deleted, file and record
                                                             (see :mod:`ua_wagtail.reports
                                                             .report_exports`).
``UA_WAGTAIL_IMAGE_SERVE_MAX_SIZE``        ``3000``           The largest width or height,
                                                             in pixels, of a rendition
                                                             made on request (see
                                                             :mod:`ua_wagtail.headless.im
                                                             ages`).
``UA_WAGTAIL_HEALTH_DATABASES``           ``None``           The databases ``/ua/health/``
                                                             checks, by alias; ``None``:
                                                             each in ``DATABASES`` (see
                                                             :mod:`ua_wagtail.utils.healt
                                                             h`).
``UA_WAGTAIL_HEALTH_CACHES``              ``None``           The caches it checks;
                                                             ``None``: each that talks to
                                                             a server.
``UA_WAGTAIL_CONTENT_SECURITY_POLICY``    see below          The Content-Security-Policy
                                                             of Urgent Action pages, their
                                                             indexes and the package's
                                                             admin screens, as a dict of
                                                             directives (django-csp's
                                                             form); ``None`` sends none
                                                             (see :mod:`ua_wagtail.content
                                                             _security`).
``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS``   ``()``             Networks (CIDR) webhooks may
                                                             go to although private, also
                                                             over plain HTTP; otherwise
                                                             only public addresses, over
                                                             HTTPS (see :mod:`ua_wagtail.i
                                                             ntegrations.addresses`).
``UA_WAGTAIL_WEBHOOK_TIMEOUT``            ``10``             Seconds a webhook receiver
                                                             has to answer.
``UA_WAGTAIL_WEBHOOK_RETRY_HOURS``        ``72``             Hours a delivery is retried
                                                             before it is given up.
``UA_WAGTAIL_WEBHOOK_FIRST_RETRY``        ``10``             The wait before the first
                                                             retry; each retry waits twice
                                                             as long as the last.
``UA_WAGTAIL_WEBHOOK_LONGEST_RETRY``      ``3600``           The longest wait between two
                                                             retries.
``UA_WAGTAIL_WEBHOOK_KEEP_DAYS``          ``30``             Days report events and their
                                                             deliveries are kept once
                                                             sent (``purge_action_reports``
                                                             deletes them).
========================================  =================  =============================

The default policy, :data:`CONTENT_SECURITY_POLICY`: everything from the site
itself, images also as ``data:`` URLs, no inline script, no plugins, framed only
by the site (the admin's preview).
"""

from django.conf import settings

PREFIX = "UA_WAGTAIL_"

SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [NONE],
    "object-src": [NONE],
}

DEFAULTS = {
    "CLOSING_SOON_DAYS": 7,
    "INDEX_PAGE_SIZE": 12,
    "MAX_ACTIONS_PER_TYPE": 10,
    "MAX_ACTIONS_PER_REPORT": 20,
    "MAX_ADJUSTMENT": 100_000,
    "REPORT_GRACE_DAYS": 0,
    "REPORT_RATE": "10/h",
    "REPORT_NETWORK_RATE": "200/h",
    "SINGLE_PROCESS": False,
    "PREVIEW_RATE": "30/m",
    "MAX_REPORT_BYTES": 4096,
    "IDEMPOTENCY_KEY_HOURS": 24,
    "CLIENT_IP_HEADER": "REMOTE_ADDR",
    "CLIENT_IP_PROXIES": 1,
    "REPORTED_COOKIE": "ua_reported",
    "API_MAX_AGE": 60,
    "PAGE_CACHE_SECONDS": 300,
    "PAGE_MAX_AGE": 60,
    "PAGE_COPIES": None,
    "API_PATHS": ("/api/",),
    "PREVIEW_MAX_AGE": 3600,
    "REPORT_ORIGINS": (),
    "REPORT_ORIGIN_REGEXES": (),
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_UNPACKED_BYTES": None,
    "IMPORT_MAX_PDF_PAGES": 50,
    "IMPORT_TIME_LIMIT": 10,
    "IMPORT_MEMORY_LIMIT": 256 * 1024 * 1024,
    "IMPORT_REVIEW_DAYS": 30,
    "LISTING_COUNT_LIMIT": 10_000,
    "EXPORT_DAYS": 7,
    "IMAGE_SERVE_MAX_SIZE": 3000,
    "HEALTH_DATABASES": None,
    "HEALTH_CACHES": None,
    "CONTENT_SECURITY_POLICY": CONTENT_SECURITY_POLICY,
    "WEBHOOK_ALLOWED_NETWORKS": (),
    "WEBHOOK_TIMEOUT": 10,
    "WEBHOOK_RETRY_HOURS": 72,
    "WEBHOOK_FIRST_RETRY": 10,
    "WEBHOOK_LONGEST_RETRY": 3600,
    "WEBHOOK_KEEP_DAYS": 30,
}


class UAWagtailSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"ua_wagtail has no setting {PREFIX}{name}")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


ua_settings = UAWagtailSettings()
