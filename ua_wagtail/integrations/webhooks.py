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
from collections.abc import Iterator
from typing import NamedTuple

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import ua_settings
from ..reports.models import ReportEvent
from ..utils.batches import in_batches
from . import payloads, signing
from .connections import Connections, Failed
from .models import WebhookDelivery, WebhookEndpoint, WebhookUrgentAction

logger = logging.getLogger(__name__)

PENDING = WebhookDelivery.Status.PENDING

#: Events one dispatch turns into deliveries, in one transaction.
DISPATCH_BATCH = 500
#: Heads one pass of :func:`send_due` sends, one after the other.
CLAIM_BATCH = 20
#: Due heads read at once, to lease the first still free.
CLAIM_CANDIDATES = 5
#: Deliveries of one line a worker sends in a row before it looks at others.
LINE_RUN = 100
#: Deliveries of one line sent one after the other and recorded together.
RUN = 20


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


def send_due(connections: Connections, limit: int = CLAIM_BATCH, stopping=None) -> int:
    """Send up to ``limit`` heads that are due, each with what follows it in
    its line (up to :data:`LINE_RUN`); returns how many were delivered. Once
    ``stopping()``, the request out is finished and the rest left to others.

    Heads are leased one at a time, when their turn comes: a lease taken for
    a head that waits behind others could run out before it is sent.
    """
    stopping = stopping or (lambda: False)
    delivered = 0
    for _turn in range(limit):
        if stopping():
            break
        lease = _claim()
        if lease is None:
            break
        delivered += _send_line(connections, lease, stopping)
    return delivered


class Lease(NamedTuple):
    """A delivery a worker holds, and until when: the time is the lease's
    identity, so a worker whose lease ran out (and was taken by another) can
    tell, and changes nothing."""

    delivery_id: int
    until: datetime.datetime


def _claim() -> Lease | None:
    """Lease the head that has been due longest and is free."""
    now = timezone.now()
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    due = (
        WebhookDelivery.objects.filter(
            free, next_attempt_at__lte=now, status=PENDING, endpoint__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:CLAIM_CANDIDATES]
    )
    until = now + _lease()
    for pk in due:
        # Only if still free: another worker may have read the same heads.
        if WebhookDelivery.objects.filter(free, pk=pk, status=PENDING).update(
            leased_until=until
        ):
            return Lease(pk, until)
    return None


def _lease() -> datetime.timedelta:
    """How long a worker holds a head: past an attempt's deadline."""
    return datetime.timedelta(seconds=2 * ua_settings.WEBHOOK_TIMEOUT + 30)


def _send_line(connections, lease: Lease, stopping) -> int:
    """Send a head, and what follows it while each is delivered; how many were.

    Holding the head's lease holds its line: only heads are leased. So the
    deliveries behind it are sent in a run, and recorded together, in one
    transaction for up to :data:`RUN` of them rather than one each.
    """
    delivered = 0
    while lease is not None:
        run = _run_from(lease)
        if not run:  # deleted with its endpoint, or the lease lost
            return delivered
        sent, failure = [], None
        for delivery in run:
            if sent and not (_time_left(lease) and _active(delivery.endpoint_id)):
                break  # recorded before the lease runs out; sent no more
            outcome = attempt(connections, delivery)
            if not outcome.delivered:
                failure = (delivery, outcome)
                break
            sent.append((delivery, outcome))
        delivered += len(sent)
        go_on = delivered < LINE_RUN and not stopping()
        lease = _settle_run(lease, sent, failure, go_on)
    return delivered


def _run_from(lease: Lease) -> list[WebhookDelivery]:
    """The head the lease holds, and up to :data:`RUN` - 1 deliveries behind it."""
    deliveries = WebhookDelivery.objects.select_related("endpoint", "event__report")
    head = deliveries.filter(
        pk=lease.delivery_id, leased_until=lease.until, status=PENDING
    ).first()
    if head is None:
        return []
    behind = deliveries.filter(
        endpoint_id=head.endpoint_id,
        translation_key=head.translation_key,
        status=PENDING,
        pk__gt=head.pk,
    ).order_by("pk")[: RUN - 1]
    return [head, *behind]


def _active(endpoint_id: int) -> bool:
    """Whether staff have not made the endpoint inactive meanwhile."""
    return WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).exists()


def _time_left(lease: Lease) -> bool:
    """Whether one more attempt ends well before the lease does."""
    margin = datetime.timedelta(seconds=ua_settings.WEBHOOK_TIMEOUT + 10)
    return timezone.now() + margin < lease.until


