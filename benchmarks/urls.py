from django.urls import path

from benchmarks.benchapp.views import bare_report, cached_plain_page
from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/bare/", bare_report),
    path("bench/cached-plain-page/", cached_plain_page),
    *site_urlpatterns,
]
