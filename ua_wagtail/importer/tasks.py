"""The importer's background task (django-tasks): a worker runs it, such as
django-tasks-db's ``manage.py db_worker`` (see docs/reports.md)."""

from django_tasks import task

from . import document_imports


@task()
def import_document(import_id: int):
    """Reads a queued import's document and makes its draft; a document that
    cannot become one fails the import with the reason. Any other failure is
    recorded on the import for its editor, then raised for the task backend to
    record too. The upload is deleted either way."""
    stored = document_imports.claim(import_id)
    if stored is None:
        return
    try:
        document_imports.build(stored)
    except Exception as error:
        document_imports.fail(stored, error)
        raise
    finally:
        document_imports.delete_upload(stored)
