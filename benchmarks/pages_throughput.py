"""Public pages served per second and their p99, against baselines from the same run.

Run: ``make bench-serve`` (or ``.venv/bin/python -m benchmarks.pages_throughput``).
Needs PostgreSQL and Redis on 127.0.0.1, and Debian's wrk and varnish. It
recreates the database ``ua_pages_bench``, loads the demo (``manage.py demo``: the
seed Urgent Action, its index, the home page, five translations) and a plain
Wagtail page (``benchapp.PlainPage``: a title and one rich text body on a bare
layout) holding as much text as the seed UA page shows (paragraphs of
example_site/home/seed_document.txt; both sizes are printed). The plain page is
as deep in the tree as the UA page (home, a plain parent, the page), so that
both take the same routing: Wagtail's costs a query or two a level. It serves the
example site with gunicorn (2 sync workers, DEBUG off, Redis cache) and loads each
endpoint with wrk: GETs without cookies, HTML and JSON only (no static files).

At the origin, nothing cached:

* UA page        the seed Urgent Action in English         vs the plain page
* UA index, home                                           vs the plain page
* totals         /ua/actions/<id>/totals/ (JSON)           vs the plain page
* API v2, v3     /api/v2/pages/<id>/, /api/v3/pages/<id>/  vs Wagtail's API v2
                 detail of the UA                           detail of the plain page

Through Varnish (varnishd on loopback in front of gunicorn, with
deploy/varnish/default.vcl if the tree has one, else Varnish's built-in
VCL): the UA page, index, home and the plain page, against the plain page served
by Django's ``cache_page`` (Redis) at the origin. Each Varnish line shows the share
of its requests Varnish answered from its cache (MAIN.cache_hit over
MAIN.client_req): a page sent ``private``, ``no-cache`` or with a cookie is fetched
from gunicorn every time, and shows 0%.

The issue's goals (16, item 5), marked in the table: the UA page at least 0.8x the
plain page at the origin and 0.8x cache_page through Varnish; the API v2 and v3
detail of the UA at least 0.5x Wagtail's v2 detail of the plain page.

Before the load, each origin endpoint is fetched in-process with Django's test
client and its database queries are counted (the second of two requests, so that
one-off look-ups are left out); each endpoint is fetched once over HTTP to show
its size, Cache-Control and any cookie it sets.

Endpoints take turns over BENCH_ROUNDS rounds (default 3) of BENCH_DURATION (5s)
each with wrk -t2 at BENCH_CONNECTIONS connections (default 8; "8,32" doubles the
time), after a 1 s warm-up of each; each figure is the median of its rounds, and
each ratio is of medians. About 4½ minutes in all. wrk, varnishd and
PostgreSQL share the CPUs with gunicorn (pages Varnish has cached are served as
fast as wrk can ask): run it on an otherwise idle machine.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ua_pages_bench"
servers.use_databases(DATABASE, redis_db=10)
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8").split(",")]
SEED_DOCUMENT = ROOT / "example_site" / "home" / "seed_document.txt"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"

ORIGIN, VARNISH = "origin", "Varnish"
#: The baselines' names.
PLAIN, API_PLAIN, CACHE_PAGE = "plain page", "API v2 plain", "cache_page"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
VARNISH_PORT = int(os.environ.get("BENCH_VARNISH_PORT") or free_port())
BASES = {ORIGIN: f"http://{HOST}:{PORT}", VARNISH: f"http://{HOST}:{VARNISH_PORT}"}


class Endpoint:
    def __init__(self, name, server, path, baseline=None, goal=None):
        self.name, self.server, self.path = name, server, path
        self.baseline, self.goal = baseline, goal

    @property
    def key(self):
        return self.server, self.name

    @property
    def url(self):
        return BASES[self.server] + self.path


class _VisibleText(HTMLParser):
    """The text a reader sees in <main>: no scripts, styles or select options."""

    HIDDEN = {"script", "style", "select", "template"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden, self.in_main = [], 0, False

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN
        self.in_main = self.in_main or tag == "main"

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN
        self.in_main = self.in_main and tag != "main"

    def handle_data(self, data):
        if self.in_main and not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def get_in_process(path):
    from django.test import Client

    response = Client(HTTP_HOST=HOST).get(path)  # a new client: no cookies kept
    assert response.status_code == 200, (path, response.status_code)
    return response


def prose(length: int) -> str:
    """Paragraphs of the seed document, over again if need be, until ``length``
    characters of text (a paragraph break counts as the one space it reads as)."""
    from django.utils.html import format_html

    lines = [" ".join(line.split()) for line in SEED_DOCUMENT.read_text().splitlines()]
    lines = [line for line in lines if line]
    paragraphs, count = [], -1
    while count < length:
        line = lines[len(paragraphs) % len(lines)]
        paragraphs.append(line[: length - count - 1])
        count += 1 + len(paragraphs[-1])
    return "".join(format_html("<p>{}</p>", p) for p in paragraphs)


def prepare_site():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # cache_page's copy of the plain page from an earlier run
    call_command("demo", base_url=BASES[ORIGIN], stdout=open(os.devnull, "w"))
    from wagtail.models import Page

    from benchmarks.benchapp.models import PlainPage
    from benchmarks.benchapp.views import PLAIN_PAGE_SLUG, PLAIN_PARENT_SLUG
    from example_site.home import seed
    from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage

    page = UrgentActionPage.objects.get(locale__language_code="en")
    index = UrgentActionIndexPage.objects.get(locale__language_code="en")
    home = index.get_parent()
    ua_text = visible_text(get_in_process(page.url).content.decode())
    plain = PlainPage(
        title=seed.TITLE,
        slug=PLAIN_PAGE_SLUG,
        body=prose(len(ua_text) - len(seed.TITLE) - 1),  # the heading and a space
    )
    parent = PlainPage(title="Plain pages", slug=PLAIN_PARENT_SLUG, body="<p>…</p>")
    Page.objects.get(pk=home.pk).add_child(instance=parent)
    parent.save_revision().publish()
    parent.add_child(instance=plain)
    plain.save_revision().publish()
    plain_html = get_in_process(plain.url).content.decode()
    print(
        f"  text in <main>: seed UA page {len(ua_text):,} characters (the country "
        f"list's options left out), plain page {len(visible_text(plain_html)):,}",
        flush=True,
    )
    return page, index, home, plain


def endpoints(page, index, home, plain):
    return [
        Endpoint("UA page", ORIGIN, page.url, PLAIN, 0.8),
        Endpoint("UA index", ORIGIN, index.url, PLAIN),
        Endpoint("home", ORIGIN, home.url, PLAIN),
        Endpoint("totals", ORIGIN, f"/ua/actions/{page.pk}/totals/", PLAIN),
        Endpoint("API v2 UA", ORIGIN, f"/api/v2/pages/{page.pk}/", API_PLAIN, 0.5),
        Endpoint("API v3 UA", ORIGIN, f"/api/v3/pages/{page.pk}/", API_PLAIN, 0.5),
        Endpoint(PLAIN, ORIGIN, plain.url),
        Endpoint(API_PLAIN, ORIGIN, f"/api/v2/pages/{plain.pk}/"),
        Endpoint(CACHE_PAGE, ORIGIN, "/bench/cached-plain-page/"),
        Endpoint("UA page", VARNISH, page.url, CACHE_PAGE, 0.8),
        Endpoint("UA index", VARNISH, index.url, CACHE_PAGE),
        Endpoint("home", VARNISH, home.url, CACHE_PAGE),
        Endpoint(PLAIN, VARNISH, plain.url, CACHE_PAGE),
    ]


def count_queries(points):
    """Database queries of one warm request, in-process: {key: count}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for point in points:
        if point.server != ORIGIN:
            continue
        get_in_process(point.path)
        with CaptureQueriesContext(connection) as queries:
            get_in_process(point.path)
        counts[point.key] = len(queries)
    return counts


