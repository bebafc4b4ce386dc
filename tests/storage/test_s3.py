"""Media and XLSX exports on S3-compatible object storage (django-storages'
``S3Storage``), against moto's S3 server: exports stored, downloaded through the
site and deleted there, Wagtail's images and renditions stored there, and
nothing written to the local disk under ``MEDIA_ROOT``.

moto runs as a server of its own (``python -m moto.server``) on a free loopback
port for the module; boto3 reads the bucket back as a site's operator would.
"""

import datetime
import io
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from django.core.files.images import ImageFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image

from ua_wagtail.models import ReportExport
from ua_wagtail.reports import report_exports

from ..reports.spreadsheets import download, request_xlsx, workbook_rows
from ..reports.test_exports import staff_client_with_reports
from ..servers import free_port

pytestmark = pytest.mark.django_db
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"
#: Under this prefix in the bucket, as a site might share one bucket.
LOCATION = "media"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server, until the module's tests are done."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - this interpreter, moto's server
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = s3_client(endpoint)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                client.list_buckets()
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        config=Config(retries={"max_attempts": 1}),
        **CREDENTIALS,
    )


class Bucket:
    def __init__(self, endpoint):
        self.name = f"ua-{uuid.uuid4().hex[:12]}"
        self.client = s3_client(endpoint)
        self.client.create_bucket(Bucket=self.name)

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """An empty bucket as the default storage, and a MEDIA_ROOT that must stay
    empty (the tests' settings have none: it would be the working directory)."""
    bucket = Bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket.name,
                "endpoint_url": s3_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": REGION,
                "location": LOCATION,
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": True,
                # botocore signs URLs with the deprecated version 2 otherwise,
                # given an endpoint_url.
                "signature_version": "s3v4",
            },
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    yield bucket
    assert not settings.MEDIA_ROOT.exists()


@pytest.fixture
def staff_client():
    return staff_client_with_reports()


def built_export(client) -> ReportExport:
    """An XLSX export asked for as the admin's form does, built by its task (the
    tests' backend runs it at once)."""
    request_xlsx(client)
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.DONE, export.error
    return export


def test_an_export_is_stored_in_the_bucket_and_downloaded(bucket, staff_client):
    export = built_export(staff_client)

    key = f"{LOCATION}/{export.file.name}"
    assert bucket.keys() == [key]
    assert key.startswith("media/ua_wagtail/exports/") and key.endswith(".xlsx")
    # Private: only the bucket's owner may read it (no public ACL).
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]

    response = download(staff_client, export)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="action-reports-'
    )
    content = b"".join(response.streaming_content)
    assert content == bucket.read(key)
    assert int(response["Content-Length"]) == len(content)
    assert [row["Note"].value for row in workbook_rows(content)] == ["r2", "r1"]


def test_an_expired_export_is_deleted_from_the_bucket(bucket, staff_client):
    export = built_export(staff_client)
    ReportExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert report_exports.delete_expired() == 1
    assert bucket.keys() == []


def test_an_export_missing_from_the_bucket_is_not_found(bucket, staff_client):
    export = built_export(staff_client)
    bucket.client.delete_object(Bucket=bucket.name, Key=bucket.keys()[0])

    assert download(staff_client, export).status_code == 404
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED


def png(width=40, height=30) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_an_image_and_its_rendition_are_stored_in_the_bucket(bucket):
    original = png()
    image = Image.objects.create(
        title="Campaign", file=ImageFile(io.BytesIO(original), name="campaign.png")
    )
    assert (image.width, image.height) == (40, 30)
    assert bucket.keys() == [f"{LOCATION}/original_images/campaign.png"]
    assert bucket.read(bucket.keys()[0]) == original

    rendition = image.get_rendition("fill-20x20")

    rendition_key = f"{LOCATION}/{rendition.file.name}"
    assert rendition_key.startswith("media/images/campaign.")
    assert set(bucket.keys()) == {
        f"{LOCATION}/original_images/campaign.png",
        rendition_key,
    }
    stored = PILImage.open(io.BytesIO(bucket.read(rendition_key)))
    assert stored.size == (20, 20)
    # The page links to the bucket itself, by a signed URL that expires.
    assert rendition.url.startswith(f"{bucket.client.meta.endpoint_url}/{bucket.name}/")
    assert "X-Amz-Signature=" in rendition.url

    # A second image of the same name is stored beside the first.
    Image.objects.create(
        title="Again", file=ImageFile(io.BytesIO(png()), name="campaign.png")
    )
    assert len(bucket.keys()) == 3
