"""Webhooks: what a delivering worker costs report intake, an outage of the
receiver, and deliveries per second per worker.

Run: ``.venv/bin/python -m benchmarks.webhooks_bench``. Needs PostgreSQL and
Redis on 127.0.0.1 and Debian's wrk. It recreates the database
``ua_webhooks_bench`` (Redis db 9), loads the demo content with 8 Urgent Actions,
serves the example site with gunicorn (2 sync workers, ``benchmarks.settings``)
on port 8300 and runs ``tests/webhook_receiver.py`` as a process on 8301: it
checks every request's signature with Standard Webhooks' own library and keeps
what arrived, in order. Workers are ``manage.py ua_wagtail_webhooks`` processes
with the same settings; the bench passes ``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS``
(loopback), ``…_FIRST_RETRY=1`` and ``…_LONGEST_RETRY=5`` through the environment.

1. Report intake (wrk -t2 -c8 POSTing JSON reports to /ua/reports/, each from an
   address of its own as in ``reports_throughput``), BENCH_ROUNDS rounds (default
   5) of BENCH_DURATION (8s), in turns: (a) no webhook endpoint; (b) one
   active endpoint subscribed to everything, with one worker delivering to the
   receiver meanwhile at the app servers' priority; (c) the same with the
   worker at nice 10. Every report writes its outbox row either way; (b) and
   (c) add the worker's dispatching and sending. On this machine the worker
   shares 2 cores with gunicorn, PostgreSQL and wrk, where a deployment runs
   it on a machine of its own or below the app servers' priority
   (docs/integrations.md): (b) shows what its CPU costs the reports here, (c)
   what the hand-off costs them. Medians, ratios, and the CPU of each part;
   the check is (c) within 10% of (a).
2. Outage: two endpoints active (one subscribed to everything, one following a
   single Urgent Action; a third, inactive, must get nothing), 2 workers, reports
   arriving steadily across the Urgent Actions while the receiver answers 500 for
   BENCH_WEBHOOKS_OUTAGE seconds (60). Then it is up again; the bench waits until
   nothing is pending and checks every event arrived at the endpoints that
   should have it and at no other, duplicates, and the order per Urgent Action
   (the receiver's arrival order against each line's order in the database). It
   prints the time to drain after recovery.
3. Delivery throughput: BENCH_WEBHOOKS_BACKLOG events (20,000) written at once
   (reports and outbox rows by SQL, across the 8 Urgent Actions), drained by one
   worker, then another backlog by two workers, then one in the OSDI format by
   one worker: deliveries per second, from the backlog's commit until nothing is
   pending, and 2 workers / 1 worker. Each backlog is checked as in 2.

Every check prints OK or FAIL. ``BENCH_WEBHOOKS_SHORT=1`` (CI) runs the checks
with one 3-second intake round, a 15-second outage and one backlog of 2,000
drained by two workers; there the intake check is printed but does not count
(timing on a shared machine).
The script exits 1 if a check that counts failed: events lost, sent twice, out
of order or to the wrong endpoint (and, in the full form, the intake check).
"""

import http.client
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ua_webhooks_bench"
servers.use_databases(DATABASE, redis_db=9)
os.environ["BENCH_REDIS_URL"] = "redis://127.0.0.1:6379/9"
os.environ.update(
    UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS="127.0.0.0/8",
    UA_WAGTAIL_WEBHOOK_FIRST_RETRY="1",
    UA_WAGTAIL_WEBHOOK_LONGEST_RETRY="5",
)
sys.path.insert(0, str(ROOT))

SHORT = os.environ.get("BENCH_WEBHOOKS_SHORT") == "1"
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8300"))
RECEIVER_PORT = int(os.environ.get("BENCH_RECEIVER_PORT", "8301"))
BASE = f"http://{HOST}:{PORT}"
ROUNDS = 1 if SHORT else int(os.environ.get("BENCH_ROUNDS", "5"))
DURATION = "3s" if SHORT else os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = 8
OUTAGE = int(os.environ.get("BENCH_WEBHOOKS_OUTAGE", "15" if SHORT else "60"))
OUTAGE_RATE = 10 if SHORT else 40  # reports a second during the outage
BACKLOG = int(os.environ.get("BENCH_WEBHOOKS_BACKLOG", "2000" if SHORT else "20000"))
URGENT_ACTIONS = 8
TICKS = os.sysconf("SC_CLK_TCK")
LUA = ROOT / "benchmarks" / "post.lua"

