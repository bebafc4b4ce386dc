"""The site's health, for load balancers and orchestrators: ``GET /ua/health/``.

Each database answers a ``SELECT 1``, and each cache that talks to a server
(Redis, Memcached, a database cache) stores and returns a short-lived key. Caches
in the process itself (local memory, dummy, files) cannot fail that way and are
skipped; so is a :class:`~.fallback_cache.FallbackCache`, which answers even when
the cache it guards does not: that cache, under its own alias, is checked
instead. ``UA_WAGTAIL_HEALTH_DATABASES`` and ``UA_WAGTAIL_HEALTH_CACHES`` narrow
the checks to the aliases they name.

The answer is 200 ``{"status": "ok", "checks": {"database:default": "ok", …}}``,
or 503 with each failed check's exception class in place of ``"ok"``: the
endpoint is public, and messages may name hosts, ports or a password in a URL
(the error is logged). Nothing is cached, no session or cookie is touched,
and nothing limits how often it is asked.

``?checks=database`` runs the database checks only, ``?checks=cache`` the
caches'. Load balancers ask for the first: an app server that cannot reach
Redis still serves (each process counts in its own memory meanwhile,
:mod:`.fallback_cache`), and Redis down is down for every app server at once,
so it must not take them all out of rotation; monitoring asks for everything.

A check takes as long as its backend lets a connection hang: give the database
``connect_timeout`` and the Redis cache socket timeouts (the example site's:
0.5 s) so that a dead server fails the check rather than the load balancer's
request.
"""

import logging
import secrets

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..conf import ua_settings
from .fallback_cache import FallbackCache

logger = logging.getLogger(__name__)

#: Caches that keep what they hold in this process or on its disk: nothing to reach.
IN_PROCESS = (LocMemCache, DummyCache, FileBasedCache, FallbackCache)
#: Seconds the key a cache check stores is kept, should its deletion be lost.
KEY_SECONDS = 10


class WrongValue(Exception):
    """The cache answered, but not with what was just stored in it."""


def check_database(alias: str) -> None:
    """``SELECT 1`` on the database ``alias``. A connection that failed is
    closed, so that the next check connects afresh rather than reuse it (one
    the database server dropped, after a restart, stays broken otherwise)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        connection.close()
        raise


def check_cache(alias: str) -> None:
    """Stores a key of its own in the cache ``alias`` and reads it back."""
    cache = caches[alias]
    key, value = f"ua_wagtail:health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, KEY_SECONDS)
    try:
        if cache.get(key) != value:
            raise WrongValue
    finally:
        cache.delete(key)


def database_aliases() -> list[str]:
    chosen = ua_settings.HEALTH_DATABASES
    return list(connections) if chosen is None else list(chosen)


def cache_aliases() -> list[str]:
    chosen = ua_settings.HEALTH_CACHES
    if chosen is not None:
        return list(chosen)
    return [
        alias for alias in caches.settings if not isinstance(caches[alias], IN_PROCESS)
    ]


#: What ``?checks=`` may name.
KINDS = ("database", "cache")


def checks(kinds=KINDS) -> dict[str, str]:
    """Each check's name and ``"ok"``, or the class of the exception it raised;
    only the checks of ``kinds``."""
    planned = []
    if "database" in kinds:
        planned += [(f"database:{a}", check_database, a) for a in database_aliases()]
    if "cache" in kinds:
        planned += [(f"cache:{a}", check_cache, a) for a in cache_aliases()]
    results = {}
    for name, check, alias in planned:
        try:
            check(alias)
        except Exception as error:
            logger.warning("Health check %s failed: %r", name, error)
            results[name] = type(error).__name__
        else:
            results[name] = "ok"
    return results


@csrf_exempt  # GET and HEAD only: other methods get the JSON 405, not CSRF's page
@require_safe
def health_view(request):
    """200 when every check passes, 503 otherwise (see the module)."""
    kinds = request.GET.get("checks", ",".join(KINDS)).split(",")
    if unknown := [kind for kind in kinds if kind not in KINDS]:
        said = _("Not a kind of check: %(unknown)s. Kinds: %(kinds)s.") % {
            "unknown": ", ".join(unknown)[:100],
            "kinds": ", ".join(KINDS),
        }
        return JsonResponse({"checks": [said]}, status=400)
    results = checks(kinds)
    healthy = all(result == "ok" for result in results.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
    patch_cache_control(response, no_store=True)
    return response
