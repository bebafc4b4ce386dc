from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UAWagtailConfig(AppConfig):
    name = "ua_wagtail"
    label = "ua_wagtail"
    verbose_name = _("Urgent Actions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            cors,  # noqa: F401 - answers django-cors-headers' questions
            translation_workflow,  # noqa: F401 - sets up new translated indexes
            translator_input,  # noqa: F401 - checks what translators type
        )
        from .api.v3 import mount_locales

        mount_locales()
