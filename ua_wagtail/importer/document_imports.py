"""Admin imports of Urgent Action documents, read and drafted in the background.

The upload form checks what is cheap (size, type, the index); the upload is then
stored in the default storage under a random name and becomes a
:class:`~.models.DocumentImport` (who, which index, in which language) with a
task (:func:`.tasks.import_document`) that a worker runs: it reads the file
back from the storage, parses it in a child process within the limits
(:func:`.isolation.parse_isolated`), makes the draft and keeps what was read
for the review (:func:`.review.store`), or records why it failed. The upload
is deleted once read, either way.

An import no worker finishes (the worker was killed while reading it, or none
runs) is given up once past its time (:func:`stuck`): it is failed, saying
so, and its upload deleted (:func:`fail_stuck`), by its own page and by each
new import and ``purge_action_reports``.
"""

import datetime
import logging
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..conf import ua_settings
from . import review
from .build import ImportRefused, build_draft
from .errors import DocumentError
from .isolation import parse_isolated
from .models import DocumentImport

logger = logging.getLogger(__name__)
Status = DocumentImport.Status


def language(stored) -> str:
    return stored.language_code or settings.LANGUAGE_CODE


def shortened(name: str) -> str:
    """``name`` cut to fit its field, keeping its extension (which says how the
    document is read)."""
    limit = DocumentImport._meta.get_field("file_name").max_length
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:limit]
    return name[: limit - len(suffix)] + suffix


@receiver(post_delete, sender=DocumentImport)
def delete_file(sender, instance, **kwargs):
    """An upload goes with its import, however that is deleted: expired, or
    with its draft or its index."""
    if instance.file:
        transaction.on_commit(lambda: instance.file.delete(save=False))


def request_import(name: str, data: bytes, parent, user) -> DocumentImport:
    """Stores the upload and records the import; its task is queued once the
    record is committed, so that a worker finds it. Expired imports are
    deleted first."""
    from .tasks import import_document  # which imports this module

    review.delete_expired()
    stored = DocumentImport(
        parent=parent,
        user=user,
        file_name=shortened(name),
        language_code=translation.get_language() or "",
    )
    suffix = PurePath(name).suffix.lower()
    stored.file.save(f"{secrets.token_urlsafe(24)}{suffix}", ContentFile(data))

    def enqueue():
        try:
            import_document.enqueue(stored.pk)
        except Exception as error:  # the task backend is down: say so
            logger.exception("Could not queue document import %s", stored.pk)
            fail(stored, error)
            delete_upload(stored)

    transaction.on_commit(enqueue)
    return stored


def claim(import_id) -> DocumentImport | None:
    """The queued import, now running; ``None`` if it is gone or taken already
    (a task run twice makes one draft)."""
    claimed = DocumentImport.objects.filter(pk=import_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    return DocumentImport.objects.select_related("parent", "user").get(pk=import_id)


class UploadMissing(DocumentError):
    """The upload is no longer in the storage."""

    def __init__(self):
        super().__init__(
            _(
                "The uploaded file is missing from the site's storage. Import it "
                "again; if it goes missing again, tell the site's administrators "
                "(the worker must read files where the site stores them)."
            )
        )


def read_upload(stored) -> bytes:
    try:
        with stored.file.open("rb") as upload:
            return upload.read(ua_settings.IMPORT_MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: no file at all
        logger.error("Import %s: cannot read its upload: %s", stored.pk, error)
        raise UploadMissing from error


def build(stored):
    """Reads the import's upload, makes its draft and keeps what was read; a
    document that cannot become a draft fails the import, with the reason."""
    with translation.override(language(stored)):
        try:
            parsed = parse_isolated(stored.file_name, read_upload(stored))
            with transaction.atomic():
                imported = build_draft(parsed, stored.parent, user=stored.user)
                review.store(stored, imported, parsed)
        except (DocumentError, ImportRefused) as refused:
            fail(stored, refused)


def fail(stored, error):
    """Records why the import failed, for its editor to read."""
    if isinstance(error, DocumentError | ImportRefused):
        message = error.message
    else:
        with translation.override(language(stored)):
            message = _(
                "The import stopped on an unexpected error (%(error)s). Try again; "
                "if it fails again, tell the site's administrators."
            ) % {"error": type(error).__name__}
    DocumentImport.objects.filter(pk=stored.pk).update(
        status=Status.FAILED, error=message
    )


def delete_upload(stored):
    """Deletes the import's upload from the storage, read or not."""
    if stored.file:
        stored.file.delete(save=False)
        DocumentImport.objects.filter(pk=stored.pk).update(file="")


#: How long an import may wait in the queue before it is given up. Longer than
#: it may be read for: the queue is shared with Wagtail's own tasks (the search
#: index, references) and other imports, and a worker stopped for a release
#: starts again; a healthy queue reaches a document well within an hour, and
#: the editor can still try again the same day.
QUEUED_FOR = datetime.timedelta(hours=1)
#: The least time an import may be read for before it is given up.
RUNNING_FOR = datetime.timedelta(minutes=10)


def running_for() -> datetime.timedelta:
    """How long an import may be read for: the child reading it is stopped after
    twice ``UA_WAGTAIL_IMPORT_TIME_LIMIT`` on the clock, and making the draft
    takes seconds, so four times that, or :data:`RUNNING_FOR` if longer, is
    past when any worker would have finished it."""
    limit = datetime.timedelta(seconds=ua_settings.IMPORT_TIME_LIMIT)
    return max(RUNNING_FOR, 4 * limit)


def stuck(imports=None, now=None):
    """The imports (of ``imports``, by default all) no worker will finish:
    queued for longer than :data:`QUEUED_FOR` since they were uploaded, or
    being read for longer than :func:`running_for` since a worker took them
    from the queue (``started_at``; not since the upload, or one that waited
    long in the queue would be given up as soon as a worker took it)."""
    imports = DocumentImport.objects.all() if imports is None else imports
    now = now or timezone.now()
    running_since = now - running_for()
    return imports.filter(
        Q(status=Status.QUEUED, created_at__lt=now - QUEUED_FOR)
        | Q(status=Status.RUNNING, started_at__lt=running_since)
        | Q(status=Status.RUNNING, started_at=None, created_at__lt=running_since)
    )


class DidNotFinish(DocumentError):
    """No worker finished reading the document (see :func:`stuck`)."""

    def __init__(self):
        super().__init__(
            _(
                "The import did not finish: the site's background worker may have "
                "stopped. Try again; if it happens again, tell the site's "
                "administrators."
            )
        )


def fail_stuck(imports=None) -> int:
    """Fails the :func:`stuck` imports (of ``imports``, by default all), saying
    so in each one's language, and deletes their uploads; how many. One a
    worker took or finished meanwhile is left to it."""
    failed = 0
    for stored in stuck(imports).only("pk", "file", "language_code"):
        with translation.override(language(stored)):
            message = DidNotFinish().message
        if stuck().filter(pk=stored.pk).update(status=Status.FAILED, error=message):
            logger.warning("Import %s did not finish: given up", stored.pk)
            delete_upload(stored)
            failed += 1
    return failed


def give_up_if_stuck(stored: DocumentImport) -> DocumentImport:
    """``stored``, failed if it is :func:`stuck` (as its page shows it)."""
    if stored.status in (Status.QUEUED, Status.RUNNING):
        if fail_stuck(DocumentImport.objects.filter(pk=stored.pk)):
            stored.refresh_from_db()
    return stored