def render_costs(points):
    """Milliseconds of one request in-process (median of 100, warm): the UA page
    as served (from the process's rendered copy, totals filled in), the same
    page rendered on every request (UA_WAGTAIL_PAGE_COPIES = False), and the
    plain page."""
    from django.test.utils import override_settings

    by_name = {point.name: point for point in points if point.server == ORIGIN}

    def cost(path):
        get_in_process(path)
        times = []
        for _ in range(100):
            started = time.perf_counter()
            get_in_process(path)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    ua, plain = by_name["UA page"].path, by_name[PLAIN].path
    costs = {"UA page, served": cost(ua)}
    with override_settings(UA_WAGTAIL_PAGE_COPIES=False):
        costs["UA page, rendered"] = cost(ua)
    costs[PLAIN] = cost(plain)
    return costs


def report_render_costs(costs):
    print("\nIn-process, one request (median of 100): ms, and the plain page's share")
    for name, ms in costs.items():
        print(f"  {name:18} {ms:6.1f} ms   {costs[PLAIN] / ms:5.2f}x")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url):
    """One GET without cookies; anything but a 200 stops the benchmark."""
    try:
        response = urllib.request.build_opener(_NoRedirect).open(url, timeout=30)
    except urllib.error.HTTPError as error:
        message = f"{url} answered {error.code}: {error.read()[:300]!r}"
        raise SystemExit(message) from None
    return response.headers, response.read()


