"""API v2: the endpoint a headless front end reads an editor's preview from.

Mount it in your API router, beside Wagtail's pages endpoint::

    api_router.register_endpoint("pages", PagesAPIViewSet)
    api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
"""

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.response import Response
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from ..conf import ua_settings
from ..reports import rate_limits
from ..reports.abuse import preview_buckets


class PreviewError(Exception):
    def __init__(self, field: str, message: str, status: int):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


class PagePreviewAPIViewSet(WagtailPagesAPIViewSet):
    """The draft an editor is previewing, for a headless front end.

    ``?content_type=app.model&token=…``: the token is the one wagtail-headless-
    preview signs when the editor opens the headless preview; it expires after
    ``UA_WAGTAIL_PREVIEW_MAX_AGE`` seconds. Without a valid token nothing is served.
    """

    known_query_parameters = WagtailPagesAPIViewSet.known_query_parameters.union(
        ["content_type", "token"]
    )

    def listing_view(self, request):
        self.action = "detail_view"  # one page, with every field of a detail
        if wait := rate_limits.wait(preview_buckets(request)):
            response = self.refuse(PreviewError("token", too_many_previews(wait), 429))
            response["Retry-After"] = str(wait)
            return response
        try:
            page = self.get_object()
        except PreviewError as error:
            rate_limits.count(preview_buckets(request))
            return self.refuse(error)
        self.check_query_parameters(type(page).objects.none())
        response = Response(self.get_serializer(page).data)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def detail_view(self, request, pk):
        return self.listing_view(request)

    def refuse(self, error: PreviewError) -> Response:
        response = Response({"errors": {error.field: [error.message]}}, error.status)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            self._cached_object = preview_page(
                self.request.GET.get("content_type", ""),
                self.request.GET.get("token", ""),
            )
        return self._cached_object


def too_many_previews(wait: int) -> str:
    return ngettext(
        "Too many refused previews: try again in %(n)d second.",
        "Too many refused previews: try again in %(n)d seconds.",
        wait,
    ) % {"n": wait}


def preview_page(content_type: str, token: str) -> Page:
    """The previewed page for a valid, unexpired token, or a :class:`PreviewError`."""
    if not token:
        raise PreviewError("token", _("Give the preview token."), 400)
    try:
        app_label, model = content_type.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        raise PreviewError(
            "content_type", _("Give the page type as app_label.model."), 400
        ) from None
    try:
        HeadlessPreviewMixin.get_preview_signer().unsign(
            token, max_age=ua_settings.PREVIEW_MAX_AGE
        )
    except signing.SignatureExpired:
        raise PreviewError(
            "token", _("This preview has expired: preview the page again."), 403
        ) from None
    except signing.BadSignature:
        raise PreviewError(
            "token", _("This preview token is not valid."), 403
        ) from None
    preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
    if preview is None:
        raise PreviewError("token", _("No preview has this token."), 404)
    page = preview.as_page()
    page.pk = page.pk or 0  # a new page: the serializer needs an id
    return page
