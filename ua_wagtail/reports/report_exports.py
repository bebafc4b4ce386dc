"""XLSX exports of the Action reports listing, built in the background.

A staff member's request becomes a :class:`~.models.ReportExport` (the listing's
query string, who asked, in which language) and a task
(:func:`.tasks.build_report_export`) that a worker runs: it rebuilds the listing
as the requester would see it with those filters, writes the workbook to a
temporary file and stores it in the default storage under a random name. Files
are kept ``UA_WAGTAIL_EXPORT_DAYS`` days.
"""

import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..conf import ua_settings
from .listed import invalid_listing, listing_view
from .models import ReportExport
from .permissions import can_view_reports
from .spreadsheets import TooManyRows, more_than_a_sheet_holds

logger = logging.getLogger(__name__)
Status = ReportExport.Status


class ExportRefused(Exception):
    """An export that cannot be built, with the reason to show its requester."""


class FileMissing(ExportRefused):
    """A finished export's file is no longer in the storage."""

    def __init__(self):
        super().__init__(
            _(
                "The file is missing from the site's storage. Ask for the export "
                "again; if it goes missing again, tell the site's administrators "
                "(the worker must store files where the site can read them)."
            )
        )


def language(export) -> str:
    return export.language_code or settings.LANGUAGE_CODE


def cutoff():
    """Exports requested before this have expired."""
    return timezone.now() - timedelta(days=ua_settings.EXPORT_DAYS)


def expired():
    return ReportExport.objects.filter(created_at__lt=cutoff())


def delete_expired() -> int:
    """Deletes expired exports (their files go with them: :func:`delete_file`);
    how many. Each new export does it first, and so does
    ``purge_action_reports``, for sites where nobody asks for another."""
    deleted, _by_model = expired().delete()
    return deleted


@receiver(post_delete, sender=ReportExport)
def delete_file(sender, instance, **kwargs):
    """An export's file goes with it, however it is deleted: expired, or with
    the staff member who asked for it (it holds reporters' contact details)."""
    if instance.file:
        transaction.on_commit(lambda: instance.file.delete(save=False))


#: An unfinished export younger than this keeps its requester from asking for
#: another (older, its worker was likely stopped: the requester may ask again).
PENDING_FOR = timedelta(hours=1)


def pending(user) -> bool:
    """Whether an export of the user's is queued or being built."""
    return ReportExport.objects.filter(
        requester=user,
        status__in=[Status.QUEUED, Status.RUNNING],
        created_at__gte=timezone.now() - PENDING_FOR,
    ).exists()


def request_checked(user, query: str) -> ReportExport:
    """:func:`request_export` once :func:`check_request` allows it; a staff
    member's concurrent requests take turns (their user row locked), so two at
    once cannot both find none pending."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        check_request(user, query)
        return request_export(user, query)


def check_request(user, query: str):
    """Raises :class:`ExportRefused` with the reason to show (too many rows
    among them), if an export of the listing with this query may not be
    asked for now."""
    if pending(user):
        raise ExportRefused(
            _(
                "An XLSX export of yours is still being prepared. You will be told "
                "here when it is ready; then you can ask for another."
            )
        )
    try:
        listing_queryset(listing_view(user, query))
    except TooManyRows as refused:
        raise ExportRefused(str(refused)) from None


def request_export(user, query: str) -> ReportExport:
    """Records the request and queues its task once the record is committed, so
    that a worker finds it."""
    from .tasks import build_report_export  # which imports this module

    delete_expired()
    export = ReportExport.objects.create(
        requester=user, query=query, language_code=translation.get_language() or ""
    )

    def enqueue():
        try:
            build_report_export.enqueue(export.pk)
        except Exception as error:  # the task backend is down: say so
            logger.exception("Could not queue report export %s", export.pk)
            fail(export, error)

    transaction.on_commit(enqueue)
    return export


def claim(export_id) -> ReportExport | None:
    """The queued export, now running; ``None`` if it is gone or taken already
    (a task run twice builds one file)."""
    claimed = ReportExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    return ReportExport.objects.get(pk=export_id) if claimed else None


def listing_queryset(view):
    if not can_view_reports(view.request.user):
        raise ExportRefused(_("You may no longer see action reports."))
    if invalid := invalid_listing(view):
        raise ExportRefused(invalid)
    queryset = view.get_queryset()
    if more_than_a_sheet_holds(queryset):
        raise TooManyRows
    return queryset


def build(export):
    """Writes the export's workbook and stores it, done."""
    with translation.override(language(export)):
        view = listing_view(export.requester, export.query)
        queryset = listing_queryset(view)
        with tempfile.TemporaryFile() as output:
            export.rows = view.write_xlsx(queryset, output)
            output.seek(0)
            name = f"{secrets.token_urlsafe(24)}.xlsx"
            export.file.save(name, File(output), save=False)
    export.status = Status.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["rows", "file", "status", "finished_at"])


def fail(export, error):
    """Records why the export failed, for its requester to read."""
    if isinstance(error, ExportRefused | TooManyRows):
        message = str(error)
    else:
        with translation.override(language(export)):
            message = _(
                "The export stopped on an unexpected error (%(error)s). Try again; "
                "if it fails again, tell the site's administrators."
            ) % {"error": type(error).__name__}
    ReportExport.objects.filter(pk=export.pk).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )
