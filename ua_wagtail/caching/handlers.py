"""Signal receivers that purge what a change makes stale (see :mod:`.urls`).

The app's ``ready()`` connects them when ``wagtail.contrib.frontend_cache`` is
installed; with no front-end cache configured they return at once. Each event
gathers its URLs in one ``PurgeBatch``, sent once the transaction commits:
sent before, a request in between could put the old content back in the cache
for as long as the cache keeps it.

Wagtail's own receiver purges a page published or unpublished at its own URL,
at once. Outside a transaction that is after the change was saved, so the page's
own URLs are left to it; inside one (deleting a page, a snippet or translation
saved in a transaction) they are purged again after the commit.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..pages.models import UrgentActionIndexPage, UrgentActionPage
from ..targets.models import Target
from . import urls

#: Pages whose changes reach beyond their own URL (subclasses included).
PAGE_TYPES = (UrgentActionPage, UrgentActionIndexPage)


def configured() -> bool:
    """Whether a front-end cache is set up (read at each event, so settings
    overridden in tests count): without one nothing is worked out."""
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def purge_after_commit(batch: PurgeBatch) -> None:
    """Purge once the change is visible to other requests (at once outside a
    transaction). A failing CDN API is logged, not raised into the editor's
    request: the change is saved either way."""
    if batch.urls:
        transaction.on_commit(batch.purge, robust=True)


def page_changed(sender, instance, **kwargs):
    """A page published, or unpublished (also just before a live page is deleted:
    Wagtail unpublishes it from a ``pre_delete`` receiver)."""
    if not (issubclass(sender, PAGE_TYPES) and configured()):
        return
    in_transaction = transaction.get_connection().in_atomic_block
    batch = PurgeBatch()
    batch.add_urls(
        urls.changed_pages([instance], batch, own=in_transaction),
    )
    purge_after_commit(batch)


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """A page moved to another parent: its URLs and its descendants' change, old
    and new, and both listings. ``url_path_before`` gives the old URLs, so
    nothing needs keeping from ``pre_page_move``. A reordering among siblings
    changes no URL and no listing (indexes sort by deadline)."""
    if url_path_before == url_path_after:
        return
    if not (issubclass(sender, PAGE_TYPES) and configured()):
        return
    now, before = urls.moved_pages(instance, url_path_before)
    batch = PurgeBatch()
    batch.add_urls(
        urls.changed_pages(
            now, batch, before=before, old_parents=[kwargs["parent_page_before"]]
        )
    )
    purge_after_commit(batch)


def target_changed(sender, instance, created=False, raw=False, **kwargs):
    """A target edited, or about to be deleted (a new one is on no page yet;
    ``raw``: loaded from a fixture)."""
    if created or raw or not configured():
        return
    batch = PurgeBatch()
    batch.add_urls(urls.changed_target(instance, batch))
    purge_after_commit(batch)


def restriction_changed(sender, instance, raw=False, **kwargs):
    """A page made private (a password, a login, groups) or public again: its
    copies, and its descendants', are stale wherever they are listed or linked.
    Wagtail's privacy screen saves the restriction only, not the page."""
    if raw or not configured():
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    pages = [page, *Page.objects.descendant_of(page).live()]
    batch = PurgeBatch()
    batch.add_urls(urls.changed_pages(pages, batch))
    purge_after_commit(batch)


def connect() -> None:
    """Called from the app's ``ready()``. Page signals for every page type (and
    filtered by type above), so that subclasses of ours count."""
    page_published.connect(page_changed, dispatch_uid="ua_wagtail.caching.published")
    page_unpublished.connect(
        page_changed, dispatch_uid="ua_wagtail.caching.unpublished"
    )
    post_page_move.connect(page_moved, dispatch_uid="ua_wagtail.caching.moved")
    post_save.connect(
        target_changed, sender=Target, dispatch_uid="ua_wagtail.caching.target"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"ua_wagtail.caching.restriction.{id(signal)}",
        )
    # Before the delete: after it, Wagtail drops the references to the target.
    pre_delete.connect(
        target_changed,
        sender=Target,
        dispatch_uid="ua_wagtail.caching.target_deleted",
    )
