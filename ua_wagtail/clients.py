"""Who is reporting, as far as abuse limits need to know, without storing addresses.

A client is an IPv4 address, or an IPv6 /64: one subscriber's network, in which
a device picks new addresses at will. Its address is reduced to a keyed hash
(HMAC with the site's secret key), so reports from one client can be
rate-limited and found in bulk, but the address itself is never stored.

Reports on one Urgent Action are limited in two buckets: the client's, at
``UA_WAGTAIL_REPORT_RATE``, and its network's (an IPv4 /24, an IPv6 /48), at the
looser ``UA_WAGTAIL_REPORT_NETWORK_RATE``, so that one abuser cannot spread over
many addresses. Buckets are per Urgent Action, as the reporter names it (its
page's id or its translation key): a flood on one leaves the others open. Only
stored reports count (and the honeypot's decoys, which must look stored): a
refused attempt costs the next honest reporter behind the same NAT nothing.
The counters live in the cache django-ratelimit uses (``RATELIMIT_USE_CACHE``),
which must be shared when more than one process serves (``ua_wagtail.E002``).
"""

import ipaddress

from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

from .conf import ua_settings

#: Prefix lengths of a client and of its network, by IP version.
PREFIXES = {4: (32, 24), 6: (64, 48)}
#: (django-ratelimit group, setting with its rate), client first, then network.
BUCKETS = (
    ("ua_wagtail.report", "REPORT_RATE"),
    ("ua_wagtail.report.network", "REPORT_NETWORK_RATE"),
)


def client_address(request) -> str:
    """The client's address, from ``UA_WAGTAIL_CLIENT_IP_HEADER`` behind a proxy.

    In a list such as X-Forwarded-For the last entry is the one your own proxy
    added; earlier ones come from the client and could be forged.
    """
    header = ua_settings.CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


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


def _usages(request, ua, *, increment: bool) -> list[dict]:
    keys = client_and_network(client_address(request))
    return [
        get_usage(
            request,
            group=group,
            key=lambda _group, _request, key=key: f"{ua}|{key}",
            rate=getattr(ua_settings, setting),
            increment=increment,
        )
        for (group, setting), key in zip(BUCKETS, keys, strict=True)
    ]


def _wait(usages) -> int:
    """Seconds until every bucket has room again (0: now)."""
    waits = [
        max(usage["time_left"], 1)
        for usage in usages
        if usage and (usage["should_limit"] or usage["count"] >= usage["limit"])
    ]
    return max(waits, default=0)


def seconds_until_allowed(request, ua) -> int:
    """0 if a report on ``ua`` (a page id or translation key) from this client may
    be stored now, else how many seconds until it may. Counts nothing."""
    return _wait(_usages(request, ua, increment=False))


def count_report(request, ua) -> None:
    """Count a stored report on ``ua`` against this client's limits."""
    _usages(request, ua, increment=True)


def preview_wait(request, *, refused: bool = False) -> int:
    """Seconds until this client may ask for a headless preview again, after
    ``UA_WAGTAIL_PREVIEW_RATE`` refused tokens (0: now); ``refused`` counts one
    more. Tokens are signed, so guessing is hopeless with a secret key; this
    keeps a leaked or weak key from being tried at leisure."""
    client, _network = client_and_network(client_address(request))
    usage = get_usage(
        request,
        group="ua_wagtail.preview",
        key=lambda _group, _request: client,
        rate=ua_settings.PREVIEW_RATE,
        increment=refused,
    )
    return _wait([usage])


def reported_keys(request) -> list[str]:
    cookie = request.COOKIES.get(ua_settings.REPORTED_COOKIE, "")
    return [key for key in cookie.split(".") if key]


def mark_reported(request, response, translation_key) -> None:
    """Remember in a cookie that this browser reported on this action (last 50)."""
    keys = [k for k in reported_keys(request) if k != translation_key.hex]
    keys = (keys + [translation_key.hex])[-50:]
    response.set_cookie(
        ua_settings.REPORTED_COOKIE,
        ".".join(keys),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
