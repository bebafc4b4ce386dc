"""Who is reporting, as far as abuse limits need to know, without storing addresses.

The client address is reduced to a keyed hash (HMAC with the site's secret key),
so reports from one connection can be rate-limited and spotted in bulk, but the
address itself is never stored.
"""

from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

from .conf import ua_settings


def client_address(request) -> str:
    """The client's address, from ``UA_WAGTAIL_CLIENT_IP_HEADER`` behind a proxy.

    In a list such as X-Forwarded-For the last entry is the one your own proxy
    added; earlier ones come from the client and could be forged.
    """
    header = ua_settings.CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


def client_hash(request) -> str:
    return salted_hmac(
        "ua_wagtail.client", client_address(request), algorithm="sha256"
    ).hexdigest()


def seconds_until_allowed(request, client: str) -> int:
    """0 if this client (its :func:`client_hash`) may report now, else how long until it may.

    Every attempt counts, accepted or not, so refusals cannot be used to probe.
    """
    usage = get_usage(
        request,
        group="ua_wagtail.report",
        key=lambda group, request: client,
        rate=ua_settings.REPORT_RATE,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return 0
    return max(usage["time_left"], 1)


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
