"""Public JSON endpoints. Include them in your project, e.g. ``path("ua/", include(...))``."""

from django.urls import path

from . import views

app_name = "ua_wagtail"

urlpatterns = [
    path("reports/", views.report_api, name="report-api"),
    path("reports/form/<int:page_id>/", views.report_form_view, name="report-form"),
    path("actions/<int:page_id>/totals/", views.totals_api, name="totals"),
    path(
        "actions/<uuid:translation_key>/totals/",
        views.totals_api,
        name="totals-by-key",
    ),
]
