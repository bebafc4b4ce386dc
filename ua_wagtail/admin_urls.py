from django.urls import path

from . import admin_views

app_name = "ua_wagtail_admin"

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
    path("import/", admin_views.ImportDocumentView.as_view(), name="import"),
    path(
        "translations/<int:page_id>/submit/",
        admin_views.SubmitTranslationView.as_view(),
        name="submit_translation",
    ),
]
