"""Reporters' personal data erased past retention, in batches; the counts stay.

At a million reports one ``UPDATE`` of every old report would run as one long
transaction, holding its row locks all along, and an interruption would undo
all of it. Batches of a few thousand commit as they go (see
:func:`~ua_wagtail.utils.batches.in_batches`), so a purge can be stopped and run
again.
"""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from ..utils.batches import in_batches
from .models import ActionReport

ERASED = {
    "contact_name": "",
    "contact_email": "",
    "contact_consent": False,
    "client_hash": "",
}


def holding_personal_data(cutoff: datetime.datetime) -> QuerySet:
    """Reports made before ``cutoff`` that still hold contact details or a
    client fingerprint."""
    return ActionReport.objects.filter(created_at__lt=cutoff).exclude(
        contact_name="", contact_email="", client_hash=""
    )


def erase_personal_data(cutoff: datetime.datetime, batch_size: int) -> Iterator[int]:
    """Erase the personal data of reports made before ``cutoff``, ``batch_size``
    reports per transaction; yields how many each batch erased."""
    return in_batches(
        holding_personal_data(cutoff), batch_size, lambda batch: batch.update(**ERASED)
    )
