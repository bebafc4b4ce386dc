"""Documents sent to the admin's import form, as an editor sends them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

IMPORT = "/admin/ua-wagtail/import/"


def upload(client, parent, name: str, data: bytes):
    """Posts the document to the import form; its task runs at once (the tests'
    ImmediateBackend) when the request's transaction commits, as it would be
    queued."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            IMPORT, {"document": SimpleUploadedFile(name, data), "parent": parent.pk}
        )
