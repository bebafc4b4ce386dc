"""Where webhooks may go: to public addresses, never into the site's network.

Staff type webhook URLs. One that leads to a private address (the database,
Redis, a cloud's metadata service at 169.254.169.254) would let them reach what
the site's servers reach. So a webhook goes to a public address over HTTPS, or
to a network listed in ``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS`` (a CRM inside
the organisation's network, a test receiver on loopback), over HTTP or HTTPS.

The URL is checked when it is saved, and the addresses its name resolves to
again before each connection, which goes to one of those very addresses: a
name that resolved to a public address when saved and to a private one when
used (DNS rebinding) is refused then, without connecting.

An address is judged by the IPv4 address it carries, if any: an IPv4-mapped
address, NAT64 (``64:ff9b::/96``, ``64:ff9b:1::/48``), 6to4 (``2002::/16``) or
an IPv4-compatible one leads to that IPv4 address. Teredo and site-local
addresses are refused.
"""

import ipaddress
import socket
from functools import cache
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util.connection import create_connection

from ..conf import ua_settings


class AddressRefused(Exception):
    """A connection would go to an address webhooks may not go to."""


@cache
def _networks(listed: tuple) -> tuple:
    return tuple(ipaddress.ip_network(network, strict=False) for network in listed)


def allowed_networks() -> tuple:
    """``UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS`` as networks."""
    return _networks(tuple(ua_settings.WEBHOOK_ALLOWED_NETWORKS))


#: IPv6 prefixes whose last 32 bits are an IPv4 address a packet goes on to.
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
TEREDO = ipaddress.ip_network("2001::/32")


def _address(text: str):
    """The address a connection to ``text`` leads to: the IPv4 address an IPv6
    address carries, or the address itself."""
    address = ipaddress.ip_address(text.split("%")[0])  # no IPv6 zone
    if address.version == 4:
        return address
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    carried = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in network for network in NAT64) or int(address) >> 32 == 0:
        return carried  # NAT64, or IPv4-compatible (::a.b.c.d)
    return address


def _public(address) -> bool:
    if address.version == 6 and (address.is_site_local or address in TEREDO):
        return False
    return address.is_global


def listed(address: str) -> bool:
    """Whether ``address`` is in one of the allowed networks."""
    raw = ipaddress.ip_address(address.split("%")[0])
    candidates = {raw, _address(address)}
    return any(a in network for network in allowed_networks() for a in candidates)


def allowed(address: str, *, https: bool) -> bool:
    """Whether a webhook may connect to ``address``: listed, or public and over
    HTTPS."""
    return listed(address) or (https and _public(_address(address)))


def addresses_of(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, as text; OSError if none."""
    return [
        sockaddr[0]
        for *_rest, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    ]


def first_refused(addresses: list[str], *, https: bool) -> str | None:
    """The first of ``addresses`` a webhook may not go to, or None."""
    return next((a for a in addresses if not allowed(a, https=https)), None)


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
        found = addresses_of(parts.hostname, parts.port or 443)
    except (OSError, UnicodeError, ValueError):
        raise ValidationError(
            _("%(host)s cannot be found.") % {"host": parts.hostname}
        ) from None
    refused = first_refused(found, https=parts.scheme == "https")
    if refused is None:
        return
    if _public(_address(refused)):
        raise ValidationError(_("Use https://: reports are personal data."))
    raise ValidationError(
        _(
            "%(host)s is in a private network (%(address)s): webhooks go "
            "to public addresses only."
        )
        % {"host": parts.hostname, "address": refused}
    )


class CheckedConnectionMixin:
    """Resolves the receiver's name itself and connects only to the addresses
    it checked, so that no connection is made to one it may not reach (the
    site's network could otherwise be scanned port by port), nor to another
    that the name resolves to a moment later. TLS still checks the certificate
    against the name."""

    def _new_conn(self):
        found = addresses_of(self._dns_host, self.port)
        refused = first_refused(found, https=isinstance(self, HTTPSConnection))
        if refused is not None:
            raise AddressRefused(refused)
        error = OSError(f"{self._dns_host} has no address")
        for address in found:
            try:
                return create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except OSError as failed:
                error = failed
        raise error


class CheckedHTTPConnection(CheckedConnectionMixin, HTTPConnection):
    pass


class CheckedHTTPSConnection(CheckedConnectionMixin, HTTPSConnection):
    pass
