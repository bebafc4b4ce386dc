"""The importer's admin URLs, in the ``ua_wagtail_admin`` namespace."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("import/", admin_views.ImportDocumentView.as_view(), name="import"),
    path(
        "import/<int:pk>/",
        admin_views.ImportReviewView.as_view(),
        name="import_review",
    ),
]
