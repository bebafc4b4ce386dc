"""The staff screens at campaign scale: every screen of issue 19 timed at
1,000,000 action reports (``BENCH_ADMIN_REPORTS`` for more, e.g. 5000000).

Run: ``make bench-admin`` (or ``.venv/bin/python -m benchmarks.admin_screens``).
Needs PostgreSQL on 127.0.0.1. It recreates the database ``ua_admin_bench``,
loads the demo, adds Urgent Actions up to 500 (a tenth of them translated),
then generates the reports in the database with ``generate_series``: 40% on
the demo's Urgent Action, the rest spread unevenly over the others, over 60
days, in 5 languages and 40 countries, 2% not counted, 5% with a contact who
consented. The tallies start empty: ``recount_action_tallies`` builds them, and
its time is the recount's figure.

Each screen is requested through Django's test client as a superuser, in this
one process (as a staff member's request would run on one app server), 5 times
after one warm-up; the figure is the median. The baseline, measured in the same
run, is an admin screen that reads nothing of the reports: the listing of UA
targets (a snippet with a handful of rows). Bars from the issue: the report
listing, its filters and the delivery summary under 0.5 s at 1M (1 s at 5M),
the CSV export's first byte under 2 s and its memory growth under 300 MB.
"""

import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "ua_admin_bench"
REPORTS = int(os.environ.get("BENCH_ADMIN_REPORTS", "1000000"))
URGENT_ACTIONS = int(os.environ.get("BENCH_ADMIN_UAS", "500"))
RUNS = int(os.environ.get("BENCH_ADMIN_RUNS", "5"))
DAYS = 60
LANGUAGES = ["en", "fr", "es", "ar", "ru"]
COUNTRIES = (
    "GB FR DE ES IT NL BE CH AT PL SE NO DK FI IE PT US CA MX BR AR CL "
    "AU NZ JP KR IN ZA NG KE MA SN TR IL LB JO EG BY UA RU"
).split()


def setup():
    servers.use_databases(DATABASE, redis_db=11)
    import django

    django.setup()


def prepare_site(seconds: dict):
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    more_urgent_actions(URGENT_ACTIONS)
    seconds[f"demo and {URGENT_ACTIONS} Urgent Actions"] = time.perf_counter() - start


def more_urgent_actions(wanted: int):
    """Urgent Actions next to the demo's, up to ``wanted``; one in ten translated
    into French (a draft copy: the listing shows its state)."""
    from wagtail.models import Locale

    from ua_wagtail.models import UrgentActionPage

    seed = UrgentActionPage.objects.get(locale__language_code="en")
    index = seed.get_parent()
    french = Locale.objects.get(language_code="fr")
    today = datetime.date.today()
    for n in range(UrgentActionPage.objects.filter(locale=seed.locale).count(), wanted):
        page = UrgentActionPage(
            title=f"Free prisoner of conscience {n}",
            slug=f"free-prisoner-{n}",
            ua_number=f"{n}/26",
            deadline=today + datetime.timedelta(days=(n % 90) - 30),
            subject_name=f"Prisoner {n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            summary="Detained for peaceful protest.",
            body=seed.body.raw_data,
        )
        index.add_child(instance=page)
        if n % 10 == 0:
            page.copy_for_translation(french, copy_parents=True)


