"""An editor imports the seed document through the admin in Chromium and publishes
the draft without edits: the public page reads as the demo's hand-built seed UA. A
file that is not what its name says is refused on the form, and nothing is made.
With the import queued for a worker (django-tasks-db), the waiting page shows the
review by itself once the worker has read the document, under the admin's
Content-Security-Policy; without JavaScript, its "Check again" link does."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Page

from ua_wagtail.models import DocumentImport, UrgentActionPage

from ..importer.documents import seed_text
from .conftest import DESKTOP, FADED_IN, PHONE, load_demo, sign_in
from .test_accessibility import AXE, TAGS, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def english_seed():
    """The demo in English only, so that neither page links to translations, with
    the seed document's dates; returns the password of its user "admin"."""
    return load_demo("--original-dates", "--languages")


def import_form(open_page, live_server, password, javascript=True):
    """The import form, reached as an editor does, from the Urgent Actions listing."""
    page, _response, watch = open_page(
        "/admin/login/", viewport=DESKTOP, javascript=javascript
    )
    sign_in(page, live_server.url, "admin", password)
    page.goto(f"{live_server.url}/admin/urgent_actions/")
    page.get_by_role("link", name="Import UA document").click()
    page.get_by_role("heading", level=1, name="Import UA document").wait_for()
    return page, watch


def main_text(page, url) -> str:
    """The page's main content as a reader sees it, whitespace normalised."""
    page.goto(url)
    return " ".join(page.locator("main").inner_text().split())


def test_imported_seed_reads_as_the_hand_built_one(
    open_page, live_server, english_seed, tmp_path, artifacts
):
    built = UrgentActionPage.objects.get(locale__language_code="en")
    page, watch = import_form(open_page, live_server, english_seed)
    document = tmp_path / "UA 147-20.txt"
    document.write_text(seed_text(), encoding="utf-8")
    page.get_by_label("Urgent Action document").set_input_files(document)
    page.get_by_role("button", name="Import").click()
    # The review of what was read comes first, then the draft.
    page.wait_for_url(re.compile(r"/admin/ua-wagtail/import/\d+/$"))
    page.get_by_role("heading", level=1, name="Review what was read").wait_for()
    assert page.get_by_text("was made from the document").is_visible()
    # What to check: the seed's deadline has passed, and the demo has its
    # Urgent Action already.
    check = page.get_by_role("region", name="Please check before publishing")
    warnings = check.get_by_role("listitem")
    expect(warnings).to_have_count(2)
    expect(warnings.first).to_contain_text("The deadline, November 1, 2024, has passed")
    expect(warnings.last).to_contain_text(
        "This index already has Third Urgent Action 147/20"
    )
    found = page.get_by_role("table", name="The Urgent Action")
    expect(found.get_by_role("row", name=re.compile("^UA number"))).to_contain_text(
        "147/20"
    )
    # The messages fade in: axe would measure them half transparent.
    page.evaluate(FADED_IN)
    # The top of the review (warnings, then the values beside their lines), in
    # a window tall enough for the first tables.
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 1500})
    page.screenshot(path=artifacts / "admin-import-review.png")
    page.set_viewport_size(size)
    page.locator("details.ua-document summary").click()
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], describe(results.response["violations"])

    page.get_by_role("link", name="Open the draft").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
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


def test_a_file_named_pdf_that_is_not_one_is_refused_on_the_form(
    open_page, live_server, english_seed, tmp_path, artifacts
):
    pages = Page.objects.count()
    page, watch = import_form(open_page, live_server, english_seed)
    document = tmp_path / "something.pdf"
    document.write_text(seed_text(), encoding="utf-8")  # plain text, named .pdf
    field = page.get_by_label("Urgent Action document")
    field.set_input_files(document)
    with page.expect_navigation():  # the POST's answer, not the form before it
        page.get_by_role("button", name="Import").click()

    # The form comes back with the reason next to the file field, which is marked.
    assert page.url == f"{live_server.url}/admin/ua-wagtail/import/"
    page.get_by_role("heading", level=1, name="Import UA document").wait_for()
    wrapper = page.locator("[data-field]").filter(has=field)
    error = wrapper.locator(".error-message")
    assert " ".join(error.inner_text().split()) == (
        "“something.pdf” is named like a PDF file, but its content is not one."
    )
    assert error.is_visible()
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(".error-message").count() == 1  # the index was fine
    assert Page.objects.count() == pages
    assert UrgentActionPage.objects.count() == 1  # the demo's seed only

    error.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "admin-import-ua.png")
    assert watch.foreign_requests == []
    assert watch.errors == []


