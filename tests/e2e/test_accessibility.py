"""axe-core (through axe-playwright-python) finds no WCAG 2.x A/AA violations on
the public pages, in English, Russian and Arabic, on a phone.

The thank-you and form-with-errors states are not checked yet: with JavaScript
off, their report POST hung the live server in this test module (to investigate).
"""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ["en", "ru", "ar"]
AXE = Axe()


@pytest.fixture
def demo(live_server):
    call_command("demo", stdout=StringIO())


def action_url(language):
    return UrgentActionPage.objects.get(locale__language_code=language).url


def index_url(language):
    return UrgentActionIndexPage.objects.get(locale__language_code=language).url


def open_action(open_page, language, viewport):
    page, response, _ = open_page(action_url(language), viewport=viewport)
    assert response.status == 200
    return page


def open_index(open_page, language, viewport):
    page, response, _ = open_page(index_url(language), viewport=viewport)
    assert response.status == 200
    return page


PAGES = {
    "action": open_action,
    "index": open_index,
}


def describe(violations):
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(open_page, demo, name, language):
    viewport = PHONE
    page = PAGES[name](open_page, language, viewport)
    assert page.locator("html").get_attribute("lang").startswith(language)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    if violations:
        print(describe(violations))
    assert not violations, describe(violations)
