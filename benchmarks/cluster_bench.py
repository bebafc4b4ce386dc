"""``make bench-cluster``: a cluster of its own (:mod:`benchmarks.cluster`), checked.

Every check prints OK or FAIL and what it saw; the script exits 1 if any failed.

0. deploy/systemd's units pass ``systemd-analyze verify``.
1. Reports from many clients, through Varnish and HAProxy to both app servers,
   each sent twice with its Idempotency-Key: stored once, totals exact.
2. Rate limits shared: a client over its limit is refused by either server.
3. Publishing on one app server purges Varnish; both serve the new page.
4. An image uploaded and an XLSX export land in S3 (nothing on the app servers'
   disks) and download through either server.
5. Redis stopped: reports still taken, pages served, both app servers kept.
6. An app server killed under load: HAProxy routes around it, clients resend
   with their keys and no report is lost or counted twice, Varnish serves the
   page throughout; restarted, back in rotation. With both down, Varnish serves
   the page past its time (grace).
7. Throughput with two app servers and with one: page views through Varnish,
   pages from the app servers (no Varnish), reports.

Clients are told apart by their own loopback address (127.x.y.z), as Varnish
sees them: the app servers believe X-Forwarded-For only as far as their own
proxies wrote it (TRUSTED_PROXY_HOPS=2). ``BENCH_CLUSTER_SHORT=1`` (CI) runs
every check with smaller loads and 3-second throughput runs.
"""

import http.client
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.cluster import BUCKET, ROOT, Cluster, stop_on_sigterm, wait_for
from benchmarks.servers import wrk

SHORT = os.environ.get("BENCH_CLUSTER_SHORT") == "1"
CLIENTS = 12 if SHORT else 60
REPORTS_EACH = 4 if SHORT else 8  # under the limit of 10 an hour
SECONDS = 3 if SHORT else 10
ACTIONS = {"letter": 1, "email": 2}
#: Seconds Varnish keeps a page from the kill on (the site's default is 300).
PAGE_SECONDS = 3
RETRIED = {502, 503, 504}
failures: list[str] = []


