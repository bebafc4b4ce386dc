"""Sending report events to webhook endpoints: at least once, in order per
Urgent Action.

A worker (``manage.py ua_wagtail_webhooks``) repeats two steps:

1. :func:`dispatch`: events not yet dispatched become deliveries, one for each
   active endpoint that wants them (their kind, their Urgent Action). An
   endpoint's deliveries of one Urgent Action form a line; only the line's
   head, its oldest waiting delivery, has a ``next_attempt_at``.
2. :func:`send_due`: heads that are due are leased to the worker and sent. A
   success makes the next in line the head, and the worker goes on with it. A
   failure puts the head's next attempt off, twice as long each time, until
   ``UA_WAGTAIL_WEBHOOK_RETRY_HOURS`` have passed since it was queued; then it
   is given up and the next in line goes.

Lines change only under their endpoint's row lock (dispatch and each outcome),
so a new delivery and a head that has just finished cannot both miss the other.
No lock is held while a request is out: a worker holds a lease on the head, and
if it dies the lease runs out and another worker sends it again. So a receiver
may get an event twice; ``webhook-id`` tells it so.
"""

import datetime
import logging
import random
import time
from typing import NamedTuple

import urllib3
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import ua_settings
from ..reports.models import ReportEvent
from . import payloads, signing
from .addresses import AddressRefused
from .models import WebhookDelivery, WebhookEndpoint, WebhookUrgentAction

logger = logging.getLogger(__name__)

PENDING = WebhookDelivery.Status.PENDING

#: Events one dispatch turns into deliveries, in one transaction.
DISPATCH_BATCH = 500
#: Heads one pass of :func:`send_due` leases.
CLAIM_BATCH = 20
#: Deliveries of one line a worker sends in a row before it looks at others.
LINE_RUN = 100
#: How much of a receiver's answer is kept as the error.
ANSWER_BYTES = 300


class Outcome(NamedTuple):
    """What one attempt found: delivered, or the error."""

    delivered: bool
    status: int | None = None
    error: str = ""


def dispatch(limit: int = DISPATCH_BATCH) -> int:
    """Make the deliveries of up to ``limit`` events not yet dispatched, oldest
    first; returns how many events were dispatched."""
    with transaction.atomic():
        # Locked first: lines change only under their endpoint's lock.
        endpoints = list(
            WebhookEndpoint.objects.select_for_update()
            .filter(is_active=True)
            .order_by("pk")
        )
        events = list(
            ReportEvent.objects.select_for_update(skip_locked=True)
            .filter(dispatched=False)
            .order_by("pk")[:limit]
        )
        if not events:
            return 0
        WebhookDelivery.objects.bulk_create(_deliveries(endpoints, events))
        ReportEvent.objects.filter(pk__in=[event.pk for event in events]).update(
            dispatched=True
        )
    return len(events)


def _deliveries(endpoints, events) -> list[WebhookDelivery]:
    followed = _followed(endpoints)
    wanted = [
        (endpoint, event)
        for event in events
        for endpoint in endpoints
        if event.kind in endpoint.event_kinds
        and (
            not followed[endpoint.pk] or event.translation_key in followed[endpoint.pk]
        )
    ]
    busy, now, made = {}, timezone.now(), []
    for endpoint, event in wanted:
        line = (endpoint.pk, event.translation_key)
        if line not in busy:
            busy[line] = _waiting(*line)
        made.append(
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                translation_key=event.translation_key,
                next_attempt_at=None if busy[line] else now,
            )
        )
        busy[line] = True
    return made


def _followed(endpoints) -> dict:
    """Each endpoint's Urgent Actions (translation keys); empty: all of them."""
    followed = {endpoint.pk: set() for endpoint in endpoints}
    rows = WebhookUrgentAction.objects.filter(endpoint__in=endpoints).values_list(
        "endpoint_id", "page__translation_key"
    )
    for endpoint_id, key in rows:
        followed[endpoint_id].add(key)
    return followed


def _waiting(endpoint_id, translation_key) -> bool:
    """Whether a line has a delivery waiting (a head)."""
    return WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, translation_key=translation_key, status=PENDING
    ).exists()


def send_due(
    http: urllib3.PoolManager, limit: int = CLAIM_BATCH, stopping=lambda: False
) -> int:
    """Send the heads that are due, each with what follows it in its line (up
    to :data:`LINE_RUN`); returns how many were delivered. Once
    ``stopping()``, the request out is finished and the rest left to others."""
    claimed, delivered = _claim(limit), 0
    for position, delivery_id in enumerate(claimed):
        if stopping():
            WebhookDelivery.objects.filter(pk__in=claimed[position:]).update(
                leased_until=None
            )
            break
        delivered += _send_line(http, delivery_id, stopping)
    return delivered