def generate_reports(count: int, seconds: dict):
    """``count`` reports in one ``INSERT … SELECT generate_series``: no Python per
    row. Language, country and Urgent Action come from hashes of the row number,
    so that no filter's values go together by accident. Then ANALYZE, as
    autovacuum would after a day of reports."""
    from django.db import connection

    from ua_wagtail.models import UrgentActionPage

    keys = list(
        UrgentActionPage.objects.filter(locale__language_code="en")
        .order_by("pk")
        .values_list("translation_key", "ua_number", "title")
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_ua (n int, k uuid, num text, title text)"
        )
        cursor.executemany(
            "INSERT INTO bench_ua VALUES (%s, %s, %s, %s)",
            [(n, *row) for n, row in enumerate(keys)],
        )
        cursor.execute(
            f"""
            INSERT INTO ua_wagtail_actionreport
                (translation_key, ua_number, ua_title, language_code, country,
                 created_at, source, letter, email, fax, call, social, other,
                 client_hash, contact_name, contact_email, contact_consent,
                 is_valid, note)
            SELECT u.k, u.num, u.title,
                   (ARRAY{LANGUAGES!r})[1 + h1 %% {len(LANGUAGES)}],
                   (ARRAY{COUNTRIES!r})[1 + h2 %% {len(COUNTRIES)}],
                   now() - make_interval(secs => (g::float / %s) * {DAYS} * 86400),
                   CASE WHEN g %% 1000 = 0 THEN 'adjustment'
                        WHEN g %% 3 = 0 THEN 'api' ELSE 'form' END,
                   (g %% 2), 1 - (g %% 2), (g %% 31 = 0)::int, (g %% 17 = 0)::int,
                   (g %% 11 = 0)::int, 0,
                   md5((g %% 50000)::text),
                   CASE WHEN g %% 20 = 0 THEN 'Reporter ' || g ELSE '' END,
                   CASE WHEN g %% 20 = 0 THEN 'reporter' || g || '@example.org'
                        ELSE '' END,
                   g %% 20 = 0 AND g %% 40 = 0,
                   g %% 50 <> 0, ''
            FROM (
                SELECT g, hashint8(g)::bigint & 2147483647 AS h1,
                       hashint8(g + 1000003)::bigint & 2147483647 AS h2,
                       hashint8(g + 2000003)::bigint & 2147483647 AS h3
                FROM generate_series(1, CAST(%s AS bigint)) AS g
            ) AS s
            JOIN bench_ua u ON u.n = CASE WHEN h3 %% 5 < 2 THEN 0
                 ELSE 1 + (h3 / 5) %% (1 + (h1 / 7) %% {len(keys) - 1}) END
            """,  # noqa: S608 - this file's constants, and parameters
            [count, count],
        )
        cursor.execute("ANALYZE")
    seconds["generate reports"] = time.perf_counter() - start


def timed(fn, runs=RUNS):
    fn()  # warm-up: caches, the first query plans
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    return client


def screens(key) -> list[tuple[str, str, float]]:
    """(name, URL, bar in seconds or 0 for none) of every staff screen timed."""
    from django.urls import reverse

    reports = reverse("wagtailsnippets_ua_wagtail_actionreport:list")
    summary = reverse("ua_wagtail_admin:summary", args=[key])
    bar = 0.5 if REPORTS <= 1_000_000 else 1.0
    week = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    return [
        ("report listing, first page", reports, bar),
        ("… page 500", f"{reports}?p=500", bar),
        ("… one Urgent Action", f"{reports}?translation_key={key}", bar),
        ("… one UA, page 400", f"{reports}?translation_key={key}&p=400", bar),
        ("… language (Arabic)", f"{reports}?language_code=ar", bar),
        ("… country (Japan)", f"{reports}?country=JP", bar),
        ("… action type (fax)", f"{reports}?action=fax", bar),
        ("… last 7 days", f"{reports}?created_at_after={week}", bar),
        ("… source (staff adjustment)", f"{reports}?source=adjustment", bar),
        ("… not counted", f"{reports}?is_valid=false", bar),
        (
            "… UA, language, counted",
            f"{reports}?translation_key={key}&language_code=fr&is_valid=true",
            bar,
        ),
        ("… search by title", f"{reports}?q=conscience+42", bar),
        ("… search by email", f"{reports}?q=reporter40@example.org", bar),
        ("delivery summary", summary, bar),
        ("… printable", f"{summary}?print=1", bar),
        (
            f"Urgent Actions listing ({URGENT_ACTIONS})",
            reverse("urgent_actions:index"),
            bar,
        ),
        (
            "… open, French",
            reverse("urgent_actions:index") + "?status=open&locale=fr",
            bar,
        ),
        ("admin home (dashboard panel)", reverse("wagtailadmin_home"), bar),
    ]


def time_screens(client, key) -> list[tuple]:
    baseline_url = reverse_lazy_targets()
    baseline = timed(lambda: client.get(baseline_url))
    rows = [("baseline: UA targets listing", baseline, 0.0)]
    for name, url, bar in screens(key):
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        rows.append((name, timed(lambda url=url: client.get(url)), bar))
    return rows


def reverse_lazy_targets():
    from django.urls import reverse

    return reverse("wagtailsnippets_ua_wagtail_target:list")


def memory_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def reset_peak_memory():
    """Linux: the process's peak resident size starts again from now."""
    Path("/proc/self/clear_refs").write_text("5")