def check(name: str, ok: bool, detail: str) -> None:
    print(f"{'OK  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    if not ok:
        failures.append(name)


def send(port, method, path, body=None, headers=None, source="127.0.0.1"):
    """One request from ``source``: (status, headers, body)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=15, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def client_address(n: int, group: int = 20) -> str:
    """A loopback address of its own for client ``n``, in a /24 of its own for
    the first 250 (the limits count per address and per /24)."""
    return f"127.{group}.{n % 250}.{n // 250 + 1}"


class Reporter:
    """Sends reports as the page's script does: each with an Idempotency-Key,
    sent again with the same key after a failure (up to a minute)."""

    def __init__(self, cluster, page_id):
        self.port, self.page_id = cluster.varnish_port, page_id
        self.body = json.dumps({"page": page_id, "actions": ACTIONS, "country": "DE"})
        self.lock = threading.Lock()
        self.stored, self.replayed, self.retries = set(), 0, 0
        self.lost = []

    def report(self, source: str, key: str | None = None) -> int:
        key = key or str(uuid.uuid4())
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        deadline = time.monotonic() + 60
        while True:
            try:
                status, answer, _ = send(
                    self.port, "POST", "/ua/reports/", self.body, headers, source
                )
            except OSError:
                status, answer = None, {}
            if status not in RETRIED and status is not None:
                break
            if time.monotonic() > deadline:
                break
            with self.lock:
                self.retries += 1
            time.sleep(float(answer.get("Retry-After", 0) or 0.2))
        with self.lock:
            if status == 201:
                self.stored.add(key)  # stored by this send or by an earlier one
                self.replayed += answer.get("Idempotent-Replayed") == "true"
            elif status != 429:
                self.lost.append((key, status))
        return status


def stored_reports(page_id) -> int:
    from ua_wagtail.reports.models import ActionReport

    return ActionReport.objects.filter(page_id=page_id).count()


def totals(cluster, page_id, app: int) -> int:
    """The total of actions, read from one app server (no cache between)."""
    port = cluster.app_ports[app]
    status, _, body = send(port, "GET", f"/ua/actions/{page_id}/totals/")
    assert status == 200, (status, body[:300])
    return json.loads(body)["total"]


def systemd_units(cluster):
    """systemd's own check of deploy/systemd's units, with this checkout's
    paths (their commands are what the cluster runs)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        check("systemd units", False, "systemd-analyze is missing (Debian's systemd)")
        return
    with tempfile.TemporaryDirectory() as folder:
        names = []
        for unit in sorted((ROOT / "deploy" / "systemd").glob("*.service")):
            text = unit.read_text().replace("/srv/ua-wagtail", str(ROOT))
            (Path(folder) / unit.name).write_text(text)
            names.append(
                unit.name.replace(
                    "@.", "@rqworker." if "worker" in unit.name else "@8001."
                )
            )
        done = subprocess.run(
            [analyze, "verify", *names], cwd=folder, capture_output=True, text=True
        )
    said = (done.stdout + done.stderr).strip()
    check(
        "systemd units verify",
        done.returncode == 0 and not said,
        f"systemd-analyze verify {' '.join(names)}: {said or 'nothing to say'}",
    )


def reports_once(cluster, page):
    reporter = Reporter(cluster, page.pk)
    before = stored_reports(page.pk), totals(cluster, page.pk, 0)
    keys = [
        (client_address(c), str(uuid.uuid4()))
        for c in range(CLIENTS)
        for _ in range(REPORTS_EACH)
    ]
    answered = cluster.answers("2xx")
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda pair: reporter.report(*pair), keys))
        # Each again, as a client that never saw the first answer would.
        list(pool.map(lambda pair: reporter.report(*pair), keys))
    answered = cluster.answers("2xx") - answered
    added = stored_reports(page.pk) - before[0]
    per_report = sum(ACTIONS.values())
    sums = [totals(cluster, page.pk, app) - before[1] for app in (0, 1)]
    check(
        "reports stored exactly once",
        added == len(keys) == len(reporter.stored) == reporter.replayed
        and not reporter.lost,
        f"{len(keys)} reports from {CLIENTS} clients, each sent twice: {added} "
        f"stored, {reporter.replayed} answered as replays, lost {reporter.lost[:3]}",
    )
    check(
        "totals exact on both app servers",
        sums == [len(keys) * per_report] * 2,
        f"+{sums[0]} on app1, +{sums[1]} on app2, expected +{len(keys) * per_report}",
    )
    check(
        "both app servers took reports",
        min(answered["app1"], answered["app2"]) > len(keys) / 4,
        f"2xx answers by server (HAProxy's count): {dict(answered)}",
    )


def rate_limits_shared(cluster, page):
    reporter = Reporter(cluster, page.pk)
    source = client_address(0, group=30)
    statuses, refused_before = [], cluster.answers("4xx")
    for _ in range(16):
        status = reporter.report(source)
        statuses.append(status)
    refused = statuses.count(429)
    refused_by = cluster.answers("4xx") - refused_before
    check(
        "rate limit shared by the app servers",
        statuses[:10] == [201] * 10
        and refused == 6
        and set(refused_by) == {"app1", "app2"},
        f"one client, 16 reports (limit 10 an hour): {statuses.count(201)} stored, "
        f"{refused} refused, by {dict(refused_by)} (HAProxy's count)",
    )


