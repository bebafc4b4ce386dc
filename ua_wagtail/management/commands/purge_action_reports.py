"""Delete reporters' personal data past retention, keeping the counts, and the
reports' Idempotency-Keys past ``UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS``."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...reports import idempotency
from ...reports.models import ActionReport, ReportKey


class Command(BaseCommand):
    help = (
        "Erase the contact details and client fingerprints of action reports older "
        "than DAYS days, and the Idempotency-Keys kept past "
        "UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS. Reports and totals are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many, change nothing."
        )

    def handle(self, *args, older_than, dry_run=False, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        cutoff = timezone.now() - datetime.timedelta(days=older_than)
        reports = ActionReport.objects.filter(created_at__lt=cutoff).exclude(
            contact_name="", contact_email="", client_hash=""
        )
        if dry_run:
            count = reports.count()
            self.stdout.write(
                f"{count} reports hold personal data older than {older_than} days."
            )
            keys = ReportKey.objects.filter(created_at__lt=idempotency.kept_since())
            self.stdout.write(f"{keys.count()} Idempotency-Keys are past their time.")
            return
        count = reports.update(
            contact_name="", contact_email="", contact_consent=False, client_hash=""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased personal data from {count} reports older than {older_than} days."
            )
        )
        keys = idempotency.purge()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {keys} Idempotency-Keys past their time.")
        )
