"""Load the example site's demo: the seed Urgent Action, its targets and an admin.

Idempotent: a second run with the same options changes nothing. It ends with a
short summary (what was loaded, the URLs, the logins); ``-v 2`` also says what
each step created or updated.
"""

import datetime
import json
import os
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import get_language_info, gettext_noop
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from example_site.home import localize, seed
from example_site.home.models import HomePage
from ua_wagtail.models import Target, UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.translation.workflow import REVIEWERS, TRANSLATORS
from ua_wagtail.utils.dates import site_today

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"  # noqa: S105 - a local demo's printed credentials
MOVED_DEADLINE_DAYS = 30
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
WORKFLOW_USERS = {"translator": TRANSLATORS, "reviewer": REVIEWERS}
# The header shows the site's name through gettext (ua_wagtail's ``site_name``
# filter): the example site, which has no catalog of its own, takes a name the
# package's catalog translates into each of its languages.
SITE_NAME = gettext_noop("Urgent Actions")


def _without_ids(data):
    """Stream data with block ids removed, to compare content rather than identity."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def renamed(names, name, field="name"):
    """An override of the synchronised name where the language writes it otherwise."""
    return {field: names[name]} if names.get(name, name) != name else {}


def _assign(obj, values: dict) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class Command(BaseCommand):
    help = "Create the example site with the seed Urgent Action and an admin user."

    def add_arguments(self, parser):
        parser.add_argument(
            "--original-dates",
            action="store_true",
            help="Keep the seed's own deadline (November 1, 2024) instead of moving "
            f"it to {MOVED_DEADLINE_DAYS} days from today.",
        )
        parser.add_argument(
            "--base-url",
            default=f"http://127.0.0.1:{os.environ.get('PORT') or 8000}",
            help="Where the site is served, for the URLs printed at the end.",
        )
        parser.add_argument(
            "--languages",
            nargs="*",
            metavar="CODE",
            help="Translate the seed into these languages only (default: every "
            "language with a file in example_site/home/translations/).",
        )

    @transaction.atomic
    def handle(self, *args, original_dates, base_url, languages=None, **options):
        self.verbosity = options.get("verbosity", 1)
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        home = self.home_page(locale, base_url)
        index = self.index_page(home, locale)
        minister = self.target(locale, seed.MINISTER)
        embassy = self.target(locale, seed.EMBASSY)
        deadline = seed.DEADLINE
        if not original_dates:
            deadline = site_today() + datetime.timedelta(days=MOVED_DEADLINE_DAYS)
        action = self.urgent_action(index, deadline, minister, embassy)
        self.translations(index, action, [minister, embassy], languages)
        logins = [self.admin_user()]
        call_command(
            "setup_translation_workflow",
            stdout=self.stdout if self.verbosity > 1 else StringIO(),
        )
        logins += self.workflow_users()
        self.summary(action, base_url.rstrip("/"), original_dates, logins)

    def note(self, message):
        """A step's own news, for ``-v 2``: the summary says what matters."""
        if self.verbosity > 1:
            self.stdout.write(message)

    def summary(self, action, base_url, original_dates, logins):
        languages = [
            get_language_info(page.locale.language_code)["name"]
            for page in action.get_translations(inclusive=True).order_by("locale_id")
        ]
        self.stdout.write(
            f"Loaded the seed Urgent Action “{action.title}” with "
            f"{Target.objects.filter(locale=action.locale).count()} targets, "
            f"in {len(languages)} languages: {', '.join(languages)}."
        )
        if not original_dates:
            self.stdout.write(
                f"The seed's deadline ({seed.DEADLINE:%B %-d, %Y}) has passed: moved "
                f"to {action.deadline:%B %-d, %Y}, {MOVED_DEADLINE_DAYS} days from "
                "today. Use --original-dates to keep it."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Seed Urgent Action: {base_url}{action.url}")
        )
        self.stdout.write(f"Admin: {base_url}/admin/")
        for line in logins:
            self.stdout.write(line)

    def home_page(self, locale, base_url):
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            # Wagtail's migrations create the root, unless the database was flushed.
            root = Page.get_first_root_node() or Page.add_root(
                instance=Page(title="Root", slug="root", locale=locale)
            )
            for page in root.get_children():
                if page.specific_class is Page and page.is_leaf():
                    page.delete()  # Wagtail's "Welcome to your new Wagtail site!"
            home = root.add_child(
                instance=HomePage(
                    title="Urgent Actions",
                    slug="home",
                    locale=locale,
                    intro="<p>People at risk need your voice. Write to the officials "
                    "who can help them, before the deadline.</p>",
                )
            )
            self.note("Created the home page.")
        site = Site.objects.filter(is_default_site=True).first() or Site(
            is_default_site=True
        )
        # Full URLs (hreflang links, the APIs') are built from the site's address.
        address = urlsplit(base_url)
        fields = {
            "root_page_id": home.pk,
            "site_name": SITE_NAME,
            "hostname": address.hostname,
            "port": address.port or (443 if address.scheme == "https" else 80),
        }
        if _assign(site, fields):
            site.save()
        return home

    def index_page(self, home, locale):
        index = UrgentActionIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(
                instance=UrgentActionIndexPage(
                    title="Urgent Actions",
                    slug="urgent-actions",
                    locale=locale,
                    intro="<p>Act now for people at risk of human rights "
                    "violations.</p>",
                )
            )
            self.note("Created the Urgent Action index.")
        return index

    def target(self, locale, values):
        target = Target.objects.filter(locale=locale, name=values["name"]).first()
        if target is None:
            target = Target(locale=locale, **values)
            target.full_clean()
            target.save()
            self.note(f"Created the target {target}.")
        elif _assign(target, values):
            target.full_clean()
            target.save()
            self.note(f"Updated the target {target}.")
        return target

    def urgent_action(self, index, deadline, minister, embassy):
        values = {**seed.PAGE, "title": seed.TITLE, "deadline": deadline}
        page = UrgentActionPage.objects.child_of(index).filter(slug=seed.SLUG).first()
        if page is None:
            page = UrgentActionPage(slug=seed.SLUG, locale=index.locale, **values)
            page.body = seed.body(minister, embassy)
            index.add_child(instance=page)
            page.save_revision().publish()
            self.note(f"Created the Urgent Action “{page.title}”.")
            return page

        changed = _assign(page, values)
        wanted = UrgentActionPage(body=seed.body(minister, embassy)).body
        if _without_ids(page.body.get_prep_value()) != _without_ids(
            wanted.get_prep_value()
        ):
            page.body = wanted
            changed = True
        if changed or page.has_unpublished_changes or not page.live:
            page.save_revision().publish()
            self.note(f"Updated the Urgent Action “{page.title}”.")
        return page

    def translations(self, index, action, targets, languages=None):
        """The seed in every language of ``translations/``, made the way a
        translator makes them in wagtail-localize (names as sections write them)."""
        action.refresh_from_db()
        for path in sorted(TRANSLATIONS.glob("*.json")):
            code = path.stem
            if languages is not None and code not in languages:
                continue
            existing = action.get_translations().filter(locale__language_code=code)
            current = existing.filter(last_published_at__gte=action.last_published_at)
            if current.exists():
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            strings, names = data["strings"], data["names"]
            for target in targets:
                localize.translate(target, code, strings, renamed(names, target.name))
            localize.translate(index, code, strings)
            overrides = renamed(names, action.subject_name, field="subject_name")
            localize.translate(action, code, strings, overrides)
            self.note(
                f"Translated the Urgent Action into {get_language_info(code)['name']}."
            )

    def workflow_users(self):
        """A translator and a reviewer, to try the translation workflow; their
        logins, unless someone gave them passwords of their own."""
        User = get_user_model()
        logins = []
        for username, group in WORKFLOW_USERS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, "", ADMIN_PASSWORD)
                self.note(f"Created “{username}” ({group}).")
            user.groups.add(Group.objects.get(name=group))
            if user.check_password(ADMIN_PASSWORD):
                logins.append(
                    f"{group} login: username “{username}”, "
                    f"password “{ADMIN_PASSWORD}”."
                )
        return logins

    def admin_user(self):
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            User.objects.create_superuser(ADMIN_USERNAME, "", ADMIN_PASSWORD)
            self.note("Created the admin user.")
        if user is None or user.check_password(ADMIN_PASSWORD):
            return (
                f"Admin login: username “{ADMIN_USERNAME}”, "
                f"password “{ADMIN_PASSWORD}”."
            )
        return (
            f"The admin user “{ADMIN_USERNAME}” exists with a password of its "
            "own; it was left as it is."
        )
