from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.pages.caching import SharedCachePageMixin
from ua_wagtail.rich_text import RichTextField


class HomePage(SharedCachePageMixin, Page):
    """The example site's home: an introduction and the open Urgent Actions.

    The same for every anonymous visitor, so a CDN may keep it until midnight
    (when the days left it lists change) or until a publish purges it."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["ua_wagtail.UrgentActionIndexPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Nothing behind a password or a login is listed to everyone.
        indexes = UrgentActionIndexPage.objects.child_of(self).live().public()
        context["indexes"] = indexes
        context["latest_actions"] = (
            UrgentActionPage.objects.published()
            .descendant_of(self)
            .order_by("-first_published_at")[:6]
        )
        return context
