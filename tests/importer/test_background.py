"""Admin imports run as a django-tasks task: the upload is stored and queued,
the task reads it back from the storage, makes one draft or fails saying why,
and deletes the upload; meanwhile the import's page waits, reloading itself."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from ua_wagtail.importer import document_imports, tasks
from ua_wagtail.importer.tasks import import_document
from ua_wagtail.models import DocumentImport, UrgentActionPage

from ..factories import UrgentActionIndexPageFactory
from .attacks import zip_bomb_docx
from .documents import seed_docx, seed_text
from .test_attack_review import user_with
from .test_review import aged, make_user
from .uploads import upload

pytestmark = pytest.mark.django_db

Status = DocumentImport.Status
SEED = seed_text().encode()


def queued(index_page, name="ua.txt", data=SEED, user=None) -> DocumentImport:
    """An import recorded and its upload stored, its task not run yet."""
    return document_imports.request_import(name, data, index_page, user)


def url(stored) -> str:
    return f"/admin/ua-wagtail/import/{stored.pk}/"


def test_the_task_reads_the_stored_upload_once_and_deletes_it(index_page, admin_user):
    stored = queued(index_page, user=admin_user)
    name = stored.file.name
    assert name.startswith("ua_wagtail/imports/") and name.endswith(".txt")
    assert default_storage.exists(name) and stored.status == Status.QUEUED
    first = import_document.enqueue(stored.pk)
    again = import_document.enqueue(stored.pk)  # delivered twice: one draft
    assert first.status == again.status == TaskResultStatus.SUCCESSFUL
    page = UrgentActionPage.objects.get()
    stored.refresh_from_db()
    assert (stored.status, stored.page_id, stored.file.name) == (
        Status.DONE,
        page.pk,
        "",
    )
    assert stored.parsed["ua_number"] == "147/20"
    assert any("has passed" in warning for warning in stored.warnings)
    assert page.owner == admin_user
    assert not default_storage.exists(name)


@pytest.mark.parametrize(
    ("name", "data", "limit", "message"),
    [
        ("ua.pdf", b"%PDF-broken", None, "The file could not be read"),
        ("ua.docx", seed_docx, 1000, "The document unpacks to more than"),
        ("ua.docx", zip_bomb_docx, None, "The Word document unpacks to far more"),
        (
            "recipe.txt",
            b"Pancakes\n\nMix flour.",
            None,
            "This document does not look like",
        ),
    ],
    ids=["unreadable", "unpacked", "zip-bomb", "no-urgent-action"],
)
def test_a_document_that_cannot_become_a_draft_fails_the_import(
    index_page, settings, name, data, limit, message
):
    settings.UA_WAGTAIL_IMPORT_MAX_UNPACKED_BYTES = limit
    stored = queued(index_page, name, data if isinstance(data, bytes) else data())
    stored_name = stored.file.name
    result = import_document.enqueue(stored.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL  # refused, not broken
    stored.refresh_from_db()
    assert stored.status == Status.FAILED and stored.page is None
    assert stored.error.startswith(message)
    assert not UrgentActionPage.objects.exists()
    assert stored.file.name == "" and not default_storage.exists(stored_name)


def test_an_upload_missing_from_the_storage_fails_cleanly(index_page):
    stored = queued(index_page)
    default_storage.delete(stored.file.name)
    result = import_document.enqueue(stored.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    stored.refresh_from_db()
    assert stored.status == Status.FAILED and stored.file.name == ""
    assert stored.error.startswith("The uploaded file is missing")
    assert not UrgentActionPage.objects.exists()


def test_an_unexpected_error_is_told_the_editor_and_raised(index_page, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(document_imports, "build_draft", broken)
    stored = queued(index_page)
    name = stored.file.name
    result = import_document.enqueue(stored.pk)
    assert result.status == TaskResultStatus.FAILED  # for the backend to log
    assert result.errors[0].exception_class_path == "builtins.RuntimeError"
    stored.refresh_from_db()
    assert stored.status == Status.FAILED
    assert stored.error.startswith("The import stopped on an unexpected error")
    assert "RuntimeError" in stored.error and "a bug" not in stored.error
    assert not default_storage.exists(name)


def test_a_task_backend_that_is_down_fails_the_import(index_page, monkeypatch):
    class Down:
        def enqueue(self, *args):
            raise ConnectionError("no queue")

    monkeypatch.setattr(tasks, "import_document", Down())
    with TestCase.captureOnCommitCallbacks(execute=True):
        stored = queued(index_page)
    stored.refresh_from_db()
    assert stored.status == Status.FAILED and "ConnectionError" in stored.error
    assert stored.file.name == ""
    assert default_storage.listdir("ua_wagtail/imports") == ([], [])


def test_the_upload_is_read_through_the_storage_not_a_path(index_page, settings):
    """Object storage (S3) has no local files: a storage in memory will do."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    stored = queued(index_page)
    assert default_storage.exists(stored.file.name)
    assert not Path(default_storage.path(stored.file.name)).exists()
    import_document.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.status == Status.DONE and UrgentActionPage.objects.count() == 1


