"""deploy/gunicorn.conf.py under a real gunicorn (an echo application behind
it): JSON log lines, no request header that sets the WSGI environment, and no
request that ends a worker (security review of issue 21, findings 1, 2, 6)."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..servers import free_port

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, gunicorn
            [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
            + ["--bind", f"127.0.0.1:{port}", "tests.deploy.echo_app:application"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin", "WEB_CONCURRENCY": "1", "ACCESS_LOG": "true"},
        )
    server = Server(port, log)
    try:
        server.wait()
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


class Server:
    def __init__(self, port, log):
        self.port, self.log = port, log

    def raw(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
            return answer

    def get(self, path="/", headers="") -> tuple[int, bytes]:
        answer = self.raw(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
            "Connection: close\r\n\r\n".encode()
        )
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split()[1]), body

    def wait(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(self.log.read_text())

    def lines(self) -> list[dict]:
        time.sleep(0.3)  # the log is written after the answer
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def workers_booted(self) -> int:
        return sum("Booting worker" in line["message"] for line in self.lines())


def test_every_log_line_is_a_json_object_without_the_client(gunicorn):
    status, _ = gunicorn.get("/ua/actions/1/totals/?lang=fr")
    assert status == 200
    access = [line for line in gunicorn.lines() if line["name"] == "gunicorn.access"]
    assert access[-1]["path"] == "/ua/actions/1/totals/"
    assert (access[-1]["method"], access[-1]["status"]) == ("GET", 200)
    assert "127.0.0.1" not in json.dumps(access[-1])


def test_headers_cannot_move_the_path_or_change_the_scheme(gunicorn):
    headers = (
        "SCRIPT_NAME: /urgent-actions\r\nX-Forwarded-Proto: https\r\n"
        "X-Forwarded-Ssl: on\r\n"
    )
    status, body = gunicorn.get("/urgent-actions/?page=1", headers)
    assert status == 200
    assert json.loads(body) == {
        "script_name": "",
        "path": "/urgent-actions/",
        "scheme": "http",
    }


def test_a_request_gunicorn_refuses_is_logged_and_ends_no_worker(gunicorn):
    booted = gunicorn.workers_booted()
    for _ in range(3):
        answer = gunicorn.raw(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n"
        )
        assert answer.startswith(b"HTTP/1.1 400")
    assert gunicorn.get()[0] == 200
    assert gunicorn.workers_booted() == booted
    assert not [line for line in gunicorn.lines() if "Traceback" in line["message"]]
