"""The Action reports listing as CSV and XLSX, read row by row.

Wagtail's export (``SpreadsheetExportMixin``) iterates the listing's queryset,
which caches every report it reads: at a million reports that is gigabytes.
Here the same methods read the queryset with ``.iterator()`` instead (a
server-side cursor on PostgreSQL, ``CHUNK_SIZE`` rows at a time), so memory
stays the same however many reports are exported. The export itself leaves a
reporter's contact details out unless they consented to be contacted.
"""

from contextlib import nullcontext

from django.db import connections, transaction
from django.utils.translation import gettext as _

from ..utils.formatting import whole_number

#: Reports read from the database at a time.
CHUNK_SIZE = 2000
#: Rows an XLSX worksheet holds (1,048,576), less the heading.
XLSX_MAX_ROWS = 1_048_575
CONTACT_FIELDS = ("contact_name", "contact_email")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TooManyRows(Exception):
    """More reports than a worksheet holds."""

    def __init__(self):
        super().__init__(too_many_rows_message())


def too_many_rows_message() -> str:
    return _(
        "More than %(limit)s reports match these filters: more than a spreadsheet "
        "holds. Download CSV instead, or narrow the filters."
    ) % {"limit": whole_number(XLSX_MAX_ROWS)}


def more_than_a_sheet_holds(queryset) -> bool:
    """Counts no further than one row past the limit (a full count of a million
    reports costs seconds)."""
    return queryset[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS


class Streamed:
    """A queryset as Wagtail's export methods use it (its ``model``, then its
    items), read in chunks and never cached; counts the items it gave."""

    def __init__(self, queryset, limit=None):
        self.queryset = queryset
        self.model = queryset.model
        self.limit = limit
        self.count = 0

    def __iter__(self):
        with reading(self.queryset.db):
            for item in self.queryset.iterator(chunk_size=CHUNK_SIZE):
                self.count += 1
                if self.limit is not None and self.count > self.limit:
                    raise TooManyRows
                yield item


def reading(database):
    """On PostgreSQL, a transaction: there a server-side cursor declared outside
    one (``WITH HOLD``) is computed in full before its first row is sent, a
    second per million reports. Elsewhere nothing: on SQLite a transaction would
    hold up the reports being stored for as long as the export takes."""
    if connections[database].vendor == "postgresql":
        return transaction.atomic(using=database)
    return nullcontext()


class ReportSpreadsheetMixin:
    """For the listing's index view, above Wagtail's ``SpreadsheetExportMixin``."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if not item.contact_consent:
            for field in CONTACT_FIELDS:
                if field in row:
                    row[field] = ""
        return row

    def stream_csv(self, queryset):
        return super().stream_csv(Streamed(queryset))

    def write_xlsx(self, queryset, output) -> int:
        """Writes the workbook (openpyxl's write-only mode, which keeps rows on
        disk) and returns the number of reports in it."""
        rows = Streamed(queryset, limit=XLSX_MAX_ROWS)
        super().write_xlsx(rows, output)
        return rows.count
