"""Signing webhook requests as Standard Webhooks (standardwebhooks.com) does.

Each request carries three headers: ``webhook-id`` (the event's id, the same on
every attempt, for receivers to skip what they already have),
``webhook-timestamp`` (seconds since 1970, for receivers to refuse old
requests) and ``webhook-signature``: ``v1,`` and the base64 of the HMAC-SHA256,
keyed with the endpoint's secret, of ``{id}.{timestamp}.{body}``. Receivers can
check it with Standard Webhooks' libraries or the snippets in
docs/integrations.md.
"""

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def signature(secret: str, event_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header of ``body``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{event_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, event_id: str, timestamp: int, body: bytes) -> dict:
    """The request headers that identify, date and sign ``body``."""
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, event_id, timestamp, body),
    }
