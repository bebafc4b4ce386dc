"""Admin imports: the document waiting for its task, then what it read, kept for
the review screen (see :mod:`.document_imports` and :mod:`.review`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .result import ParsedAction


class DocumentImport(models.Model):
    """A document imported in the admin: the upload queued for a background task
    (:func:`.tasks.import_document`) in the index it goes to; then the draft made
    from it, what the parser read (:meth:`.result.ParsedAction.as_json`), and the
    warnings and gaps the editor was given, or why it failed. It goes with its
    draft, and is deleted after ``UA_WAGTAIL_IMPORT_REVIEW_DAYS``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being read")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    parent = models.ForeignKey(
        "ua_wagtail.UrgentActionIndexPage",
        verbose_name=_("index"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # When a worker took it from the queue: how long it has been read for.
    started_at = models.DateTimeField(_("reading started at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The upload, in the default storage until its task has read it.
    file = models.FileField(_("file"), upload_to="ua_wagtail/imports/", blank=True)
    language_code = models.CharField(_("language"), max_length=16, blank=True)
    parsed = models.JSONField(_("what was read"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    left_for_editor = models.JSONField(
        _("left for the editor"), default=list, blank=True
    )
    error = models.TextField(_("error"), blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="ua_import_created")]

    def __str__(self):
        return self.file_name or str(self._meta.verbose_name)

    def parsed_action(self) -> ParsedAction:
        """The :class:`.result.ParsedAction` stored, with fields a later parser
        no longer has left out (and those it added at their defaults)."""
        names = ParsedAction.__dataclass_fields__
        data = {k: v for k, v in self.parsed.items() if k in names}
        data.setdefault("issued_on", None)
        data.setdefault("deadline", None)
        data.setdefault("steps", [])
        data.setdefault("targets", [])
        return ParsedAction.from_json(data)
