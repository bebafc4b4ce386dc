"""Rebuild the action tallies from the reports, and say where they had drifted."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from ...reports.tallies import recount


class Command(BaseCommand):
    help = (
        "Recount the running totals of reported actions from the counted reports. "
        "Prints every difference found; fixes them unless --dry-run is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ua",
            metavar="TRANSLATION_KEY",
            help="Only this Urgent Action (its translation key).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report drift, change nothing."
        )

    def handle(self, *args, ua=None, dry_run=False, **options):
        key = None
        if ua:
            try:
                key = uuid.UUID(ua)
            except ValueError:
                raise CommandError(
                    f"--ua must be a translation key (a UUID), not {ua!r}."
                ) from None
        drift = recount(key, fix=not dry_run)
        for translation_key, action, country, tallied, counted in drift:
            self.stdout.write(
                f"{translation_key} {action} {country or '(no country)'}: "
                f"tally {tallied}, reports {counted}"
            )
        if not drift:
            self.stdout.write(self.style.SUCCESS("Tallies match the reports."))
        elif dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(drift)} tallies differ (not fixed: --dry-run)."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(f"{len(drift)} tallies differed and were fixed.")
            )
