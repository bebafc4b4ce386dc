"""Previewing a draft in a headless front end, beside Wagtail's own preview.

With ``WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": …}}`` set, the
editor's preview gets a second mode, "Headless front end": wagtail-headless-
preview stores the draft under a signed token and shows the front end's URL with
that token, and the front end reads the draft from
:class:`ua_wagtail.api.v2.PagePreviewAPIViewSet`. Without the setting, previews
are Wagtail's own, server-rendered.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings

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
            return super().serve_preview(request, mode_name)
        # Skip the mixin's override: Wagtail's own preview.
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
