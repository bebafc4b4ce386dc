"""HTTP caching of public pages: one HTML for every anonymous visitor, kept by
shared caches (a CDN, Varnish) and purged when it changes (:mod:`ua_wagtail.caching`).

A page is the same for every anonymous visitor when nothing in it is personal:
no CSRF token (reports are checked by origin instead, :mod:`..reports.origins`),
no "you already reported" note (the page's script shows it from the cookie).
Such a response says ``public`` with ``s-maxage`` (``UA_WAGTAIL_PAGE_CACHE_SECONDS``)
and a short ``max-age`` for browsers (``UA_WAGTAIL_PAGE_MAX_AGE``), both capped
at the moment the page changes by itself (its days left, its status).

Private, as before, stay: requests with a session cookie or a token (editors),
previews, anything but a ``GET``/``HEAD`` answered ``200``, and pages a view
chooses to keep private (the thank-you after a report).

:class:`SharedCacheMiddleware`, first in ``MIDDLEWARE``, removes what other
middleware adds and a shared cache would have to key on: ``Vary: Cookie`` (the
session was read, but without a session cookie every visitor is anonymous),
``Vary: Accept-Language`` where the URL decides the language, and ``Vary:
Origin`` on a page without CORS headers. A response
that sets a cookie, or holds the visitor's CSRF token (a template of the site's
with a form of its own), is made private, and only a page still shared then is
kept by the process.
"""

import datetime
import math

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_from_path

from ..conf import ua_settings
from ..utils.dates import next_midnight, site_today
from . import rendered

#: What :class:`SharedCacheMiddleware` looks for on a response: that it is
#: shared, and under which key the process may keep it (:mod:`.rendered`).
SHARED, COPY_KEY = "ua_shared_cache", "ua_copy_key"


def anonymous(request) -> bool:
    """No session cookie and no token: a visitor every other visitor looks like."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )


def shareable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and anonymous(request)
    )


def shareable(request, response) -> bool:
    return response.status_code == 200 and shareable_request(request)


def keep_private(response):
    """Browsers revalidate it, shared caches skip it."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def seconds_until(moment: datetime.datetime | None, limit: int) -> int:
    if moment is None:
        return limit
    left = math.floor((moment - timezone.now()).total_seconds())
    return max(0, min(limit, left))


def cache_publicly(request, response, *, until: datetime.datetime | None = None):
    """Let shared caches keep ``response`` (the same for every anonymous visitor)
    until ``until`` at the latest; private when the request is not shareable."""
    if not shareable(request, response):
        return keep_private(response)
    shared = seconds_until(until, ua_settings.PAGE_CACHE_SECONDS)
    patch_cache_control(
        response,
        public=True,
        s_maxage=shared,
        max_age=min(ua_settings.PAGE_MAX_AGE, shared),
    )
    setattr(response, SHARED, True)
    return response


def language_from_url(request) -> bool:
    """Whether the URL alone decides the language, as ``LocaleMiddleware`` does
    with ``i18n_patterns``; it then still adds ``Vary: Accept-Language``."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if not patterns_used:
        return False
    return not prefixed_default or bool(get_language_from_path(request.path_info))


def without_vary(response, names) -> None:
    drop = {name.lower() for name in names}
    kept = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() not in drop
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def personal(request, response) -> bool:
    """Whether rendering made the page one visitor's after all: it sets a cookie
    (a CSRF token, flash messages read), or holds this visitor's CSRF token."""
    return bool(response.cookies) or "CSRF_COOKIE_NEEDS_UPDATE" in request.META


class SharedCacheMiddleware:
    """Keeps a shared page shareable past the other middleware (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, SHARED, False):
            return response
        if personal(request, response):
            del response["Cache-Control"]
            return keep_private(response)
        key = getattr(response, COPY_KEY, None)
        if key is not None:
            rendered.copies.put(key, response.content)
        drop = ["Cookie"]
        if "Access-Control-Allow-Origin" not in response:
            drop.append("Origin")  # django-cors-headers adds it to every response
        if language_from_url(request):
            drop.append("Accept-Language")
        without_vary(response, drop)
        return response


class SharedCachePageMixin:
    """For page types whose HTML is the same for every anonymous visitor: kept by
    shared caches, and rendered once per process (:mod:`.rendered`).

    ``changes_at()`` says when the page changes by itself (by default at the
    site's midnight, when the days left that lists show change);
    ``is_personal(request)`` marks the requests it answers for one visitor;
    ``fill_in(html)`` brings a copy rendered earlier up to date."""

    def changes_at(self) -> datetime.datetime | None:
        return next_midnight()

    def is_personal(self, request) -> bool:
        return False

    def fill_in(self, html: str) -> str:
        return html

    def copy_query(self, request) -> str:
        """The part of the query string the page's HTML depends on (by default
        all of it): other parameters (``utm_source``…) share one copy."""
        return request.META.get("QUERY_STRING", "")

    def serve(self, request, *args, **kwargs):
        if self.is_personal(request):
            return keep_private(super().serve(request, *args, **kwargs))
        key = self.copy_key(request)
        content = rendered.copies.get(key) if key else None
        if content is None:
            response = super().serve(request, *args, **kwargs)
            if key and response.status_code == 200:
                # Kept by the middleware, once it knows the page is no one's.
                setattr(response.render(), COPY_KEY, key)
        else:
            html = self.fill_in(content.decode())
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
        return cache_publicly(request, response, until=self.changes_at())

    def copy_key(self, request) -> tuple | None:
        """Everything this page's HTML for an anonymous visitor depends on."""
        token = rendered.generation() if shareable_request(request) else None
        if token is None:
            return None
        return (
            self.pk,
            self.last_published_at,
            get_language(),
            request.get_host(),
            self.copy_query(request),
            site_today(),
            token,
        )
