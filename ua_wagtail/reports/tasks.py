"""The reports' background tasks (django-tasks): a worker runs them, such as
django-tasks-db's ``manage.py db_worker`` or django-rq's ``manage.py rqworker
--job-class django_tasks_rq.Job`` (see docs/reports.md)."""

from django_tasks import task

from . import report_exports


@task()
def build_report_export(export_id: int):
    """Builds a queued XLSX export; a failure is recorded on the export for its
    requester, then raised for the task backend to record too."""
    export = report_exports.claim(export_id)
    if export is None:
        return
    try:
        report_exports.build(export)
    except Exception as error:
        report_exports.fail(export, error)
        raise
