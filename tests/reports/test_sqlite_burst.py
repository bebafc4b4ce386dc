"""SQLite as the demo ships it holds a burst of reports: none refused for a
locked database, none lost, none counted twice."""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import OperationalError, transaction

from ua_wagtail.reports import store

from ..processes import INHERITED, ROOT, python


class TestLockedWritesAreTriedAgain:
    def test_until_they_pass(self):
        write = mock.Mock(
            side_effect=[OperationalError("database is locked")] * 2 + ["ok"]
        )
        assert store._retrying_when_locked(write) == "ok"
        assert write.call_count == 3

    def test_a_bounded_number_of_times(self):
        write = mock.Mock(side_effect=OperationalError("database is locked"))
        with pytest.raises(OperationalError):
            store._retrying_when_locked(write)
        assert write.call_count == store.LOCKED_RETRIES + 1

    def test_not_other_errors(self):
        write = mock.Mock(side_effect=OperationalError("no such table"))
        with pytest.raises(OperationalError):
            store._retrying_when_locked(write)
        assert write.call_count == 1

    @pytest.mark.django_db
    def test_not_inside_the_callers_transaction(self):
        write = mock.Mock(side_effect=OperationalError("database is locked"))
        with pytest.raises(OperationalError), transaction.atomic():
            store._retrying_when_locked(write)
        assert write.call_count == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send(base, path, body, content_type, source) -> int | str:
    """POST from the loopback address ``source``: each a client of its own."""
    host, port = base.removeprefix("http://").split(":")
    try:
        conn = http.client.HTTPConnection(
            host, int(port), timeout=60, source_address=(source, 0)
        )
        conn.request("POST", path, body, {"Content-Type": content_type})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return type(error).__name__


def burst(requests) -> Counter:
    """Send every request at once; count the answers."""
    answers = []
    threads = [
        threading.Thread(target=lambda r=r: answers.append(send(*r))) for r in requests
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(answers)


@pytest.fixture
def demo_server(tmp_path):
    """``make demo``'s site on a SQLite file of its own, served by runserver."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    for command in (["migrate", "--noinput"], ["demo", "--base-url", base]):
        done = python("manage.py", *command, **env)
        assert done.returncode == 0, done.stderr[-2000:]
    clean = {name: os.environ[name] for name in INHERITED if name in os.environ}
    server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - http on loopback
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()


def read_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - as above
        return json.load(response)


@pytest.mark.skipif(sys.platform != "linux", reason="sends from 127.0.0.0/8 addresses")
def test_the_demo_holds_a_burst_of_reports(demo_server):
    listing = read_json(
        f"{demo_server}/api/v2/pages/?type=ua_wagtail.UrgentActionPage&locale=en"
    )
    page = listing["items"][0]["id"]

    def total() -> int:
        return read_json(f"{demo_server}/ua/actions/{page}/totals/?t={time.time()}")[
            "total"
        ]

    before = total()
    report = json.dumps({"page": page, "actions": {"letter": 1}})
    answers = burst(
        (
            demo_server,
            "/ua/reports/",
            report,
            "application/json",
            f"127.0.{i // 200}.{i % 200 + 2}",
        )
        for i in range(120)
    )
    assert answers == Counter({201: 120})
    form = urlencode({"action_email": "1"})
    answers = burst(
        (
            demo_server,
            f"/ua/reports/form/{page}/",
            form,
            "application/x-www-form-urlencoded",
            f"127.1.0.{i + 2}",
        )
        for i in range(40)
    )
    assert answers == Counter({302: 40})
    assert total() == before + 160
