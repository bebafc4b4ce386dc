"""Public pages rendered once and served many times from the process's memory.

The HTML an anonymous visitor gets is the same for every one of them in a
language (:mod:`.caching`), so each process renders a page once and keeps the
copy, keyed by everything that HTML depends on: the page and its last publish,
the language, the host and query string, the site's date (days left, status)
and the *generation*.

The generation is a token in the shared cache (``RATELIMIT_USE_CACHE``, the
one check ``ua_wagtail.E002`` wants shared) that every process reads on each
request, and that changes whenever something a page may show changes
elsewhere: any page saved (published, unpublished, a draft), moved or deleted
(its listing, translations, links), made private or public again, a Target,
Site or Locale saved or deleted. A copy is
also dropped after ``UA_WAGTAIL_PAGE_CACHE_SECONDS`` at the latest, so that
what nothing signals (a renamed document, say) is as fresh here as in a CDN.
A cache that keeps nothing (``DummyCache``) gives no generation: no copies.
Nor are there any with ``UA_WAGTAIL_PAGE_COPIES = False``, or by default with
``DEBUG`` on (a template being edited shows at once).

There are none either while the shared cache cannot be reached
(:mod:`ua_wagtail.utils.fallback_cache`): a change made in another process would
not reach this one, so every request renders its page afresh. Once the cache is
back, copies from before may be served again until they expire (a change made
meanwhile could not renew the generation).

What changes with every report, the totals, is filled in on each request
(:meth:`UrgentActionPage.fill_in`).
"""

import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.db import transaction

from ..conf import ua_settings
from ..reports.rate_limits import cache as shared_cache

GENERATION = "ua_wagtail:pages:generation"
#: Copies each process keeps (a page in one language is about 35 KB).
SIZE = 256


def enabled() -> bool:
    wanted = ua_settings.PAGE_COPIES
    return not settings.DEBUG if wanted is None else bool(wanted)


def generation() -> str | None:
    """The current token; ``None`` when there are no copies (see the module)."""
    if not enabled():
        return None
    cache = shared_cache()
    token = cache.get(GENERATION)
    if cache.unreachable():
        return None
    if token is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION)
    return token


def new_generation(**kwargs) -> None:
    """A signal receiver: every copy rendered before is stale. Again once the
    change is committed: a request in between, reading from before it, may have
    rendered and kept the old content under the first new generation."""
    renew()
    transaction.on_commit(renew)


def renew() -> None:
    shared_cache().set(GENERATION, uuid.uuid4().hex, timeout=None)


class Copies:
    """The most recently used copies, each until it expires; safe across threads."""

    def __init__(self, size: int = SIZE):
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict = OrderedDict()

    def get(self, key) -> bytes | None:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            content, expires = found
            if expires <= time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return content

    def put(self, key, content: bytes) -> None:
        expires = time.monotonic() + ua_settings.PAGE_CACHE_SECONDS
        with self.lock:
            self.items[key] = (content, expires)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


copies = Copies()


def connect_signals() -> None:
    """Receive what makes every copy stale (called by the app when ready)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, PageViewRestriction, Site
    from wagtail.signals import post_page_move

    from ..targets.models import Target

    post_save.connect(page_changed, weak=False)
    post_delete.connect(page_changed, weak=False)
    post_page_move.connect(new_generation, weak=False)
    for model in (Target, Site, Locale, PageViewRestriction):
        post_save.connect(new_generation, sender=model, weak=False)
        post_delete.connect(new_generation, sender=model, weak=False)


def page_changed(sender, **kwargs) -> None:
    """A page of any type saved (published, unpublished, a draft) or deleted."""
    from wagtail.models import Page

    if issubclass(sender, Page):
        new_generation()
