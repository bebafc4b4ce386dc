"""The example site under gunicorn as the benchmarks serve it: 2 sync workers
(one a core), the benchmarks' settings, errors only in the log."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_databases(database: str, redis_db: int) -> None:
    """Point ``benchmarks.settings``, here and in the gunicorn started from here,
    at the PostgreSQL database this run recreates (whatever BENCH_DATABASE_URL
    says for the other benchmarks) and at a Redis database of its own."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")


def gunicorn(host: str, port: int, workers: int = 2, env=None) -> subprocess.Popen:
    """gunicorn on ``host:port``, started (the caller waits for it to answer);
    ``env`` replaces this process's environment."""
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "example_site.wsgi",
            "-w",
            str(workers),
            "-b",
            f"{host}:{port}",
            "--env",
            "DJANGO_SETTINGS_MODULE=benchmarks.settings",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )


def recreate_database(name: str) -> None:
    """An empty PostgreSQL database ``name`` (trust auth on 127.0.0.1)."""
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def milliseconds(text: str) -> float:
    """wrk's "812.00us", "3.20ms", "1.01s", "1.2m" in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, connections, duration, script=None, env=None, timeout="2s") -> dict:
    """Debian's wrk on ``url`` (2 threads, ``script`` a Lua file): answers per
    second with a 2xx, the others, socket errors (an answer slower than
    ``timeout`` among them), and the p99 in ms."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
    command += ["--timeout", timeout]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(  # noqa: S603 - Debian's wrk, our arguments
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    # "in 5.00s", or "in 1.00m" from a minute on
    seconds = milliseconds(re.search(r"requests in ([\d.]+\w+),", out)[1]) / 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = int(bad.group(1)) if bad else 0
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": requests,
        "rate": (requests - bad) / seconds,  # answered with a 2xx
        "bad": bad,
        "socket_errors": sockets.group(1) if sockets else "",
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)[1]),
    }
