"""HTTP caching of API reads.

Anonymous ``GET``\\s of the APIs under ``UA_WAGTAIL_API_PATHS`` may be kept by
shared caches for ``UA_WAGTAIL_API_MAX_AGE`` seconds; with a token or a session
they are private. Every such response gets an ``ETag``, and a request whose
``If-None-Match`` matches gets ``304 Not Modified`` without the body. Views that
set their own ``Cache-Control`` (previews, totals) keep it.
"""

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control

from .conf import ua_settings


class APICacheMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not self.applies(request, response):
            return response
        if not response.has_header("Cache-Control"):
            if self.is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(
                    response, public=True, max_age=ua_settings.API_MAX_AGE
                )
        return super().process_response(request, response)

    @staticmethod
    def applies(request, response) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and request.path_info.startswith(tuple(ua_settings.API_PATHS))
        )

    @staticmethod
    def is_personal(request) -> bool:
        """A token, or a signed-in session. Without a session cookie the session
        is not read, so anonymous answers do not vary by cookie."""
        if "Authorization" in request.headers:
            return True
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)