class Admin:
    """A staff member signed in to one app server's admin (requests' session)."""

    def __init__(self, base_url):
        import requests

        self.base = base_url
        self.session = requests.Session()
        self.session.trust_env = False
        login = self.session.get(f"{base_url}/admin/login/")
        self.session.post(
            f"{base_url}/admin/login/",
            data={
                "username": "admin",
                "password": "changeme",
                "csrfmiddlewaretoken": self.token(login.text),
            },
        ).raise_for_status()
        assert "sessionid" in self.session.cookies, "the admin sign-in failed"

    @staticmethod
    def token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def post_form(self, path, data=None, files=None):
        form = self.session.get(f"{self.base}{path}")
        form.raise_for_status()
        data = {"csrfmiddlewaretoken": self.token(form.text), **(data or {})}
        return self.session.post(
            f"{self.base}{path}", data=data, files=files, allow_redirects=False
        )


def page_title(port, path) -> tuple[int, str, str]:
    status, headers, body = send(port, "GET", path)
    title = re.search(rb"<h1[^>]*>(.*?)</h1>", body, re.S)
    text = re.sub(r"<[^>]+>|\s+", " ", title[1].decode()).strip() if title else ""
    return status, text, headers.get("X-Cache", "")


def purge(cluster, page):
    page.refresh_from_db()
    path = page.url
    page_title(cluster.varnish_port, path)
    _, old, cached = page_title(cluster.varnish_port, path)
    new_title = f"{page.title} (updated {uuid.uuid4().hex[:6]})"
    revision_page = page.get_latest_revision_as_object()
    revision_page.title = new_title
    revision_page.save_revision()
    admin = Admin(cluster.app_url(0))
    published = admin.post_form(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}")
    assert published.status_code == 302, published.status_code
    deadline, seen = time.monotonic() + 20, ""
    while time.monotonic() < deadline:
        _, seen, _ = page_title(cluster.varnish_port, path)
        if new_title in seen:
            break
        time.sleep(0.2)
    through = [page_title(port, path)[1] for port in cluster.app_ports]
    check(
        "publishing on app1 purges Varnish",
        cached == "HIT" and new_title in seen,
        f"the page was a Varnish {cached}; after publishing, Varnish serves "
        f"“{seen[:60]}”",
    )
    check(
        "both app servers serve the new page",
        all(new_title in title for title in through),
        f"app1 “{through[0][:50]}”, app2 “{through[1][:50]}”",
    )


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def object_storage(cluster, page):
    from wagtail.images import get_image_model
    from wagtail.images.utils import generate_signature

    from ua_wagtail.reports.models import ReportExport

    admin = Admin(cluster.app_url(0))
    title = f"cluster-{uuid.uuid4().hex[:8]}"
    answer = admin.post_form(
        "/admin/images/add/",
        {"title": title, "collection": "1"},
        files={"file": (f"{title}.png", png(), "image/png")},
    )
    image = get_image_model().objects.filter(title=title).first()
    keys = cluster.bucket_keys()
    stored = image is not None and image.file.name in keys
    downloads = []
    if image is not None:
        signature = generate_signature(image.pk, "width-100")
        for port in cluster.app_ports:
            status, headers, body = send(
                port, "GET", f"/images/{signature}/{image.pk}/width-100/"
            )
            downloads.append((status, headers.get("Content-Type"), len(body), body[:8]))
    check(
        "an uploaded image is stored in S3 and served by either server",
        stored
        and len(downloads) == 2
        and all(d[0] == 200 and d[3].startswith(b"\x89PNG") for d in downloads)
        and downloads[0][2] == downloads[1][2],
        f"upload answered {answer.status_code}; in the bucket: {stored}; "
        f"a 100 px rendition from app1 and app2: {[d[:3] for d in downloads]}",
    )
    # An XLSX export asked for on app2, built by the worker, downloaded from both.
    admin2 = Admin(cluster.app_url(1))
    asked = admin2.post_form("/admin/ua-wagtail/exports/prepare/")
    assert asked.status_code == 302, asked.status_code
    export = ReportExport.objects.order_by("-pk").first()
    deadline = time.monotonic() + 60
    while (
        export
        and export.status not in ("done", "failed")
        and time.monotonic() < deadline
    ):
        time.sleep(0.3)
        export.refresh_from_db()
    bodies = []
    if export and export.status == "done":
        for session in (admin, admin2):
            got = session.session.get(
                f"{session.base}/admin/ua-wagtail/exports/{export.pk}/"
            )
            bodies.append((got.status_code, got.content))
    in_bucket = bool(
        export and export.file and export.file.name in cluster.bucket_keys()
    )
    check(
        "an XLSX export is stored in S3 and downloads through either server",
        in_bucket
        and len(bodies) == 2
        and all(code == 200 and body.startswith(b"PK") for code, body in bodies)
        and bodies[0][1] == bodies[1][1],
        f"export {export and export.status}, {export and export.rows} rows; in the "
        f"bucket: {in_bucket}; downloads {[(c, len(b)) for c, b in bodies]}",
    )
    imported = import_document(cluster, admin, admin2, page)
    check(
        "a document imported on app1 is read by the worker, reviewed on app2",
        imported[0] == "done" and imported[1] == 200,
        f"status {imported[0]}, the review screen on app2 answered {imported[1]}",
    )
    on_disk = [
        str(p)
        for i in (0, 1)
        for p in Path(cluster.media_root(i)).rglob("*")
        if p.is_file()
    ]
    check(
        "nothing on the app servers' disks",
        not on_disk,
        f"files under their MEDIA_ROOTs: {on_disk[:3] or 'none'}; "
        f"{len(cluster.bucket_keys())} objects in the bucket {BUCKET}",
    )


