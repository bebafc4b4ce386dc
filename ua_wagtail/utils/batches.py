"""Changing many rows in short transactions, for maintenance at a million reports."""

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet


def in_batches(
    rows: QuerySet, size: int, change: Callable[[QuerySet], int]
) -> Iterator[int]:
    """Apply ``change`` to ``rows``, at most ``size`` of them per transaction;
    yield how many each batch changed (``change`` returns it).

    Batches follow the ids (keyset pagination): each starts after the last id of
    the one before, along the primary key's index, where an OFFSET would read
    every row skipped again. ``change`` gets the batch as a queryset still
    filtered like ``rows``, so a row that stopped matching meanwhile is left
    alone. An interrupted run keeps the batches it committed; the rows left
    still match ``rows``, and a new run takes them.
    """
    last = None
    while True:
        with transaction.atomic():
            pending = rows if last is None else rows.filter(pk__gt=last)
            ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
            if not ids:
                return
            changed = change(rows.filter(pk__in=ids))
        last = ids[-1]
        yield changed