# Imports queued for a worker, as the site runs them

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_URL = re.compile(r"/admin/ua-wagtail/import/(\d+)/$")
CSP = re.compile(r"content.security.policy", re.IGNORECASE)


def queue_seed_import(page, tmp_path) -> DocumentImport:
    """Uploads the seed document on the import form; returns its import, queued."""
    document = tmp_path / "UA 147-20.txt"
    document.write_text(seed_text(), encoding="utf-8")
    page.get_by_label("Urgent Action document").set_input_files(document)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(IMPORT_URL)
    stored = DocumentImport.objects.get(pk=IMPORT_URL.search(page.url).group(1))
    assert stored.status == DocumentImport.Status.QUEUED
    return stored


def expect_waiting(page):
    expect(
        page.get_by_role("heading", level=2, name="Reading the document…")
    ).to_be_visible()
    # Wagtail's messages are a status region too: this one is named by its heading.
    status = page.get_by_role("status", name="Reading the document…")
    expect(status).to_have_count(1)
    expect(status).to_contain_text("“UA 147-20.txt” is being read")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()


def run_worker():
    """django-tasks-db's worker, in the test's process: the live server's
    database is the test's."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def test_the_waiting_page_shows_the_review_by_itself_once_the_worker_is_done(
    open_page, live_server, english_seed, tmp_path, artifacts, settings
):
    settings.TASKS = DATABASE_TASKS  # the live server runs in this process
    page, watch = import_form(open_page, live_server, english_seed)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    # The live server shares the test's database connection (SQLite in memory):
    # the browser's new requests go through Playwright, which holds them while
    # this thread runs the worker, and lets them go once the test waits again.
    page.route(f"{live_server.url}/**", lambda route: route.continue_())
    stored = queue_seed_import(page, tmp_path)
    waiting_url = page.url
    expect_waiting(page)
    csp = page.request.get(waiting_url).headers.get("content-security-policy", "")
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp, csp

    page.evaluate(FADED_IN)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=artifacts / f"admin-import-waiting-{name}.png")
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = results.response["violations"]
        assert not violations, describe(violations)

    # The script asks, and is told to wait.
    with page.expect_response(
        lambda r: (
            r.url == waiting_url
            and r.request.headers.get("accept") == "application/json"
        ),
        timeout=10_000,
    ) as asked:
        pass
    assert asked.value.json() == {"status": "pending"}
    assert page.url == waiting_url

    run_worker()
    stored.refresh_from_db()
    assert stored.status == DocumentImport.Status.DONE

    # No click, no reload by the test: the script shows the review.
    expect(
        page.get_by_role("heading", level=1, name="Review what was read")
    ).to_be_visible(timeout=10_000)
    assert page.url == waiting_url
    expect(page.get_by_text("was made from the document")).to_be_visible()
    expect(page.locator("[data-ua-import-waiting]")).to_have_count(0)
    assert [text for text in console if CSP.search(text)] == []
    assert watch.errors == []
    assert watch.foreign_requests == []


def test_without_javascript_check_again_shows_the_review(
    open_page, live_server, english_seed, tmp_path, settings
):
    settings.TASKS = DATABASE_TASKS
    page, watch = import_form(open_page, live_server, english_seed, javascript=False)
    stored = queue_seed_import(page, tmp_path)
    waiting_url = page.url
    expect_waiting(page)

    run_worker()
    stored.refresh_from_db()
    assert stored.status == DocumentImport.Status.DONE
    # Nothing asks by itself without JavaScript: the page still waits.
    expect(page.get_by_role("heading", name="Reading the document…")).to_be_visible()

    page.get_by_role("link", name="Check again").click()
    expect(
        page.get_by_role("heading", level=1, name="Review what was read")
    ).to_be_visible()
    assert page.url == waiting_url
    expect(page.get_by_text("was made from the document")).to_be_visible()
    assert watch.errors == []


def test_signed_out_meanwhile_the_script_stops_asking(
    open_page, live_server, english_seed, tmp_path, settings
):
    """The session ends while the page waits: the script's question is answered
    by the sign-in page (a redirect), and it stops asking rather than ask
    forever; the page stays as it is, with its Check again link."""
    settings.TASKS = DATABASE_TASKS
    page, watch = import_form(open_page, live_server, english_seed)
    queue_seed_import(page, tmp_path)
    waiting_url = page.url
    expect_waiting(page)
    page.context.clear_cookies()
    questions = []
    page.on(
        "request",
        lambda request: (
            questions.append(request.url)
            if request.url == waiting_url
            and request.headers.get("accept") == "application/json"
            else None
        ),
    )
    page.wait_for_timeout(10_000)  # three times the script's interval
    assert len(questions) == 1
    assert page.url == waiting_url
    expect_waiting(page)
