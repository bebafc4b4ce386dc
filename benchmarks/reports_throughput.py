"""Reports accepted per second, and the cost of reading a total, against baselines.

Run: ``make bench`` (or ``.venv/bin/python -m benchmarks.reports_throughput``).
Needs PostgreSQL and Redis on 127.0.0.1 and Debian's wrk. It recreates the
database ``ua_bench``, serves the example site with gunicorn (2 sync workers) and
loads it with wrk at 8 and 32 connections for each endpoint:

* ours (JSON)  POST /ua/reports/                  JSON report, rate limit + honeypot on
* ours (JSON+key)  the same, each report with an Idempotency-Key of its own
* ours (form)  POST /ua/reports/form/<id>/       the HTML form, rate limit + honeypot on
* form page    POST to a wagtail.contrib.forms form page with the same fields
* bare view    a Django form, one INSERT and one counter UPDATE in a transaction

Endpoints take turns over BENCH_ROUNDS rounds (default 5) of BENCH_DURATION (8s)
each, and each figure is the median. The database allows prepared statements (``prepare_threshold``, as
docs/reports.md recommends); ``BENCH_PREPARE=0`` measures Django's default.

Then it checks that every accepted report was stored exactly once, and times the
total of an Urgent Action with 1,000,000 reports from the tallies versus
aggregating the report rows.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = [8, 32]
REPORTS_FOR_READS = int(os.environ.get("BENCH_READ_ROWS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def prepare_site():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # rate-limit counters of earlier runs
    call_command("demo", stdout=open(os.devnull, "w"))
    from wagtail.models import Page

    from benchmarks.benchapp.models import BareCounter, BenchFormField, BenchFormPage
    from ua_wagtail.models import UrgentActionPage

    BareCounter.objects.create(pk=1)
    home = (
        UrgentActionPage.objects.get(locale__language_code="en")
        .get_parent()
        .get_parent()
    )
    form_page = BenchFormPage(title="Report (form builder)", slug="form-builder")
    fields = [
        ("letter", "number"),
        ("email", "number"),
        ("fax", "number"),
        ("call", "number"),
        ("social", "number"),
        ("other", "number"),
        ("country", "singleline"),
        ("website", "singleline"),
    ]
    for n, (label, kind) in enumerate(fields):
        form_page.form_fields.add(
            BenchFormField(sort_order=n, label=label, field_type=kind, required=False)
        )
    Page.objects.get(pk=home.pk).add_child(instance=form_page)
    form_page.save_revision().publish()
    return UrgentActionPage.objects.get(locale__language_code="en"), form_page


def csrf_for(url):
    """A CSRF cookie and form token, as a browser would hold them after a GET."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c for c in jar if c.name == "csrftoken")
    return f"csrftoken={cookie.value}", token


RUNS = iter(range(1, 1000))


#: Our JSON endpoint with an Idempotency-Key on every report, as the page's script.
KEYED = "ours (JSON+key)"


