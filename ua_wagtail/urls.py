"""Public endpoints. Include them in your project, e.g. ``path("ua/", include(...))``.

The JSON API's routes come from :mod:`ua_wagtail.reports.api`, under the same
names: ``report-api``, ``totals``, ``totals-by-key``, and ``openapi-json`` and
``openapi-view`` for its OpenAPI document and docs page. ``health`` is for load
balancers (:mod:`.utils.health`). ``osdi/v1/`` is the read-only OSDI API
(:mod:`.integrations.osdi_api`), ``osdi`` its entry point.
"""

from django.urls import URLPattern, include, path, re_path

from .integrations import osdi_api
from .pages.views import reminder_view
from .reports.api import api
from .reports.views import report_form_view
from .utils.health import health_view
from .utils.json_errors import json_errors, not_found

app_name = "ua_wagtail"

api_urlpatterns, _app_name, _namespace = api.urls


def with_json_errors(pattern: URLPattern) -> URLPattern:
    return URLPattern(
        pattern.pattern,
        json_errors(pattern.callback),
        pattern.default_args,
        pattern.name,
    )


urlpatterns = [
    path("reports/form/<int:page_id>/", report_form_view, name="report-form"),
    *(
        with_json_errors(pattern)
        for pattern in [
            path(
                "actions/<int:page_id>/reminder.ics",
                reminder_view,
                name="reminder",
            ),
            path("health/", health_view, name="health"),
            *api_urlpatterns,
        ]
    ),
    path("osdi/v1/", include(osdi_api.urlpatterns)),
    # Only below the package's own prefixes: a site's pages may share its prefix.
    re_path(r"^(reports|actions|osdi)/", not_found),
]
