"""Action reports and the running tallies that total them.

Reports are keyed to the Urgent Action's ``translation_key``, shared by every
translation of the page, so reports made on any language version add up to one
total. The page itself is only a nullable reference with a snapshot of its number
and title: deleting a page or a translation loses no report.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField

from ..choices import ACTION_TYPES, ActionType, ReportSource
from ..utils.formatting import listed, whole_number


def action_phrase(action: str, count: int) -> str:
    phrases = {
        ActionType.LETTER: ngettext("%(n)s letter", "%(n)s letters", count),
        ActionType.EMAIL: ngettext("%(n)s email", "%(n)s emails", count),
        ActionType.FAX: ngettext("%(n)s fax", "%(n)s faxes", count),
        ActionType.CALL: ngettext("%(n)s phone call", "%(n)s phone calls", count),
        ActionType.SOCIAL: ngettext(
            "%(n)s social media post", "%(n)s social media posts", count
        ),
        ActionType.OTHER: ngettext("%(n)s other action", "%(n)s other actions", count),
    }
    return phrases[action] % {"n": whole_number(count)}


class ActionReport(models.Model):
    """One activist's report of the actions they took, or a staff adjustment."""

    translation_key = models.UUIDField(_("Urgent Action key"))
    page = models.ForeignKey(
        "ua_wagtail.UrgentActionPage",
        verbose_name=_("Urgent Action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_reports",
    )
    ua_number = models.CharField(_("UA number"), max_length=8)
    ua_title = models.CharField(_("Urgent Action title"), max_length=255)
    language_code = models.CharField(_("language"), max_length=16, blank=True)
    country = CountryField(_("reporter's country"), blank=True)
    created_at = models.DateTimeField(
        _("reported at"), auto_now_add=True, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=16, choices=ReportSource.choices, default="form"
    )

    letter = models.PositiveIntegerField(_("letters"), default=0)
    email = models.PositiveIntegerField(_("emails"), default=0)
    fax = models.PositiveIntegerField(_("faxes"), default=0)
    call = models.PositiveIntegerField(_("phone calls"), default=0)
    social = models.PositiveIntegerField(_("social media posts"), default=0)
    other = models.PositiveIntegerField(_("other actions"), default=0)

    client_hash = models.CharField(
        _("client fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("A salted hash of the client address, never the address."),
    )
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_consent = models.BooleanField(_("consented to be contacted"), default=False)

    is_valid = models.BooleanField(_("counted"), default=True)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invalidated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    # Reports only point at pages; indexing those references on every report
    # would cost more than storing the report.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("action report")
        verbose_name_plural = _("action reports")
        ordering = ["-created_at", "-pk"]
        # The listing shows reports newest first, 50 at a time: each filter that
        # can pick out few reports has an index in that order, so a page of them
        # is read without sorting or scanning the others. Filters that keep most
        # reports (counted, an action type) read the created_at index.
        indexes = [
            # One client's reports, newest first: the admin's flood filter.
            models.Index(fields=["client_hash", "created_at"], name="ua_report_client"),
            models.Index(fields=["translation_key", "created_at"], name="ua_report_ua"),
            models.Index(
                fields=["language_code", "created_at"], name="ua_report_language"
            ),
            models.Index(fields=["country", "created_at"], name="ua_report_country"),
            models.Index(fields=["source", "created_at"], name="ua_report_source"),
            models.Index(fields=["is_valid", "created_at"], name="ua_report_counted"),
            # The search for one reporter's reports by email (a request to see or
            # erase their data), among the few reports that hold an address; in
            # the listing's order, or PostgreSQL may read every report newest
            # first looking for the one match it expects to find soon.
            models.Index(
                Upper("contact_email"),
                F("created_at"),
                name="ua_report_email",
                condition=~models.Q(contact_email=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letter__gt=0)
                | models.Q(email__gt=0)
                | models.Q(fax__gt=0)
                | models.Q(call__gt=0)
                | models.Q(social__gt=0)
                | models.Q(other__gt=0),
                name="ua_report_has_an_action",
            )
        ]

    def __str__(self):
        return ngettext(
            "%(count)d action for UA %(number)s",
            "%(count)d actions for UA %(number)s",
            self.total,
        ) % {"count": self.total, "number": self.ua_number}

    @property
    def actions(self) -> dict[str, int]:
        """The counts that are not zero, by action type."""
        counts = {action: getattr(self, action) for action in ACTION_TYPES}
        return {action: count for action, count in counts.items() if count}

    @property
    def actions_summary(self) -> str:
        """E.g. "1 letter and 2 emails"."""
        return listed(action_phrase(a, n) for a, n in self.actions.items())

    @property
    def total(self) -> int:
        return sum(getattr(self, action) for action in ACTION_TYPES)


class ActionTally(models.Model):
    """Running count of one action type from one country for one Urgent Action.

    Updated in the same transaction as the reports it counts, so public totals are
    read from a handful of rows instead of counting reports.
    """

    translation_key = models.UUIDField(db_index=True)
    action_type = models.CharField(max_length=16, choices=ActionType.choices)
    country = models.CharField(max_length=2, blank=True)
    count = models.BigIntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("action tally")
        verbose_name_plural = _("action tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "action_type", "country"],
                name="ua_tally_unique",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} {self.action_type} {self.country}: {self.count}"


class DailyTally(models.Model):
    """Counted reports and their actions for one Urgent Action, day and language.

    The picture of a campaign over time (reports per day by action type, actions
    by language) is read from these rows, a few per day, instead of from the
    reports. Kept in the same transaction as the reports, like
    :class:`ActionTally`; the day is the report's date in the site's time zone
    (``TIME_ZONE``). ``reports`` counts reports from the public, not staff
    adjustments (whose actions are counted).
    """

    translation_key = models.UUIDField()
    day = models.DateField()
    language_code = models.CharField(max_length=16, blank=True)
    reports = models.BigIntegerField(default=0)
    letter = models.BigIntegerField(default=0)
    email = models.BigIntegerField(default=0)
    fax = models.BigIntegerField(default=0)
    call = models.BigIntegerField(default=0)
    social = models.BigIntegerField(default=0)
    other = models.BigIntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("daily tally")
        verbose_name_plural = _("daily tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "day", "language_code"],
                name="ua_daily_tally_unique",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} {self.day} {self.language_code}"


class ReportKey(models.Model):
    """An ``Idempotency-Key`` a client sent with a report, kept so that a retry
    of that request is answered with the report it stored (see :mod:`.idempotency`).

    Scoped to the Urgent Action (its ``translation_key``): clients choose keys,
    and one client's key cannot touch another action's reports. Kept for
    ``UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS``, then deleted by ``purge_action_reports``.
    """

    translation_key = models.UUIDField(_("Urgent Action key"))
    key = models.CharField(_("Idempotency-Key"), max_length=255)
    fingerprint = models.CharField(
        _("report fingerprint"),
        max_length=64,
        help_text=_("A hash of the report the key was first sent with."),
    )
    report = models.ForeignKey(
        ActionReport,
        verbose_name=_("action report"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("first sent at"), db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("report key")
        verbose_name_plural = _("report keys")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "key"], name="ua_report_key_unique"
            )
        ]

    def __str__(self):
        return self.key


class ReportEvent(models.Model):
    """The reports' outbox: one row for each report stored and each report
    invalidated, written in the same transaction as the report (on PostgreSQL,
    the same statement), so that a report and its hand-off exist together or
    not at all. :mod:`ua_wagtail.integrations.webhooks` sends them on.

    A row holds only what happened to which report: what is sent is read from
    the report when it is sent, so data erased since (retention) is not sent.
    """

    class Kind(models.TextChoices):
        REPORT_CREATED = "report.created", _("Report from the public")
        ADJUSTMENT_CREATED = "adjustment.created", _("Staff adjustment")
        REPORT_INVALIDATED = "report.invalidated", _("Report no longer counted")

    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    translation_key = models.UUIDField(_("Urgent Action key"))
    report = models.ForeignKey(
        ActionReport,
        verbose_name=_("action report"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("happened at"), default=timezone.now)
    # False until a webhook worker has made the event's deliveries (or found
    # no endpoint that wants it).
    dispatched = models.BooleanField(_("dispatched"), default=False)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [
            # The few events no worker has dispatched yet, oldest first.
            models.Index(
                fields=["id"],
                name="ua_event_undispatched",
                condition=models.Q(dispatched=False),
            ),
            models.Index(fields=["created_at"], name="ua_event_created"),
        ]

    def __str__(self):
        return f"{self.kind} {self.event_id}"

    @classmethod
    def kind_of_new(cls, report) -> str:
        if report.source == ReportSource.ADJUSTMENT:
            return cls.Kind.ADJUSTMENT_CREATED
        return cls.Kind.REPORT_CREATED


def page_model():
    """The Urgent Action page model, through the reports' own foreign key.

    Pages contain the report form, so :mod:`ua_wagtail.pages` comes above this
    package: reports know the pages they are about without importing them.
    """
    return ActionReport._meta.get_field("page").related_model


class ReportExport(models.Model):
    """A spreadsheet of the Action reports listing, built by a background task.

    Holds what was asked (the listing's query string, by whom, in which language)
    and what became of it; the file is kept for ``UA_WAGTAIL_EXPORT_DAYS`` and
    offered to its requester only (see :mod:`.export_views`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    query = models.TextField(_("filters"), blank=True)
    language_code = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="ua_wagtail/exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the requester was told it finished (see export_views.announce_exports).
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requester", "announced_at"], name="ua_export_requester"
            ),
            models.Index(fields=["created_at"], name="ua_export_created"),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"
