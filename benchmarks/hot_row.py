"""How many reports a second one Urgent Action's tallies take on PostgreSQL.

A report's transaction adds to its Urgent Action's tally rows, one per action
type and country (ua_wagtail/reports/tallies.py), and to a daily row per day and
language; each row stays locked until the commit. Reports that share those rows
queue for them: the ceiling of one Urgent Action whose reports all come from one
country in one language is about one commit per lock holder at a time. Reports
from many countries spread the tally rows, but the daily row (Urgent Action,
day, language) is shared by every report in one language that day.

pgbench runs, on a scratch database, a transaction shaped as the store's
statement (ua_wagtail/reports/store.py): the report inserted, two tally rows and
one daily row upserted. Every report on the same rows (one country, one
language), spread over 60 countries, and over 60 countries and 6 languages; same
clients, same seconds; then one client alone, the commit's own cost. The first
figure is the hot-row ceiling on this machine (synchronous commit, as
PostgreSQL ships); the ratios are what spreading the rows buys.

    python -m benchmarks.hot_row        # HOT_ROW_SECONDS=10, HOT_ROW_CLIENTS=16
"""

import os
import re
import subprocess
import tempfile

from benchmarks.servers import recreate_database

DATABASE = "ua_hot_row"
SCHEMA = """
CREATE TABLE report (
    id bigserial PRIMARY KEY, translation_key uuid NOT NULL, country text NOT NULL,
    letter int NOT NULL, email int NOT NULL, created_at timestamptz NOT NULL
);
CREATE INDEX ON report (translation_key, created_at);
CREATE TABLE tally (
    translation_key uuid, action_type text, country text, count bigint NOT NULL,
    PRIMARY KEY (translation_key, action_type, country)
);
CREATE TABLE daily (
    translation_key uuid, day date, language_code text, count bigint NOT NULL,
    PRIMARY KEY (translation_key, day, language_code)
);
"""
TRANSACTION = """\\set country random(1, {countries})
\\set language random(1, {languages})
BEGIN;
INSERT INTO report (translation_key, country, letter, email, created_at)
    VALUES ('6f1c0e8e-0000-4000-8000-000000000001', 'C' || :country, 1, 2, now());
INSERT INTO tally VALUES
    ('6f1c0e8e-0000-4000-8000-000000000001', 'email', 'C' || :country, 2),
    ('6f1c0e8e-0000-4000-8000-000000000001', 'letter', 'C' || :country, 1)
    ON CONFLICT (translation_key, action_type, country)
    DO UPDATE SET count = tally.count + excluded.count;
INSERT INTO daily VALUES
    ('6f1c0e8e-0000-4000-8000-000000000001', current_date, 'L' || :language, 3)
    ON CONFLICT (translation_key, day, language_code)
    DO UPDATE SET count = daily.count + excluded.count;
COMMIT;
"""


def pgbench(countries: int, languages: int, clients: int, seconds: int) -> float:
    """Transactions a second with reports from ``countries`` countries in
    ``languages`` languages, all on one day."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(TRANSACTION.format(countries=countries, languages=languages))
        script.flush()
        out = subprocess.run(
            [
                "pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n",
                "-c", str(clients), "-j", "2", "-T", str(seconds),
                "-f", script.name, DATABASE,
            ],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    return float(re.search(r"tps = ([\d.]+)", out)[1])


def measure(clients: int, seconds: int) -> dict[str, float]:
    recreate_database(DATABASE)
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            DATABASE,
            "-c",
            SCHEMA,
        ],
        check=True,
    )
    return {
        "one country (hot rows)": pgbench(1, 1, clients, seconds),
        "60 countries, 1 language": pgbench(60, 1, clients, seconds),
        "60 countries, 6 languages": pgbench(60, 6, clients, seconds),
        "one report at a time": pgbench(1, 1, 1, seconds),
    }


def main():
    seconds = int(os.environ.get("HOT_ROW_SECONDS", 10))
    clients = int(os.environ.get("HOT_ROW_CLIENTS", 16))
    figures = measure(clients, seconds)
    print(
        f"\nOne Urgent Action's tallies on PostgreSQL ({clients} clients, {seconds} s):"
    )
    hot = figures["one country (hot rows)"]
    for name, tps in figures.items():
        print(f"  {name:26}{tps:>10,.0f} reports/s{tps / hot:>8.2f}× the hot rows")
    return figures


if __name__ == "__main__":
    main()
