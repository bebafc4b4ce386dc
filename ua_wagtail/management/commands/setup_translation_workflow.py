"""Create the Translators and Reviewers groups and the translate → review → publish workflow."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...translation.workflow import set_up


class Command(BaseCommand):
    help = (
        "Create (or complete) the Translators and Reviewers groups with the page "
        "permissions they need on every translated Urgent Action index, and the "
        "workflow “Translate, review and publish” on every Urgent Action index. "
        "Safe to run again, e.g. after adding a locale."
    )

    def handle(self, *args, **options):
        done = set_up()
        for line in done:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(_("The translation workflow is set up."))
            if done
            else _("The translation workflow was already set up; nothing changed.")
        )
