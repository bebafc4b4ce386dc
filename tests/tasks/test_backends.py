"""The site's background tasks on both task backends a site may run, each with
its real worker command: django-tasks-db's ``db_worker`` (the queue in the
database) and django-rq's ``rqworker`` (django-tasks-rq, the queue in Redis).

The workers run in the test's process (``call_command``) until their queue is
empty: the tests' database may be SQLite in memory, and their storage is in
memory, neither of which another process sees. RQ's worker runs each job in the
worker's own process for the same reason (:class:`InProcessWorker`; RQ's default
worker forks one per job, which is what a site runs). Transactional tests, so
that the request's commit queues the task as a site's does.

The RQ tests use Redis at 127.0.0.1:6379, database 11, which they empty; without
it they fail in CI (``CI=true``) and are skipped elsewhere.
"""

import pytest
import redis
import rq
from django.core.management import call_command
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_enqueued
from wagtail.models import ReferenceIndex

from ua_wagtail.models import ReportExport
from ua_wagtail.targets.models import Target

from ..reports.spreadsheets import download, request_xlsx, workbook_rows
from ..reports.test_exports import staff_client_with_reports
from ..servers import missing

pytestmark = pytest.mark.django_db(transaction=True)

RQ_REDIS = "redis://127.0.0.1:6379/11"
Status = ReportExport.Status

#: Each backend's settings and its worker, run until its queue is empty.
BACKENDS = {
    "database": {
        "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        "worker": ["db_worker", "--batch", "--no-startup-delay", "--no-reload"],
    },
    "rq": {
        "TASKS": {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        },
        "RQ_QUEUES": {"default": {"URL": RQ_REDIS}},
        "worker": [
            "rqworker",
            "default",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
            "--worker-class",
            "tests.tasks.test_backends.InProcessWorker",
        ],
    },
}


class InProcessWorker(rq.SimpleWorker):
    """RQ's worker that runs jobs in its own process, not listening on its
    command channel (to stop or kill a job from outside): with redis-py 8.2,
    RQ 3.0's worker often waits for that channel's listener to time out when
    it stops, 60 s, also in burst mode once the queue is empty."""

    def subscribe(self):
        pass


def empty_redis():
    """Redis database 11, emptied; the test fails or skips without it."""
    client = redis.Redis.from_url(RQ_REDIS, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.ConnectionError:
        missing(f"Redis is not answering at {RQ_REDIS} (apt-get install redis-server)")


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    """The backend's settings; its worker's command."""
    config = BACKENDS[request.param]
    if "RQ_QUEUES" in config:
        empty_redis()
        settings.RQ_QUEUES = config["RQ_QUEUES"]
    settings.TASKS = config["TASKS"]
    yield config["worker"]
    if "RQ_QUEUES" in config:
        empty_redis()


@pytest.fixture
def enqueued():
    """The ids of the task results queued during the test."""
    ids = []

    def record(sender, task_result, **kwargs):
        ids.append(task_result.id)

    task_enqueued.connect(record)
    yield ids
    task_enqueued.disconnect(record)


def work(worker):
    """Runs the worker until its queue is empty."""
    call_command(*worker, verbosity=0)


def statuses(ids) -> list:
    """Each queued task's status, as its backend records it."""
    return [task_backends["default"].get_result(id).status for id in ids]


@pytest.fixture
def staff_client():
    return staff_client_with_reports()


def test_an_export_is_built_by_the_worker(backend, enqueued, staff_client):
    request_xlsx(staff_client)
    export = ReportExport.objects.get()
    assert export.status == Status.QUEUED
    assert statuses(enqueued) == [TaskResultStatus.READY]

    work(backend)

    export.refresh_from_db()
    assert (export.status, export.rows) == (Status.DONE, 2), export.error
    assert statuses(enqueued) == [TaskResultStatus.SUCCESSFUL]
    response = download(staff_client, export)
    assert response.status_code == 200
    rows = workbook_rows(b"".join(response.streaming_content))
    assert [row["Note"].value for row in rows] == ["r2", "r1"]


def test_a_failed_task_is_recorded_as_failed(
    backend, enqueued, staff_client, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(ReportExport.file.field.storage, "save", refuse)
    request_xlsx(staff_client)

    work(backend)

    export = ReportExport.objects.get()
    assert export.status == Status.FAILED
    assert "OSError" in export.error
    [failed] = [task_backends["default"].get_result(id) for id in enqueued]
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[-1].exception_class is OSError


def test_wagtails_own_tasks_run_on_the_worker(backend, enqueued, ua_page):
    """Wagtail queues the update of its reference index on each save: the
    page's references to its targets are recorded once the worker ran."""
    target = Target.objects.get()

    def references():
        return ReferenceIndex.get_references_for_object(ua_page).filter(
            to_object_id=str(target.pk)
        )

    assert not references().exists()

    work(backend)

    assert references().exists()
    assert set(statuses(enqueued)) == {TaskResultStatus.SUCCESSFUL}
