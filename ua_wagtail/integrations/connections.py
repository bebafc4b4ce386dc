"""Connections to webhook receivers: to checked addresses only (see
:mod:`.addresses`), kept open between requests, and each request held to one
deadline.

A receiver may answer slowly on purpose: a byte at a time, a header at a time,
or "100 Continue" without end, each read within the socket's timeout. So a
timer also shuts the connection down once the attempt's time
(``UA_WAGTAIL_WEBHOOK_TIMEOUT`` seconds) is up, wherever the request is.
"""

import re
import socket
import threading
from typing import NamedTuple
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .addresses import AddressRefused, CheckedHTTPConnection, CheckedHTTPSConnection

#: How much of a receiver's answer is kept.
ANSWER_BYTES = 300
#: Email addresses a receiver's answer may repeat: not kept (a report's
#: contact details would outlive their retention in the delivery's error).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class Answer(NamedTuple):
    status: int
    text: str


class Failed(Exception):
    """No answer: the message says why, for the admin."""


class Connections:
    """Open connections to receivers, one per origin, for one worker."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.idle = {}

    def post(self, url: str, body: bytes, headers: dict) -> Answer:
        """POST ``body``; the receiver's status and the start of its answer, as
        printable text, or :class:`Failed`."""
        parts = urlsplit(url)
        origin = (parts.scheme, parts.hostname, parts.port)
        connection = self._connection(origin)
        expired = threading.Event()
        timer = threading.Timer(self.timeout, _shut, (connection, expired))
        timer.daemon = True
        timer.start()
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read(ANSWER_BYTES + 1)
        except AddressRefused as refused:
            connection.close()
            raise Failed(
                _("Refused: %(address)s is not a public address.")
                % {"address": refused.args[0]}
            ) from None
        except Exception as error:  # whatever the receiver or the network did
            connection.close()
            raise Failed(self._reason(error, expired, parts.hostname)) from None
        finally:
            timer.cancel()
        if expired.is_set() or len(answer) > ANSWER_BYTES:
            connection.close()  # a long answer is not read to its end
        else:
            self.idle[origin] = connection
        return Answer(response.status, printable(answer[:ANSWER_BYTES]))

    def _connection(self, origin):
        connection = self.idle.pop(origin, None)
        if connection is not None and connection.is_connected:
            return connection
        scheme, host, port = origin
        kind = CheckedHTTPSConnection if scheme == "https" else CheckedHTTPConnection
        return kind(host, port, timeout=self.timeout)

    def _reason(self, error, expired, host) -> str:
        if expired.is_set() or isinstance(error, TimeoutError | socket.timeout):
            return _("No answer within %(seconds)s seconds.") % {
                "seconds": self.timeout
            }
        if isinstance(error, socket.gaierror):
            return _("%(host)s cannot be found.") % {"host": host}
        if isinstance(error, ConnectionRefusedError):
            return _("The receiver refused the connection.")
        reason = printable(str(error).encode()) or error.__class__.__name__
        return _("The connection failed: %(reason)s") % {"reason": reason}

    def close(self):
        for connection in self.idle.values():
            connection.close()
        self.idle.clear()


def _shut(connection, expired):
    """Ends a request past its deadline: whatever reads or writes fails now."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # closed meanwhile


def printable(data: bytes) -> str:
    """``data`` as one line of printable text, without email addresses."""
    text = data.decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else " " for c in text)
    return EMAIL.sub("[email]", " ".join(text.split()))[:ANSWER_BYTES]
