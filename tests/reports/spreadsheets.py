"""The Action reports listing's exports as the tests read them back."""

import csv
import io

import openpyxl
from django.test import TestCase
from django.urls import reverse

from ua_wagtail.models import ReportExport

LIST = "wagtailsnippets_ua_wagtail_actionreport:list"


def export_url(query, export_format):
    return f"{reverse(LIST)}?{query}{'&' if query else ''}export={export_format}"


def csv_rows(client, query=""):
    """The CSV export's rows as dicts keyed by heading."""
    response = client.get(export_url(query, "csv"))
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def prepare_url(query=""):
    url = reverse("ua_wagtail_admin:report_export_prepare")
    return f"{url}?{query}" if query else url


def request_xlsx(client, query=""):
    """Asks for an XLSX export (the confirmation's form posted), its task run at
    once (the tests' ImmediateBackend) when the request's transaction commits,
    as it would be queued."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(prepare_url(query))


def download(client, export):
    url = reverse("ua_wagtail_admin:report_export_download", args=[export.pk])
    return client.get(url)


def workbook_rows(content):
    """A workbook's rows as dicts of openpyxl cells keyed by heading."""
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())
    headings = [cell.value for cell in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


def xlsx_rows(client, query=""):
    """The XLSX export's rows, once built and downloaded."""
    before = ReportExport.objects.count()
    response = request_xlsx(client, query)
    assert response.status_code == 302
    assert ReportExport.objects.count() == before + 1
    export = ReportExport.objects.latest("pk")
    assert export.status == ReportExport.Status.DONE, export.error
    response = download(client, export)
    assert response.status_code == 200
    return workbook_rows(b"".join(response.streaming_content))
