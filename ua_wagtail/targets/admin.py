"""The UA targets listing, from Wagtail's snippet viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from ..utils.exports import SnippetIndexView
from .models import Target


class TargetColumnsMixin:
    """The chooser's columns: name, position and organisation apart, so that
    officials of one ministry, or namesakes, are told apart at a glance."""

    @property
    def title_column(self):
        # Wagtail's column, which links to choosing the target: only its
        # heading and text change (the position has a column of its own).
        column = super().title_column
        column.label = _("Name")
        column.accessor = lambda target: target.display_name or target.organisation
        return column

    @property
    def columns(self):
        title, *rest = super().columns
        return [
            title,
            Column("position", label=_("Position")),
            Column("organisation", label=_("Organisation")),
            *rest,
        ]


class TargetChooseView(TargetColumnsMixin, ChooseView):
    pass


class TargetChooseResultsView(TargetColumnsMixin, ChooseResultsView):
    pass


class TargetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TargetChooseView
    choose_results_view_class = TargetChooseResultsView


class TargetViewSet(SnippetViewSet):
    model = Target
    chooser_viewset_class = TargetChooserViewSet
    index_view_class = SnippetIndexView
    icon = "group"
    menu_label = _("UA targets")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "organisation", "country", "email"]
    list_filter = ["country"]
    list_export = [
        "honorific",
        "name",
        "position",
        "organisation",
        "address",
        "country",
        "email",
        "fax",
        "phone",
        "x_handle",
        "facebook",
        "salutation",
    ]
    export_filename = "ua-targets"
    ordering = ["organisation", "name"]
    copy_view_enabled = True
