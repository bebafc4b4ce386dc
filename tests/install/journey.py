"""The quickstart's admin steps in Chromium, on the new project quickstart_check.py
made: what a new user does first, and what must hold after each step.

Locators go by role and visible text, as a user finds things, except where the
plugin's own labels are still moving (the targets block): there by field name.
"""

import datetime
import re
import urllib.error
import urllib.request

from playwright.sync_api import expect, sync_playwright

TITLE = "Release Jane Doe now"
TARGET = "Ivan Example"
FRENCH = "French"


class JourneyFailed(AssertionError):
    """What a new user would see go wrong."""


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def title(page, text, slug):
    """Types the title, and waits for the slug to follow (a moment later)."""
    page.get_by_role("textbox", name="Title").press_sequentially(text)
    page.get_by_role("tab", name="Promote").click()
    expect(page.get_by_role("textbox", name="Slug")).to_have_value(slug)
    page.get_by_role("tab").first.click()


def publish(page):
    """Publishes the page being edited, from the footer's dropdown."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(re.compile(r"Page .* published\."))).to_be_visible()


def add_locale(page, base_url, language):
    """Settings → Locales → Add offers the languages the settings name."""
    page.goto(f"{base_url}/admin/locales/new/")
    page.get_by_label("Language").select_option(label=language)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=language)).to_be_visible()


def add_index(page, base_url, home_id):
    page.goto(f"{base_url}/admin/pages/add/ua_wagtail/urgentactionindexpage/{home_id}/")
    title(page, "Urgent Actions", "urgent-actions")
    publish(page)


def add_target(page, base_url):
    page.goto(f"{base_url}/admin/snippets/ua_wagtail/target/add/")
    page.locator("input[name='name']").fill(TARGET)
    page.locator("input[name='position']").fill("Minister of the Interior")
    page.locator("input[name='email']").fill("minister@example.org")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text(TARGET).first).to_be_visible()


def fill_rich_text(block, text):
    editor = block.locator("[data-contentpath='body'] [role='textbox']")
    editor.click()
    expect(editor).to_be_focused()
    editor.fill(text)
    expect(block.locator("input[name$='-value-body']")).to_have_value(
        re.compile(re.escape(text))
    )


def choose_target(page):
    targets = page.locator("[data-contentpath='targets']")
    targets.get_by_role("button", name="Add").last.click()
    targets.get_by_role("button", name=re.compile("^Choose")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("link", name=re.compile(TARGET)).click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def add_urgent_action(page, base_url, index_id):
    """Fills in what an Urgent Action needs, as the editor journey does, and
    publishes it."""
    page.goto(f"{base_url}/admin/pages/add/ua_wagtail/urgentactionpage/{index_id}/")
    deadline = datetime.date.today() + datetime.timedelta(days=21)
    title(page, TITLE, "release-jane-doe-now")
    page.get_by_role("textbox", name="UA number").fill("12/30")
    page.get_by_role("textbox", name="Deadline").fill(deadline.isoformat())
    page.keyboard.press("Escape")  # closes the date picker
    page.get_by_role("textbox", name="Summary").fill("Jane Doe is at risk.")
    choose_target(page)
    letter = page.locator(".struct-block").filter(has=page.get_by_label("Salutation"))
    letter.get_by_role("textbox", name="Salutation").fill("Dear Minister,")
    fill_rich_text(letter, "Release Jane Doe.")
    info = page.locator(".struct-block").filter(has_text="Background for readers")
    fill_rich_text(info, "Jane Doe was arrested at a peaceful protest.")
    page.get_by_role("tab", name="Person").click()
    page.get_by_role("textbox", name="Name").fill("Jane Doe")
    page.get_by_role("combobox", name="Country").select_option(label="Belarus")
    publish(page)


def total(page) -> int:
    return int(page.locator("[data-ua-total]").get_attribute("data-ua-total"))


def report(page, **counts):
    for action_type, count in counts.items():
        page.locator(f"#id_action_{action_type}").fill(str(count))
    page.locator(".ua-report-form [type=submit]").click()


def report_with_and_without_javascript(browser, url):
    page = browser.new_page()
    page.goto(url)
    report(page, letter=2)
    page.locator(".ua-thanks").wait_for()
    if "?reported" in page.url or total(page) != 2:
        raise JourneyFailed("the report with JavaScript did not update the total")
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(url)
    report(page, email=1)
    page.wait_for_url(re.compile(r"\?reported=1"))
    if total(page) != 3:
        raise JourneyFailed("the report without JavaScript did not count")


def translate(page, base_url, page_id, language):
    """“Translate this page” into ``language``: wagtail-localize's own form."""
    page.goto(f"{base_url}/admin/localize/submit/page/{page_id}/")
    page.get_by_label(language).check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))


def status(url) -> int:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - our server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def journey(site, base_url, login, chromium, screenshot):
    """Every step, in order; raises JourneyFailed or Playwright's error, with a
    screenshot of the admin at ``screenshot``."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            steps(site, base_url, login, browser, page)
        except Exception:
            screenshot.parent.mkdir(exist_ok=True)
            page.screenshot(path=screenshot, full_page=True)
            print(f"The admin as the step failed: {screenshot} ({page.url})")
            raise
        finally:
            browser.close()


def steps(site, base_url, login, browser, page):
    """The quickstart's admin steps, and a report and a translation."""
    sign_in(page, base_url, *login)
    add_locale(page, base_url, FRENCH)
    add_index(page, base_url, site.query("Page.objects.get(depth=2).pk"))
    add_target(page, base_url)
    index_id = site.query("UrgentActionIndexPage.objects.get().pk")
    add_urgent_action(page, base_url, index_id)
    action = (
        f"UrgentActionPage.objects.get(title={TITLE!r}, locale__language_code='en')"
    )
    if site.query(f"{action}.live") != "True":
        raise JourneyFailed("the Urgent Action is not live once published")
    url = base_url + site.query(f"{action}.url")
    report_with_and_without_javascript(browser, url)
    translate(page, base_url, site.query(f"{action}.pk"), FRENCH)
    french = "UrgentActionPage.objects.get(locale__language_code='fr')"
    if site.query(f"{french}.live") != "False":
        raise JourneyFailed("the new translation went live before any review")
    if status(base_url + site.query(f"{french}.url")) != 404:
        raise JourneyFailed("the public can read the untranslated translation")
    check_listing(page, base_url)


def check_listing(page, base_url):
    """The campaigners' listing, from the admin menu: the action's French version
    is shown as not (or partly) translated until its strings are done."""
    page.goto(f"{base_url}/admin/")
    page.get_by_role("link", name="Urgent Actions", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    state = re.compile(r"French: (not translated|partly translated)", re.IGNORECASE)
    if not state.search(row.inner_text()):
        raise JourneyFailed("the listing does not say the translation is unfinished")
