"""Which Urgent Action pages a staff member may see named in the reports'
screens: a title can name a person at risk, or an action not yet public."""

from django.db.models import Q
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import page_model


def shown_pages(user):
    """The Urgent Actions the user may see named: those published for everyone,
    and those (drafts, or behind a password or login) in the part of the tree
    they may explore."""
    pages = page_model().objects.all()
    explorable = explorable_pages(user)
    public = pages.live().public()
    return pages.filter(
        Q(pk__in=public.values("pk")) | Q(pk__in=explorable.values("pk"))
    )


def explorable_pages(user):
    """Wagtail's explorable pages, or none for a user with no page permission
    (for whom Wagtail looks for the common ancestor of no pages, and fails
    where the tree has no root)."""
    policy = PagePermissionPolicy()
    if user.is_superuser or policy.get_cached_permissions_for_user(user):
        return policy.explorable_instances(user)
    return page_model().objects.none()
