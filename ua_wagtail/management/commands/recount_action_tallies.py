"""Rebuild the action tallies and daily tallies from the reports, one Urgent
Action per transaction, and say where they had drifted."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from ...reports import recounting
from ..progress import progress


class Command(BaseCommand):
    help = (
        "Recount the running totals and daily tallies of reported actions from the "
        "counted reports, one Urgent Action at a time (each in its own transaction: "
        "an interrupted recount can simply be run again). Prints every difference "
        "found; fixes them unless --dry-run is given."
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
        keys = [self.translation_key(ua)] if ua else recounting.translation_keys()
        drifted = 0
        with progress(self, desc="Recounting", total=len(keys), unit=" UAs") as bar:
            for key in keys:
                for drift in recounting.recount_one(key, fix=not dry_run):
                    bar.write(str(drift), file=self.stdout._out)
                    drifted += 1
                bar.update()
        self.summarise(len(keys), drifted, dry_run)

    def translation_key(self, ua: str) -> uuid.UUID:
        try:
            return uuid.UUID(ua)
        except ValueError:
            raise CommandError(
                f"--ua must be a translation key (a UUID), not {ua!r}."
            ) from None

    def summarise(self, checked: int, drifted: int, dry_run: bool):
        urgent_actions = f"{checked} Urgent Action{'' if checked == 1 else 's'}"
        if not drifted:
            self.stdout.write(
                self.style.SUCCESS(f"Tallies match the reports of {urgent_actions}.")
            )
        elif dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"{drifted} counts differ in {urgent_actions} "
                    "(not fixed: --dry-run)."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"{drifted} counts differed in {urgent_actions} and were fixed."
                )
            )
