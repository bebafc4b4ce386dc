"""API v3 (Wagtail's django-ninja API) with wagtail-localize installed."""

from django.apps import apps


def mount_locales() -> None:
    """Mount v3's ``/locales/`` endpoints when wagtail-localize is installed.

    ``wagtail.locales`` mounts them from its ``ready()``; wagtail-localize's
    ``wagtail_localize.locales`` replaces that app and does not, so a front end
    could not list the site's languages. Must run before the API's URLs are read.
    """
    if not (
        apps.is_installed("wagtail.api.v3")
        and apps.is_installed("wagtail_localize.locales")
    ):
        return
    # Importing v3's API builds its schemas from the models' api_fields, which
    # the headless app gives them in its ready(): so not before this is called.
    from wagtail.api.v3.api import api
    from wagtail.locales.api.v3 import router

    if not any(mounted is router for _prefix, mounted in api._routers):
        api.add_router("/locales/", router)
