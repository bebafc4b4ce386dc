"""Fixed-window counters in Django's cache that take a place and can give it back.

Reports need two things of a rate limit that django-ratelimit (which counts an
attempt when asked, or not at all) does not give: a place is taken atomically
before a report is stored, so that concurrent requests cannot all pass a check
made before any of them is counted; and it is given back when the report is
refused after all, so that refusals cost the next honest reporter nothing. The
cache's ``incr`` is atomic in Redis (and within a process for the local-memory
cache), so N processes sharing a Redis cache hand out exactly the limit.

The counters live in the cache named by ``RATELIMIT_USE_CACHE`` (``"default"``);
while it cannot be reached, in each process's memory instead
(:mod:`ua_wagtail.utils.fallback_cache`): reports are still taken, each process
limiting them on its own.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings

from ..utils.fallback_cache import guarded

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"(\d+)/(\d*)([smhd])")


@dataclass(frozen=True)
class Bucket:
    """``rate`` (``"10/h"``, ``"200/2h"``; ``None``: no limit) of what ``name``
    counts for ``key`` (whose budget: a client and an Urgent Action)."""

    name: str
    key: str
    rate: str | None

    def window(self) -> tuple[int, int, str]:
        """The limit, the seconds left in the current window, and its cache key."""
        match = RATE.fullmatch(self.rate)
        if match is None:
            raise ValueError(f"Not a rate: {self.rate!r} (e.g. '10/h').")
        limit, count, unit = match.groups()
        period = int(count or 1) * PERIODS[unit]
        now = int(time.time())
        start = now - now % period
        digest = hashlib.sha256(f"{self.name}|{self.key}".encode()).hexdigest()[:32]
        return int(limit), start + period - now, f"ua_wagtail:rl:{digest}:{start}"


class Refused(Exception):
    """No place left: ``wait`` seconds until there is."""

    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


def cache():
    """The cache the counters live in, in this process's memory while it cannot
    be reached. The hot path's other lookups (:mod:`.offered`, ``limited_as``, the
    pages' generation) use it too."""
    return guarded(getattr(settings, "RATELIMIT_USE_CACHE", "default"))


def take(buckets) -> list[str]:
    """Take a place in every bucket, or none and raise :class:`Refused`.

    Returns the places taken, for :func:`give_back`.
    """
    store, taken, waits = cache(), [], []
    for bucket in buckets:
        if bucket.rate is None:
            continue
        limit, left, key = bucket.window()
        taken.append(key)
        if _increment(store, key, left + 1) > limit:
            waits.append(max(left, 1))
    if waits:
        give_back(taken)
        raise Refused(max(waits))
    return taken


def give_back(taken: list[str]) -> None:
    """Return places taken by :func:`take`, as if never asked for."""
    store = cache()
    for key in taken:
        try:
            store.decr(key)
        except ValueError:  # the window has ended meanwhile
            pass


def wait(buckets) -> int:
    """Seconds until every bucket has room again (0: now); takes nothing."""
    store, waits = cache(), [0]
    for bucket in buckets:
        if bucket.rate is None:
            continue
        limit, left, key = bucket.window()
        if (store.get(key) or 0) >= limit:
            waits.append(max(left, 1))
    return max(waits)


def count(buckets) -> None:
    """Count one more in every bucket, whatever the limit (refused attempts)."""
    store = cache()
    for bucket in buckets:
        if bucket.rate is not None:
            _limit, left, key = bucket.window()
            _increment(store, key, left + 1)


def _increment(store, key: str, seconds: int) -> int:
    """One more in the counter ``key``, made for ``seconds`` if there is none."""
    store.add(key, 0, seconds)
    try:
        return store.incr(key)
    except ValueError:  # added on one side of a fallback, counted on the other
        store.add(key, 0, seconds)
        return store.incr(key)
