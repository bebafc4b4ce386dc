from django.urls import path

from benchmarks.benchapp.views import bare_report
from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/bare/", bare_report), *site_urlpatterns]
