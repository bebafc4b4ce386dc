"""Exports of the Action reports listing: CSV streamed, XLSX built by a task,
both with the listing's filters and order, and contact details only with consent."""

import datetime
import io
import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from ua_wagtail.models import ActionReport, ActionTally, ReportExport
from ua_wagtail.reports import listed, report_exports, spreadsheets

from .spreadsheets import (
    LIST,
    csv_rows,
    download,
    prepare_url,
    request_xlsx,
    workbook_rows,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

DONE, FAILED = ReportExport.Status.DONE, ReportExport.Status.FAILED
UA_1, UA_2 = uuid.UUID(int=1), uuid.UUID(int=2)
EXPORTS = reverse("ua_wagtail_admin:report_exports")


def at(month, day):
    return datetime.datetime(2026, month, day, 12, tzinfo=datetime.UTC)


def report(note, created_at, **fields):
    """A report whose ``note`` names it in the export."""
    fields.setdefault("letter", 1)
    stored = ActionReport.objects.create(note=note, **fields)
    ActionReport.objects.filter(pk=stored.pk).update(created_at=created_at)
    return stored


@pytest.fixture
def reports():
    # The Urgent Action filter offers the actions with counted reports, by their tallies.
    for key in (UA_1, UA_2):
        ActionTally.objects.create(translation_key=key, action_type="letter", count=1)
    ua_1 = {"translation_key": UA_1, "ua_number": "1/26", "ua_title": "Free Ana"}
    ua_2 = {"translation_key": UA_2, "ua_number": "2/26", "ua_title": "Free Bo"}
    contact = {"contact_name": "Ana", "contact_email": "ana@example.org"}
    return [
        report(
            "r1", at(1, 10), **ua_1, language_code="en", country="DE", letter=2,
            **contact, contact_consent=True,
        ),
        # Contact details without consent (a bug elsewhere, an old import): the
        # export must leave them out all the same.
        report(
            "r2", at(2, 10), **ua_1, language_code="fr", country="FR", letter=0,
            email=1, source="api", contact_name="Bo", contact_email="bo@example.org",
        ),
        report(
            "r3", at(2, 20), **ua_2, language_code="ru", letter=0, call=1,
            source="adjustment", is_valid=False, client_hash="e" * 64,
        ),
        report(
            "r4", at(3, 10), **ua_2, language_code="es", country="DE", letter=0, social=1,
            client_hash="f" * 64,
        ),
    ]  # fmt: skip


def staff(username="staff", *perms):
    user = get_user_model().objects.create_user(username, password="pw")
    for codename in ("access_admin", "view_actionreport", *perms):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(staff())
    return client


def staff_client_with_reports() -> Client:
    """A staff member signed in, and two reports of one Urgent Action: an export
    of the listing to build (the storage's and the task backends' tests)."""
    client = Client()
    client.force_login(staff())
    action = {"translation_key": UA_1, "ua_number": "1/26", "ua_title": "Free Ana"}
    report("r1", at(1, 10), **action, letter=2)
    report("r2", at(2, 10), **action, email=1)
    return client


def listed_notes(client, query):
    """The listing's reports, in its order, by their notes."""
    soup = BeautifulSoup(client.get(f"{reverse(LIST)}?{query}").content, "html.parser")
    ids = [int(box["data-object-id"]) for box in soup.select("[data-object-id]")]
    notes = dict(ActionReport.objects.values_list("pk", "note"))
    return [notes[pk] for pk in ids]


FILTERS = [
    ("", ["r4", "r3", "r2", "r1"]),
    (f"translation_key={UA_1}", ["r2", "r1"]),
    ("language_code=en", ["r1"]),
    ("country=DE", ["r4", "r1"]),
    ("action=letter", ["r1"]),
    ("created_at_from=2026-02-01&created_at_to=2026-02-28", ["r3", "r2"]),
    ("source=api", ["r2"]),
    ("is_valid=false", ["r3"]),
    (f"client_hash={'f' * 64}", ["r4"]),
    ("ordering=language_code", ["r1", "r4", "r2", "r3"]),
    ("country=DE&language_code=es&action=social", ["r4"]),
    ("q=ana@example.org", ["r1"]),
    ("q=2/26", ["r4", "r3"]),
    ("q=2/26&is_valid=true", ["r4"]),
]


@pytest.mark.parametrize(("query", "notes"), FILTERS)
def test_csv_has_the_listings_reports_in_its_order(staff_client, reports, query, notes):
    assert listed_notes(staff_client, query) == notes
    assert [row["Note"] for row in csv_rows(staff_client, query)] == notes


@pytest.mark.parametrize(("query", "notes"), FILTERS)
def test_xlsx_has_the_listings_reports_in_its_order(
    staff_client, reports, query, notes
):
    rows = xlsx_rows(staff_client, query)
    assert [row["Note"].value for row in rows] == notes
    assert ReportExport.objects.get().rows == len(notes)


def contacts(rows):
    return {row["Note"]: (row["Contact name"], row["Contact email"]) for row in rows}


def test_csv_is_the_file_wagtails_export_writes(staff_client, reports):
    """The CSV is written from tuples, fast; byte for byte what Wagtail's
    per-cell export writes of the same reports (with the consent rule and the
    formula neutralising applied to both)."""
    ActionReport.objects.filter(note="r4").update(
        note="=HYPERLINK(1)", invalidated_at=at(3, 11)
    )
    response = staff_client.get(f"{reverse(LIST)}?export=csv")
    ours = b"".join(response.streaming_content)

    view = listed.listing_view(get_user_model().objects.get(username="staff"), "")
    queryset = view.get_queryset()
    wagtails = b"".join(
        SpreadsheetExportMixin.stream_csv(view, spreadsheets.Streamed(queryset))
    )
    assert ours == wagtails
    assert b"'=HYPERLINK(1)" in ours


def test_contact_details_only_with_consent(staff_client, reports):
    expected = {
        "r1": ("Ana", "ana@example.org"),
        "r2": ("", ""),
        "r3": ("", ""),
        "r4": ("", ""),
    }
    assert contacts(csv_rows(staff_client)) == expected
    rows = [
        {heading: cell.value or "" for heading, cell in row.items()}
        for row in xlsx_rows(staff_client)
    ]
    assert contacts(rows) == expected


def test_a_filter_that_does_not_validate_exports_nothing(staff_client, reports):
    for export_format in ("csv", "xlsx"):
        url = f"{reverse(LIST)}?created_at_from=yesterday&export={export_format}"
        response = staff_client.get(url)
        assert response.url == f"{reverse(LIST)}?created_at_from=yesterday"
        page = staff_client.get(response.url).content.decode()
        assert "Correct the filters to export these reports." in page
    assert not ReportExport.objects.exists()


def test_xlsx_is_refused_above_a_sheets_rows(staff_client, reports, monkeypatch):
    monkeypatch.setattr(spreadsheets, "XLSX_MAX_ROWS", 3)

    response = request_xlsx(staff_client)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        "More than 3 reports match these filters: more than a spreadsheet holds. "
        "Download CSV instead, or narrow the filters."
    ]
    assert not ReportExport.objects.exists()
    # Three reports fit.
    assert len(xlsx_rows(staff_client, "country=DE")) == 2


