"""Delete reporters' personal data past retention, keeping the counts, the
reports' Idempotency-Keys past ``UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS``, the XLSX
exports past ``UA_WAGTAIL_EXPORT_DAYS``, what admin imports read past
``UA_WAGTAIL_IMPORT_REVIEW_DAYS`` and report events sent to webhooks past
``UA_WAGTAIL_WEBHOOK_KEEP_DAYS``; in batches,
each its own transaction, so the command can be interrupted and run again."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...conf import ua_settings
from ...importer import review
from ...integrations import webhooks
from ...reports import idempotency, report_exports, retention
from ..progress import progress


class Command(BaseCommand):
    help = (
        "Erase the contact details and client fingerprints of action reports older "
        "than DAYS days, and delete the Idempotency-Keys kept past "
        "UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS, the XLSX exports (with their files) "
        "kept past UA_WAGTAIL_EXPORT_DAYS and what admin imports read, kept for "
        "their review past UA_WAGTAIL_IMPORT_REVIEW_DAYS, and report events and "
        "webhook deliveries done with past UA_WAGTAIL_WEBHOOK_KEEP_DAYS. Reports "
        "and totals are kept. Works in "
        "batches, each committed: an interrupted purge can simply be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            metavar="N",
            help="Reports or keys per transaction (default 5000).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many, change nothing."
        )

    def handle(self, *args, older_than, batch_size=5000, dry_run=False, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=older_than)
        if dry_run:
            count = retention.holding_personal_data(cutoff).count()
            self.stdout.write(
                f"{count} reports hold personal data older than {older_than} days."
            )
            keys = idempotency.expired().count()
            self.stdout.write(f"{keys} Idempotency-Keys are past their time.")
            exports = report_exports.expired().count()
            self.stdout.write(f"{exports} XLSX exports are past their time.")
            imports = review.expired().count()
            self.stdout.write(f"{imports} import reviews are past their time.")
            deliveries, events = webhooks.sent_before(self.webhooks_cutoff())
            self.stdout.write(
                f"{deliveries.count()} webhook deliveries and {events.count()} "
                "report events are past their time."
            )
            return
        erased = self.run(
            retention.erase_personal_data(cutoff, batch_size), "Erasing", " reports"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased personal data from {erased} reports older than {older_than} days."
            )
        )
        deleted = self.run(idempotency.purge(batch_size), "Deleting", " keys")
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} Idempotency-Keys past their time.")
        )
        exports = report_exports.delete_expired()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {exports} XLSX exports past their time.")
        )
        imports = review.delete_expired()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {imports} import reviews past their time.")
        )
        sent = self.run(
            webhooks.purge(self.webhooks_cutoff(), batch_size), "Deleting", " rows"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {sent} report events and webhook deliveries past their time."
            )
        )

    def webhooks_cutoff(self) -> datetime.datetime:
        days = ua_settings.WEBHOOK_KEEP_DAYS
        return timezone.now() - datetime.timedelta(days=days)

    def run(self, batches, doing: str, unit: str) -> int:
        """Run the batches, with a bar counting what they changed; how many."""
        done = 0
        with progress(self, desc=doing, unit=unit) as bar:
            for changed in batches:
                done += changed
                bar.update(changed)
        return done
