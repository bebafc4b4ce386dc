"""The reports' admin URLs, in the ``ua_wagtail_admin`` namespace."""

from django.urls import path

from . import admin_views, export_views

urlpatterns = [
    path(
        "summary/<uuid:translation_key>/",
        admin_views.DeliverySummaryView.as_view(),
        name="summary",
    ),
    path(
        "summary/<uuid:translation_key>/adjust/",
        admin_views.AdjustmentView.as_view(),
        name="adjust",
    ),
    path("exports/", export_views.ExportsView.as_view(), name="report_exports"),
    path(
        "exports/prepare/",
        export_views.PrepareExportView.as_view(),
        name="report_export_prepare",
    ),
    path(
        "exports/<int:pk>/",
        export_views.ExportDownloadView.as_view(),
        name="report_export_download",
    ),
]
