from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse

from .conf import ua_settings


@checks.register(checks.Tags.urls)
def check_urls_included(app_configs, **kwargs):
    """The report form posts to ua_wagtail's own URLs: they must be included."""
    try:
        reverse("ua_wagtail:report-api")
    except NoReverseMatch:
        return [
            checks.Error(
                "ua_wagtail's URLs are not included, so action reports cannot be sent.",
                hint='Add path("ua/", include("ua_wagtail.urls")) to your URLconf.',
                id="ua_wagtail.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def check_report_origins(app_configs, **kwargs):
    """Reports from other sites need django-cors-headers, and its settings must not
    open them to every origin."""
    warnings = []
    cors = "corsheaders.middleware.CorsMiddleware"
    if (
        ua_settings.REPORT_ORIGINS or ua_settings.REPORT_ORIGIN_REGEXES
    ) and cors not in settings.MIDDLEWARE:
        warnings.append(
            checks.Warning(
                "UA_WAGTAIL_REPORT_ORIGINS is set, but without django-cors-headers "
                "browsers let no other site send reports.",
                hint=f'Add "corsheaders" to INSTALLED_APPS and "{cors}" at the top '
                "of MIDDLEWARE.",
                id="ua_wagtail.W001",
            )
        )
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        warnings.append(
            checks.Warning(
                "CORS_ALLOW_ALL_ORIGINS lets every site's pages send action reports.",
                hint="List the sites that may in UA_WAGTAIL_REPORT_ORIGINS instead.",
                id="ua_wagtail.W002",
            )
        )
    for origin in ua_settings.REPORT_ORIGINS:
        url = urlsplit(origin)
        if not (url.scheme and url.netloc) or origin != f"{url.scheme}://{url.netloc}":
            warnings.append(
                checks.Warning(
                    f"{origin!r} in UA_WAGTAIL_REPORT_ORIGINS is not an origin, so it "
                    "matches no request.",
                    hint='Give scheme and host only, e.g. "https://www.example.org".',
                    id="ua_wagtail.W003",
                )
            )
    return warnings


#: Caches whose counters each process keeps for itself, or that keep none.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security)
def check_rate_limit_cache_shared(app_configs, **kwargs):
    """Report limits count in the cache ``RATELIMIT_USE_CACHE``: kept in each process's
    memory, N processes let a client send N times the limit (and a dummy cache
    limits nothing). DEBUG, or ``UA_WAGTAIL_SINGLE_PROCESS``, says one serves."""
    if settings.DEBUG or ua_settings.SINGLE_PROCESS:
        return []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend not in UNSHARED_CACHES:
        return []
    return [
        checks.Error(
            f"The cache “{alias}” that counts report limits is not shared between "
            "processes: with more than one, each lets a client send the whole limit.",
            hint="Use a shared cache such as Redis "
            "(django.core.cache.backends.redis.RedisCache) for it, or set "
            "UA_WAGTAIL_SINGLE_PROCESS = True if only one process serves the site.",
            id="ua_wagtail.E002",
        )
    ]


@checks.register()
def check_docs_assets_local(app_configs, **kwargs):
    """django-ninja serves its docs pages' Swagger UI from a CDN unless "ninja" is
    an installed app, whose static files then hold it."""
    if apps.is_installed("ninja"):
        return []
    return [
        checks.Warning(
            "The API docs pages (/ua/docs/, /api/v3/docs/) load Swagger UI from a "
            "CDN: readers' browsers contact another site.",
            hint='Add "ninja" to INSTALLED_APPS to serve it from your static files.',
            id="ua_wagtail.W004",
        )
    ]


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
