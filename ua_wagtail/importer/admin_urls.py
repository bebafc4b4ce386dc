"""The importer's admin URL, in the ``ua_wagtail_admin`` namespace."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("import/", admin_views.ImportDocumentView.as_view(), name="import"),
]