def _claim(limit: int) -> list[int]:
    now = timezone.now()
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    due = (
        WebhookDelivery.objects.filter(
            free, next_attempt_at__lte=now, status=PENDING, endpoint__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    until = now + _lease()
    # Leased one by one, only if still free: another worker may have read
    # the same heads.
    return [
        pk
        for pk in due
        if WebhookDelivery.objects.filter(free, pk=pk, status=PENDING).update(
            leased_until=until
        )
    ]


def _lease() -> datetime.timedelta:
    """How long a worker holds a head it sends: past the request's time limits."""
    return datetime.timedelta(seconds=2 * ua_settings.WEBHOOK_TIMEOUT + 30)


def _send_line(http, delivery_id: int, stopping) -> int:
    """Send a head, and what follows it while each is delivered; how many were."""
    delivered = 0
    while delivery_id is not None:
        delivery = WebhookDelivery.objects.select_related(
            "endpoint", "event__report"
        ).get(pk=delivery_id)
        outcome = attempt(http, delivery)
        delivered += outcome.delivered
        go_on = delivered < LINE_RUN and not stopping()
        delivery_id = settle(delivery, outcome, go_on=go_on)
    return delivered


def attempt(http, delivery: WebhookDelivery) -> Outcome:
    """POST the delivery's event to its endpoint, signed; no retries here."""
    endpoint, event = delivery.endpoint, delivery.event
    body = payloads.body(event, endpoint)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ua_wagtail-webhooks",
        **signing.headers(endpoint.secret, str(event.event_id), int(time.time()), body),
    }
    try:
        response = http.request(
            "POST",
            endpoint.url,
            body=body,
            headers=headers,
            preload_content=False,
            redirect=False,
        )
        answer = response.read(ANSWER_BYTES + 1)
    except AddressRefused as refused:
        return Outcome(
            False,
            error=_("Refused: %(address)s is not a public address.")
            % {"address": refused.args[0]},
        )
    except urllib3.exceptions.TimeoutError:
        return Outcome(
            False,
            error=_("No answer within %(seconds)s seconds.")
            % {"seconds": ua_settings.WEBHOOK_TIMEOUT},
        )
    except urllib3.exceptions.HTTPError as error:
        return Outcome(
            False, error=_("Could not connect: %(reason)s") % {"reason": _reason(error)}
        )
    if len(answer) > ANSWER_BYTES:
        response.close()  # a long answer is not read to its end
    else:
        response.release_conn()
    if 200 <= response.status < 300:
        return Outcome(True, response.status)
    text = answer[:ANSWER_BYTES].decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    return Outcome(False, response.status, f"HTTP {response.status}: {text}".strip())


def _reason(error: Exception) -> str:
    cause = getattr(error, "reason", None) or error
    return str(cause)[:300] or cause.__class__.__name__


def settle(delivery: WebhookDelivery, outcome: Outcome, go_on: bool = False):
    """Record an attempt; returns the next delivery of the line, leased to the
    caller, if the attempt delivered and ``go_on``; else None."""
    now = timezone.now()
    fields = {
        "attempts": F("attempts") + 1,
        "last_attempt_at": now,
        "response_status": outcome.status,
        "leased_until": None,
    }
    if outcome.delivered:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now)
        fields["next_attempt_at"] = None
    else:
        fields["last_error"] = outcome.error[:1000]
        if now - delivery.created_at >= datetime.timedelta(
            hours=ua_settings.WEBHOOK_RETRY_HOURS
        ):
            fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
        else:
            fields["next_attempt_at"] = now + backoff(delivery.attempts + 1)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(
            pk=delivery.endpoint_id
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        _note(endpoint, outcome, now)
        if fields.get("status") is None:
            return None  # still the head, tried again later
        lease = now + _lease() if outcome.delivered and go_on else None
        following = _next_in_line(delivery)
        if following is not None:
            WebhookDelivery.objects.filter(pk=following).update(
                next_attempt_at=now, leased_until=lease
            )
    return following if lease else None


def _next_in_line(delivery) -> int | None:
    return (
        WebhookDelivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            translation_key=delivery.translation_key,
            status=PENDING,
        )
        .exclude(pk=delivery.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from
    ``UA_WAGTAIL_WEBHOOK_FIRST_RETRY`` up to ``UA_WAGTAIL_WEBHOOK_LONGEST_RETRY``
    seconds, less up to a quarter at random so that failed lines do not all
    come back at once."""
    first, longest = ua_settings.WEBHOOK_FIRST_RETRY, ua_settings.WEBHOOK_LONGEST_RETRY
    seconds = min(first * 2 ** min(attempts - 1, 32), longest)
    return datetime.timedelta(seconds=seconds * random.uniform(0.75, 1.0))  # noqa: S311


def _note(endpoint: WebhookEndpoint, outcome: Outcome, now) -> None:
    """What the endpoint's listing shows; a success written at most every few
    seconds, not once per delivery."""
    if outcome.delivered:
        recent = endpoint.last_success_at and now - endpoint.last_success_at < (
            datetime.timedelta(seconds=5)
        )
        failing = endpoint.last_failure_at is not None and (
            endpoint.last_success_at is None
            or endpoint.last_failure_at > endpoint.last_success_at
        )
        if recent and not failing:
            return
        endpoint.last_success_at = now
        changed = ["last_success_at"]
    else:
        endpoint.last_failure_at, endpoint.last_error = now, outcome.error[:1000]
        changed = ["last_failure_at", "last_error"]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        **{field: getattr(endpoint, field) for field in changed}
    )


def resend(delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Queue the delivery's event to its endpoint again, at the end of its line."""
    with transaction.atomic():
        WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        waiting = _waiting(delivery.endpoint_id, delivery.translation_key)
        return WebhookDelivery.objects.create(
            endpoint_id=delivery.endpoint_id,
            event_id=delivery.event_id,
            translation_key=delivery.translation_key,
            resent_by=user,
            next_attempt_at=None if waiting else timezone.now(),
        )
