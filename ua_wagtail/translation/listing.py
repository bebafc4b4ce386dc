"""The "Urgent Actions" listing: every Urgent Action, with the state of its
translations, from Wagtail's page listing viewset."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale

from ..pages.models import UrgentActionPage
from .status import statuses_of

#: The hook through which other concepts add buttons to the listing's header.
LISTING_BUTTONS_HOOK = "register_urgent_action_listing_buttons"


class TranslationsColumn(Column):
    """Each other language of a source Urgent Action: up to date, out of date, not
    published or missing, linked to the next step (set by the listing view)."""

    cell_template_name = "ua_wagtail/admin/includes/translations_cell.html"

    def get_value(self, instance):
        return getattr(instance, "ua_translation_statuses", None)


class UrgentActionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        """Wagtail's, and those other concepts add through the
        ``register_urgent_action_listing_buttons`` hook (the importer's "Import
        UA document"): each hook takes the user and gives a button or None."""
        buttons = super().header_buttons
        for hook in hooks.get_hooks(LISTING_BUTTONS_HOOK):
            if (button := hook(self.request.user)) is not None:
                buttons.append(button)
        return buttons

    def get_table(self, object_list):
        """The translations' states of the listed source pages, in a few queries
        for the whole page of results rather than a few per row."""
        default = Locale.get_default().pk
        sources = [page for page in object_list if page.locale_id == default]
        statuses = statuses_of(sources)
        for page in sources:
            page.ua_translation_statuses = statuses[page.pk]
        return super().get_table(object_list)


class UrgentActionListingViewSet(PageListingViewSet):
    """Every Urgent Action in one listing, with the state of its translations."""

    model = UrgentActionPage
    index_view_class = UrgentActionIndexView
    icon = "warning"
    menu_label = _("Urgent Actions")
    menu_order = 250
    add_to_admin_menu = True
    columns = [
        *IndexView.base_columns,
        TranslationsColumn("translations", label=_("Translations"), width="22%"),
    ]
