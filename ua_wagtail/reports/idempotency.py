"""Exactly-once reports under retries: the ``Idempotency-Key`` request header.

A phone that lost its connection cannot know whether its report arrived. If it
sent a key of its choosing, it can send the same request again: the first
request with a key stores the report, and a later one with the same key and the
same report is answered with that report, storing nothing. The same key with a
different report is refused (422), as in the IETF httpapi draft of the header
and in payment APIs.

The key is taken with the report, by the statement that stores it on
PostgreSQL (:mod:`.store`) or in its transaction elsewhere, and taking it waits
for a concurrent request holding the same key to finish: of concurrent
requests with one key, one stores and the others find its report.
Keys are scoped to the Urgent Action and kept ``UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS``
(see :class:`~.models.ReportKey`).
"""

import datetime
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..conf import ua_settings
from ..utils.batches import in_batches
from .models import ReportKey

HEADER = "Idempotency-Key"
MAX_LENGTH = 255
#: Visible ASCII and spaces, as an HTTP header carries them safely.
PRINTABLE = re.compile(r"[\x20-\x7e]+")
#: A Structured Field string (RFC 8941), as the IETF draft writes the key.
QUOTED = re.compile(r'"((?:[^"\\]|\\["\\])*)"')


class KeyRefused(Exception):
    """A header that is no key: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class KeyUsed(Exception):
    """Another request with this key stored its report first: ``earlier`` (see
    :func:`earlier`), or None if it was forgotten in between."""

    def __init__(self, earlier: "ReportKey | None"):
        super().__init__(earlier)
        self.earlier = earlier


@dataclass(frozen=True)
class Claim:
    """A key sent with a report: for which Urgent Action, and for which report."""

    translation_key: uuid.UUID
    key: str
    fingerprint: str


def key_of(request) -> str | None:
    """The request's key, or None without one; :class:`KeyRefused` if it is
    empty, longer than 255 characters or not printable ASCII."""
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip()
    quoted = QUOTED.fullmatch(value)
    if quoted:
        value = re.sub(r"\\(.)", r"\1", quoted.group(1))
    if not value.strip() or not PRINTABLE.fullmatch(value):
        raise KeyRefused(
            _("Give the %(header)s as printable ASCII text.") % {"header": HEADER}
        )
    if len(value) > MAX_LENGTH:
        raise KeyRefused(
            _("The %(header)s is longer than %(limit)d characters.")
            % {"header": HEADER, "limit": MAX_LENGTH}
        )
    return value


def header_errors(request) -> dict:
    """``{"Idempotency-Key": [message]}`` for a header that is no key, else ``{}``."""
    try:
        key_of(request)
    except KeyRefused as refused:
        return {HEADER: [refused.message]}
    return {}


def fingerprint(report: dict) -> str:
    """The same for the same report however its JSON was written (field order,
    spacing, ``"de"`` for ``"DE"``): a keyed hash of its validated values, so
    that the contact details in them cannot be confirmed by guessing."""
    text = json.dumps(report, sort_keys=True, separators=(",", ":"), default=str)
    return salted_hmac(__name__, text, algorithm="sha256").hexdigest()


def kept_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """Keys sent before this are forgotten."""
    hours = ua_settings.IDEMPOTENCY_KEY_HOURS
    return (now or timezone.now()) - datetime.timedelta(hours=hours)


def earlier(claim: Claim) -> ReportKey | None:
    """The kept key of ``claim`` with the report it stored, if it was sent before."""
    return (
        ReportKey.objects.select_related("report")
        .filter(
            translation_key=claim.translation_key,
            key=claim.key,
            created_at__gte=kept_since(),
            report__isnull=False,
        )
        .first()
    )


def take(claim: Claim) -> int | None:
    """Take the key for a report about to be stored, in its transaction (the ORM
    path: PostgreSQL's one statement takes it itself): the kept key's id, or None
    if a request with it stored a report first.

    One statement inserts the key, or takes over one kept past its time.
    """
    fields = {f.name: f for f in ReportKey._meta.concrete_fields}
    now = timezone.now()
    values = [
        fields["translation_key"].get_db_prep_value(claim.translation_key, connection),
        claim.key,
        claim.fingerprint,
        fields["created_at"].get_db_prep_value(now, connection),
    ]
    cutoff = fields["created_at"].get_db_prep_value(kept_since(), connection)
    with connection.cursor() as cursor:
        cursor.execute(_take_statement(), [*values, cutoff])
        row = cursor.fetchone()
    return row[0] if row else None


def _take_statement() -> str:
    return upsert("VALUES (%s, %s, %s, %s, NULL)", "id")


def upsert(rows: str, returned: str, cutoff: str = "%s") -> str:
    """``INSERT`` of a key from ``rows`` (its translation key, key, fingerprint,
    time and report) that takes over a key kept from before ``cutoff`` (a
    parameter) and returns ``returned``; nothing if the key is still kept. Both
    store paths take a key with it: this module's :func:`take`, and PostgreSQL's
    one statement (:mod:`.store`), whose ``rows`` give the report's id."""
    quote = connection.ops.quote_name
    table = quote(ReportKey._meta.db_table)
    column = {f.name: quote(f.column) for f in ReportKey._meta.concrete_fields}
    names = ("translation_key", "key", "fingerprint", "created_at", "report")
    taken_over = ", ".join(
        f"{column[name]} = excluded.{column[name]}"
        for name in ("fingerprint", "created_at", "report")
    )
    return (
        f"INSERT INTO {table} ({', '.join(column[name] for name in names)}) {rows} "  # noqa: S608 - our table
        f"ON CONFLICT ({column['translation_key']}, {column['key']}) DO UPDATE SET "
        f"{taken_over} WHERE {table}.{column['created_at']} < {cutoff} "
        f"RETURNING {returned}"
    )


def settle(key_id: int, report) -> None:
    """Remember which report the key stored (in the same transaction)."""
    ReportKey.objects.filter(pk=key_id).update(report=report)


def expired() -> QuerySet:
    """The keys kept past their time."""
    return ReportKey.objects.filter(created_at__lt=kept_since())


def purge(batch_size: int) -> Iterator[int]:
    """Forget the keys kept past their time, ``batch_size`` per transaction;
    yields how many each batch deleted."""
    return in_batches(expired(), batch_size, lambda batch: batch.delete()[0])
