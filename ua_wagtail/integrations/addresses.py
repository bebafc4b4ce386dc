"""Where webhooks may go: to public addresses, never into the site's network.

Staff type webhook URLs. One that leads to a private address (the database,
Redis, a cloud's metadata service at 169.254.169.254) would let them reach what
the site's servers reach. So a webhook goes to a public address over HTTPS, or
to a network listed in ``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS`` (a CRM inside
the organisation's network, a test receiver on loopback), over HTTP or HTTPS.

The URL is checked when it is saved, and the address again on each
connection's socket: a name that resolved to a public address when saved and
to a private one when used (DNS rebinding) is refused then.
"""

import ipaddress
import socket
from functools import cache
from urllib.parse import urlsplit

import urllib3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..conf import ua_settings


class AddressRefused(Exception):
    """A connection reached an address webhooks may not go to."""


@cache
def _networks(listed: tuple) -> tuple:
    return tuple(ipaddress.ip_network(network, strict=False) for network in listed)


def allowed_networks() -> tuple:
    """``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS`` as networks."""
    return _networks(tuple(ua_settings.WEBHOOK_ALLOWED_NETWORKS))


def _address(text: str):
    address = ipaddress.ip_address(text.split("%")[0])  # no IPv6 zone
    return getattr(address, "ipv4_mapped", None) or address


def listed(address: str) -> bool:
    """Whether ``address`` is in one of the allowed networks."""
    address = _address(address)
    return any(address in network for network in allowed_networks())


def allowed(address: str, *, https: bool) -> bool:
    """Whether a webhook may connect to ``address``: listed, or public and over
    HTTPS."""
    return listed(address) or (https and _address(address).is_global)


def check_url(url: str) -> None:
    """Raise a ValidationError saying what is wrong with ``url`` as a webhook's."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http:// or https:// address."))
    if parts.username or parts.password:
        raise ValidationError(
            _(
                "Leave the user name and password out of the address: requests are signed."
            )
        )
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=6)
    except (OSError, UnicodeError, ValueError):
        raise ValidationError(
            _("%(host)s cannot be found.") % {"host": parts.hostname}
        ) from None
    https = parts.scheme == "https"
    for *_rest, sockaddr in found:
        if allowed(sockaddr[0], https=https):
            continue
        if _address(sockaddr[0]).is_global:
            raise ValidationError(_("Use https://: reports are personal data."))
        raise ValidationError(
            _(
                "%(host)s is in a private network (%(address)s): webhooks go "
                "to public addresses only."
            )
            % {"host": parts.hostname, "address": sockaddr[0]}
        )


class _Checked:
    """A connection that refuses an address it may not reach once connected."""

    def _new_conn(self):
        sock = super()._new_conn()
        address = sock.getpeername()[0]
        if not allowed(address, https=isinstance(self, HTTPSConnection)):
            sock.close()
            raise AddressRefused(address)
        return sock


class _CheckedHTTPConnection(_Checked, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_Checked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


def pool_manager(timeout: float) -> urllib3.PoolManager:
    """Connections for webhooks, kept open between requests: no redirects, no
    retries (the outbox retries), no proxy from the environment."""
    manager = urllib3.PoolManager(
        num_pools=100,
        retries=False,  # so no redirect is followed either
        timeout=urllib3.Timeout(connect=min(timeout, 5), read=timeout),
    )
    manager.pool_classes_by_scheme = {
        "http": _CheckedHTTPPool,
        "https": _CheckedHTTPSPool,
    }
    return manager