def test_the_task_refuses_too_many_rows_too(reports, monkeypatch):
    """The reports may grow between the request and the task."""
    monkeypatch.setattr(spreadsheets, "XLSX_MAX_ROWS", 3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = report_exports.request_export(staff(), query="")
    export.refresh_from_db()
    assert (export.status, export.file.name) == (FAILED, "")
    assert export.error.startswith("More than 3 reports match these filters")


def exports_table(client):
    """The body of the Exports screen's table."""
    soup = BeautifulSoup(client.get(EXPORTS).content, "html.parser")
    return soup.select_one("main table tbody")


def test_the_export_is_announced_once_then_listed(staff_client, reports):
    response = request_xlsx(staff_client, "country=DE&p=1")
    response = staff_client.get(response.url)
    page = response.content.decode()
    assert "The XLSX file is being prepared." in page
    assert "Your XLSX export of 2 reports is ready." in page
    export = ReportExport.objects.get()
    assert reverse("ua_wagtail_admin:report_export_download", args=[export.pk]) in page
    assert "is ready" not in staff_client.get(reverse(LIST)).content.decode()

    (row,) = exports_table(staff_client).select("tr")
    assert "Ready" in row.text
    link = row.select_one("a[download]")
    assert link.text.strip() == "Download XLSX"
    listing = row.select_one(f'a[href="{reverse(LIST)}?country=DE"]')
    assert listing.text.strip() == "The listing with these filters"


def test_the_listing_links_to_the_exports(staff_client, reports):
    soup = BeautifulSoup(staff_client.get(reverse(LIST)).content, "html.parser")
    assert soup.select_one(f'a[href="{EXPORTS}"]').text.strip() == "Exports"
    (prepare,) = [a for a in soup.select("a") if a.text.strip() == "Prepare XLSX"]
    assert prepare["href"] == prepare_url()
    filtered = staff_client.get(reverse(LIST) + "?country=DE&p=1")
    soup = BeautifulSoup(filtered.content, "html.parser")
    (prepare,) = [a for a in soup.select("a") if a.text.strip() == "Prepare XLSX"]
    assert prepare["href"] == prepare_url("country=DE")


def test_an_xlsx_export_starts_only_from_the_confirmations_form(staff_client, reports):
    """A link (from another site, say) cannot keep a worker busy: a GET asks to
    confirm, Wagtail's own ?export=xlsx leads there, and the form needs the
    staff member's CSRF token."""
    response = staff_client.get(f"{reverse(LIST)}?country=DE&export=xlsx")
    assert response.url == prepare_url("country=DE")
    page = staff_client.get(response.url)
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("main form[method=post]")
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert not ReportExport.objects.exists()

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(get_user_model().objects.get(username="staff"))
    assert guarded.post(prepare_url("country=DE")).status_code == 403
    assert not ReportExport.objects.exists()


def test_one_export_at_a_time(staff_client, reports):
    ReportExport.objects.create(
        requester=get_user_model().objects.get(username="staff"), query=""
    )
    response = staff_client.post(prepare_url())
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        "An XLSX export of yours is still being prepared. You will be told here "
        "when it is ready; then you can ask for another."
    ]
    assert ReportExport.objects.count() == 1
    # An export left unfinished for an hour (its worker stopped) no longer counts.
    ReportExport.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert len(xlsx_rows(staff_client, "country=DE")) == 2