def probe(point):
    headers, body = fetch(point.url)
    if point.server == VARNISH:
        headers, body = fetch(point.url)  # the second may come from the cache
    cookies = [c.split("=", 1)[0] for c in headers.get_all("Set-Cookie") or []]
    line = (
        f"  {point.server:7} {point.name:12} {point.path:40.40} {len(body):7,} B  "
        f"{headers.get_content_type():16} Cache-Control: "
        f"{headers.get('Cache-Control', '-')}"
    )
    if cookies:
        line += f"; sets cookie {', '.join(cookies)}"
    if point.server == VARNISH:
        # X-Varnish holds this request's id, and on a hit the stored object's too.
        hit = len(headers.get("X-Varnish", "").split()) == 2
        line += f"; 2nd GET a {'hit' if hit else 'MISS'} (Age {headers.get('Age')})"
    print(line, flush=True)


def wait_for(url, process, name):
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped (exit status {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{name} did not answer at {url}")


def start_gunicorn():
    process = servers.gunicorn(HOST, PORT)
    wait_for(BASES[ORIGIN] + "/", process, "gunicorn")
    return process


def start_varnish(workdir: Path):
    """varnishd in the foreground, its working directory (-n) in ``workdir``."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    args = [
        varnishd,
        "-F",
        "-j",
        "none",  # no user switch: the -n directory stays this user's
        "-n",
        str(workdir / "varnish"),
        "-a",
        f"{HOST}:{VARNISH_PORT}",
        "-s",
        "malloc,64m",
    ]
    if VCL.exists():
        # The site's VCL, its backend moved to this run's gunicorn.
        vcl = VCL.read_text()
        vcl = re.sub(r'\.port\s*=\s*"[^"]*"\s*;', "", vcl, count=1)
        vcl, found = re.subn(
            r'\.host\s*=\s*"[^"]*"\s*;',
            f'.host = "{HOST}"; .port = "{PORT}";',
            vcl,
            count=1,
        )
        if not found:
            raise SystemExit(f"{VCL}: no backend .host to point at gunicorn")
        (workdir / "default.vcl").write_text(vcl)
        args += ["-f", str(workdir / "default.vcl")]
        print(f"  Varnish with {VCL.relative_to(ROOT)}", flush=True)
    else:
        args += ["-b", f"{HOST}:{PORT}"]
        print("  Varnish with its built-in VCL (the tree has no VCL)", flush=True)
    log = open(workdir / "varnishd.log", "w")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(BASES[VARNISH] + "/", process, "varnishd")
    except SystemExit:
        print((workdir / "varnishd.log").read_text()[-2000:])
        raise
    return process


def varnish_counters(workdir: Path):
    names = ["MAIN.client_req", "MAIN.cache_hit", "MAIN.cache_miss"]
    out = subprocess.run(
        ["varnishstat", "-1", "-n", str(workdir / "varnish")]
        + [arg for name in names for arg in ("-f", name)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = {
        line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line
    }
    return {name: values.get(name, 0) for name in names}


def settled_counters(workdir: Path):
    """The counters once Varnish has added up its threads' (a thread adds its own
    when it is done with a connection, a moment after wrk has closed it)."""
    counters = varnish_counters(workdir)
    for _ in range(25):
        time.sleep(0.2)
        latest = varnish_counters(workdir)
        if latest == counters:
            break
        counters = latest
    return counters


def load(points, workdir):
    """Every endpoint in turn, round after round: {(key, connections): [runs]}."""
    for point in points:
        servers.wrk(point.url, 2, "1s")  # warm-up: both workers, Varnish's cache
    runs = {}
    for round_ in range(1, ROUNDS + 1):
        print(f"  round {round_} of {ROUNDS}", flush=True)
        for point in points:
            for connections in CONNECTIONS:
                through_varnish = point.server == VARNISH
                before = varnish_counters(workdir) if through_varnish else {}
                result = servers.wrk(point.url, connections, DURATION)
                after = settled_counters(workdir) if through_varnish else {}
                result["varnish"] = {n: after[n] - before[n] for n in after}
                runs.setdefault((point.key, connections), []).append(result)
                flags = ""
                if through_varnish:
                    counts = result["varnish"]
                    share = counts["MAIN.cache_hit"] / max(counts["MAIN.client_req"], 1)
                    flags += f"  hits {share:.0%} of {counts['MAIN.client_req']}"
                if result["bad"] or result["socket_errors"]:
                    flags += (
                        f"  NOT 2xx: {result['bad']} "
                        f"socket errors: {result['socket_errors'] or '-'}"
                    )
                print(
                    f"    {point.server:7} {point.name:12} c={connections:<3} "
                    f"{result['rate']:8.1f}/s p99 {result['p99']:7.1f} ms{flags}",
                    flush=True,
                )
    return runs


def summarize(runs):
    figures = {}
    for key, results in runs.items():
        hits = sum(r["varnish"].get("MAIN.cache_hit", 0) for r in results)
        requests = sum(r["varnish"].get("MAIN.client_req", 0) for r in results)
        figures[key] = {
            "rate": statistics.median(r["rate"] for r in results),
            "low": min(r["rate"] for r in results),
            "high": max(r["rate"] for r in results),
            "p99": statistics.median(r["p99"] for r in results),
            "bad": sum(r["bad"] for r in results),
            "hit_ratio": hits / requests if requests else None,
        }
    return figures


def report(points, figures, queries):
    print(
        f"\nMedian of {ROUNDS} rounds of {DURATION}, wrk -t2; gunicorn -w 2 (sync), "
        "PostgreSQL, Redis, DEBUG off; GETs without cookies"
    )
    by_key = {point.key: point for point in points}
    cache_page = by_key[ORIGIN, CACHE_PAGE]
    sections = [
        (
            "At the origin, nothing cached (queries: of one warm request)",
            "queries",
            [p for p in points if p.server == ORIGIN and p is not cache_page],
        ),
        (
            "Through Varnish (hits: the share Varnish answered from its cache)",
            "hits",
            [cache_page, *(p for p in points if p.server == VARNISH)],
        ),
    ]
    for title, last, shown in sections:
        print(f"\n{title}")
        print(
            f"{'endpoint':13} {'c':>3} {'req/s':>8} {'p99 ms':>8} {last:>8}   "
            "ratio to baseline"
        )
        for point in shown:
            for connections in CONNECTIONS:
                f = figures[point.key, connections]
                if point.server == VARNISH:
                    hits = f["hit_ratio"]
                    extra = "-" if hits is None else f"{hits:.0%}"
                elif point is cache_page:
                    extra = "(origin)"
                else:
                    extra = str(queries[point.key])
                line = (
                    f"{point.name:13} {connections:3} {f['rate']:8.0f} "
                    f"{f['p99']:8.1f} {extra:>8}   "
                )
                if point.baseline:
                    base = figures[(ORIGIN, point.baseline), connections]["rate"]
                    ratio = f["rate"] / base
                    line += f"{ratio:5.2f}x {point.baseline}"
                    if point.goal:
                        verdict = "met" if ratio >= point.goal else "NOT MET"
                        line += f"  (goal {point.goal}x: {verdict})"
                else:
                    line += "baseline"
                if f["bad"]:
                    line += f"  {f['bad']} NOT 2xx"
                print(line)
    print("\nSpread over the rounds, lowest to highest (req/s):")
    for point in points:
        spreads = "   ".join(
            f"c={c} {figures[point.key, c]['low']:.0f}-"
            f"{figures[point.key, c]['high']:.0f}"
            for c in CONNECTIONS
        )
        print(f"  {point.server:7} {point.name:13} {spreads}")


def main():
    started = time.monotonic()
    print(
        f"Setting up {DATABASE} (PostgreSQL), gunicorn -w 2 on {BASES[ORIGIN]}, "
        f"Varnish on {BASES[VARNISH]} …",
        flush=True,
    )
    servers.recreate_database(DATABASE)
    page, index, home, plain = prepare_site()
    from django.conf import settings
    from django.db import connection

    assert connection.vendor == "postgresql" and not settings.DEBUG
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    points = endpoints(page, index, home, plain)
    queries = count_queries(points)
    costs = render_costs(points)
    with tempfile.TemporaryDirectory(prefix="ua-pages-bench-") as tmp:
        workdir = Path(tmp)
        server = start_gunicorn()
        varnish = None
        try:
            varnish = start_varnish(workdir)
            print("One GET of each endpoint, without cookies:", flush=True)
            for point in points:
                probe(point)
            print(
                f"Throughput, {ROUNDS} rounds of {DURATION} at "
                f"{'/'.join(map(str, CONNECTIONS))} connections:",
                flush=True,
            )
            runs = load(points, workdir)
        finally:
            for process in (varnish, server):
                if process is not None:
                    process.terminate()
                    process.wait()
    report(points, summarize(runs), queries)
    report_render_costs(costs)
    print(f"\n({time.monotonic() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
