"""PostgreSQL connections killed under the example site as it is served in
production (gunicorn, persistent connections, Redis): the requests hit are told
to send again (503, Retry-After), nothing is half-written or lost, and the next
requests succeed without restarting anything.

The site runs on a database of its own (``ua_faults``), served by gunicorn with
``benchmarks.settings``; connections are killed with ``pg_terminate_backend``.
"""

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

import pytest

from benchmarks import servers

from ..processes import python

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="kills PostgreSQL connections (.ci/run runs it with DATABASE_URL set)",
)

DATABASE = "ua_faults"
HOST = "127.0.0.1"
PAGES = """
import json
from ua_wagtail.models import UrgentActionPage
print(json.dumps({p.locale.language_code: [p.pk, p.url] for p in UrgentActionPage.objects.all()}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def site_env(base: str) -> dict:
    """The settings of the site under test, for manage.py and gunicorn."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "BENCH_DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
        "BENCH_REDIS_URL": f"redis://{HOST}:6379/12",
        "BENCH_BASE": base,
    }


def manage(env, *args) -> str:
    env = {k: v for k, v in env.items() if k != "PATH"}
    done = python("manage.py", *args, **env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def database():
    """The demo on its own database; its pages by language: (id, URL)."""
    port = free_port()
    env = site_env(f"http://{HOST}:{port}")
    servers.recreate_database(DATABASE)
    manage(env, "migrate", "--noinput")
    manage(env, "demo", "--base-url", f"http://{HOST}:{port}")
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    pages = json.loads(manage(env, "shell", "-c", PAGES).splitlines()[-1])
    yield env, port, pages
    kill_connections()


@dataclass
class Site:
    base: str
    pages: dict


@pytest.fixture
def serve(database):
    """Start gunicorn with ``workers`` workers; stopped after the test."""
    env, port, pages = database
    started = []

    def start(workers: int) -> Site:
        base = f"http://{HOST}:{port}"
        started.append(servers.gunicorn(HOST, port, workers=workers, env=env))
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/ua/openapi.json", timeout=5)  # noqa: S310 - loopback
                return Site(base, pages)
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def kill_connections() -> int:
    """Terminate every connection to the site's database; how many."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@{HOST}:5432/postgres") as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        ).fetchone()[0]
        conn.commit()
        return killed


def query(sql: str):
    import psycopg

    url = f"postgresql://postgres@{HOST}:5432/{DATABASE}"
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def reports() -> int:
    return query("SELECT count(*) FROM ua_wagtail_actionreport")[0][0]


def drift() -> list:
    """Tallies that differ from the valid reports' sums, by action type."""
    actions = ("letter", "email", "fax", "call", "social", "other")
    sums = ", ".join(f"coalesce(sum({a}), 0)" for a in actions)
    sql = f"SELECT {sums} FROM ua_wagtail_actionreport WHERE is_valid"  # noqa: S608 - fixed names
    counted = query(sql)[0]
    tallied = dict(
        query(
            "SELECT action_type, sum(count) FROM ua_wagtail_actiontally "
            "GROUP BY action_type"
        )
    )
    return [
        (action, tallied.get(action, 0), count)
        for action, count in zip(actions, counted, strict=True)
        if tallied.get(action, 0) != count
    ]


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


def send(url, data: bytes, headers: dict) -> Answer:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return Answer(
                response.status, dict(response.headers), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def report(site: Site, key: str, client: int, language="en") -> Answer:
    page_id = site.pages[language][0]
    body = {"page": page_id, "actions": {"letter": 1, "email": 1}, "country": "DE"}
    return send(
        site.base + "/ua/reports/",
        json.dumps(body).encode(),
        {
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "Accept-Language": language,
            # A client address of its own (benchmarks.settings reads this
            # header), so that the rate limits refuse nothing.
            "X-Forwarded-For": f"10.{client // 250 % 250}.{client % 250}.1",
        },
    )


def assert_told_to_send_again(answer: Answer) -> None:
    assert answer.status == 503, answer.body[:500]
    assert int(answer.headers["Retry-After"]) > 0
    assert json.loads(answer.body)["errors"]["__all__"]


def test_a_killed_connection_gets_503_and_the_next_request_succeeds(serve):
    site = serve(workers=1)
    assert report(site, "warm", client=1).status == 201
    before = reports()
    assert kill_connections() >= 1
    failed = report(site, "k1", client=2, language="fr")
    assert_told_to_send_again(failed)
    assert "pas été enregistrée" in json.loads(failed.body)["errors"]["__all__"][0]
    assert reports() == before  # nothing stored
    assert report(site, "k1", client=2).status == 201  # no restart needed
    assert reports() == before + 1


def test_the_form_says_the_report_was_not_stored_in_the_pages_language(serve):
    site = serve(workers=1)
    page_id, url = site.pages["fr"]
    form = f"{site.base}/ua/reports/form/{page_id}/"
    data = urllib.parse.urlencode({"action_letter": "1", "next": url}).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": site.base,
        "X-Forwarded-For": "10.9.9.1",
    }
    assert report(site, "warm-form", client=3).status == 201
    kill_connections()
    before = reports()
    failed = send(form, data, headers)
    assert failed.status == 503
    assert int(failed.headers["Retry-After"]) > 0
    assert '<html lang="fr"' in failed.body
    assert "Votre déclaration n’a pas été enregistrée" in failed.body
    assert reports() == before
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(form, data=data, headers=headers, method="POST")  # noqa: S310 - loopback
    with pytest.raises(urllib.error.HTTPError) as redirected:
        opener.open(request, timeout=30)
    assert redirected.value.code == 302
    assert reports() == before + 1


def test_connections_killed_under_load_lose_and_double_count_nothing(serve):
    """Reporters send while connections are killed every 100 ms; each sends a
    report that was not stored again with its key, as the page's script does."""
    site = serve(workers=2)
    before = reports()
    reporters, each = 4, 25
    answers: dict[str, list[Answer]] = {}
    sending = threading.Event()
    sending.set()

    def killer():
        while sending.is_set():
            kill_connections()
            time.sleep(0.1)

    def reporter(number):
        for i in range(each):
            key = str(uuid.uuid4())
            client = number * each + i + 10
            answers[key] = [report(site, key, client)]
            while answers[key][-1].status == 503 and len(answers[key]) < 20:
                time.sleep(0.05)
                answers[key].append(report(site, key, client))

    threads = [threading.Thread(target=reporter, args=(n,)) for n in range(reporters)]
    kills = threading.Thread(target=killer)
    kills.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sending.clear()
    kills.join()

    every = [answer for tries in answers.values() for answer in tries]
    refused = [answer for answer in every if answer.status != 201]
    assert refused, "no request met a killed connection: the test showed nothing"
    for answer in refused:
        assert_told_to_send_again(answer)
    assert all(tries[-1].status == 201 for tries in answers.values())
    ids = {json.loads(tries[-1].body)["report"]["id"] for tries in answers.values()}
    assert len(ids) == reporters * each  # each report once, under its own id
    assert reports() == before + reporters * each
    assert drift() == []
    assert query(
        "SELECT count(*) FROM ua_wagtail_reportkey WHERE report_id IS NULL"
    ) == [(0,)]
    # Once the killing stops, each worker answers 503 at most once more (the
    # first request on a connection killed last), then stores again.
    after = [report(site, "after", client=5)]
    while after[-1].status == 503 and len(after) <= 2:  # two workers
        assert_told_to_send_again(after[-1])
        after.append(report(site, "after", client=5))
    assert after[-1].status == 201, after
