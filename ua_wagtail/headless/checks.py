"""System checks of the headless app: who may send reports from other sites."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from ..conf import ua_settings


@checks.register(checks.Tags.security)
def check_report_origins(app_configs, **kwargs):
    """Reports from other sites need django-cors-headers, which must let them send
    an Idempotency-Key, and its settings must not open them to every origin."""
    warnings = []
    cors = "corsheaders.middleware.CorsMiddleware"
    reports_from_elsewhere = bool(
        ua_settings.REPORT_ORIGINS or ua_settings.REPORT_ORIGIN_REGEXES
    )
    cors_on = cors in settings.MIDDLEWARE
    if reports_from_elsewhere and not cors_on:
        warnings.append(
            checks.Warning(
                "UA_WAGTAIL_REPORT_ORIGINS is set, but without django-cors-headers "
                "browsers let no other site send reports.",
                hint=f'Add "corsheaders" to INSTALLED_APPS and "{cors}" at the top '
                "of MIDDLEWARE.",
                id="ua_wagtail.W001",
            )
        )
    allowed = {name.lower() for name in getattr(settings, "CORS_ALLOW_HEADERS", ())}
    if reports_from_elsewhere and cors_on and "idempotency-key" not in allowed:
        warnings.append(
            checks.Warning(
                "Pages on the sites in UA_WAGTAIL_REPORT_ORIGINS cannot send an "
                "Idempotency-Key: CORS_ALLOW_HEADERS does not list it, so a report "
                "they send again after a lost answer may be counted twice.",
                hint="CORS_ALLOW_HEADERS = (*corsheaders.defaults.default_headers, "
                '"idempotency-key")',
                id="ua_wagtail.W007",
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
