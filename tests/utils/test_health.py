"""``GET /ua/health/``: 200 while the databases and the Redis cache answer, 503
naming the one that does not, with real servers stopped, absent or cut off
(nothing of the checks themselves is mocked)."""

import shutil

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from ..servers import RedisServer, free_port, missing

URL = reverse("ua_wagtail:health")
PASSWORD = "s3cret-password"  # noqa: S105 - of a database that is not there


@pytest.fixture
def redis_server(settings):
    """A running redis-server as the cache, behind a FallbackCache as the
    example site's is, beside a cache in local memory."""
    if not shutil.which("redis-server"):
        missing("redis-server is missing: apt-get install redis-server")
    server = RedisServer()
    try:
        server.start()
        settings.CACHES = {
            **server.caches(),
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
        yield server
    finally:
        server.stop()


@pytest.fixture
def offline_database(django_db_blocker):
    """A PostgreSQL database whose server is not there (nothing listens on its
    port), added to Django's connections (``override_settings`` does not reach
    them). No test case: it would refuse an alias it was not told of before it
    is tried, and the tests' database is not needed."""
    config = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ua_offline",
        "USER": "ua",
        "PASSWORD": PASSWORD,
        "HOST": "127.0.0.1",
        "PORT": free_port(),
        "OPTIONS": {"connect_timeout": 2},
    }
    configured = connections.configure_settings(
        {"default": connections.settings["default"], "offline": config}
    )
    connections.settings["offline"] = configured["offline"]
    try:
        with django_db_blocker.unblock():
            yield "offline"
    finally:
        connections["offline"].close()
        del connections["offline"]
        del connections.settings["offline"]


def health(client=None):
    response = (client or Client()).get(URL)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert not response.cookies
    return response


@pytest.mark.django_db
def test_healthy_on_the_tests_database():
    """SQLite in memory, or PostgreSQL with ``DATABASE_URL``; the tests' cache is
    in local memory: nothing to reach."""
    response = health()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database:default": "ok"}}


@pytest.mark.django_db
def test_redis_is_checked_behind_its_fallback(redis_server):
    response = health()
    assert response.status_code == 200
    assert response.json()["checks"] == {"database:default": "ok", "cache:redis": "ok"}
    assert redis_server.client.keys("*health*") == []  # the key is gone


@pytest.mark.django_db
def test_redis_down_is_503(redis_server):
    redis_server.stop()
    response = health()
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database:default": "ok", "cache:redis": "ConnectionError"},
    }

    redis_server.start()  # on the same port
    assert health().status_code == 200


@pytest.mark.django_db
def test_load_balancers_ask_for_the_database_only(redis_server):
    """Redis down is down for every app server, which still serve (each in its
    own memory): the load balancer's check must not take them all out."""
    redis_server.stop()
    response = Client().get(URL, {"checks": "database"})
    assert response.status_code == 200
    assert response.json()["checks"] == {"database:default": "ok"}
    caches_only = Client().get(URL, {"checks": "cache"})
    assert caches_only.status_code == 503
    assert caches_only.json()["checks"] == {"cache:redis": "ConnectionError"}
    redis_server.start()


@pytest.mark.django_db
def test_an_unknown_kind_of_check_is_a_400_naming_the_field():
    response = Client().get(URL, {"checks": "database,<b>disk</b>"})
    assert response.status_code == 400
    assert response.json() == {
        "checks": ["Not a kind of check: <b>disk</b>. Kinds: database, cache."]
    }


def test_a_database_that_cannot_be_reached_is_503(offline_database, settings):
    settings.UA_WAGTAIL_HEALTH_DATABASES = [offline_database]
    response = health()
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database:offline": "OperationalError"},
    }
    body = response.content.decode()
    assert PASSWORD not in body
    assert "127.0.0.1" not in body


def test_the_checks_can_be_narrowed(offline_database, redis_server, settings):
    settings.UA_WAGTAIL_HEALTH_DATABASES = []
    settings.UA_WAGTAIL_HEALTH_CACHES = ["redis"]
    response = health()
    assert response.status_code == 200
    assert response.json()["checks"] == {"cache:redis": "ok"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the server ends a PostgreSQL session"
)
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_replaced_by_the_next_check():
    """A connection the server ended (a restart, an idle timeout) fails one
    check; the next connects afresh."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    response = health()
    assert response.status_code == 503
    assert response.json()["checks"] == {"database:default": "OperationalError"}
    assert health().status_code == 200


@pytest.mark.django_db
def test_get_and_head_only_without_csrf():
    client = Client(enforce_csrf_checks=True)
    assert client.head(URL).status_code == 200
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(URL)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_not_rate_limited():
    client = Client()
    assert {client.get(URL).status_code for _ in range(50)} == {200}
