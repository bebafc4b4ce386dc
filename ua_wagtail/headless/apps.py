from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeadlessConfig(AppConfig):
    """``ua_wagtail.headless``: install it (after ``ua_wagtail``) to serve Urgent
    Actions to headless front ends through Wagtail's APIs."""

    name = "ua_wagtail.headless"
    label = "ua_wagtail_headless"
    verbose_name = _("Urgent Actions for headless front ends")

    def ready(self):
        from . import checks, cors  # noqa: F401 - system checks, CORS answers
        from .fields import give_api_fields
        from .v3 import mount_locales

        give_api_fields()  # before API v3 reads the models, which mounting does
        mount_locales()
