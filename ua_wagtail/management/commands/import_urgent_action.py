"""``manage.py import_urgent_action FILE --parent INDEX``: a draft from a document."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page, Site

from ...importer.build import ImportRefused, build_draft
from ...importer.errors import DocumentError
from ...importer.isolation import parse_upload
from ...pages.models import UrgentActionIndexPage


class Command(BaseCommand):
    help = (
        "Create a draft Urgent Action from a document (.txt, .docx or .pdf): its "
        "targets, letter and deadline. Never publishes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--parent",
            required=True,
            help="The Urgent Action index to add it to: its page id or its path "
            "on the default site, e.g. /urgent-actions/.",
        )
        parser.add_argument(
            "--locale",
            help="Language code of the index's translation to add it to "
            "(default: the index's own).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what was found as JSON and write nothing.",
        )

    def handle(self, *args, file, parent, locale=None, dry_run=False, **options):
        parsed = self.parsed(file)
        if dry_run:
            self.stdout.write(
                json.dumps(parsed.as_json(), indent=2, ensure_ascii=False)
            )
            return
        index = self.index(parent, locale)
        try:
            imported = build_draft(parsed, index)
        except ImportRefused as refused:
            raise CommandError(refused.message) from None
        page = imported.page
        self.stdout.write(
            self.style.SUCCESS(f"Created the draft “{page.title}” (page {page.pk}).")
        )
        filled = [
            name
            for name in ("title", "ua_number", "deadline", "subject_name", "summary")
            if getattr(parsed, name)
        ]
        self.stdout.write(f"Filled: {', '.join(filled)}; {len(parsed.steps)} steps, "
                          f"{len(parsed.letter_paragraphs)} letter paragraphs.")  # fmt: skip
        for target in imported.reused_targets:
            self.stdout.write(f"Reused target: {target}")
        for target in imported.created_targets:
            self.stdout.write(f"New target: {target}")
        for warning in imported.warnings:
            self.stdout.write(self.style.WARNING(f"Check: {warning}"))
        for note in imported.left_for_editor:
            self.stdout.write(self.style.WARNING(f"Left for the editor: {note}"))
        if imported.complete:
            self.stdout.write("Every part of an Urgent Action was found.")

    def parsed(self, file: Path):
        try:
            with file.open("rb") as document:
                return parse_upload(document)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except DocumentError as error:
            raise CommandError(str(error)) from None

    def index(self, parent: str, locale: str | None) -> UrgentActionIndexPage:
        page = self.find_page(parent)
        if not isinstance(page, UrgentActionIndexPage):
            raise CommandError(
                f"“{parent}” is not an Urgent Action index: Urgent Actions can "
                "only be added below one."
            )
        if locale and page.locale.language_code != locale:
            try:
                wanted = Locale.objects.get(language_code=locale)
            except Locale.DoesNotExist:
                raise CommandError(f"The site has no locale “{locale}”.") from None
            page = page.get_translations().filter(locale=wanted).first()
            if page is None:
                raise CommandError(
                    f"The index has no {locale} translation: translate it first."
                )
        return page.specific

    def find_page(self, parent: str):
        if parent.isdigit():
            page = Page.objects.filter(pk=int(parent)).first()
        else:
            site = Site.objects.filter(is_default_site=True).first()
            path = "/".join(part for part in parent.split("/") if part)
            url_path = f"{site.root_page.url_path}{path}/" if site else None
            page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise CommandError(f"No page is “{parent}” (give an id or a path).")
        return page.specific
