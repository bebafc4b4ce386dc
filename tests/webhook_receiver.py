"""A webhook receiver on loopback, for the webhook tests and benchmark.

It checks every request's signature with Standard Webhooks' own library (not
with ua_wagtail's code), keeps what it received, and can be told to fail: to
answer 500, or to answer nothing until the sender gives up. Run in a thread
(:class:`Receiver`) or as a process (``python -m tests.webhook_receiver``,
whose counts are read at ``GET /`` and the events received, in arrival order, at
``GET /ids``).
"""

import argparse
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

UP, FAILING, SLOW, MOVED = "up", "failing", "slow", "moved"


class Receiver(ThreadingHTTPServer):
    """Endpoints at ``/<name>``, each with its secret (``secrets[name]``)."""

    daemon_threads = True

    def __init__(self, secrets: dict, port: int = 0, slow_seconds: float = 3):
        super().__init__(("127.0.0.1", port), _Handler)
        self.secrets, self.slow_seconds = dict(secrets), slow_seconds
        self.mode = UP
        self.lock = threading.Lock()
        self.received = []  # (name, webhook-id, payload), in arrival order
        self.refused = Counter()  # answers other than 2xx, by reason

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"

    def start(self) -> "Receiver":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def ids(self, name: str) -> list[str]:
        with self.lock:
            return [event_id for to, event_id, _ in self.received if to == name]

    def payloads(self, name: str) -> list[dict]:
        with self.lock:
            return [payload for to, _, payload in self.received if to == name]

    def counts(self) -> dict:
        with self.lock:
            ids = Counter((to, event_id) for to, event_id, _ in self.received)
            return {
                "requests": len(self.received),
                "events": len(ids),
                "duplicates": sum(n - 1 for n in ids.values()),
                "refused": dict(self.refused),
            }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps connections open, as receivers do

    def do_POST(self):
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        name = self.path.strip("/")
        if server.mode == FAILING:
            return self._answer(500, b"Internal Server Error: on purpose", "failing")
        if server.mode == SLOW:
            time.sleep(server.slow_seconds)
            return self._answer(504, b"too late", "slow")
        if server.mode == MOVED:  # to a name it would take
            self.send_response(307)
            self.send_header("Location", f"/{next(iter(server.secrets))}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if name not in server.secrets:
            return self._answer(404, b"no such endpoint", "unknown endpoint")
        try:
            payload = Webhook(server.secrets[name]).verify(body, dict(self.headers))
        except Exception:  # the library's WebhookVerificationError and its kin
            return self._answer(401, b"bad signature", "bad signature")
        with server.lock:
            server.received.append((name, self.headers["webhook-id"], payload))
        self._answer(204, b"", None)

    def do_GET(self):
        """``GET /ids``: ``[name, webhook-id]`` of every event received, in
        arrival order; any other path: the counts."""
        if self.path == "/ids":
            with self.server.lock:
                body = json.dumps([[to, id_] for to, id_, _ in self.server.received])
            return self._answer(200, body.encode(), None)
        body = json.dumps(self.server.counts()).encode()
        self._answer(200, body, None)

    def do_PUT(self):
        """``PUT /mode/<up|failing|slow>``: how the receiver answers from now on."""
        self.server.mode = self.path.rsplit("/", 1)[-1]
        self._answer(204, b"", None)

    def _answer(self, status: int, body: bytes, refused: str | None):
        if refused:
            with self.server.lock:
                self.server.refused[refused] += 1
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", action="append", default=[], metavar="NAME=SECRET")
    options = parser.parse_args()
    secrets = dict(item.split("=", 1) for item in options.secret)
    Receiver(secrets, options.port).serve_forever()


if __name__ == "__main__":
    main()
