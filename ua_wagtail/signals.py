"""Signals ua_wagtail sends, for sites that act on reports (a CRM sync, a webhook)."""

from django.dispatch import Signal

#: Sent once a report (or a staff adjustment) is committed, with ``report``: the
#: stored :class:`~ua_wagtail.models.ActionReport`, and ``totals``: the Urgent
#: Action's :class:`~ua_wagtail.reports.tallies.Totals` including it. Django's
#: ``post_save`` is not sent for reports on PostgreSQL, where they are written in
#: one SQL statement. Sent robustly: a receiver that raises is logged (logger
#: ``django.dispatch``) and changes nothing for the report or the other receivers.
report_stored = Signal()
