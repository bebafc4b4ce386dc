"""System checks of reports: a shared cache for the rate limits, a database the
report store can write to, Idempotency-Keys kept long enough, and the API docs'
assets."""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import connections

from ..conf import ua_settings
from .rate_limits import RATE

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


#: The databases the report store writes to: PostgreSQL in one statement, SQLite
#: through the ORM; both take the tallies' INSERT … ON CONFLICT upsert.
SUPPORTED_DATABASES = {"postgresql", "sqlite"}


@checks.register(checks.Tags.database)
def check_database_supported(app_configs, databases=None, **kwargs):
    """The tallies are kept with ``INSERT … ON CONFLICT … DO UPDATE``, which
    MySQL, MariaDB and Oracle do not have: refuse them rather than fail on the
    first report."""
    vendors = {connections[alias].vendor for alias in databases or ["default"]}
    return [
        checks.Error(
            f"ua_wagtail stores action reports on PostgreSQL or SQLite, not on "
            f"{vendor}.",
            hint="Use PostgreSQL (recommended for a campaign) or SQLite.",
            id="ua_wagtail.E003",
        )
        for vendor in sorted(vendors - SUPPORTED_DATABASES)
    ]


@checks.register()
def check_idempotency_keys_kept(app_configs, **kwargs):
    """A retry is answered with its report only while the key is kept: kept for
    less than an hour, a client's retries (the page's script tries for a minute,
    and again on the next visit) would store the report again."""
    hours = ua_settings.IDEMPOTENCY_KEY_HOURS
    if isinstance(hours, int | float) and not isinstance(hours, bool) and hours >= 1:
        return []
    return [
        checks.Error(
            f"UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS is {hours!r}: a report sent again "
            "after a lost answer would be counted twice.",
            hint="Keep keys at least 1 hour; the default is 24.",
            id="ua_wagtail.E004",
        )
    ]


#: The rate settings, each "count/period" (rate_limits.RATE).
RATES = ("REPORT_RATE", "REPORT_NETWORK_RATE", "PREVIEW_RATE")


@checks.register()
def check_rates(app_configs, **kwargs):
    """A rate that cannot be read would fail every report (a 500), not the
    start: say so at the start. ``None`` is no limit."""
    return [
        checks.Error(
            f"UA_WAGTAIL_{name} is {value!r}, not a rate.",
            hint='Write it as "count/period", the period s, m, h or d: "10/h" '
            "(None: no limit).",
            id="ua_wagtail.E006",
        )
        for name in RATES
        if (value := getattr(ua_settings, name)) is not None  # no limit
        and not (isinstance(value, str) and RATE.fullmatch(value))
    ]


@checks.register()
def check_client_address(app_configs, **kwargs):
    """Where the client's address is read: a header Django does not have
    (``X-Forwarded-For`` rather than ``HTTP_X_FORWARDED_FOR``) or no proxy
    counted would give every client the proxy's address, one limit for all."""
    header, proxies = ua_settings.CLIENT_IP_HEADER, ua_settings.CLIENT_IP_PROXIES
    errors = []
    if not isinstance(header, str) or not (
        header == "REMOTE_ADDR" or header.startswith("HTTP_")
    ):
        errors.append(
            checks.Error(
                f"UA_WAGTAIL_CLIENT_IP_HEADER is {header!r}: not a name in "
                "request.META.",
                hint='"REMOTE_ADDR", or a header as Django names it: '
                '"HTTP_X_FORWARDED_FOR".',
                id="ua_wagtail.E007",
            )
        )
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 1:
        errors.append(
            checks.Error(
                f"UA_WAGTAIL_CLIENT_IP_PROXIES is {proxies!r}.",
                hint="The number of proxies of your own that append to the "
                "header: 1 or more.",
                id="ua_wagtail.E007",
            )
        )
    return errors
