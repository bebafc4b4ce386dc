"""Settings of the example site: a small Wagtail project that installs ua_wagtail.

Everything a deployment sets comes from the environment. ``DEBUG`` is off unless
``DEBUG=true``: ``make demo`` sets it. With ``DEBUG`` off the site needs its own
``SECRET_KEY`` (it refuses to start without one, or with the example's published
development key: with it anyone can forge sessions and preview tokens) and is
HTTPS-only (``manage.py check --deploy`` has nothing to say); see
docs/security.md. docs/deployment.md lists every variable read here and runs
the site as production does (``make cluster``): several app servers, Redis,
object storage, a task worker, a load balancer and Varnish.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ua_wagtail.conf import CONTENT_SECURITY_POLICY
from ua_wagtail.conf import DEFAULTS as UA_WAGTAIL_DEFAULTS


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in ("true", "1", "yes", "on")


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; anything else refuses to start."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} is a whole number: 0, 1, 2…")
    return int(value)


def env_list(name: str) -> list[str]:
    items = (item.strip() for item in os.environ.get(name, "").split(","))
    return [item for item in items if item]


BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_flag("DEBUG", False)
#: Published with the example site: for development (DEBUG) only.
DEVELOPMENT_KEY = "example-site-insecure-key-for-local-use"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEVELOPMENT_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY.strip() in ("", DEVELOPMENT_KEY):
    raise ImproperlyConfigured(
        "DEBUG is off: set SECRET_KEY to a long random value of your own "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))"). The '
        "example site's development key is published: with it anyone could forge "
        "sessions and preview tokens."
    )
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# Origins of forms posted to the site through a proxy that renames it, e.g.
# "https://actions.example.org" (comma-separated).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS only, once DEBUG is off (each can be turned off for a plain-HTTP test).
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_ALL", True)
if env_flag("BEHIND_HTTPS_PROXY", False):  # the proxy says which scheme it was
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers ask for the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^ua/health/$"]

# The client's address, for the rate limits on reports: behind proxies of your
# own (Varnish or a CDN, then a load balancer), how many of them append to
# X-Forwarded-For. Unset, the connection's own address counts.
if proxy_hops := env_int("TRUSTED_PROXY_HOPS", 0):
    UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    UA_WAGTAIL_CLIENT_IP_PROXIES = proxy_hops
# Any of ua_wagtail's settings with a number, text, yes/no or list for its
# default (docs/settings.md) may be set in the environment under its own name,
# e.g. UA_WAGTAIL_REPORT_RATE=20/h or UA_WAGTAIL_API_PATHS=/api/,/v1/.
for setting, default in UA_WAGTAIL_DEFAULTS.items():
    if (value := os.environ.get(f"UA_WAGTAIL_{setting}")) is None:
        continue
    if isinstance(default, bool):
        value = env_flag(f"UA_WAGTAIL_{setting}", default)
    elif isinstance(default, int):
        value = env_int(f"UA_WAGTAIL_{setting}", default)
    elif isinstance(default, tuple):
        value = tuple(env_list(f"UA_WAGTAIL_{setting}"))
    elif not isinstance(default, str):
        raise ImproperlyConfigured(
            f"Set UA_WAGTAIL_{setting} in settings, not in the environment."
        )
    globals()[f"UA_WAGTAIL_{setting}"] = value

INSTALLED_APPS = [
    "example_site.home",
    "ua_wagtail",
    "ua_wagtail.headless",  # the APIs' fields, previews, CORS (optional)
    "wagtail_headless_preview",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",  # purges a CDN or proxy on change
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "rest_framework",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "csp",
    "corsheaders",
    "django_tasks_db",  # the task queue: XLSX exports of reports are built by a worker
    "django_tasks_rq",  # the same on Redis (TASKS_BACKEND=rq)
    "django_rq",
    "storages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Static files with hashed names, from each app server, before anything else.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages stay shareable past what the others add (Vary: Cookie).
    "ua_wagtail.pages.caching.SharedCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "ua_wagtail.headless.middleware.APIQueryMiddleware",
    "ua_wagtail.headless.middleware.APICacheMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,  # a restarted PostgreSQL costs no request
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the health check in time for the
    # load balancer's (2 s), rather than hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock (up to 20 s) instead of failing at once with
    # "database is locked" when a transaction that read first starts to write;
    # in WAL mode readers (page views, totals) never wait for a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL",
    )

# The rate limits on reports count in the cache: shared (Redis) when more than one
# process serves; runserver is one, so DEBUG may keep it in memory. While Redis
# cannot be reached, each process uses its own memory instead (FallbackCache, for
# Wagtail's uses of the cache too), and a Redis that does not answer within half
# a second counts as unreachable rather than holding requests up: docs/reports.md.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "ua_wagtail.utils.fallback_cache.FallbackCache",
            "LOCATION": "redis",
        },
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("be", _("Belarusian")),
]
WAGTAIL_I18N_ENABLED = True
# "Translate this page" makes a draft, not a live page in the source's words: it
# goes live when a reviewer approves the translation (docs/translation.md).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Static files: with DEBUG off, `manage.py collectstatic` gives them names with
# their hash, compressed copies, and WhiteNoise serves them for a year from
# each app server (a CDN or Varnish in front keeps them).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media (images, documents) and XLSX exports of reports on S3-compatible object
# storage, so that every app server and worker sees the same files: set the
# bucket, and AWS_S3_ENDPOINT_URL for a store other than Amazon's (MinIO, Ceph,
# Scaleway…). Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
# (or an instance role). Nothing in the bucket is public: files are linked with
# signed URLs that expire, exports are only ever downloaded through the site.
if AWS_STORAGE_BUCKET_NAME := os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "").strip("/")  # a prefix: "ua"
    AWS_DEFAULT_ACL = None  # the bucket's own policy: private
    AWS_S3_FILE_OVERWRITE = False  # two uploads of "photo.jpg" keep both
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 3600)
    AWS_S3_SIGNATURE_VERSION = "s3v4"  # what stores other than Amazon's expect
    # Renditions (the images pages show) under a prefix of their own, linked
    # without a signature: a cached page's image links must not expire. Let
    # the bucket's policy allow anyone to read that prefix, or serve it through
    # a CDN (AWS_S3_PUBLIC_DOMAIN); originals and exports stay private.
    STORAGES["renditions"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "location": f"{AWS_LOCATION}/renditions".lstrip("/"),
            "querystring_auth": False,
            "custom_domain": os.environ.get("AWS_S3_PUBLIC_DOMAIN") or None,
        },
    }
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"

WAGTAIL_SITE_NAME = "Urgent Actions (example site)"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WAGTAILAPI_LIMIT_MAX = 100  # the reference front end lists every index page
# Editors can preview drafts in the reference front end served at /headless/.
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "/headless/"}}  # same origin
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nothing may call other hosts at run time

# Background tasks (django-tasks) go to a queue in the database, which a worker
# runs: `manage.py db_worker` (`make demo` starts one beside runserver). XLSX
# exports of action reports are built there (docs/reports.md#exports), as are
# Wagtail's own tasks, such as purging the front-end cache.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# On a larger site, RQ on Redis (TASKS_BACKEND=rq): `manage.py rqworker` runs
# the tasks, and the database takes none of the queue's polling and locking
# (docs/deployment.md#task-workers).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
if TASKS_BACKEND == "rq":
    if not (rq_redis_url := os.environ.get("RQ_REDIS_URL") or REDIS_URL):
        raise ImproperlyConfigured("TASKS_BACKEND=rq: set REDIS_URL or RQ_REDIS_URL.")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": rq_redis_url,
            "DEFAULT_TIMEOUT": 600,  # seconds a task may run: a large export
        }
    }
    # The worker runs django-tasks' tasks, not plain RQ functions.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
elif TASKS_BACKEND != "db":
    raise ImproperlyConfigured('TASKS_BACKEND is "db" (the default) or "rq".')

# A caching proxy in front of the site (docs/caching.md): FRONTEND_CACHE_URL is
# where it takes PURGE requests, e.g. http://127.0.0.1:6081 for the Varnish of
# deploy/varnish/default.vcl. Publishing, unpublishing, moving or deleting
# an Urgent Action or an index, or editing a target, then purges every URL that
# shows it. Unset, nothing is purged. For Cloudflare, CloudFront or Azure, set
# WAGTAILFRONTENDCACHE to their backends instead (see docs/caching.md).
if FRONTEND_CACHE_URL := os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
# Each translation is a page of its own and is purged at its own URL: Wagtail
# need not purge every URL again under each language prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# CORS, through django-cors-headers with ua_wagtail's rules (ua_wagtail/headless/cors.py):
# any origin may read the totals and the APIs; pages served by local development
# servers (a headless front end, say) may also send reports.
if DEBUG:
    UA_WAGTAIL_REPORT_ORIGIN_REGEXES = [r"http://(127\.0\.0\.1|localhost)(:\d+)?"]
# Those pages send each report with an Idempotency-Key, and read Retry-After to
# know when to send it again (docs/reports.md).
CORS_ALLOW_HEADERS = (*cors_default_headers, "idempotency-key")
CORS_EXPOSE_HEADERS = ["Retry-After", "Idempotent-Replayed"]

# Content-Security-Policy (django-csp) on every page but the admin's, whose own
# scripts need more: there it is only reported (in the browser's console).
# ua_wagtail's pages and admin screens send their own, the same, policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": CONTENT_SECURITY_POLICY,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
}

# Logs on stdout, for the process manager to collect: one JSON object a line
# with DEBUG off (LOG_FORMAT=json), plain text with it (LOG_FORMAT=text).
# Wagtail's INFO lines are its audit trail (who published what): kept in
# production, left out of the development server's console.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING" if DEBUG else "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"request_path_only": {"()": "example_site.logs.RequestPathOnly"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
            "filters": ["request_path_only"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Django's own messages go to the root's handler, once.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
