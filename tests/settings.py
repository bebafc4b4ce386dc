"""Test settings: the example site's, on SQLite unless DATABASE_URL is set."""

import os

import dj_database_url

# The example site's development settings (its published key, plain HTTP);
# pytest-django still runs the tests with DEBUG off.
os.environ.setdefault("DEBUG", "true")

from example_site.settings import *  # noqa: E402, F403

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
WAGTAILADMIN_BASE_URL = "http://testserver"
