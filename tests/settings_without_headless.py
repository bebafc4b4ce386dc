"""The tests' project without ``ua_wagtail.headless``: a site that serves no APIs."""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "ua_wagtail.headless"]
MIDDLEWARE = [name for name in MIDDLEWARE if "ua_wagtail.headless" not in name]