# The import's page


def main(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_the_page_waits_while_the_document_is_read(admin_client, index_page, status):
    stored = queued(index_page)
    DocumentImport.objects.filter(pk=stored.pk).update(status=status)
    response = admin_client.get(url(stored))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    page = main(response)
    # No timed reload (WCAG 2.2.1): a script asks, and shows the page once done;
    # without it, a link asks again.
    assert page.select_one('meta[http-equiv="refresh"]') is None
    assert page.select_one('script[src$="ua_wagtail/js/import-waiting.js"]')
    assert page.find("a", string="Check again")["href"] == url(stored)
    region = page.select_one("main section[aria-labelledby=ua-import-waiting]")
    assert region["role"] == "status" and region["data-ua-poll-seconds"] == "3"
    assert region.h2.get_text(strip=True) == "Reading the document…"
    assert "“ua.txt” is being read" in region.get_text(" ", strip=True)
    asked = admin_client.get(url(stored), HTTP_ACCEPT="application/json")
    assert asked.json() == {"status": "pending"}
    assert "no-store" in asked["Cache-Control"]


def test_the_waiting_page_is_told_when_the_import_is_done_or_failed(
    admin_client, index_page
):
    upload(admin_client, index_page, "ua.txt", SEED)
    upload(admin_client, index_page, "recipe.txt", b"Pancakes\n\nFry.")
    done, failed = DocumentImport.objects.order_by("pk")
    for stored, status in ((done, "done"), (failed, "failed")):
        asked = admin_client.get(url(stored), HTTP_ACCEPT="application/json")
        assert asked.json() == {"status": status}


def test_a_failed_import_says_why_and_offers_to_try_again(admin_client, index_page):
    response = upload(admin_client, index_page, "recipe.txt", b"Pancakes\n\nFry.")
    stored = DocumentImport.objects.get()
    assert response["Location"] == url(stored)
    page = main(admin_client.get(url(stored)))
    assert page.select_one("[data-ua-import-waiting]") is None
    failed = page.select_one("main section[aria-labelledby=ua-import-failed]")
    assert failed.h2.get_text(" ", strip=True) == "“recipe.txt” could not be imported"
    assert stored.error in failed.get_text(" ", strip=True)
    again = page.find("a", string="Try again")
    assert again["href"] == f"/admin/ua-wagtail/import/?parent={index_page.pk}"


def test_a_pending_import_is_shown_to_its_editor_and_who_may_add_to_its_index(
    client, home, index_page
):
    other_index = UrgentActionIndexPageFactory(parent=home, slug="other")
    uploader = make_user("uploader", "Editors")
    stored = queued(index_page, user=uploader)
    client.force_login(uploader)
    assert client.get(url(stored)).status_code == 200
    client.force_login(make_user("editor", "Editors"))  # may add to the index
    assert client.get(url(stored)).status_code == 200
    # Refused (to the dashboard, as Wagtail refuses): someone who may only
    # add to another index, or see the admin.
    for user in (user_with("adder", "add_page", other_index), make_user("viewer")):
        client.force_login(user)
        refused = client.get(url(stored))
        assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_expired_pending_imports_go_with_their_uploads(index_page):
    old, recent = queued(index_page), queued(index_page)
    aged(old, 31)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("purge_action_reports", "--older-than", "30", stdout=StringIO())
    assert list(DocumentImport.objects.all()) == [recent]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_makes_the_queued_draft(admin_client, index_page):
    """As the site runs: the request queues the task in the database, the page
    waits, and django-tasks-db's worker reads the document."""
    response = admin_client.post(
        "/admin/ua-wagtail/import/",
        {"document": SimpleUploadedFile("ua.txt", SEED), "parent": index_page.pk},
    )
    stored = DocumentImport.objects.get()
    assert response["Location"] == url(stored)
    assert stored.status == Status.QUEUED
    waiting = main(admin_client.get(url(stored)))
    assert waiting.select_one("[data-ua-import-waiting]") is not None

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    stored.refresh_from_db()
    page = UrgentActionPage.objects.get()
    assert (stored.status, stored.page_id, stored.file.name) == (
        Status.DONE,
        page.pk,
        "",
    )
    # Wagtail's own tasks (the search index, references) went through it too.
    ran = DBTaskResult.objects.get(task_path=import_document.module_path)
    assert ran.status == "SUCCESSFUL"
    review = admin_client.get(url(stored)).content.decode()
    assert "was made from the document" in review


# Imports no worker finishes

DID_NOT_FINISH = "The import did not finish: the site's background worker may"


def started(stored, *, when=None):
    """``stored`` taken by a worker (``claim``), now or ``when``."""
    with freeze_time(when or timezone.now()):
        document_imports.claim(stored.pk)
    stored.refresh_from_db()
    return stored


@pytest.mark.parametrize(
    ("status", "waited", "stuck"),
    [
        (Status.QUEUED, datetime.timedelta(minutes=59), False),
        (Status.QUEUED, datetime.timedelta(minutes=61), True),
        (Status.RUNNING, datetime.timedelta(minutes=9), False),
        (Status.RUNNING, datetime.timedelta(minutes=11), True),
    ],
)
def test_an_import_no_worker_finishes_is_shown_failed(
    admin_client, index_page, status, waited, stuck
):
    stored = queued(index_page)  # its task is never run
    name = stored.file.name
    if status == Status.RUNNING:
        started(stored)
    with freeze_time(timezone.now() + waited):
        asked = admin_client.get(url(stored), HTTP_ACCEPT="application/json")
        assert asked.json() == {"status": "failed" if stuck else "pending"}
        page = main(admin_client.get(url(stored)))
    stored.refresh_from_db()
    if not stuck:
        assert stored.status == status and default_storage.exists(name)
        assert page.select_one("[data-ua-import-waiting]") is not None
        return
    assert stored.status == Status.FAILED and stored.error.startswith(DID_NOT_FINISH)
    assert (stored.file.name, default_storage.exists(name)) == ("", False)
    failed = page.select_one("main section[aria-labelledby=ua-import-failed]")
    assert DID_NOT_FINISH in failed.get_text(" ", strip=True)
    assert page.find("a", string="Try again")
    # A worker that comes to it at last leaves it: no draft.
    import_document.call(stored.pk)
    assert not UrgentActionPage.objects.exists()


def test_a_long_queue_does_not_count_against_the_reading(index_page, settings):
    """Reading is timed from when a worker took the import, so one that waited
    50 minutes in the queue is not given up as soon as it is taken; the time
    allowed grows with the time limit (four times it, at least ten minutes)."""
    stored = queued(index_page)
    now = timezone.now()
    started(stored, when=now + datetime.timedelta(minutes=50))
    with freeze_time(now + datetime.timedelta(minutes=59)):
        assert document_imports.fail_stuck() == 0
    settings.UA_WAGTAIL_IMPORT_TIME_LIMIT = 300  # 20 minutes of reading
    with freeze_time(now + datetime.timedelta(minutes=65)):
        assert document_imports.fail_stuck() == 0
    with freeze_time(now + datetime.timedelta(minutes=71)):
        assert document_imports.fail_stuck() == 1
    stored.refresh_from_db()
    assert stored.status == Status.FAILED


def test_each_new_import_and_the_purge_give_up_stuck_imports_with_their_uploads(
    index_page,
):
    stuck, waiting = queued(index_page), queued(index_page)
    stuck_name = stuck.file.name
    DocumentImport.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("purge_action_reports", "--older-than", "30", stdout=StringIO())
    stuck.refresh_from_db()
    waiting.refresh_from_db()
    assert (stuck.status, stuck.file.name) == (Status.FAILED, "")
    assert not default_storage.exists(stuck_name)
    assert waiting.status == Status.QUEUED and default_storage.exists(waiting.file.name)
    # Each new import does the same.
    DocumentImport.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    name = waiting.file.name
    queued(index_page)
    waiting.refresh_from_db()
    assert waiting.status == Status.FAILED and not default_storage.exists(name)
