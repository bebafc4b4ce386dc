"""``path("headless/", include("example_site.headless.urls"))``"""

from django.urls import path

from . import views

app_name = "headless"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:name>", views.asset, name="asset"),
]
