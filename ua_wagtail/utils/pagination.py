"""Admin listings that never count a million rows to show twenty.

Django's paginator counts every row the listing's filters match, on every page:
at a million reports that count alone takes longer than the page may. A
:class:`CappedPaginator` counts at most ``UA_WAGTAIL_LISTING_COUNT_LIMIT`` rows
and says so when there are more ("More than 10,000 action reports", "Page 3 of
more than 500"); the pages up to the limit can be opened, and filters narrow
the listing to the rest. :class:`CappedPaginationMixin` gives a Wagtail listing
view the paginator and the templates that say it.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator

from ..conf import ua_settings
from .formatting import whole_number


class CappedPaginator(WagtailPaginator):
    @cached_property
    def cap(self) -> int:
        return ua_settings.LISTING_COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        """The rows, or ``cap + 1`` if there are more: one ``COUNT`` over a
        ``LIMIT`` subquery, which stops reading at the limit."""
        rows = self.object_list
        if hasattr(rows, "order_by"):
            return rows.order_by()[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @cached_property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def pages_within_cap(self) -> int:
        return -(-self.cap // self.per_page)

    @cached_property
    def num_pages(self) -> int:
        """Past the cap, the pages the cap fills: the last of them has no next."""
        return self.pages_within_cap if self.is_capped else super().num_pages

    @cached_property
    def items_count_label(self):
        if not self.is_capped:
            return super().items_count_label
        return _("More than %(count)s %(items)s") % {
            "count": whole_number(self.cap),
            "items": self.verbose_name_plural,
        }


class CappedPaginationMixin:
    """For a Wagtail ``IndexView``: a capped count, said in its results."""

    paginator_class = CappedPaginator
    results_template_name = "ua_wagtail/admin/capped_index_results.html"
