"""The package's own system check; each concept registers its checks (the
``checks`` module of reports, translation and headless)."""

from django.core import checks
from django.urls import NoReverseMatch, reverse


@checks.register(checks.Tags.urls)
def check_urls_included(app_configs, **kwargs):
    """The report form posts to ua_wagtail's own URLs: they must be included."""
    try:
        reverse("ua_wagtail:report-api")
    except NoReverseMatch:
        return [
            checks.Error(
                "ua_wagtail's URLs are not included, so action reports cannot be sent.",
                hint='Add path("ua/", include("ua_wagtail.urls")) to your URLconf.',
                id="ua_wagtail.E001",
            )
        ]
    return []
