"""The reports the Action reports listing shows a staff member for a query
string, as the exports and the "Select all in listing" bulk action take them."""

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from .models import ActionReport


def listing_view(user, query: str):
    """The Action reports listing's index view, set up as for the user's request
    with this query string, so that what is exported or acted on is exactly
    what the listing shows: its filters, search and order."""
    view_function = ActionReport.snippet_viewset.index_view
    view = view_function.view_class(**view_function.view_initkwargs)
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    view.setup(request)
    return view


def invalid_listing(view) -> str | None:
    """Why the listing's filters or search do not validate, if they do not:
    then it would show every report, and nothing is to be exported or acted on."""
    if view.filters and not view.filters.is_valid():
        return _("These filters are not valid.")
    searched = view.request.GET.get(view.search_kwarg, "").strip()
    if searched and view.search_form and not view.search_form.is_valid():
        return _("This search is not valid.")
    return None
