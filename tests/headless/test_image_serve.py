"""Renditions made on request for headless front ends
(:mod:`ua_wagtail.headless.images`): a signed URL is served only for one
resizing operation of bounded size, never one that enlarges the image, and a
refused one costs nothing (no image loaded, no rendition made)."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image, Rendition
from wagtail.images.utils import generate_signature

from ua_wagtail.headless import images

from ..importer.test_review import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    out = io.BytesIO()
    PILImage.new("RGB", (400, 300), (200, 30, 30)).save(out, "PNG")
    return Image.objects.create(
        title="Campaign", file=ImageFile(io.BytesIO(out.getvalue()), name="c.png")
    )


def signed(image, filter_spec) -> str:
    signature = generate_signature(image.pk, filter_spec)
    url = reverse("wagtailimages_serve", args=(signature, image.pk, filter_spec))
    return url + "c.png"


def served_size(response) -> tuple[int, int]:
    return PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size


@pytest.mark.parametrize(
    ("filter_spec", "size"),
    [
        ("original", (400, 300)),
        ("width-200", (200, 150)),
        ("height-150", (200, 150)),
        ("max-100x100", (100, 75)),
        ("min-100x100", (133, 100)),
        ("fill-100x100", (100, 100)),
        ("fill-100x50-c50", (100, 50)),
        ("scale-50", (200, 150)),
        ("scale-100", (400, 300)),
        ("width-3000", (400, 300)),  # never larger than the original
        ("fill-3000x3000-c100", (300, 300)),
        ("fill-120x80|format-webp", (120, 80)),
        ("width-100|format-jpeg|jpegquality-60", (100, 75)),
        ("width-100|format-webp|webpquality-80|bgcolor-ffffff", (100, 75)),
        ("original|bgcolor-fff", (400, 300)),
    ],
)
def test_a_bounded_resize_is_served(client, image, filter_spec, size):
    response = client.get(signed(image, filter_spec))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("image/")
    assert served_size(response) == size
    assert Rendition.objects.filter(image=image, filter_spec=filter_spec).exists()


REFUSED = [
    "scale-1000",  # 30000×30000 from a 3000×3000 image
    "scale-101",
    "scale-0",
    "scale-50.5",
    "width-100|scale-800",  # a chain of resizes
    "width-100|scale-800|scale-800",
    "fill-100x100|fill-200x200",
    "width-99999",
    "width-3001",
    "height-3001",
    "max-3001x10",
    "min-10x3001",
    "fill-3001x3001",
    "fill-100x100-c101",
    "fill-100x100-c50-c50",
    "width-0",
    "width-0100",  # another spelling of width-100
    "width--100",
    "fill-100x100-extra",
    "format-webp|width-100",  # the resize first
    "width-100|format-bmp",
    "width-100|format-webp-lossless",
    "width-100|jpegquality-0",
    "width-100|jpegquality-101",
    "width-100|avifquality-50",
    "width-100|bgcolor-red",
    "width-100|format-webp|format-png",
    "width-100|",
    "blur-10",
    "grayscale",
    "original|original",
    "",
    " original",
    "original\n",
    "ORIGINAL",
]


@pytest.mark.parametrize("filter_spec", REFUSED)
def test_any_other_spec_is_refused_before_the_image_is_loaded(
    client, image, filter_spec, django_assert_num_queries
):
    assert not images.allowed(filter_spec)
    url = signed(image, filter_spec)
    with django_assert_num_queries(0):  # the image is not even looked up
        response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert not Rendition.objects.exists()


def test_a_bad_signature_is_refused_without_a_rendition(client, image):
    url = signed(image, "width-100").replace("/images/", "/images/x", 1)
    assert client.get(url).status_code == 403
    assert not Rendition.objects.exists()


def test_the_largest_size_is_a_setting(client, image, settings):
    settings.UA_WAGTAIL_IMAGE_SERVE_MAX_SIZE = 200
    assert client.get(signed(image, "width-200")).status_code == 200
    assert client.get(signed(image, "width-201")).status_code == 400
    assert client.get(signed(image, "fill-200x201")).status_code == 400
    assert Rendition.objects.count() == 1


def test_an_editor_cannot_make_the_admin_sign_an_enlargement(client, image):
    """Wagtail's URL generator signs whatever ``filter_method`` it is given for
    anyone who may change the image; the URL it signs is refused."""
    client.force_login(make_user("editor", "Editors"))
    generated = client.get(
        f"/admin/images/{image.pk}/generate_url/output/",
        {"filter_method": "scale-1000"},
    )
    assert generated.status_code == 200
    url = re.search(r"/images/[^/\s\"'<]+/\d+/scale-1000/", generated.text)[0]
    assert client.get(url + "c.png").status_code == 400
    assert not Rendition.objects.exists()
