"""Changing many rows in short transactions, for maintenance at a million reports."""

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet


def in_batches(
    rows: QuerySet, size: int, change: Callable[[QuerySet], int]
) -> Iterator[int]:
    """Apply ``change`` to ``rows``, at most ``size`` of them per transaction;
    yield how many each batch changed (``change`` returns it).

    Batches follow the ids (keyset pagination): a batch is the range of ids
    from after the one before's last to its ``size``-th row, read along the
    primary key's index, where an OFFSET from the start would read every row
    before again. ``change`` gets the batch as a queryset still filtered like
    ``rows`` (so a row that stopped matching meanwhile is left alone), bounded
    by ids rather than listing them. An interrupted run keeps the batches it
    committed; the rows left still match ``rows``, and a new run takes them.
    """
    last = None
    while True:
        with transaction.atomic():
            pending = rows if last is None else rows.filter(pk__gt=last)
            ids = pending.order_by("pk").values_list("pk", flat=True)
            end = list(ids[size - 1 : size])
            changed = change(pending.filter(pk__lte=end[0]) if end else pending)
        yield changed
        if not end:
            return
        last = end[0]
