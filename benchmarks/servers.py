"""The example site under gunicorn as the benchmarks serve it: 2 sync workers
(one a core), the benchmarks' settings, errors only in the log."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gunicorn(host: str, port: int) -> subprocess.Popen:
    """gunicorn on ``host:port``, started (the caller waits for it to answer)."""
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "example_site.wsgi",
            "-w",
            "2",
            "-b",
            f"{host}:{port}",
            "--env",
            "DJANGO_SETTINGS_MODULE=benchmarks.settings",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
    )