def time_csv_export(client, query="") -> dict:
    """First byte, rows per second and memory growth of a CSV export, read to
    the end as a browser would download it."""
    from django.urls import reverse

    url = reverse("wagtailsnippets_ua_wagtail_actionreport:list") + "?export=csv"
    url += f"&{query}" if query else ""
    reset_peak_memory()
    before = memory_kb("VmRSS")
    start = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - start
    lines = first.count(b"\n")
    for chunk in chunks:
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - start
    growth = (memory_kb("VmHWM") - before) / 1024
    return {
        "first byte": first_byte,
        "seconds": elapsed,
        "rows": lines - 1,
        "memory MB": growth,
    }


def copy_baseline(query="") -> float:
    """Rows per second PostgreSQL's own COPY gives of the same reports."""
    from django.db import connection

    where = f"WHERE {query}" if query else ""
    start = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor:
        sql = f"COPY (SELECT * FROM ua_wagtail_actionreport {where}) TO STDOUT"  # noqa: S608 - this file's constants
        with cursor.cursor.copy(sql) as copy:
            for block in copy:
                rows += bytes(block).count(b"\n")
    return rows / (time.perf_counter() - start)


def time_commands() -> list[tuple[str, float]]:
    from django.core.management import call_command

    from ua_wagtail.models import ActionTally, DailyTally

    quiet = open(os.devnull, "w")
    results = []
    ActionTally.objects.all().delete()
    DailyTally.objects.all().delete()
    for name, args in [
        ("recount_action_tallies (from empty tallies)", ["recount_action_tallies"]),
        ("recount_action_tallies (no drift)", ["recount_action_tallies"]),
        (
            "purge_action_reports --older-than 30",
            ["purge_action_reports", "--older-than", "30"],
        ),
        (
            "… again (nothing left to purge)",
            ["purge_action_reports", "--older-than", "30"],
        ),
    ]:
        start = time.perf_counter()
        call_command(*args, stdout=quiet, stderr=quiet)
        results.append((name, time.perf_counter() - start))
    return results


def print_table(title, rows):
    print(f"\n{title}")
    for name, seconds, bar, baseline in rows:
        ratio = f"{seconds / baseline:5.1f}x baseline" if baseline else ""
        verdict = (
            ("within" if seconds < bar else "OVER") + f" {bar} s bar" if bar else ""
        )
        print(f"  {name:<44} {seconds * 1000:8.0f} ms  {ratio:<17} {verdict}")


def main():
    setup()
    print(f"Setting up {DATABASE} (PostgreSQL) with {REPORTS:,} reports …", flush=True)
    servers.recreate_database(DATABASE)
    seconds = {}
    prepare_site(seconds)
    generate_reports(REPORTS, seconds)
    for what, value in seconds.items():
        print(f"  {what}: {value:.1f} s")

    commands = time_commands()
    print("\nMaintenance commands (tallies built from the reports by the first)")
    for name, value in commands:
        print(f"  {name:<44} {value:8.1f} s")

    from ua_wagtail.models import UrgentActionPage

    key = UrgentActionPage.objects.order_by("pk").first().translation_key
    client = staff_client()
    rows = time_screens(client, key)
    baseline = rows[0][1]
    print_table(
        f"Staff screens at {REPORTS:,} reports (median of {RUNS}, Django test client)",
        [(name, value, bar, baseline) for name, value, bar in rows],
    )

    print("\nCSV export (read to the end)")
    copy_all = copy_baseline()
    for name, query, where in [
        ("all reports", "", ""),
        ("one Urgent Action", f"translation_key={key}", f"translation_key = '{key}'"),
    ]:
        result = time_csv_export(client, query)
        rate = result["rows"] / result["seconds"]
        copy_rate = copy_baseline(where) if where else copy_all
        first_ok = "within" if result["first byte"] < 2 else "OVER"
        memory_ok = "within" if result["memory MB"] < 300 else "OVER"
        print(
            f"  {name}: {result['rows']:,} rows; first byte "
            f"{result['first byte'] * 1000:.0f} ms ({first_ok} 2 s bar); "
            f"{rate:,.0f} rows/s ({rate / copy_rate:.2f}x PostgreSQL's COPY, "
            f"{copy_rate:,.0f} rows/s); memory growth {result['memory MB']:.0f} MB "
            f"({memory_ok} 300 MB bar)"
        )


if __name__ == "__main__":
    main()
