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
    seconds["500 Urgent Actions"] = time.perf_counter() - start


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
    row. Then ANALYZE, as autovacuum would after a day of reports."""
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
                   (ARRAY{LANGUAGES!r})[1 + (g * 7) %% {len(LANGUAGES)}],
                   (ARRAY{COUNTRIES!r})[1 + (g * 13) %% {len(COUNTRIES)}],
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
            FROM generate_series(1, CAST(%s AS bigint)) AS g
            JOIN bench_ua u ON u.n = CASE WHEN g %% 5 < 2 THEN 0
                 ELSE 1 + (g * 7919) %% (1 + ((g * 31) %% {len(keys) - 1})) END
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


def main():
    setup()
    print(f"Setting up {DATABASE} (PostgreSQL) with {REPORTS:,} reports …", flush=True)
    servers.recreate_database(DATABASE)
    seconds = {}
    prepare_site(seconds)
    generate_reports(REPORTS, seconds)
    for what, value in seconds.items():
        print(f"  {what}: {value:.1f} s")


if __name__ == "__main__":
    main()