def wrk(url, body, content_type, cookie, connections, keyed=False):
    env = {
        **os.environ,
        "BENCH_KEYED": "1" if keyed else "0",
        "BENCH_RUN": str(next(RUNS)),
        "BENCH_BODY": body,
        "BENCH_CONTENT_TYPE": content_type,
        "BENCH_COOKIE": cookie,
    }
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{DURATION}",
            "--latency",
            "-s",
            str(ROOT / "benchmarks" / "post.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    refused = int(bad.group(1)) if bad else 0
    return {
        "rate": (requests - refused) / seconds,  # accepted reports per second
        "requests": requests,
        "refused": refused,
        "socket_errors": errors.group(1) if errors else "",
        "p99": p99,
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def probe(name, url, body, content_type, cookie):
    """One report through the endpoint before loading it: it must be accepted."""
    request = urllib.request.Request(
        url,
        data=body.encode(),
        headers={
            "Content-Type": content_type,
            "Cookie": cookie,
            "X-Forwarded-For": "192.0.2.1",
        },
    )
    try:
        status = urllib.request.build_opener(_NoRedirect).open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
        if status >= 400:
            message = f"{name}: {url} answered {status}: {error.read()[:500]!r}"
            raise SystemExit(message) from None
    print(f"  {name}: one report accepted ({status})", flush=True)


def start_gunicorn():
    process = servers.gunicorn(HOST, PORT)
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def throughput(page, form_page):
    from urllib.parse import urlencode

    from benchmarks.benchapp.models import BareReport

    counts = {"letter": 1, "email": 2}
    form_cookie, form_token = csrf_for(BASE + form_page.url)
    json_report = json.dumps({"page": page.pk, "actions": counts, "country": "DE"})
    endpoints = {
        "ours (JSON)": ("/ua/reports/", json_report, "application/json", ""),
        KEYED: ("/ua/reports/", json_report, "application/json", ""),
        "ours (form)": (
            f"/ua/reports/form/{page.pk}/",
            # No CSRF token: the page is the same for everyone (docs/caching.md).
            urlencode(
                {
                    "action_letter": 1,
                    "action_email": 2,
                    "country": "DE",
                    "website": "",
                    "next": page.url,
                }
            ),
            "application/x-www-form-urlencoded",
            "",
        ),
        "form page": (
            form_page.url,
            urlencode(
                {
                    "csrfmiddlewaretoken": form_token,
                    "letter": 1,
                    "email": 2,
                    "country": "DE",
                    "website": "",
                }
            ),
            "application/x-www-form-urlencoded",
            form_cookie,
        ),
        "bare view": (
            "/bench/bare/",
            urlencode({"letter": 1, "email": 2, "country": "DE"}),
            "application/x-www-form-urlencoded",
            "",
        ),
    }
    for name, (path, body, content_type, cookies) in endpoints.items():
        probe(name, BASE + path, body, content_type, cookies)
    # Rounds visit every endpoint in turn, so that a slow spell of the machine
    # weighs on all of them alike; each figure is the median of its rounds.
    runs = {}
    for round_ in range(1, ROUNDS + 1):
        print(f"  round {round_} of {ROUNDS}", flush=True)
        for name, (path, body, content_type, cookies) in endpoints.items():
            for connections in CONNECTIONS:
                result = load(
                    name, BASE + path, body, content_type, cookies, connections
                )
                runs.setdefault((name, connections), []).append(result)
    assert BareReport.objects.exists()
    return {
        key: {
            "rate": statistics.median(r["rate"] for r in results),
            "low": min(r["rate"] for r in results),
            "high": max(r["rate"] for r in results),
            "exact": all(r.get("exact", True) for r in results),
        }
        for key, results in runs.items()
    }


def load(name, url, body, content_type, cookies, connections):
    """One wrk run; for our endpoints, also whether every report was stored once."""
    from ua_wagtail.models import ActionReport
    from ua_wagtail.reports import recounting

    before = ActionReport.objects.count()
    result = wrk(url, body, content_type, cookies, connections, keyed=name == KEYED)
    if name.startswith("ours"):
        # wrk counts only the responses it read before its time was up; requests
        # still in flight then (at most one per connection) are stored too. Every
        # stored report must be in the tallies.
        time.sleep(1)
        stored = ActionReport.objects.count() - before
        accepted = result["requests"] - result["refused"]
        result["exact"] = (
            0 <= stored - accepted <= connections
            and recounting.recount(fix=False) == []
        )
    print(
        f"    {name:16} c={connections:<3} {result['rate']:8.1f}/s "
        f"p99 {result['p99']:>8} refused {result['refused']}",
        flush=True,
    )
    return result


def read_totals():
    from django.db import connection
    from django.db.models import Count, Sum

    from ua_wagtail.choices import ActionType
    from ua_wagtail.models import ActionReport
    from ua_wagtail.reports import recounting, tallies

    key = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ua_wagtail_actionreport
                (translation_key, ua_number, ua_title, language_code, country,
                 created_at, source, letter, email, fax, call, social, other,
                 client_hash, contact_name, contact_email, contact_consent,
                 is_valid, note)
            SELECT %s, '1/24', 'Read benchmark', 'en',
                   (ARRAY['DE','FR','BY',''])[1 + g %% 4], now(), 'api',
                   1 + g %% 3, g %% 2, 0, 0, 0, 0, '', '', '', false, true, ''
            FROM generate_series(1, %s) AS g
            """,
            [key, REPORTS_FOR_READS],
        )
        cursor.execute("ANALYZE ua_wagtail_actionreport")
    recounting.recount(key)
    reports = ActionReport.objects.filter(translation_key=key, is_valid=True)

    def timed(fn, runs):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            value = fn()
            samples.append(time.perf_counter() - start)
        return statistics.median(samples) * 1000, value

    tally_ms, from_tallies = timed(lambda: tallies.totals(key).total, 50)
    count_ms, row_count = timed(lambda: reports.aggregate(n=Count("pk"))["n"], 5)
    sum_ms, summed = timed(
        lambda: sum(
            reports.aggregate(**{a: Sum(a) for a in ActionType.values}).values()
        ),
        5,
    )
    assert row_count == REPORTS_FOR_READS and summed == from_tallies
    return tally_ms, count_ms, sum_ms


def main():
    print(f"Setting up ua_bench (PostgreSQL), gunicorn -w 2 on {BASE} …", flush=True)
    servers.recreate_database("ua_bench")
    page, form_page = prepare_site()
    server = start_gunicorn()
    try:
        prepared = os.environ.get("BENCH_PREPARE", "1") == "1"
        print(
            f"Throughput, wrk -t2 for {DURATION} per run, {ROUNDS} rounds; "
            f"prepare_threshold {'5' if prepared else 'off (Django default)'}:",
            flush=True,
        )
        results = throughput(page, form_page)
    finally:
        server.terminate()
        server.wait()

    print(
        "\nReports accepted per second, median of the rounds "
        "(2 gunicorn sync workers, PostgreSQL, Redis)"
    )
    print(
        f"{'endpoint':16}"
        + "".join(f"{'c=' + str(c):>10}" for c in CONNECTIONS)
        + "   vs form page   vs bare view   stored exactly once"
    )
    for name in ["ours (JSON)", KEYED, "ours (form)", "form page", "bare view"]:
        rates = [results[name, c]["rate"] for c in CONNECTIONS]
        line = f"{name:16}" + "".join(f"{r:10.0f}" for r in rates)
        if name.startswith("ours"):
            vs_form = [
                results[name, c]["rate"] / results["form page", c]["rate"]
                for c in CONNECTIONS
            ]
            vs_bare = [
                results[name, c]["rate"] / results["bare view", c]["rate"]
                for c in CONNECTIONS
            ]
            exact = all(results[name, c]["exact"] for c in CONNECTIONS)
            line += (
                f"   {'/'.join(f'{v:.1f}x' for v in vs_form):>12}"
                f"   {'/'.join(f'{v:.0%}' for v in vs_bare):>12}   {'yes' if exact else 'NO'}"
            )
        print(line)
    for name in ["ours (JSON)", KEYED, "ours (form)"]:
        drop = results[name, 32]["rate"] / results[name, 8]["rate"]
        print(f"{name}: 32 vs 8 connections {drop:.0%}")
    keyed = [
        results[KEYED, c]["rate"] / results["ours (JSON)", c]["rate"]
        for c in CONNECTIONS
    ]
    print(f"{KEYED} vs ours (JSON): {'/'.join(f'{k:.0%}' for k in keyed)}")
    print("Spread over the rounds, lowest to highest:")
    for name in ["ours (JSON)", KEYED, "ours (form)", "form page", "bare view"]:
        spreads = [
            f"c={c} {results[name, c]['low']:.0f}-{results[name, c]['high']:.0f}/s"
            for c in CONNECTIONS
        ]
        print(f"  {name:16}{'   '.join(spreads)}")

    print(
        f"\nReading one Urgent Action's total with {REPORTS_FOR_READS:,} reports stored:"
    )
    tally_ms, count_ms, sum_ms = read_totals()
    print(f"  tallies (ua_wagtail)        {tally_ms:9.3f} ms")
    print(
        f"  COUNT(*) over the reports   {count_ms:9.3f} ms   {count_ms / tally_ms:8.0f}x slower"
    )
    print(
        f"  SUM() of every action type  {sum_ms:9.3f} ms   {sum_ms / tally_ms:8.0f}x slower"
    )


if __name__ == "__main__":
    main()
