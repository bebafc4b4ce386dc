"""The example site as the benchmark serves it: PostgreSQL, Redis cache, no DEBUG."""

import os

import dj_database_url

# Served over plain HTTP on loopback, with a key of its own.
os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "k" * 48)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from example_site.settings import *  # noqa: E402, F403
from example_site.settings import INSTALLED_APPS  # noqa: E402

DEBUG = False
# Static files as collected by no one: the benchmarks measure pages, not files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.benchapp"]
ROOT_URLCONF = "benchmarks.urls"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ua_bench"
        ),
        conn_max_age=600,
    )
}
# As docs/reports.md recommends: psycopg may prepare statements sent with
# server-side binding (ua_wagtail's report statement) after 5 runs on a connection.
# Django's own queries bind on the client and are never prepared, so the baselines
# run as they would on any site. BENCH_PREPARE=0 measures Django's default.
if os.environ.get("BENCH_PREPARE", "1") == "1":
    DATABASES["default"]["OPTIONS"] = {"prepare_threshold": 5}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    }
}
# The load generator gives every request its own client address in this header,
# so rate limiting runs (one cache increment per report) without refusing.
UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
