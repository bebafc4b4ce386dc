"""Which URLs a change makes stale.

A change to a page (published, unpublished, moved, deleted) affects:

- the page itself, at its URL and its other cached paths (an index's pages);
- its live translations: their language switchers and ``hreflang`` links name it;
- the live ancestors of each, below the tree's root: the index and the home
  page that list it;
- the pages that link to it (Wagtail's reference index: the next action in a
  series, rich-text links);
- the documents served by id of each of these pages but the ancestors:
  ``/api/v2/pages/<id>/``, ``/api/v3/pages/<id>/`` and an action's calendar
  reminder, found by reversing their URL names, so wherever the project mounts
  them.

A change to a target affects the pages that choose it or one of its
translations, and their API documents.

Every step is one query for all the pages, whatever their number (an index's
listing pages cost one count per index), and page URLs are built from the
site root paths, cached once per batch: no query per page or per URL.
"""

import copy
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, ReferenceIndex, Site

from ..pages.models import UrgentActionPage
from ..targets.models import Target

#: The views that serve a page by its id, as (URL name, id argument, page type;
#: None for every type). Wagtail's v2 router must be named "wagtailapi" (as in
#: Wagtail's documentation); a route the project does not mount is skipped.
DOCUMENT_ROUTES = (
    ("wagtailapi:pages:detail", "pk", None),
    ("wagtailapi_v3:detail_page", "page_id", None),
    ("ua_wagtail:reminder", "page_id", UrgentActionPage),
)


def page_urls(pages: Iterable[Page], cache_object) -> set[str]:
    """Each page's full URL joined with each of its cached paths, as Wagtail's
    own handler builds them (``frontend_cache.utils._get_page_cached_urls``).

    ``cache_object`` keeps the site root paths between pages (the batch)."""
    urls = set()
    for page in pages:
        url = page.get_full_url(cache_object)
        if url is not None:  # not routable
            paths = page.specific_deferred.get_cached_paths()
            urls.update(url + path.lstrip("/") for path in paths)
    return urls


def document_urls(pages: Iterable[Page]) -> set[str]:
    """The pages as the APIs (and an action's reminder) serve them by id, on the
    host of each page's site."""
    pages = list(pages)
    roots = Site.get_site_root_paths()  # cached by Wagtail: one query at most
    urls = set()
    for name, argument, model in DOCUMENT_ROUTES:
        for page in pages:
            page_type = page.specific_class or Page  # None: its model is gone
            if model is not None and not issubclass(page_type, model):
                continue
            root_url = next(
                (r.root_url for r in roots if page.url_path.startswith(r.root_path)),
                None,
            )
            if root_url is None:  # in no site
                continue
            try:
                path = reverse(name, kwargs={argument: page.pk})
            except NoReverseMatch:
                break  # not mounted: neither for the next page
            urls.add(root_url + path)
    return urls


def family(pages: Iterable[Page]) -> list[Page]:
    """The pages themselves (live or not: one just unpublished still has copies
    in caches) and every live translation of each."""
    pages = list(pages)
    if not pages:
        return []
    return list(
        Page.objects.filter(
            Q(translation_key__in={p.translation_key for p in pages}, live=True)
            | Q(pk__in=[p.pk for p in pages])
        )
    )


def ancestor_paths(page: Page, inclusive: bool = False) -> set[str]:
    """Tree paths of the page's ancestors below the root (depth 1)."""
    depth = page.depth + 1 if inclusive else page.depth
    return {page.path[: level * Page.steplen] for level in range(2, depth)}


def ancestors(pages: Iterable[Page], inclusive: bool = False) -> list[Page]:
    """The live ancestors of the pages, below the tree's root: the pages that list
    them (an index, the home page)."""
    paths = set().union(*(ancestor_paths(p, inclusive) for p in pages))
    return list(Page.objects.filter(path__in=paths, live=True)) if paths else []


def linking_to(pages: Iterable[Page]) -> list[Page]:
    """Live pages whose content links to one of these pages, by the reference
    index: a page chooser (the previous action in a series), a rich-text link."""
    page_type = ContentType.objects.get_for_model(Page)
    return referring_pages(page_type, [p.pk for p in pages])


def referring_pages(content_type: ContentType, ids: Iterable) -> list[Page]:
    """Live pages whose content refers to these objects (of one base type)."""
    ids = [str(pk) for pk in ids]
    if not ids:
        return []
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=content_type,
        to_object_id__in=ids,
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    page_ids = {int(pk) for pk in page_ids}
    return list(Page.objects.filter(pk__in=page_ids, live=True)) if page_ids else []


def changed_pages(
    pages: Iterable[Page],
    cache_object,
    *,
    own: bool = True,
    before: Iterable[Page] = (),
    old_parents: Iterable[Page] = (),
) -> set[str]:
    """Every URL a change to ``pages`` makes stale (see the module's docstring).

    ``own=False`` leaves out the pages' own URLs (Wagtail's receiver purges a
    page published or unpublished), not their API documents. ``before`` are the
    pages as they were before a move (their old ``url_path``), ``old_parents``
    the parents they left: those URLs and listings are stale too.
    """
    pages = list(pages)
    changed = {p.pk for p in pages}
    pages = family(pages)
    listings = ancestors(pages) + ancestors(old_parents, inclusive=True)
    linked = linking_to(pages)
    shown = pages if own else [p for p in pages if p.pk not in changed]
    return page_urls([*shown, *before, *listings, *linked], cache_object) | (
        document_urls([*pages, *linked])
    )


def moved_pages(page: Page, url_path_before: str) -> tuple[list[Page], list[Page]]:
    """The moved page and its live descendants, now and as they were (the same
    pages with their ``url_path`` before the move)."""
    now = [page, *Page.objects.descendant_of(page).live()]
    before = []
    for moved in now:
        old = copy.copy(moved)
        old.url_path = url_path_before + moved.url_path[len(page.url_path) :]
        before.append(old)
    return now, before


def changed_target(target: Target, cache_object) -> set[str]:
    """Every URL a change to the target makes stale: the live pages that choose
    it or one of its translations (a page shows each target in its own
    language's version, so a translation's edit changes the pages that chose
    the source), and their API documents. Listings do not show targets."""
    translations = Target.objects.filter(translation_key=target.translation_key)
    ids = set(translations.order_by().values_list("pk", flat=True))
    ids.add(target.pk)
    pages = referring_pages(ContentType.objects.get_for_model(Target), ids)
    return page_urls(pages, cache_object) | document_urls(pages)