def import_document(cluster, admin, admin2, page) -> tuple[str, int]:
    """The seed document uploaded to app1's import form: the upload goes to the
    bucket, the worker reads it; app2 shows what was read."""
    seed = (ROOT / "example_site" / "home" / "seed_document.txt").read_bytes()
    answer = admin.post_form(
        f"/admin/ua-wagtail/import/?parent={page.get_parent().pk}",
        {"parent": str(page.get_parent().pk)},
        files={"document": ("ua.txt", seed, "text/plain")},
    )
    where = answer.headers.get("Location", "")
    if answer.status_code != 302 or "/import/" not in where:
        return f"refused ({answer.status_code})", 0
    status, deadline = "pending", time.monotonic() + 60
    while status == "pending" and time.monotonic() < deadline:
        time.sleep(0.3)
        status = admin2.session.get(
            f"{admin2.base}{where}", headers={"Accept": "application/json"}
        ).json()["status"]
    return status, admin2.session.get(f"{admin2.base}{where}").status_code


def redis_down(cluster, page):
    """Redis stopped under the app servers (one of the cluster's own, so that
    the machine's stays up): reports are still taken and pages served, the
    health check says so, and the load balancer keeps both app servers."""
    port = cluster.s3_port + 2
    redis_url = f"redis://127.0.0.1:{port}/0"
    command = [shutil.which("redis-server"), "--port", str(port)]
    command += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    cluster.start("redis", command)
    queue = cluster.env()["REDIS_URL"]  # the task queue stays where it is
    cluster.restart_apps(REDIS_URL=redis_url, RQ_REDIS_URL=queue)
    reporter = Reporter(cluster, page.pk)
    before = stored_reports(page.pk)
    for n in range(10):
        reporter.report(client_address(n, group=50))
    cluster.stop("redis")
    for n in range(10, 30):
        reporter.report(client_address(n, group=50))
    pages = [send(cluster.lb_port, "GET", page.url)[0] for _ in range(10)]
    full = [
        json.loads(send(port, "GET", "/ua/health/")[2]) for port in cluster.app_ports
    ]
    time.sleep(3)  # HAProxy's checks, a second apart
    states = cluster.server_states()
    cluster.start("redis", command)
    added = stored_reports(page.pk) - before
    cluster.restart_apps(REDIS_URL=queue, RQ_REDIS_URL=queue)
    cluster.stop("redis")
    check(
        "Redis down: reports taken, pages served, both app servers in rotation",
        added == 30
        and not reporter.lost
        and set(pages) == {200}
        and all(h["checks"].get("cache:redis") == "ConnectionError" for h in full)
        and states == {"app1": "UP", "app2": "UP"},
        f"30 reports (20 with Redis stopped): {added} stored; pages {set(pages)}; "
        f"/ua/health/ on each app server: {[h['checks'] for h in full]}; HAProxy "
        f"(asking ?checks=database): {states}",
    )


