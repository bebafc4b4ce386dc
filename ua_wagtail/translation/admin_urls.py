"""The translation's admin URLs, in the ``ua_wagtail_admin`` namespace."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path(
        "translations/<int:page_id>/submit/",
        admin_views.SubmitTranslationView.as_view(),
        name="submit_translation",
    ),
]