failures: list[str] = []


def check(name: str, ok: bool, detail: str, counts: bool = True) -> None:
    note = "" if counts else " (printed only: timing on a shared machine)"
    print(f"{'OK  ' if ok else 'FAIL'} {name}: {detail}{note}", flush=True)
    if not ok and counts:
        failures.append(name)


# Processes


class Processes:
    """Every process the bench starts, stopped in the end whatever happens."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []
        self.gunicorn: subprocess.Popen | None = None
        self.receiver: subprocess.Popen | None = None

    def add(self, process: subprocess.Popen) -> subprocess.Popen:
        self.running.append(process)
        return process

    def worker(self, niceness: int = 0) -> subprocess.Popen:
        """A webhook worker; with ``niceness``, at that lower priority (as
        docs/integrations.md advises where it shares the app servers' cores)."""
        return self.add(
            subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
                [sys.executable, "manage.py", "ua_wagtail_webhooks"],
                cwd=ROOT,
                preexec_fn=(lambda: os.nice(niceness)) if niceness else None,  # noqa: PLW1509
            )
        )

    def stop(self, process: subprocess.Popen, timeout: float = 30) -> None:
        """SIGTERM (a worker finishes the request it is making), then SIGKILL."""
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in reversed(list(self.running)):
            self.stop(process)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_cpu(pid: int) -> float:
    """CPU time of a process's living children (gunicorn's workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    return sum(cpu_seconds(int(child)) for child in children)


def machine_busy() -> tuple[float, float]:
    """(busy, all) CPU seconds of the machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICKS, sum(values[:8]) / TICKS