def killed_app_server(cluster, page):
    reporter = Reporter(cluster, page.pk)
    before = stored_reports(page.pk)
    stop = threading.Event()
    page_answers = Counter()
    sent = []

    def reports(worker):
        n = 0
        while not stop.is_set():
            key = str(uuid.uuid4())
            sent.append(key)
            reporter.report(client_address(worker * 1000 + n // 9, group=40), key)
            n += 1

    def reads():
        while not stop.is_set():
            try:
                status, _, _ = send(cluster.varnish_port, "GET", page.url)
            except OSError:
                status = "error"
            page_answers[status] += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=reports, args=(w,)) for w in range(8)]
    threads.append(threading.Thread(target=reads))
    for thread in threads:
        thread.start()
    time.sleep(2)
    cluster.kill_app(1)
    down_after = cluster.wait_for_state("app2", "DOWN", timeout=20)
    counted = cluster.answers("2xx")
    time.sleep(SECONDS / 2)
    served_during = cluster.answers("2xx") - counted
    cluster.app(1)
    up_after = cluster.wait_for_state("app2", "UP", timeout=30)
    counted = cluster.answers("2xx")
    time.sleep(3)
    served_since = cluster.answers("2xx") - counted
    stop.set()
    for thread in threads:
        thread.join()
    added = stored_reports(page.pk) - before
    check(
        "an app server killed under load: no report lost or counted twice",
        added == len(sent) == len(reporter.stored) and not reporter.lost,
        f"{len(sent)} reports sent by 8 clients, {reporter.retries} resends after "
        f"an error, {added} stored, lost {reporter.lost[:3]}",
    )
    check(
        "the load balancer routes around it and takes it back",
        served_since["app2"] > 10
        and "app2" not in served_during
        and down_after < 20
        and up_after < 30,
        f"app2 out of rotation {down_after:.1f} s after the kill, back "
        f"{up_after:.1f} s after its restart; 2xx answers by server since: "
        f"{dict(served_since)}, while it was out: {dict(served_during)}",
    )
    check(
        "Varnish serves the page throughout",
        set(page_answers) == {200},
        f"{sum(page_answers.values())} page views through Varnish during the "
        f"kill and restart: {dict(page_answers)}",
    )


def grace(cluster, page):
    """Both app servers down, the page past its time in Varnish (the app
    servers give it PAGE_SECONDS here): Varnish serves it stale, as its grace
    allows while the site's health check fails."""
    send(cluster.varnish_port, "GET", page.url)  # cached now, for PAGE_SECONDS
    for i in (0, 1):
        cluster.kill_app(i)
    time.sleep(PAGE_SECONDS + 6)  # past its time; the probe has seen the site go
    status, headers, _ = send(cluster.varnish_port, "GET", page.url)
    health, _, _ = send(cluster.varnish_port, "GET", "/ua/health/")
    for i in (0, 1):
        cluster.app(i)
    wait_for(f"{cluster.url}/ua/health/")
    age = int(headers.get("Age", 0))
    check(
        "Varnish serves the page stale while no app server is up (grace)",
        status == 200 and age > PAGE_SECONDS and health == 503,
        f"kept {PAGE_SECONDS} s, the page answered {status} "
        f"({headers.get('X-Cache')}, {age} s old); the health check {health}",
    )


