"""The action types an Urgent Action asks about: those its report form lists.

Every report is checked against them, on the hot path, so they are kept in the
rate limits' cache (shared by the app servers) and forgotten when a page is
published or unpublished.
"""

import uuid

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from ..choices import ACTION_TYPES
from . import rate_limits
from .blocks import ActionReportFormBlock
from .models import page_model

#: Seconds the cache keeps them; publishing forgets them at once.
CACHE_SECONDS = 3600


def offered_action_types(ua) -> tuple[str, ...]:
    """What the live Urgent Action ``ua`` (page, id or translation key) asks
    about; every type if it names none (the report is refused for that).

    Read from the live page whether or not it is public: a page behind a password
    may become public without being published again, and the store checks who
    may report. Only a live page's types are kept, so no guess outlives a publish.
    """
    cache, name = rate_limits.cache(), _cache_key(ua)
    offered = cache.get(name)
    if offered is None:
        page = page_model().objects.live().named_by(ua).first()
        if page is None:
            return ACTION_TYPES
        offered = action_types_of(page)
        cache.set(name, offered, CACHE_SECONDS)
    return tuple(offered)


def action_types_of(page) -> tuple[str, ...]:
    """The types the page's report form blocks list, in the standard order; a
    block that lists none, or a page with no report form, asks about every type."""
    offered = set()
    forms = [
        child.value
        for child in page.body
        if isinstance(child.block, ActionReportFormBlock)
    ]
    if not forms:
        return ACTION_TYPES
    for value in forms:
        offered.update(value["action_types"] or ACTION_TYPES)
    return tuple(action for action in ACTION_TYPES if action in offered)


def _cache_key(ua) -> str:
    name = ua.hex if isinstance(ua, uuid.UUID) else getattr(ua, "pk", ua)
    return f"ua_wagtail:offered:{name}"


@receiver(page_published)
@receiver(page_unpublished)
def forget_offered_types(sender, instance, **kwargs):
    if isinstance(instance, page_model()):
        rate_limits.cache().delete_many(
            [_cache_key(instance.pk), _cache_key(instance.translation_key)]
        )
