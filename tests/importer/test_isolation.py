"""Uploads are read and parsed in a child process that the kernel stops at the
time and memory limits: passing one, or the child failing, is a refusal the
editor reads, never an error of the server."""

import signal
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ua_wagtail.conf import ua_settings
from ua_wagtail.importer import isolation
from ua_wagtail.importer.isolation import parse_upload
from ua_wagtail.importer.parser import parse
from ua_wagtail.importer.readers import DocumentError, read_text

from .attacks import MB, slow_pdf
from .documents import seed_docx, seed_pdf, seed_text
from .test_readers import zip_of


def seed_text_bytes() -> bytes:
    return seed_text().encode()


TOO_LONG = (
    "Reading the document took too long (more than 1 second), so it was stopped. "
    "It may be damaged, or far heavier than an Urgent Action: save it as plain "
    "text (.txt) and import that."
)


def refused(name, data) -> str:
    with pytest.raises(DocumentError) as caught:
        parse_upload(SimpleUploadedFile(name, data))
    return caught.value.message


@pytest.mark.parametrize(
    ("name", "data"),
    [("ua.docx", seed_docx), ("ua.pdf", seed_pdf), ("ua.txt", seed_text_bytes)],
)
def test_an_upload_reads_and_parses_as_in_this_process(name, data):
    parsed = parse_upload(SimpleUploadedFile(name, data()))
    assert parsed == parse(read_text(name, data()))
    assert parsed.deadline and parsed.targets


def test_a_document_still_heavy_is_stopped_at_the_time_limit(settings):
    settings.UA_WAGTAIL_IMPORT_TIME_LIMIT = 1
    assert refused("ua.pdf", slow_pdf()) == TOO_LONG


def test_a_document_that_needs_too_much_memory_is_stopped(settings):
    settings.UA_WAGTAIL_IMPORT_MEMORY_LIMIT = 20 * MB
    assert refused("ua.pdf", slow_pdf()) == (
        "Reading the document needed too much memory (more than 20.0\xa0MB), so it "
        "was stopped. It may be damaged, or far heavier than an Urgent Action: "
        "save it as plain text (.txt) and import that."
    )


def test_the_child_stops_itself_at_its_processor_time_limit(settings):
    """The kernel's own limit, which the clock in this process backs up."""
    settings.UA_WAGTAIL_IMPORT_TIME_LIMIT = 1
    done = subprocess.run(  # noqa: S603 (this Python, a module of the package)
        isolation._child_command(),
        input=isolation._request("ua.pdf", slow_pdf()),
        capture_output=True,
        cwd=isolation._ROOT,
        check=False,
    )
    assert done.returncode == -signal.SIGXCPU


def test_the_limits_default_to_10_seconds_and_256_mb():
    assert ua_settings.IMPORT_TIME_LIMIT == 10
    assert ua_settings.IMPORT_MEMORY_LIMIT == 256 * MB


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import os; os.abort()"],
        [sys.executable, "-c", "import sys; sys.stdout.write('not JSON')"],
        [sys.executable, "-c", "raise SystemExit(1)"],
        ["/nonexistent/python"],
    ],
    ids=["crash", "nonsense", "failure", "no-process"],
)
def test_a_child_that_fails_is_a_refusal(monkeypatch, command):
    monkeypatch.setattr(isolation, "_child_command", lambda: command)
    assert refused("ua.docx", seed_docx()).startswith(
        "The file could not be read: it may be damaged."
    )


def test_refusals_come_back_in_the_editors_language():
    not_a_docx = zip_of({"readme.txt": "not Word"})
    with translation.override("fr"):
        in_this_process = pytest.raises(DocumentError, read_text, "ua.docx", not_a_docx)
        message = refused("ua.docx", not_a_docx)
    assert message == in_this_process.value.message
    assert "porte le nom d’un fichier Word (.docx)" in message


def test_plain_text_is_parsed_in_a_child_too(monkeypatch):
    """Reading text is cheap, but parsing any document can be made heavy."""
    crash = [sys.executable, "-c", "import os; os.abort()"]
    monkeypatch.setattr(isolation, "_child_command", lambda: crash)
    assert refused("ua.txt", b"PLEASE " + b"act." * 16000).startswith(
        "The file could not be read"
    )


def test_a_crash_is_logged(monkeypatch, caplog):
    crash = [sys.executable, "-c", "import os; os.abort()"]
    monkeypatch.setattr(isolation, "_child_command", lambda: crash)
    refused("ua.pdf", seed_pdf())
    assert f"The process reading 'ua.pdf' ended with status {-signal.SIGABRT}" in (
        caplog.text
    )
