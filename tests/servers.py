"""Servers the tests start for themselves, each on a free loopback port."""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing(message: str):
    """Fails in CI (``CI=true``), where every tool is installed; skips elsewhere."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)
    pytest.skip(message)


class RedisServer:
    """A redis-server on a port of its own, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.client = redis.Redis(port=self.port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def caches(self) -> dict:
        """CACHES with this server as the example site has its Redis: behind
        a FallbackCache, with half-second socket timeouts."""
        return {
            "default": {
                "BACKEND": "ua_wagtail.utils.fallback_cache.FallbackCache",
                "LOCATION": "redis",
            },
            "redis": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": self.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            },
        }

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our arguments
            [shutil.which("redis-server"), "--port", str(self.port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
