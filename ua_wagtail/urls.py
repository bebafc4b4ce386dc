"""Public endpoints. Include them in your project, e.g. ``path("ua/", include(...))``.

The JSON API's routes come from :mod:`ua_wagtail.reports_api`, under the same
names: ``report-api``, ``totals``, ``totals-by-key``, and ``openapi-json`` and
``openapi-view`` for its OpenAPI document and docs page.
"""

from django.urls import path

from . import views
from .reports_api import api

app_name = "ua_wagtail"

api_urlpatterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("reports/form/<int:page_id>/", views.report_form_view, name="report-form"),
    path("actions/<int:page_id>/reminder.ics", views.reminder_view, name="reminder"),
    *api_urlpatterns,
]
