"""The package's own system check; each concept registers its checks (the
``checks`` module of reports, translation and headless)."""

from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse


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


MIDDLEWARE = "ua_wagtail.pages.caching.SharedCacheMiddleware"
#: The middleware that add ``Vary`` or cookies to its responses, so must come after it.
INNER = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
)


@checks.register(checks.Tags.caches)
def check_shared_cache_middleware(app_configs, **kwargs):
    """Without it, Django's middleware mark public pages ``Vary: Cookie`` (and
    ``Vary: Accept-Language``): a CDN keeps a copy per cookie, that is none."""
    middleware = list(settings.MIDDLEWARE)
    inner = [middleware.index(name) for name in INNER if name in middleware]
    if MIDDLEWARE in middleware and middleware.index(MIDDLEWARE) < min(
        inner, default=len(middleware)
    ):
        return []
    return [
        checks.Warning(
            "ua_wagtail's pages cannot be kept by a shared cache (a CDN): "
            "SharedCacheMiddleware is not in MIDDLEWARE before Django's session, "
            "locale and CSRF middleware.",
            hint=f'Put "{MIDDLEWARE}" first in MIDDLEWARE (see docs/caching.md).',
            id="ua_wagtail.W006",
        )
    ]


#: Settings that count days to keep something: at least one, or what they keep
#: would be deleted as soon as it is made.
RETENTION_DAYS = ("IMPORT_REVIEW_DAYS", "EXPORT_DAYS")


@checks.register()
def check_retention_days(app_configs, **kwargs):
    from .conf import PREFIX, ua_settings

    errors = []
    for name in RETENTION_DAYS:
        value = getattr(ua_settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                checks.Error(
                    f"{PREFIX}{name} must be a whole number of days, 1 or more "
                    f"(it is {value!r}): what it keeps would be deleted at once.",
                    id="ua_wagtail.E005",
                )
            )
    return errors
