"""An editor imports the seed document through the admin in Chromium and publishes
the draft without edits: the public page reads as the demo's hand-built seed UA."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from ua_wagtail.models import UrgentActionPage

from ..importer.documents import seed_text
from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(open_page, out):
    username, password = re.search(
        r"username “(.+?)”, password “(.+?)”", out.getvalue()
    ).groups()
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page, watch


def main_text(page, url) -> str:
    """The page's main content as a reader sees it, whitespace normalised."""
    page.goto(url)
    return " ".join(page.locator("main").inner_text().split())


def test_imported_seed_reads_as_the_hand_built_one(
    open_page, live_server, tmp_path, artifacts
):
    out = StringIO()
    # English only, so that neither page links to translations.
    call_command("demo", "--original-dates", "--languages", stdout=out)
    built = UrgentActionPage.objects.get(locale__language_code="en")
    page, watch = sign_in(open_page, out)

    page.goto(f"{live_server.url}/admin/urgent_actions/")
    page.get_by_role("link", name="Import UA document").click()
    document = tmp_path / "UA 147-20.txt"
    document.write_text(seed_text(), encoding="utf-8")
    page.get_by_label("Urgent Action document").set_input_files(document)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    assert page.get_by_text("was made from the document").is_visible()
    page.screenshot(path=artifacts / "admin-imported-ua.png")

    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    imported = UrgentActionPage.objects.exclude(pk=built.pk).get()
    assert imported.live

    hand_built = main_text(page, live_server.url + built.url)
    from_document = main_text(page, live_server.url + imported.url)
    assert from_document == hand_built
    assert "Lt.-Gen. Ivan Kubrakou" in from_document
    assert watch.foreign_requests == []
