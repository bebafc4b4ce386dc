"""Redis down mid-campaign (issue 17): reports are still taken and pages and totals
still served, the limits hold per process meanwhile, a warning says so once a
minute, and Redis is used again once it is back, with no restart.

Each test runs a redis-server of its own, stopped and started again on its port.
"""

import json
import logging
import shutil

import pytest
import redis
from django.core.cache import caches

from ua_wagtail.models import ActionReport
from ua_wagtail.pages import rendered
from ua_wagtail.reports import rate_limits
from ua_wagtail.utils import fallback_cache

from ..servers import RedisServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def counters(server) -> list[int]:
    """The rate-limit counters Redis holds (Django keeps integers as such)."""
    return sorted(int(server.client.get(key)) for key in server.client.keys("*:rl:*"))


@pytest.fixture
def server(settings):
    """A running redis-server as the cache, set up as the example site's is.

    pytest-django's ``settings`` sends ``setting_changed``, on which Django's test
    signals give ``caches`` the new CACHES (and again when the test ends)."""
    server = RedisServer()
    try:
        server.start()
        settings.CACHES = server.caches()
        fallback_cache.stand_in.cache_clear()  # nothing failed, nothing logged
        fallback_cache.stand_in("redis").local.clear()
        yield server
    finally:
        server.stop()


def report(client, page, address):
    body = {"page": page.pk, "actions": {"letter": 1}}
    return client.post(
        "/ua/reports/", json.dumps(body), "application/json", REMOTE_ADDR=address
    )


def form_report(client, page, address):
    return client.post(
        f"/ua/reports/form/{page.pk}/", {"action_letter": "1"}, REMOTE_ADDR=address
    )


def total(client, page) -> int:
    response = client.get(f"/ua/actions/{page.pk}/totals/")
    assert response.status_code == 200
    return response.json()["total"]


def campaign(client, page, addresses) -> None:
    """Reports by the API and the form from each address, and the page read."""
    for address in addresses:
        assert report(client, page, address).status_code == 201
        assert form_report(client, page, address).status_code == 302
        assert client.get(page.url).status_code == 200


def test_reports_pages_and_totals_outlive_redis(
    client, ua_page, server, caplog, monkeypatch
):
    campaign(client, ua_page, ["192.0.2.1", "192.0.2.2"])
    assert counters(server) == [2, 2, 4]  # two clients, and their network
    assert total(client, ua_page) == 4

    server.stop()
    with caplog.at_level(logging.WARNING, logger="ua_wagtail"):
        with monkeypatch.context() as patch:
            patch.setattr(fallback_cache, "RETRY_SECONDS", 0)  # fail every time
            campaign(client, ua_page, ["192.0.2.3", "192.0.2.4", "192.0.2.5"])
            assert total(client, ua_page) == 10
        assert rendered.generation() is None  # no copies while Redis is away
    assert ActionReport.objects.count() == 10
    [warning] = [r for r in caplog.records if r.name.startswith("ua_wagtail")]
    assert warning.levelno == logging.WARNING
    assert "unreachable" in warning.getMessage()


def test_the_limit_holds_per_process_meanwhile(client, ua_page, server, settings):
    settings.UA_WAGTAIL_REPORT_RATE = "3/h"
    assert report(client, ua_page, "192.0.2.1").status_code == 201
    server.stop()
    for _ in range(3):
        assert report(client, ua_page, "192.0.2.1").status_code == 201
    assert report(client, ua_page, "192.0.2.1").status_code == 429  # 3 in memory
    assert form_report(client, ua_page, "192.0.2.1").status_code == 429
    assert report(client, ua_page, "192.0.2.2").status_code == 201
    assert ActionReport.objects.count() == 5


def test_redis_is_used_again_once_back(client, ua_page, server, monkeypatch):
    server.stop()
    assert report(client, ua_page, "192.0.2.1").status_code == 201
    server.start()  # empty, on the same port
    # Left alone for RETRY_SECONDS after the failure: still counted in memory.
    assert report(client, ua_page, "192.0.2.1").status_code == 201
    assert counters(server) == []
    monkeypatch.setattr(fallback_cache, "RETRY_SECONDS", 0)  # as if they had passed
    assert report(client, ua_page, "192.0.2.1").status_code == 201
    assert counters(server) == [1, 1]
    assert rendered.generation() == caches["redis"].get(rendered.GENERATION)
    assert ActionReport.objects.count() == 3


def test_a_counter_made_in_redis_is_counted_in_memory(server, monkeypatch):
    """Redis gone between the counter's creation and its increment."""

    def gone(*args, **kwargs):
        raise redis.ConnectionError("gone")

    bucket = rate_limits.Bucket("test", "client", "5/h")
    monkeypatch.setattr("django.core.cache.backends.redis.RedisCache.incr", gone)
    rate_limits.take([bucket])
    assert counters(server) == [0]  # made, never counted
    assert fallback_cache.stand_in("redis").local.get(bucket.window()[2]) == 1


def test_only_unreachability_is_caught(server):
    with pytest.raises(ValueError, match="not found"):
        rate_limits.cache().incr("missing")
    assert not rate_limits.cache().unreachable()
    assert rate_limits.cache().default_timeout == 300  # attributes are Redis's
