"""System checks of the headless app: who may send reports from other sites."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from ..conf import ua_settings


@checks.register(checks.Tags.security)
def check_report_origins(app_configs, **kwargs):
    """Reports from other sites need django-cors-headers, and its settings must not
    open them to every origin."""
    warnings = []
    cors = "corsheaders.middleware.CorsMiddleware"
    if (
        ua_settings.REPORT_ORIGINS or ua_settings.REPORT_ORIGIN_REGEXES
    ) and cors not in settings.MIDDLEWARE:
        warnings.append(
            checks.Warning(
                "UA_WAGTAIL_REPORT_ORIGINS is set, but without django-cors-headers "
                "browsers let no other site send reports.",
                hint=f'Add "corsheaders" to INSTALLED_APPS and "{cors}" at the top '
                "of MIDDLEWARE.",
                id="ua_wagtail.W001",
            )
        )
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        warnings.append(
            checks.Warning(
                "CORS_ALLOW_ALL_ORIGINS lets every site's pages send action reports.",
                hint="List the sites that may in UA_WAGTAIL_REPORT_ORIGINS instead.",
                id="ua_wagtail.W002",
            )
        )
    for origin in ua_settings.REPORT_ORIGINS:
        url = urlsplit(origin)
        if not (url.scheme and url.netloc) or origin != f"{url.scheme}://{url.netloc}":
            warnings.append(
                checks.Warning(
                    f"{origin!r} in UA_WAGTAIL_REPORT_ORIGINS is not an origin, so it "
                    "matches no request.",
                    hint='Give scheme and host only, e.g. "https://www.example.org".',
                    id="ua_wagtail.W003",
                )
            )
    return warnings
