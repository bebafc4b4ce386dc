"""Previewing a draft in a headless front end, beside Wagtail's own preview.

With ``WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": …}}`` set, the
editor's preview gets a second mode, "Headless front end": wagtail-headless-
preview stores the draft under a signed token and shows the front end's URL with
that token, and the front end reads the draft from
:class:`ua_wagtail.api.v2.PagePreviewAPIViewSet`. Without the setting, previews
are Wagtail's own, server-rendered.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings

from ..utils.content_security import HEADER, header_value

HEADLESS = "headless"


def headless_preview_enabled() -> bool:
    return bool(headless_preview_settings.CLIENT_URLS)


class HeadlessPreviewModes(HeadlessPreviewMixin):
    """Adds the "Headless front end" preview mode to a page type."""

    @property
    def preview_modes(self):
        modes = super().preview_modes
        if headless_preview_enabled():
            modes = [*modes, (HEADLESS, _("Headless front end"))]
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS and headless_preview_enabled():
            response = super().serve_preview(request, mode_name)
            response[HEADER] = self.frame_policy(request)
            return response
        # Skip the mixin's override: Wagtail's own preview.
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)

    def frame_policy(self, request) -> str:
        """The Content-Security-Policy of wagtail-headless-preview's page: a frame
        of the front end, sized by an inline style, and nothing else."""
        client = urlsplit(self.get_client_root_url(request))
        origin = f"{client.scheme}://{client.netloc}" if client.netloc else "'self'"
        return header_value(
            {
                "default-src": ["'none'"],
                "style-src": ["'unsafe-inline'"],
                "frame-src": [origin],
                "frame-ancestors": ["'self'"],
                "base-uri": ["'none'"],
            }
        )
