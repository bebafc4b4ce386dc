"""A steady mix of page views, reports and totals reads for minutes on end:
errors (there must be none), p99 latency minute by minute, and each worker's
memory at the start and the end (flat within 10%).

Run: ``make bench-soak`` (``SOAK_MINUTES``, default 5). Needs PostgreSQL, Redis
and Debian's wrk. It recreates the database ``ua_soak``, loads the demo, serves
it with gunicorn (2 sync workers, as the other benchmarks) and runs wrk at 8
connections in one-minute slices with benchmarks/soak.lua: of every 10
requests 7 read the seed Urgent Action's page, 2 its totals, 1 sends a report
with an Idempotency-Key (every fifth of them a retry of the one before).
The workers' memory is taken after 15 s of the same mix (imports, connections
and the page's copy made) and after the last slice.
Afterwards the tallies are recounted from the reports: any drift is an error.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ua_soak"
servers.use_databases(DATABASE, redis_db=11)
sys.path.insert(0, str(ROOT))

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8766"))
BASE = f"http://{HOST}:{PORT}"
MINUTES = int(os.environ.get("SOAK_MINUTES", "5"))
SLICE = os.environ.get("SOAK_SLICE_SECONDS", "60")


def prepare_site():
    import django
    from django.core.cache import cache
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("demo", base_url=BASE, stdout=open(os.devnull, "w"))
    from ua_wagtail.models import UrgentActionPage

    return UrgentActionPage.objects.get(locale__language_code="en")


def workers(master: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    return sorted(int(pid) for pid in children.split())


def resident_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def one_slice(number: int, page, seconds: str = SLICE) -> dict:
    env = {
        **os.environ,
        "SOAK_PAGE": page.url,
        "SOAK_TOTALS": f"/ua/actions/{page.pk}/totals/",
        "SOAK_BODY": json.dumps({"page": page.pk, "actions": {"letter": 1}}),
        "SOAK_SLICE": str(number),
    }
    figures = servers.wrk(
        BASE, 8, f"{seconds}s", script=ROOT / "benchmarks" / "soak.lua", env=env
    )
    sockets = re.findall(r"\d+", figures["socket_errors"])
    return {**figures, "socket_errors": sum(map(int, sockets))}


def main():
    started = time.monotonic()
    print(f"Setting up {DATABASE} (PostgreSQL), gunicorn -w 2 on {BASE} …", flush=True)
    servers.recreate_database(DATABASE)
    page = prepare_site()
    server = servers.gunicorn(HOST, PORT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        # 15 s of the same mix first: both workers have imported, connected and
        # made their copies before their memory is taken.
        one_slice(MINUTES, page, seconds="15")
        pids = workers(server)
        memory_before = {pid: resident_kb(pid) for pid in pids}
        print(
            f"Soak: {MINUTES} slices of {SLICE}s, wrk -t2 -c8 (7 page : 2 totals : 1 report)"
        )
        print(f"{'minute':>6} {'requests':>9} {'per s':>7} {'p99 ms':>8} {'errors':>7}")
        slices = []
        for number in range(MINUTES):
            figures = one_slice(number, page)
            slices.append(figures)
            errors = figures["bad"] + figures["socket_errors"]
            print(
                f"{number + 1:6} {figures['requests']:9} "
                f"{figures['requests'] / float(SLICE):7.0f} {figures['p99']:8.1f} {errors:7}",
                flush=True,
            )
        memory_after = {pid: resident_kb(pid) for pid in workers(server)}
    finally:
        server.terminate()
        server.wait()
    from ua_wagtail.models import ActionReport, ReportKey
    from ua_wagtail.reports import recounting

    drift = recounting.recount(fix=False)
    stored = ActionReport.objects.count()
    unkeyed = stored - ReportKey.objects.filter(report__isnull=False).count()
    errors = sum(s["bad"] + s["socket_errors"] for s in slices)
    print(
        f"\nErrors (non-2xx, socket errors): {errors}   reports stored: {stored}"
        f" ({unkeyed} without their key)   tally drift after recount: {len(drift)}"
    )
    print("Workers' resident memory, start -> end:")
    for pid, before in memory_before.items():
        after = memory_after.get(pid)
        if after is None:
            print(f"  worker {pid}: {before / 1024:.1f} MB -> restarted (a new pid)")
            continue
        print(
            f"  worker {pid}: {before / 1024:.1f} MB -> {after / 1024:.1f} MB ({after / before - 1:+.1%})"
        )
    print(f"\n({time.monotonic() - started:.0f} s in all)")
    if errors or drift or unkeyed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
