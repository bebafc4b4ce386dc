"""Who is reporting, as far as abuse limits need to know, without storing addresses.

A client is an IPv4 address, or an IPv6 /64: one subscriber's network, in which
a device picks new addresses at will. Its address is reduced to a keyed hash
(HMAC with the site's secret key), so reports from one client can be
rate-limited and found in bulk, but the address itself is never stored.

Reports on one Urgent Action are limited in two buckets: the client's, at
``UA_WAGTAIL_REPORT_RATE``, and its network's (an IPv4 /24, an IPv6 /48), at the
looser ``UA_WAGTAIL_REPORT_NETWORK_RATE``, so that one abuser cannot spread over
many addresses. Buckets are per Urgent Action, by its translation key (shared by
its translations): a flood on one leaves the others open, and naming it by each
translation's page in turn buys nothing. A place is taken before a report is
stored and given back if it is refused (:mod:`.rate_limits`):
concurrent reports cannot overrun the limit, and a refused attempt costs the
next honest reporter behind the same NAT nothing. The counters live in the
cache ``RATELIMIT_USE_CACHE``, which must be shared when more than one process
serves (``ua_wagtail.E002``).
"""

import ipaddress
import re

from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from ..conf import ua_settings
from . import rate_limits

#: Prefix lengths of a client and of its network, by IP version.
PREFIXES = {4: (32, 24), 6: (64, 48)}
#: An address with a port, as some proxies write it: "203.0.113.7:51234",
#: "[2001:db8::1]:443".
WITH_PORT = re.compile(r"\[(?P<v6>[^\]]+)\](?::\d+)?|(?P<v4>[\d.]+):\d+")


def client_address(request) -> str:
    """The client's address, from ``UA_WAGTAIL_CLIENT_IP_HEADER`` behind a proxy.

    In a list such as X-Forwarded-For each proxy appends the address it was
    called from: with ``UA_WAGTAIL_CLIENT_IP_PROXIES`` proxies of your own in
    front (Varnish, then a load balancer: 2), the client's address is that many
    entries from the end. Earlier ones come from the client and could be forged;
    a shorter list than that did not pass every proxy, and its first entry is
    the nearest to the client there is.
    """
    header = ua_settings.CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    entries = value.split(",")
    value = entries[-min(max(ua_settings.CLIENT_IP_PROXIES, 1), len(entries))].strip()
    if match := WITH_PORT.fullmatch(value):
        return match["v6"] or match["v4"]
    return value


def client_and_network(address: str) -> tuple[str, str]:
    """``("203.0.113.7", "203.0.113.0/24")``, ``("2001:db8:1:2::/64",
    "2001:db8:1::/48")``; what is not an address is its own client and network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address, address
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    client, network = (
        ipaddress.ip_network(f"{ip}/{length}", strict=False)
        for length in PREFIXES[ip.version]
    )
    return (str(ip) if ip.version == 4 else str(client)), str(network)


def client_hash(request) -> str:
    client, _network = client_and_network(client_address(request))
    return salted_hmac("ua_wagtail.client", client, algorithm="sha256").hexdigest()


def report_buckets(request, ua_key: str) -> list[rate_limits.Bucket]:
    """The client's and its network's buckets for reports on one Urgent Action."""
    client, network = client_and_network(client_address(request))
    return [
        rate_limits.Bucket("report", f"{ua_key}|{client}", ua_settings.REPORT_RATE),
        rate_limits.Bucket(
            "report.network", f"{ua_key}|{network}", ua_settings.REPORT_NETWORK_RATE
        ),
    ]


def preview_buckets(request) -> list[rate_limits.Bucket]:
    """Refused headless previews of this client: ``UA_WAGTAIL_PREVIEW_RATE``.

    Tokens are signed, so guessing is hopeless with a secret key; this keeps a
    leaked or weak key from being tried at leisure.
    """
    client, _network = client_and_network(client_address(request))
    return [rate_limits.Bucket("preview", client, ua_settings.PREVIEW_RATE)]


def reported_keys(request) -> list[str]:
    cookie = request.COOKIES.get(ua_settings.REPORTED_COOKIE, "")
    return [key for key in cookie.split(".") if key]


def mark_reported(request, response, translation_key) -> None:
    """Remember in a cookie that this browser reported on this action (last 50).

    The page's script reads it (so not ``HttpOnly``) to show the "you already
    reported" note: the page itself is the same for every visitor. It holds
    nothing secret, and nothing on the server trusts it."""
    keys = [k for k in reported_keys(request) if k != translation_key.hex]
    keys = (keys + [translation_key.hex])[-50:]
    response.set_cookie(
        ua_settings.REPORTED_COOKIE,
        ".".join(keys),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )


def too_many(wait: int) -> str:
    """Why a client over its rate limit is refused, and when to try again."""
    return ngettext(
        "You have sent many reports in a short time. Try again in %(n)d second.",
        "You have sent many reports in a short time. Try again in %(n)d seconds.",
        wait,
    ) % {"n": wait}
