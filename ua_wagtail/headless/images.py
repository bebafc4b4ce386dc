"""Renditions made on request for headless front ends, within bounds.

Wagtail's :class:`~wagtail.images.views.serve.ServeView` makes whatever
rendition a signed URL names, and the admin's URL generator signs any filter
spec for whoever may change an image (it passes ``filter_method`` through
unchecked): ``scale-1000`` of a 3000×3000 image is 30000×30000 pixels, half a
minute and gigabytes of one server process, for anyone who fetches the URL.

:class:`ServeView` serves only a spec of one resizing operation with bounded
sizes, optionally followed by output options, in this order::

    original | width-N | height-N | max-WxH | min-WxH | fill-WxH[-cC] | scale-P
    [|format-(jpeg|png|webp|avif|gif)] [|jpegquality-Q] [|webpquality-Q]
    [|bgcolor-RGB or RRGGBB]

with N, W and H from 1 to ``UA_WAGTAIL_IMAGE_SERVE_MAX_SIZE`` (3000), W×H at
most its square, P from 1 to 100 (never larger than the original), C from 0 to
100 and Q from 1 to 100. None of these enlarges an image: ``width``,
``height``, ``max``, ``min`` and ``fill`` leave one already small enough as it
is. Any other spec (a chain of resizes, another operation) is answered 400
before the signature is checked or the image is loaded. Mount it in place of
Wagtail's::

    re_path(
        r"^images/([^/]*)/(\\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    )
"""

import re

from django.http import HttpResponse
from wagtail.images.views.serve import ServeView as WagtailServeView

from ..conf import ua_settings

SIZE = r"[1-9][0-9]{0,5}"  # no leading zeros: one spelling per rendition
PERCENT = r"100|[1-9][0-9]?"  # 1–100

#: The filter specs served (see the module's docstring); sizes are bounded by
#: :func:`allowed`.
SPEC = re.compile(
    rf"""
    (?:
        original
      | (?:width|height)-(?P<size>{SIZE})
      | (?:max|min)-(?P<box_width>{SIZE})x(?P<box_height>{SIZE})
      | fill-(?P<fill_width>{SIZE})x(?P<fill_height>{SIZE})(?:-c(?:100|[1-9]?[0-9]))?
      | scale-(?:{PERCENT})
    )
    (?:\|format-(?:jpeg|png|webp|avif|gif))?
    (?:\|jpegquality-(?:{PERCENT}))?
    (?:\|webpquality-(?:{PERCENT}))?
    (?:\|bgcolor-(?:[0-9a-fA-F]{{6}}|[0-9a-fA-F]{{3}}))?
    """,
    re.VERBOSE,
)


def allowed(filter_spec: str) -> bool:
    """Whether the rendition ``filter_spec`` names may be made on request: it
    matches :data:`SPEC` whole, each size is at most
    ``UA_WAGTAIL_IMAGE_SERVE_MAX_SIZE`` and width × height at most its
    square."""
    match = SPEC.fullmatch(filter_spec)
    if match is None:
        return False
    largest = ua_settings.IMAGE_SERVE_MAX_SIZE
    sizes = match.groupdict()
    if any(int(size) > largest for size in sizes.values() if size is not None):
        return False
    for width, height in (("box_width", "box_height"), ("fill_width", "fill_height")):
        if sizes[width] is not None and (
            int(sizes[width]) * int(sizes[height]) > largest * largest
        ):
            return False
    return True


class ServeView(WagtailServeView):
    """Wagtail's serve view, refusing a filter spec :func:`allowed` refuses
    with a 400 before anything is loaded or made."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        if not allowed(filter_spec):
            response = HttpResponse(
                "This rendition is not served.", content_type="text/plain", status=400
            )
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return super().get(request, signature, image_id, filter_spec, filename)
