from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class UAWagtailConfig(AppConfig):
    name = "ua_wagtail"
    label = "ua_wagtail"
    verbose_name = _("Urgent Actions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Modules that register system checks and signal receivers when imported.
        from . import checks  # noqa: F401
        from .importer import document_imports  # noqa: F401 - uploads go with imports
        from .integrations import checks as integrations_checks  # noqa: F401
        from .pages import rendered
        from .reports import checks as reports_checks  # noqa: F401
        from .reports import (
            offered,  # noqa: F401 - forgets what pages ask on publish
            report_exports,  # noqa: F401 - files go with exports
        )
        from .translation import checks as translation_checks  # noqa: F401
        from .translation import (
            input,  # noqa: F401 - checks what translators type
            workflow,  # noqa: F401 - sets up new indexes
        )

        rendered.connect_signals()
        if apps.is_installed("wagtail.contrib.frontend_cache"):
            from .caching import handlers

            handlers.connect()  # purges what a change makes stale (docs/caching.md)
