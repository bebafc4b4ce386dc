"""ua_wagtail in Wagtail's admin: each concept registers its own hooks; the
package's admin screens share one URL namespace, ``ua_wagtail_admin``."""

from django.urls import include, path
from wagtail import hooks

from .importer import admin_urls as importer_urls
from .importer import hooks as importer_hooks  # noqa: F401 - registers hooks
from .integrations import hooks as integrations_hooks  # noqa: F401 - registers hooks
from .integrations import webhook_hooks  # noqa: F401 - registers hooks
from .pages import hooks as pages_hooks  # noqa: F401 - registers hooks
from .reports import admin_urls as reports_urls
from .reports import hooks as reports_hooks  # noqa: F401 - registers hooks
from .targets import hooks as targets_hooks  # noqa: F401 - registers hooks
from .translation import admin_urls as translation_urls
from .translation import hooks as translation_hooks  # noqa: F401 - registers hooks


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = reports_urls.urlpatterns + translation_urls.urlpatterns
    urls += importer_urls.urlpatterns
    return [path("ua-wagtail/", include((urls, "ua_wagtail_admin")))]