def attempt(connections: Connections, delivery: WebhookDelivery) -> Outcome:
    """POST the delivery's event to its endpoint, signed; no retries here."""
    endpoint, event = delivery.endpoint, delivery.event
    try:
        body = payloads.body(event, endpoint)
    except Exception as error:  # a failed attempt, not a stopped worker
        logger.exception("Webhook delivery %s could not be written.", delivery.pk)
        return Outcome(
            False,
            error=_("The event could not be written: %(error)s")
            % {"error": error.__class__.__name__},
        )
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ua_wagtail-webhooks",
        **signing.headers(endpoint.secret, str(event.event_id), int(time.time()), body),
    }
    try:
        answer = connections.post(endpoint.url, body, headers)
    except Failed as failed:
        return Outcome(False, error=str(failed))
    if 200 <= answer.status < 300:
        return Outcome(True, answer.status)
    return Outcome(False, answer.status, f"HTTP {answer.status}: {answer.text}".strip())


def _settle_run(lease: Lease, sent: list, failure, go_on: bool) -> Lease | None:
    """Record a run of a line: ``sent``, the deliveries delivered, in order,
    then ``failure``, the one that was not (with its outcome), if any; only if
    the lease on the run's head still holds. Returns the :class:`Lease` of the
    line's next delivery if the run ended delivered, ``go_on`` and the
    endpoint still active; else None."""
    now = timezone.now()
    first = (sent[0] if sent else failure)[0]
    with transaction.atomic():
        endpoint = (
            WebhookEndpoint.objects.select_for_update()
            .filter(pk=first.endpoint_id)
            .first()
        )
        head = WebhookDelivery.objects.filter(
            pk=lease.delivery_id, status=PENDING, leased_until=lease.until
        )
        if endpoint is None or not head.update(leased_until=None):
            return None  # deleted, or another worker took it over: theirs now
        for status, ids in _by_status(sent).items():
            WebhookDelivery.objects.filter(pk__in=ids, status=PENDING).update(
                status=WebhookDelivery.Status.DELIVERED,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                delivered_at=now,
                response_status=status,
                next_attempt_at=None,
                leased_until=None,
            )
        if sent:
            _note(endpoint, sent[-1][1], now)
        if failure is not None:
            delivery, outcome = failure
            _note(endpoint, outcome, now)
            if _failed(delivery, outcome, now):
                return None  # the head now, tried again later
        following = _next_in_line((failure or sent[-1])[0])
        if following is None:
            return None
        going_on = failure is None and go_on and endpoint.is_active
        until = now + _lease() if going_on else None
        WebhookDelivery.objects.filter(pk=following).update(
            next_attempt_at=now, leased_until=until
        )
    return Lease(following, until) if going_on else None


def _by_status(sent) -> dict:
    ids = {}
    for delivery, outcome in sent:
        ids.setdefault(outcome.status, []).append(delivery.pk)
    return ids


def _failed(delivery, outcome: Outcome, now) -> bool:
    """Record a failed attempt; whether the delivery is still waiting (the
    line's head, tried again later) rather than given up."""
    window = datetime.timedelta(hours=ua_settings.WEBHOOK_RETRY_HOURS)
    waiting = now - delivery.created_at < window
    WebhookDelivery.objects.filter(pk=delivery.pk, status=PENDING).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        response_status=outcome.status,
        last_error=outcome.error[:1000],
        leased_until=None,
        status=PENDING if waiting else WebhookDelivery.Status.FAILED,
        next_attempt_at=now + backoff(delivery.attempts + 1) if waiting else None,
    )
    return waiting


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


def sent_before(cutoff: datetime.datetime):
    """Deliveries done with (delivered or given up) queued before ``cutoff``,
    and the dispatched events before it that no delivery waits for."""
    deliveries = WebhookDelivery.objects.filter(created_at__lt=cutoff).exclude(
        status=PENDING
    )
    waiting = WebhookDelivery.objects.filter(event=OuterRef("pk"), status=PENDING)
    events = ReportEvent.objects.filter(created_at__lt=cutoff, dispatched=True).exclude(
        Exists(waiting)
    )
    return deliveries, events


def purge(cutoff: datetime.datetime, batch_size: int) -> Iterator[int]:
    """Delete what :func:`sent_before` finds, ``batch_size`` rows per
    transaction, yielding how many each batch deleted; then forget endpoints'
    errors as old."""
    deliveries, events = sent_before(cutoff)
    yield from in_batches(deliveries, batch_size, _deleted)
    yield from in_batches(events, batch_size, _deleted)
    # What a receiver answered may repeat what it was sent.
    WebhookEndpoint.objects.filter(last_failure_at__lt=cutoff).exclude(
        last_error=""
    ).update(last_error="")


def _deleted(rows) -> int:
    return rows.delete()[0]
