"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

`make test` installs Chromium from Debian's packages when it is missing, since
`playwright install` cannot download browsers on these machines.
"""

import os
import re
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the Django calls
# made by the tests themselves are ordinary blocking ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(
    os.environ.get("UA_ARTIFACTS_DIR", Path(__file__).parents[2] / "artifacts")
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: For ``page.evaluate``: waits for the CSS transitions (the messages fading in)
#: to end, not for the animations (the help badge's lasts 25 s).
FADED_IN = """Promise.all(document.getAnimations()
    .filter((a) => a instanceof CSSTransition).map((a) => a.finished))"""


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser` (Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class PageWatch:
    """Records what a page asked for and what went wrong while it loaded."""

    def __init__(self, page, origin):
        self.origin = origin
        self.requests = []
        self.foreign_requests = []
        self.errors = []
        page.on("request", self._request)
        page.on(
            "response",
            lambda r: (
                self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda msg: (
                self.errors.append(msg.text)
                if msg.type == "error"
                and not msg.text.startswith("Failed to load resource")
                else None
            ),
        )

    def _request(self, request):
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if (
            parts.scheme in ("http", "https")
            and f"{parts.scheme}://{parts.netloc}" != self.origin
        ):
            self.foreign_requests.append(request.url)


@pytest.fixture
def open_page(browser, live_server, transactional_db):
    """Opens pages in fresh browser contexts, closed before the database is flushed
    (hence ``transactional_db`` here: its teardown must come after ours, or the
    browser's last requests would race the flush)."""
    contexts = []

    def open_page(path, viewport=PHONE, javascript=True, scripts=True, **options):
        """``javascript=False`` turns JavaScript off in the browser;
        ``scripts=False`` only keeps the site's scripts from loading, which shows
        the same page while Playwright can still evaluate in it (axe-core)."""
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, **options
        )
        if not scripts:
            context.route("**/*.js", lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page, live_server.url)
        response = page.goto(live_server.url + path)
        return page, response, watch

    yield open_page
    for context in contexts:
        # Let the page's last requests (the admin's preview refresh, a report)
        # finish first: in-memory SQLite is one connection shared with the live
        # server, so a request still in a transaction breaks the flush.
        for page in context.pages:
            try:
                page.wait_for_load_state("networkidle", timeout=5000)
            except PlaywrightTimeoutError:
                pass
        context.close()


def load_demo(*args, **options) -> str:
    """Runs the ``demo`` command; returns the password it gave its users (admin,
    translator, reviewer)."""
    out = StringIO()
    call_command("demo", *args, stdout=out, **options)
    return re.search(r"username “admin”, password “(.+?)”", out.getvalue()).group(1)


@pytest.fixture
def demo(live_server):
    """The demo's content: the seed in every language, the workflow and its users."""
    return load_demo("--base-url", live_server.url)


def total(page) -> int:
    """The total of actions the page's report form shows."""
    return int(page.locator("[data-ua-total]").get_attribute("data-ua-total"))


def report(page, **counts):
    """Fills in the report form's counts and sends it, in any language."""
    for action_type, count in counts.items():
        page.locator(f"#id_action_{action_type}").fill(str(count))
    page.locator(".ua-report-form [type=submit]").click()


def sign_in(page, base_url, username, password):
    """Signs ``page`` in to Wagtail's admin and waits for the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def open_admin(open_page, live_server, password, path, language="en"):
    """The admin's ``path``, signed in as ``admin`` with ``language`` as their
    preferred language: the page and its watch (see ``open_page``)."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    if language != "en":
        user = get_user_model().objects.get(username="admin")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    page, _response, watch = open_page("/admin/login/", viewport=DESKTOP)
    sign_in(page, live_server.url, "admin", password)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    return page, watch