def wait_for(condition, seconds: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def start_gunicorn(processes: Processes):
    processes.gunicorn = processes.add(servers.gunicorn(HOST, PORT))
    if not wait_for(lambda: _answers(BASE + "/"), 30):
        raise SystemExit("gunicorn did not start")


def start_receiver(processes: Processes, secrets: dict):
    command = [sys.executable, "-m", "tests.webhook_receiver"]
    command += ["--port", str(RECEIVER_PORT)]
    for name, secret in secrets.items():
        command += ["--secret", f"{name}={secret}"]
    processes.receiver = processes.add(subprocess.Popen(command, cwd=ROOT))  # noqa: S603
    if not wait_for(lambda: _answers(f"http://{HOST}:{RECEIVER_PORT}/"), 30):
        raise SystemExit("the webhook receiver did not start")


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback
        return True
    except OSError:
        return False


def receiver(path: str = "/", method: str = "GET"):
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"http://{HOST}:{RECEIVER_PORT}{path}", method=method
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        body = answer.read()
    return json.loads(body) if body else None


# The site


def prepare_site():
    """Demo content with URGENT_ACTIONS Urgent Actions (copies of the demo's),
    and the endpoints of every phase, inactive."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # rate-limit counters of earlier runs
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from ua_wagtail.integrations.models import WebhookEndpoint, WebhookUrgentAction
    from ua_wagtail.models import UrgentActionPage

    page = UrgentActionPage.objects.get(locale__language_code="en")
    pages = [page]
    for n in range(1, URGENT_ACTIONS):
        copy = page.copy(
            to=page.get_parent(),
            update_attrs={"slug": f"bench-{n}", "title": f"{page.title} ({n})"},
            keep_live=True,
        )
        pages.append(UrgentActionPage.objects.get(pk=copy.pk))
    assert len({p.translation_key for p in pages}) == URGENT_ACTIONS
    names = [f"intake-{n}" for n in range(ROUNDS)]
    names += ["outage", "one-ua", "paused", "one-worker", "two-workers", "osdi"]
    for name in names:
        WebhookEndpoint.objects.create(
            name=name,
            url=f"http://{HOST}:{RECEIVER_PORT}/{name}",
            is_active=False,
            payload_format="osdi" if name == "osdi" else "ua_wagtail",
        )
    WebhookUrgentAction.objects.create(
        endpoint=WebhookEndpoint.objects.get(name="one-ua"), page=pages[1]
    )
    secrets = dict(WebhookEndpoint.objects.values_list("name", "secret"))
    return pages, secrets


def quiet(active=()) -> tuple[int, int]:
    """With no worker running: every event so far dispatched, only the
    endpoints ``active`` active. The last report's and event's ids."""
    from django.db.models import Max

    from ua_wagtail.integrations.models import WebhookEndpoint
    from ua_wagtail.models import ActionReport, ReportEvent

    ReportEvent.objects.filter(dispatched=False).update(dispatched=True)
    WebhookEndpoint.objects.update(is_active=False)
    WebhookEndpoint.objects.filter(name__in=active).update(is_active=True)
    report = ActionReport.objects.aggregate(n=Max("pk"))["n"] or 0
    return report, ReportEvent.objects.aggregate(n=Max("pk"))["n"] or 0


def delivered(name: str) -> int:
    from ua_wagtail.integrations.models import WebhookDelivery

    return WebhookDelivery.objects.filter(
        endpoint__name=name, status=WebhookDelivery.Status.DELIVERED
    ).count()


def drained(names) -> bool:
    """No event waits to be dispatched, no delivery of ``names`` to be sent."""
    from ua_wagtail.integrations.models import WebhookDelivery
    from ua_wagtail.models import ReportEvent

    return not (
        ReportEvent.objects.filter(dispatched=False).exists()
        or WebhookDelivery.objects.filter(
            endpoint__name__in=names, status=WebhookDelivery.Status.PENDING
        ).exists()
    )


def pending(names) -> int:
    from ua_wagtail.integrations.models import WebhookDelivery
    from ua_wagtail.models import ReportEvent

    return (
        ReportEvent.objects.filter(dispatched=False).count()
        + WebhookDelivery.objects.filter(
            endpoint__name__in=names, status=WebhookDelivery.Status.PENDING
        ).count()
    )


class Reporter:
    """Sends JSON reports at a steady rate, round the Urgent Actions, each from
    an address of its own (rate limits count, and refuse nothing)."""

    def __init__(self, pages, rate: float, threads: int = 2):
        self.pages, self.rate, self.threads = pages, rate, threads
        self.statuses, self.lock = Counter(), threading.Lock()
        self.stopping, self.count = threading.Event(), 0
        self.workers = [
            threading.Thread(target=self.run, args=(n,), daemon=True)
            for n in range(threads)
        ]

    def start(self):
        for worker in self.workers:
            worker.start()
        return self

    def stop(self):
        self.stopping.set()
        for worker in self.workers:
            worker.join()

    def run(self, thread: int):
        every = self.threads / self.rate
        due = time.monotonic() + thread / self.rate
        while not self.stopping.is_set():
            time.sleep(max(0.0, due - time.monotonic()))
            due += every
            with self.lock:
                n = self.count = self.count + 1
            # Each /24 used by at most 256 reports (REPORT_NETWORK_RATE 200/h)
            # but only in the first 51,200: plenty for the outage's burst.
            address = f"100.{64 + n // 65536 % 64}.{n % 256}.{n // 256 % 256}"
            status = send_report(self.pages[n % len(self.pages)], address)
            with self.lock:
                self.statuses[status] += 1

    def accepted(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)


def send_report(page, address: str) -> int:
    body = json.dumps({"page": page.pk, "actions": {"letter": 1}, "country": "DE"})
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request(
            "POST",
            "/ua/reports/",
            body,
            {"Content-Type": "application/json", "X-Forwarded-For": address},
        )
        answer = connection.getresponse()
        answer.read()
        return answer.status
    except OSError:
        return 0
    finally:
        connection.close()


# Checks of what arrived


def verify(phase: str, expected: dict, nothing=()) -> None:
    """What the receiver got against the events each endpoint should have had
    (``expected``: name → event queryset), the endpoints ``nothing`` should have
    had nothing, and the order of each line."""
    from ua_wagtail.integrations.models import WebhookDelivery

    arrived = defaultdict(list)
    for name, event_id in receiver("/ids"):
        arrived[name].append(event_id)
    for name, events in expected.items():
        wanted = {str(e) for e in events.values_list("event_id", flat=True)}
        got = arrived[name]
        distinct = set(got)
        lost, extra = wanted - distinct, distinct - wanted
        check(
            f"{phase}: every event reached {name}",
            not lost,
            f"{len(distinct & wanted)} of {len(wanted)} events, {len(lost)} lost",
        )
        check(
            f"{phase}: {name} got only its events",
            not extra,
            f"{len(extra)} events it should not have had",
        )
        check(
            f"{phase}: no duplicates at {name} (no worker crashed)",
            len(got) == len(distinct),
            f"{len(got) - len(distinct)} duplicates in {len(got)} requests",
        )
        # Each line (endpoint, Urgent Action) in the order of its deliveries,
        # as dispatched; the receiver's first arrivals must follow it.
        lines, line_of = defaultdict(list), {}
        rows = (
            WebhookDelivery.objects.filter(endpoint__name=name, resent_by=None)
            .order_by("pk")
            .values_list("translation_key", "event__event_id", "event_id")
        )
        event_pks = {}
        for key, event_id, event_pk in rows:
            lines[key].append(str(event_id))
            line_of[str(event_id)] = key
            event_pks[str(event_id)] = event_pk
        seen, arrivals = set(), defaultdict(list)
        for event_id in got:
            if event_id not in seen and event_id in line_of:
                seen.add(event_id)
                arrivals[line_of[event_id]].append(event_id)
        out_of_order = [key for key in lines if arrivals[key] != lines[key]]
        check(
            f"{phase}: order per Urgent Action kept at {name}",
            not out_of_order,
            f"{len(lines)} Urgent Actions, {len(out_of_order)} out of order",
        )
        # Informational: reports committed in another order than their ids
        # (concurrent requests) are dispatched in commit order.
        behind = sum(
            1
            for key in arrivals
            for a, b in zip(arrivals[key], arrivals[key][1:], strict=False)
            if event_pks[a] > event_pks[b]
        )
        if behind:
            print(
                f"     ({behind} events of {name} arrived after a later event "
                "of their Urgent Action: committed after it)"
            )
    for name in nothing:
        check(
            f"{phase}: inactive endpoint {name} got nothing",
            not arrived[name],
            f"{len(arrived[name])} requests",
        )
    stuck = (
        WebhookDelivery.objects.filter(endpoint__name__in=list(expected))
        .exclude(status=WebhookDelivery.Status.DELIVERED)
        .count()
    )
    check(
        f"{phase}: every delivery delivered", not stuck, f"{stuck} pending or given up"
    )
    refused = receiver()["refused"]
    misdirected = refused.get("bad signature", 0) + refused.get("unknown endpoint", 0)
    check(
        f"{phase}: no request with a wrong signature or endpoint",
        not misdirected,
        f"receiver refused: {refused or 'nothing'}",
    )


def outbox_complete(phase: str, since_report: int, since_event: int) -> None:
    """Every report stored since wrote its event."""
    from ua_wagtail.models import ActionReport, ReportEvent

    reports = ActionReport.objects.filter(pk__gt=since_report).count()
    events = ReportEvent.objects.filter(pk__gt=since_event).count()
    check(
        f"{phase}: every report wrote its outbox event",
        reports == events,
        f"{reports} reports, {events} events",
    )


# 1. Intake


RUNS = iter(range(1, 10000))


def intake(processes: Processes, pages) -> dict:
    body = json.dumps({"page": pages[0].pk, "actions": {"letter": 1, "email": 2}})
    status = send_report(pages[0], "192.0.2.1")
    if status != 201:
        raise SystemExit(f"/ua/reports/ answered {status} to a report")
    runs = {"a": [], "b": [], "c": []}
    for round_ in range(ROUNDS):
        print(f"  round {round_ + 1} of {ROUNDS}", flush=True)
        for variant in ("abc", "cab", "bca")[round_ % 3]:
            runs[variant].append(
                intake_run(processes, pages, body, f"intake-{round_}", variant)
            )
    return runs


#: The intake variants: (a) no endpoint; (b) one, its worker at the app
#: servers' priority; (c) the same with the worker at nice 10.
VARIANTS = {
    "a": "no endpoint        ",
    "b": "1 endpoint, 1 worker",
    "c": "1 endpoint, worker nice 10",
}


def intake_run(processes, pages, body, name, variant) -> dict:
    with_worker = variant != "a"
    since_report, since_event = quiet([name] if with_worker else [])
    worker = None
    if with_worker:
        worker = processes.worker(niceness=10 if variant == "c" else 0)
        send_report(pages[0], "192.0.2.2")
        if not wait_for(lambda: delivered(name) >= 1, 60):
            raise SystemExit("the worker delivered nothing in a minute")
    env = {
        **os.environ,
        "BENCH_KEYED": "0",
        "BENCH_RUN": str(next(RUNS)),
        "BENCH_BODY": body,
        "BENCH_CONTENT_TYPE": "application/json",
        "BENCH_COOKIE": "",
    }
    workers = [worker.pid] if worker else []
    delivered_before, cpu_before = delivered(name), cpu_use(processes, workers)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = servers.wrk(
        BASE + "/ua/reports/", CONNECTIONS, DURATION, script=LUA, env=env
    )
    cpu = cpu_use(processes, workers)
    wrk_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (wrk_cpu.ru_utime + wrk_cpu.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    seconds = cpu["clock"] - cpu_before["clock"]
    busy, all_ = (
        a - b for a, b in zip(cpu["machine"], cpu_before["machine"], strict=True)
    )
    result.update(
        seconds=seconds,
        busy=busy / all_,
        **{
            part: (cpu[part] - cpu_before[part]) / seconds
            for part in ("gunicorn", "gunicorn_pg", "worker", "worker_pg", "receiver")
        },
    )
    result["wrk"] = wrk_cpu / seconds
    # What else kept the cores busy: this script, PostgreSQL's own processes,
    # Redis, and whatever else runs on the machine.
    result["others"] = os.cpu_count() * result["busy"] - sum(
        result[part]
        for part in (
            "gunicorn",
            "gunicorn_pg",
            "worker",
            "worker_pg",
            "receiver",
            "wrk",
        )
    )
    # CPU time of the reports: gunicorn's workers and their PostgreSQL backends.
    reports = result["rate"] * seconds
    result["per_report"] = (
        (result["gunicorn"] + result["gunicorn_pg"]) * seconds / reports
    )
    line = (
        f"    ({variant}) {VARIANTS[variant]} "
        f"{result['rate']:7.1f}/s p99 {result['p99']:6.1f} ms; "
        f"reports {result['gunicorn'] + result['gunicorn_pg']:.2f} cores "
        f"({result['per_report'] * 1000:.2f} ms CPU each)"
    )
    if with_worker:
        result["delivered"] = delivered(name) - delivered_before
        result["backlog"] = pending([name])
        result["webhooks"] = result["worker"] + result["worker_pg"] + result["receiver"]
        line += (
            f", webhooks {result['webhooks']:.2f} cores (worker {result['worker']:.2f},"
            f" its PostgreSQL {result['worker_pg']:.2f}, receiver {result['receiver']:.2f});"
            f" delivered {result['delivered']} ({result['delivered'] / seconds:.0f}/s),"
            f" {result['backlog']} left"
        )
        processes.stop(worker)
    line += (
        f"; wrk {result['wrk']:.2f} cores, anything else {result['others']:.2f};"
        f" machine {result['busy']:.0%} busy"
    )
    if result["bad"] or result["socket_errors"]:
        line += f"; non-2xx {result['bad']}, socket errors {result['socket_errors']}"
    print(line, flush=True)
    time.sleep(1)  # requests in flight when wrk stopped
    outbox_complete(f"intake {name} ({variant})", since_report, since_event)
    return result


def backends() -> dict[int, int]:
    """This database's PostgreSQL backends: backend pid → its client's pid
    (matched by the client's port, as ``ss`` and ``pg_stat_activity`` see it)."""
    from django.db import connection

    out = subprocess.run(  # noqa: S603 - iproute2's ss, fixed arguments
        ["ss", "-tnpH", "state", "established", "( dport = :5432 )"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    clients = {}
    for line in out.splitlines():
        fields, pid = line.split(), re.search(r"pid=(\d+)", line)
        if len(fields) >= 3 and pid:
            clients[int(fields[2].rsplit(":", 1)[1])] = int(pid[1])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, client_port FROM pg_stat_activity "
            "WHERE datname = current_database()"
        )
        rows = cursor.fetchall()
    return {pid: clients[port] for pid, port in rows if port in clients}


def cpu_use(processes: Processes, workers) -> dict:
    """CPU seconds so far of gunicorn's workers, the webhook workers, the PostgreSQL
    backends of each, the receiver, and the machine (busy, all)."""
    children = Path(
        f"/proc/{processes.gunicorn.pid}/task/{processes.gunicorn.pid}/children"
    )
    try:
        gunicorn = {int(pid) for pid in children.read_text().split()}
    except OSError:
        gunicorn = set()
    use = {
        "gunicorn": sum(cpu_seconds(pid) for pid in gunicorn),
        "worker": sum(cpu_seconds(pid) for pid in workers),
        "receiver": cpu_seconds(processes.receiver.pid),
        "gunicorn_pg": 0.0,
        "worker_pg": 0.0,
    }
    for backend, client in backends().items():
        if client in gunicorn:
            use["gunicorn_pg"] += cpu_seconds(backend)
        elif client in workers:
            use["worker_pg"] += cpu_seconds(backend)
    use["machine"], use["clock"] = machine_busy(), time.monotonic()
    return use


def intake_summary(runs) -> None:
    def median(variant, key):
        return statistics.median(r[key] for r in runs[variant])

    rates = {variant: median(variant, "rate") for variant in VARIANTS}
    print(
        f"\nReport intake, median of {ROUNDS} round(s) of {DURATION}, wrk -c{CONNECTIONS}:"
    )
    for variant, label in VARIANTS.items():
        print(
            f"  ({variant}) {label:26} {rates[variant]:8.1f} reports/s"
            f"   p99 {median(variant, 'p99'):6.1f} ms"
            f"   reports used {median(variant, 'gunicorn') + median(variant, 'gunicorn_pg'):.2f}"
            f" cores, {median(variant, 'per_report') * 1000:.2f} ms CPU a report;"
            f" anything else {median(variant, 'others'):.2f} cores;"
            f" machine {median(variant, 'busy'):.0%} busy"
        )
    for variant in "bc":
        ratio = rates[variant] / rates["a"]
        paired = [
            x["rate"] / y["rate"] for x, y in zip(runs[variant], runs["a"], strict=True)
        ]
        sent = sum(r["delivered"] for r in runs[variant])
        window = sum(r["seconds"] for r in runs[variant])
        accepted = sum(r["rate"] * r["seconds"] for r in runs[variant])
        # reports/s = cores the reports get / CPU a report: which of the two moved?
        cores = sum(median(variant, k) for k in ("gunicorn", "gunicorn_pg")) / sum(
            median("a", k) for k in ("gunicorn", "gunicorn_pg")
        )
        dearer = median("a", "per_report") / median(variant, "per_report")
        print(
            f"  ({variant})/(a) {ratio:.1%}, within each round "
            + ", ".join(f"{r:.0%}" for r in paired)
            + f"; the worker delivered {sent / window:.0f}/s ({sent / accepted:.0%} of"
            f" the reports accepted meanwhile) with {median(variant, 'webhooks'):.2f}"
            f" cores (worker {median(variant, 'worker'):.2f}, its PostgreSQL"
            f" {median(variant, 'worker_pg'):.2f}, receiver"
            f" {median(variant, 'receiver'):.2f}); = cores left to the reports"
            f" {cores:.0%} x CPU a report {dearer:.0%}"
        )
    print(
        "  On these 2 cores the worker's CPU is the reports' CPU: a report costs the"
        " same\n  CPU with the worker on (the hand-off on the report's path is its"
        " outbox row,\n  written in (a) too); the reports get fewer cores. At nice"
        " 10 (c) the worker\n  still fills the moments the reports leave idle."
        " A worker on a machine of its\n  own takes none of their cores."
    )
    check(
        "intake with one webhook (worker at nice 10, same 2 cores) within 10% of"
        " without",
        rates["c"] >= 0.9 * rates["a"],
        f"{rates['c']:.0f} vs {rates['a']:.0f} reports/s ({rates['c'] / rates['a']:.0%})",
        counts=not SHORT,
    )


# 2. Outage


def outage(processes: Processes, pages) -> float:
    from ua_wagtail.models import ReportEvent

    since_report, since_event = quiet(["outage", "one-ua"])
    workers = [processes.worker() for _ in range(2)]
    reporter = Reporter(pages, OUTAGE_RATE).start()
    # The workers up and delivering to both endpoints before the outage.
    if not wait_for(lambda: delivered("outage") and delivered("one-ua"), 60):
        raise SystemExit("the workers delivered nothing in a minute")
    time.sleep(2)
    up_before = delivered("outage")
    receiver("/mode/failing", "PUT")
    print(
        f"  receiver failing (500) for {OUTAGE} s, {OUTAGE_RATE} reports/s arriving; "
        f"{up_before} events delivered before",
        flush=True,
    )
    time.sleep(OUTAGE)
    reporter.stop()
    waiting = pending(["outage", "one-ua"])
    receiver("/mode/up", "PUT")
    recovered = time.monotonic()
    limit = OUTAGE + 120
    done = wait_for(lambda: drained(["outage", "one-ua"]), limit)
    drain = time.monotonic() - recovered
    cpu = sum(cpu_seconds(w.pid) for w in workers)
    for worker in workers:
        processes.stop(worker)
    refused = receiver()["refused"].get("failing", 0)
    print(
        f"  reports: {dict(reporter.statuses)}; {waiting} events waiting at recovery; "
        f"receiver answered 500 to {refused} attempts; workers' CPU {cpu:.1f} s"
    )
    check(
        "outage: reports accepted throughout",
        reporter.accepted() == sum(reporter.statuses.values()),
        f"{reporter.accepted()} of {sum(reporter.statuses.values())}",
    )
    check("outage: the receiver did fail", refused > 0, f"{refused} answers 500")
    check(
        f"outage: drained within {limit} s of recovery",
        done,
        f"nothing pending {drain:.1f} s after the receiver was up again",
    )
    time.sleep(1)
    outbox_complete("outage", since_report, since_event)
    events = ReportEvent.objects.filter(pk__gt=since_event)
    verify(
        "outage",
        {
            "outage": events,
            "one-ua": events.filter(translation_key=pages[1].translation_key),
        },
        nothing=["paused"],
    )
    print(f"  time to drain after recovery: {drain:.1f} s ({waiting} waiting)")
    return drain


# 3. Throughput


def backlog(count: int, pages) -> None:
    """``count`` reports and their events, written in one transaction,
    round the Urgent Actions."""
    from django.db import connection, transaction

    from ua_wagtail.models import ActionReport, ReportEvent

    reports, events = ActionReport._meta.db_table, ReportEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH r AS (
                INSERT INTO {reports}
                    (translation_key, page_id, ua_number, ua_title, language_code,
                     country, created_at, source, letter, email, fax, call, social,
                     other, client_hash, contact_name, contact_email,
                     contact_consent, is_valid, note)
                SELECT (%s::uuid[])[1 + g %% %s], (%s::int[])[1 + g %% %s],
                       (%s::varchar[])[1 + g %% %s], (%s::varchar[])[1 + g %% %s],
                       'en', 'DE', now(), 'api', 1, 2, 0, 0, 0, 0, '', '', '', false,
                       true, ''
                FROM generate_series(0, %s - 1) AS g ORDER BY g
                RETURNING id, translation_key, created_at
            )
            INSERT INTO {events}
                (event_id, kind, translation_key, report_id, created_at, dispatched)
            SELECT gen_random_uuid(), 'report.created', translation_key, id,
                   created_at, false
            FROM r ORDER BY id
            """,  # noqa: S608 - table names from the models
            [
                [p.translation_key for p in pages],
                len(pages),
                [p.pk for p in pages],
                len(pages),
                [p.ua_number for p in pages],
                len(pages),
                [p.title for p in pages],
                len(pages),
                count,
            ],
        )


def throughput(processes: Processes, pages, name: str, workers: int) -> float:
    from ua_wagtail.models import ReportEvent

    _, since_event = quiet([name])
    started = [processes.worker() for _ in range(workers)]
    backlog(1, pages)  # the workers up and connected before the clock starts
    if not wait_for(lambda: drained([name]), 60):
        raise SystemExit("the workers delivered nothing in a minute")
    pids = [w.pid for w in started]
    before = cpu_use(processes, pids), [cpu_seconds(pid) for pid in pids]
    backlog(BACKLOG, pages)
    start = time.monotonic()
    limit = max(300, BACKLOG / 10)
    done = wait_for(lambda: drained([name]), limit, every=0.1)
    seconds = time.monotonic() - start
    after = cpu_use(processes, pids), [cpu_seconds(pid) for pid in pids]
    for worker in started:
        processes.stop(worker)
    rate = BACKLOG / seconds
    each = [b - a for a, b in zip(before[1], after[1], strict=True)]
    pg = after[0]["worker_pg"] - before[0]["worker_pg"]
    receiving = after[0]["receiver"] - before[0]["receiver"]
    busy = [
        b - a for a, b in zip(before[0]["machine"], after[0]["machine"], strict=True)
    ]
    print(
        f"  {name:12} {workers} worker(s): {BACKLOG} events in {seconds:.1f} s, "
        f"{rate:.0f} deliveries/s; CPU a delivery: workers "
        f"{sum(each) / BACKLOG * 1000:.2f} ms, their PostgreSQL backends "
        f"{pg / BACKLOG * 1000:.2f} ms, receiver {receiving / BACKLOG * 1000:.2f} ms; "
        f"each worker's cores {', '.join(f'{c / seconds:.2f}' for c in each)}; "
        f"machine {busy[0] / busy[1]:.0%} busy",
        flush=True,
    )
    check(f"{name}: drained within {limit:.0f} s", done, f"{seconds:.1f} s")
    verify(name, {name: ReportEvent.objects.filter(pk__gt=since_event)})
    return rate


def main():
    processes = Processes()
    print(
        f"Setting up {DATABASE} (PostgreSQL), gunicorn -w 2 on {BASE}, "
        f"the receiver on {RECEIVER_PORT}{' (short form)' if SHORT else ''} …",
        flush=True,
    )
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"Load average before: {load} ({os.cpu_count()} cores)", flush=True)
    servers.recreate_database(DATABASE)
    pages, secrets = prepare_site()
    try:
        start_gunicorn(processes)
        start_receiver(processes, secrets)
        print(f"\n1. Report intake, {ROUNDS} round(s), (a), (b) and (c) in turns:")
        runs = intake(processes, pages)
        intake_summary(runs)
        print("\n2. Outage of the receiver, 2 workers:")
        outage(processes, pages)
        print(f"\n3. Delivery throughput, backlogs of {BACKLOG} events:")
        if SHORT:  # the checks of two workers draining a backlog, no ratios
            throughput(processes, pages, "two-workers", 2)
        else:
            one = throughput(processes, pages, "one-worker", 1)
            two = throughput(processes, pages, "two-workers", 2)
            osdi = throughput(processes, pages, "osdi", 1)
            print(
                f"\nDeliveries per second: 1 worker {one:.0f}, 2 workers {two:.0f} "
                f"(2/1 {two / one:.2f}x), OSDI format 1 worker {osdi:.0f} "
                f"({osdi / one:.0%} of ua_wagtail JSON)"
            )
    finally:
        processes.stop_all()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nLoad average after: {load}")
    print(
        f"\nFAILED: {', '.join(failures)}"
        if failures
        else "\nEvery check that counts OK"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