def throughput(cluster, page):
    """Requests a second answered 2xx, with two app servers and with one."""
    script = Path(__file__).with_name("post.lua")
    body = json.dumps({"page": page.pk, "actions": ACTIONS, "country": "DE"})
    env = {
        **os.environ,
        "BENCH_BODY": body,
        "BENCH_CONTENT_TYPE": "application/json",
        "BENCH_KEYED": "1",  # an Idempotency-Key each, as the page's script sends
    }
    slow = "10s"  # an answer slower than this counts as an error
    figures = {}
    for servers in (2, 1):
        if servers == 1:
            cluster.stop("app2")
            cluster.wait_for_state("app2", "DOWN", timeout=20)
        for _ in range(4):  # rendered once by each process, kept by Varnish
            send(cluster.varnish_port, "GET", page.url)
            send(cluster.lb_port, "GET", page.url)
        runs = {
            "page views through Varnish": wrk(
                f"{cluster.url}{page.url}", 32, f"{SECONDS}s", timeout=slow
            ),
            "pages from the app servers": wrk(
                f"{cluster.lb_url}{page.url}", 8, f"{SECONDS}s", timeout=slow
            ),
            "reports": wrk(
                f"{cluster.url}/ua/reports/", 8, f"{SECONDS}s", script, env, slow
            ),
        }
        figures[servers] = runs
    print(f"\n{'':30}{'2 app servers':>22}{'1 app server':>22}{'ratio':>8}")
    for name in figures[2]:
        two, one = figures[2][name], figures[1][name]
        print(
            f"{name:30}{two['rate']:>12,.0f}/s p99 {two['p99']:>4.0f}ms"
            f"{one['rate']:>12,.0f}/s p99 {one['p99']:>4.0f}ms"
            f"{two['rate'] / max(one['rate'], 1):>8.2f}"
        )
    bad = {
        (n, s): (r["bad"], r["socket_errors"])
        for s, runs in figures.items()
        for n, r in runs.items()
        if r["bad"] or r["socket_errors"]
    }
    print(
        f"({os.cpu_count()} cores run everything here: load generator, Varnish, "
        "HAProxy, both app servers, PostgreSQL, Redis. A second app server adds "
        "no cores, so the point is that nothing breaks or counts twice, not a "
        "speed-up.)"
    )
    check("no errors under load", not bad, f"non-2xx or socket errors: {bad or 'none'}")
    cluster.app(1)


def main():
    stop_on_sigterm()
    base = int(os.environ.get("CLUSTER_PORT", 8200))
    cluster = Cluster(
        base_port=base,
        database="ua_cluster_bench",
        redis_db=8,
    )
    started = time.monotonic()
    try:
        cluster.up()
        os.environ.update(cluster.env())
        import django

        django.setup()
        from ua_wagtail.pages.models import UrgentActionPage

        page = (
            UrgentActionPage.objects.live().filter(locale__language_code="en").first()
        )
        print(
            f"Cluster up in {time.monotonic() - started:.0f} s; the seed UA at {cluster.url}{page.url}",
            flush=True,
        )
        systemd_units(cluster)
        reports_once(cluster, page)
        rate_limits_shared(cluster, page)
        purge(cluster, page)
        object_storage(cluster, page)
        redis_down(cluster, page)
        # Unlimited reports from here: the load generator is one client.
        cluster.restart_apps(
            UA_WAGTAIL_REPORT_RATE="1000000/h",
            UA_WAGTAIL_REPORT_NETWORK_RATE="1000000/h",
            UA_WAGTAIL_PAGE_CACHE_SECONDS=str(PAGE_SECONDS),
        )
        wait_for(f"{cluster.url}/ua/health/")
        killed_app_server(cluster, page)
        grace(cluster, page)
        cluster.restart_apps(UA_WAGTAIL_PAGE_CACHE_SECONDS="300")  # the default
        throughput(cluster, page)
    except (SystemExit, KeyboardInterrupt) as stopped:
        failures.append(str(stopped))
        print(f"FAIL {stopped}")
        for name in cluster.processes:
            print(f"--- {name}.log ---\n{cluster.log(name, 1500)}")
    finally:
        cluster.down()
    print(
        f"\n{len(failures)} check(s) failed: {failures}"
        if failures
        else "\nEvery check OK"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
