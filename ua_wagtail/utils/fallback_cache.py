"""A cache that stays usable while the one behind it (Redis) cannot be reached.

A site must not answer 500 because its cache went away: reports are still taken,
pages and totals still served. :class:`FallbackCache` passes every operation on
to a cache and, when that one cannot be reached (a socket error, any Redis
error), does it instead in this process's memory. Meanwhile each process counts
the report limits for itself (N processes let a client send N times the limit)
and pages are rendered afresh (:func:`ua_wagtail.pages.rendered.generation`).
After a failure the cache is left alone for ``RETRY_SECONDS``, so that a Redis
that hangs costs one socket timeout per process and interval rather than one per
operation; then it is tried again, and used again once it answers, with no
restart. A warning says so, at most once a minute per process.

Only unreachability is caught: not programming errors, nor the ``ValueError`` of
``incr`` on a missing key. Async operations (``aget``…) are passed on unguarded.

As a cache backend, whose ``LOCATION`` names the cache it guards, it covers every
use of its alias, Wagtail's own among them (site root paths, renditions)::

    CACHES = {
        "default": {
            "BACKEND": "ua_wagtail.utils.fallback_cache.FallbackCache",
            "LOCATION": "redis",
        },
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", …},
    }

:func:`guarded` gives ua_wagtail's own uses the same, whatever the settings.
"""

import functools
import logging
import math
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # Redis is the example site's choice, not a dependency
    UNREACHABLE: tuple[type[Exception], ...] = (OSError,)
else:
    UNREACHABLE = (OSError, RedisError)

#: Seconds a cache is left alone after it failed, before it is tried again.
RETRY_SECONDS = 5
#: Seconds between two warnings about one cache, in a process.
LOG_SECONDS = 60
#: What the memory standing in keeps (Django's default of 300 entries would
#: drop rate-limit counters during a flood).
LOCAL_ENTRIES = 10_000


class StandIn:
    """This process's memory standing in for the cache ``alias``: when that last
    failed, and when that was last logged."""

    def __init__(self, alias: str):
        self.alias = alias
        self.local = LocMemCache(
            f"ua_wagtail.fallback.{alias}", {"OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}}
        )
        self.failed_at = self.logged_at = -math.inf
        self.lock = threading.Lock()

    def active(self) -> bool:
        return time.monotonic() - self.failed_at < RETRY_SECONDS

    def take_over(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.failed_at = now
            log = self.logged_at + LOG_SECONDS <= now
            if log:
                self.logged_at = now
        if log:
            logger.warning(
                "Cache %r unreachable (%s: %s): this process keeps what it "
                "caches, report rate limits among it, in its own memory until the "
                "cache answers again (tried every %s s; logged at most once a "
                "minute).",
                self.alias,
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )


@functools.cache
def stand_in(alias: str) -> StandIn:
    return StandIn(alias)


class FallbackCache:
    """The cache named ``location``, or this process's memory while that cannot
    be reached (see the module)."""

    def __init__(self, location: str, params: dict | None = None):
        self.alias = location

    def __getattr__(self, name: str):
        shared = getattr(caches[self.alias], name)
        if not callable(shared):
            return shared
        standing_in = stand_in(self.alias)

        def operation(*args, **kwargs):
            if not standing_in.active():
                try:
                    return shared(*args, **kwargs)
                except UNREACHABLE as error:
                    standing_in.take_over(error)
            return getattr(standing_in.local, name)(*args, **kwargs)

        return operation

    def unreachable(self) -> bool:
        """Whether operations go to this process's memory now."""
        return stand_in(self.alias).active()


def guarded(alias: str) -> FallbackCache:
    """The cache ``alias``, in this process's memory while it cannot be reached
    (itself if it is a :class:`FallbackCache` already)."""
    found = caches[alias]
    return found if isinstance(found, FallbackCache) else FallbackCache(alias)
