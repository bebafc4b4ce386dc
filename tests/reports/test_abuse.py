from django.test import RequestFactory

from ua_wagtail.reports.abuse import client_address, client_hash


def test_address_is_remote_addr_by_default():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_behind_a_proxy_the_proxys_own_entry_counts(settings):
    settings.UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1"
    )
    assert client_address(request) == "203.0.113.9"


def test_behind_two_proxies_the_entry_the_first_one_added_counts(settings):
    """A CDN or Varnish appends the client's address, the load balancer then
    Varnish's: the client's own entries before them are not believed."""
    settings.UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.UA_WAGTAIL_CLIENT_IP_PROXIES = 2
    forged = "6.6.6.6, 203.0.113.9, 127.0.0.1"
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forged)
    assert client_address(request) == "203.0.113.9"
    # Sent straight to the load balancer: the one entry there is is the nearest.
    direct = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert client_address(direct) == "198.51.100.4"


def test_hash_is_stable_keyed_and_not_the_address():
    one = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    other = RequestFactory().get("/", REMOTE_ADDR="198.51.100.8")
    assert client_hash(one) == client_hash(one)
    assert client_hash(one) != client_hash(other)
    assert "198.51.100.7" not in client_hash(one) and len(client_hash(one)) == 64


def test_a_rate_that_cannot_be_read_is_an_error_at_the_start(settings):
    """Not a 500 on every report (security review of issue 21, finding 5)."""
    from ua_wagtail.reports.checks import check_rates

    assert check_rates(None) == []
    settings.UA_WAGTAIL_REPORT_RATE = None  # no limit
    assert check_rates(None) == []
    for rate in ("10/hour", "10", "", 10):
        settings.UA_WAGTAIL_REPORT_RATE = rate
        errors = check_rates(None)
        assert [e.id for e in errors] == ["ua_wagtail.E006"]
        assert "UA_WAGTAIL_REPORT_RATE" in errors[0].msg


def test_where_the_client_address_is_read_is_checked(settings):
    from ua_wagtail.reports.checks import check_client_address

    assert check_client_address(None) == []
    settings.UA_WAGTAIL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.UA_WAGTAIL_CLIENT_IP_PROXIES = 2
    assert check_client_address(None) == []
    for header, proxies in [("X-Forwarded-For", 1), ("REMOTE_ADDR", 0)]:
        settings.UA_WAGTAIL_CLIENT_IP_HEADER = header
        settings.UA_WAGTAIL_CLIENT_IP_PROXIES = proxies
        assert [e.id for e in check_client_address(None)] == ["ua_wagtail.E007"]
