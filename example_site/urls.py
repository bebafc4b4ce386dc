from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents import urls as wagtaildocs_urls

from ua_wagtail.headless.images import ServeView
from ua_wagtail.headless.v2 import PagePreviewAPIViewSet

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PagesAPIViewSet)
api_v2.register_endpoint("page_preview", PagePreviewAPIViewSet)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Renditions made on request, from whatever storage holds the originals (S3
    # in production): for headless front ends, each URL signed by the site, and
    # only of bounded sizes (ua_wagtail's ServeView, not Wagtail's).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/v2/", api_v2.urls),
    path("api/v3/", api_v3.urls),
    path("headless/", include("example_site.headless.urls")),
    path("ua/", include("ua_wagtail.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English, the default language, has no prefix: /urgent-actions/…, /fr/urgent-actions/…
# (a prefixed default would also redirect the JSON API's 404s to HTML pages).
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)), prefix_default_language=False
)
