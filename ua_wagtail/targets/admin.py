"""The UA targets listing, from Wagtail's snippet viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..utils.exports import SnippetIndexView
from .models import Target


class TargetViewSet(SnippetViewSet):
    model = Target
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
