"""The tests' own project: ua_wagtail with every app it works with, on SQLite in
memory unless ``DATABASE_URL`` says otherwise.

It shares the example site's URLs and home page (``example_site.home``: the
demo the browser journeys load, and the reference headless front end), not its
settings: the tests set what they rely on here, and the example site stays free
to change for its users.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.utils.translation import gettext_lazy as _

from ua_wagtail.conf import CONTENT_SECURITY_POLICY

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "tests-only-" + "x" * 50  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "example_site.home",
    "ua_wagtail",
    "ua_wagtail.headless",
    "wagtail_headless_preview",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
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
    "ninja",
    "csp",
    "corsheaders",
    "django_tasks_db",  # for the tests that run exports through its worker
    "django_rq",  # the same through django-tasks-rq's queue and RQ's worker
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: public pages stay shareable past what the others add (Vary: Cookie).
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
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "sqlite:///:memory:")
    )
}
# Fast hashing: tests log users in many times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

WAGTAIL_SITE_NAME = "Urgent Actions (tests)"
WAGTAIL_I18N_ENABLED = True
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "/headless/"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No front-end cache: tests/caching configures one where it purges. Each
# translation is a page of its own, purged at its own URL (docs/caching.md).
WAGTAILFRONTENDCACHE_LANGUAGES = []
# Wagtail's tasks (purges among them) and the reports' XLSX exports run at once,
# in the request that asks; tests/reports/test_exports.py and tests/tasks also
# run them through django-tasks-db's and django-tasks-rq's queues and workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Pages of local development servers (the browser tests' live server) may send
# reports, as in the example site's development mode.
UA_WAGTAIL_REPORT_ORIGIN_REGEXES = [r"http://(127\.0\.0\.1|localhost)(:\d+)?"]
# As the example site: other sites' pages send an Idempotency-Key and read Retry-After.
CORS_ALLOW_HEADERS = (*cors_default_headers, "idempotency-key")
CORS_EXPOSE_HEADERS = ["Retry-After", "Idempotent-Replayed"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": CONTENT_SECURITY_POLICY,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
}