@pytest.fixture
def broken_storage(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(ReportExport.file.field.storage, "save", refuse)


def test_a_failure_is_recorded_announced_and_listed(
    staff_client, reports, broken_storage
):
    response = request_xlsx(staff_client)
    export = ReportExport.objects.get()
    assert export.status == FAILED
    assert "unexpected error (OSError)" in export.error

    page = staff_client.get(response.url).content.decode()
    assert "Your XLSX export failed: The export stopped on an unexpected" in page
    row = exports_table(staff_client)
    assert "Failed" in row.text
    assert "unexpected error (OSError)" in row.text
    assert not row.select("a[download]")
    assert download(staff_client, export).status_code == 404


def finished_export(user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = report_exports.request_export(user, query="")
    export.refresh_from_db()
    assert export.status == DONE
    return export


def test_only_the_requester_downloads(client, reports):
    requester = staff("requester")
    export = finished_export(requester)

    assert download(client, export).url.startswith(reverse("wagtailadmin_login"))
    client.force_login(staff("colleague"))
    assert download(client, export).status_code == 404
    client.force_login(requester)
    response = download(client, export)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert len(workbook_rows(b"".join(response.streaming_content))) == 4

    requester.user_permissions.remove(
        Permission.objects.get(codename="view_actionreport")
    )
    client.force_login(get_user_model().objects.get(pk=requester.pk))
    # Wagtail answers PermissionDenied with its dashboard and a message.
    assert download(client, export).url == reverse("wagtailadmin_home")
    assert client.get(EXPORTS).url == reverse("wagtailadmin_home")


def test_the_file_is_not_under_a_guessable_name(reports):
    first, second = finished_export(staff("a")), finished_export(staff("b"))
    for export in (first, second):
        name = export.file.name.rsplit("/", 1)[-1]
        assert len(name.removesuffix(".xlsx")) >= 32
    assert first.file.name != second.file.name


@override_settings(UA_WAGTAIL_EXPORT_DAYS=7)
def test_expired_exports_are_deleted_with_their_files(staff_client, reports):
    user = get_user_model().objects.get(username="staff")
    old = finished_export(user)
    storage, name = old.file.storage, old.file.name
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    assert download(staff_client, old).status_code == 404
    assert storage.exists(name)

    finished_export(user)
    assert not ReportExport.objects.filter(pk=old.pk).exists()
    assert not storage.exists(name)


def test_the_purge_deletes_expired_exports_too(reports):
    """Where nobody asks for another export, purge_action_reports (run daily)
    deletes expired ones, files and all."""
    old = finished_export(staff())
    storage, name = old.file.storage, old.file.name
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("purge_action_reports", "--older-than", "30", stdout=out)
    assert "Deleted 1 XLSX exports past their time." in out.getvalue()
    assert not ReportExport.objects.exists()
    assert not storage.exists(name)


def test_an_export_file_goes_with_its_requester(reports):
    """The file holds reporters' contact details: deleting the staff member
    who asked for it deletes it, not only its row."""
    requester = staff("leaving")
    export = finished_export(requester)
    storage, name = export.file.storage, export.file.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        requester.delete()
    assert not storage.exists(name)


def test_a_missing_file_is_not_found_and_the_export_failed(staff_client, reports):
    export = finished_export(get_user_model().objects.get(username="staff"))
    export.file.storage.delete(export.file.name)
    assert download(staff_client, export).status_code == 404
    export.refresh_from_db()
    assert export.status == FAILED
    assert export.error.startswith("The file is missing from the site's storage.")


def test_a_search_that_does_not_validate_exports_nothing(staff_client, reports):
    """A NUL character makes the search invalid: the listing would show every
    report; the export refuses, as it does for filters that do not validate."""
    response = staff_client.get(f"{reverse(LIST)}?q=1%2F26%00&export=csv")
    assert response.status_code == 302
    page = staff_client.get(response.url).content.decode()
    assert "Correct the filters to export these reports." in page
    response = staff_client.post(prepare_url("q=1%2F26%00"))
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["This search is not valid."]
    assert not ReportExport.objects.exists()


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_builds_the_queued_export(staff_client, reports):
    """As the site runs: the request queues the task in the database, where
    django-tasks-db's worker finds it."""
    request_xlsx(staff_client, f"translation_key={UA_1}")
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.QUEUED
    row = exports_table(staff_client)
    assert "Queued" in row.text

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    export.refresh_from_db()
    assert (export.status, export.rows) == (DONE, 2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    rows = workbook_rows(b"".join(download(staff_client, export).streaming_content))
    assert [row["Note"].value for row in rows] == ["r2", "r1"]
    assert [row["Contact name"].value for row in rows] == [None, "Ana"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_records_a_failure(staff_client, reports, broken_storage):
    request_xlsx(staff_client)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    export = ReportExport.objects.get()
    assert export.status == FAILED
    assert "OSError" in export.error
    assert DBTaskResult.objects.get().status == "FAILED"
