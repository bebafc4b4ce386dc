"""The demo's Urgent Action shows every fact of the source document.

Each expected snippet is checked against the committed source document
(``fixtures/ua_147_20.txt``) as well as the page, so the table cannot drift from it.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from example_site.home import seed
from ua_wagtail.models import Target, UrgentActionPage
from ua_wagtail.utils.dates import site_today

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).parent / "fixtures" / "ua_147_20.txt").read_text()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paragraph(start: str) -> str:
    """The whole paragraph of the source document that starts with ``start``."""
    for line in SOURCE.splitlines():
        if line.strip().startswith(start):
            return squash(line)
    raise AssertionError(f"no paragraph starts with {start!r}")


#: (fact, snippet of the source document, compare ignoring case)
FACTS = [
    ("headline", "END TORTUROUS ISOLATION OF KALESNIKAVA", True),
    ("summary", paragraph("Maryia Kalesnikava has been arbitrarily"), False),
    ("step: write", paragraph("· Write a letter").removeprefix("· "), False),
    (
        "step: report",
        "let us know the actions you took on Third Urgent Action 147.20",
        True,
    ),
    ("why report", "It’s important to report because we share the total number", False),
    ("target name", "Lt.-Gen. Ivan Kubrakou", False),
    ("target position", "Minister of the Interior", False),
    ("target address 1", "Vul. Haradski Val 4,", False),
    ("target address 2", "Minsk 220030, Belarus", False),
    ("target fax", "+375 17 203 99 18", False),
    ("target email", "uzgs@mvd.gov.by", False),
    ("cc organisation", "Embassy of Belarus in the United States", False),
    ("cc person", "Chargé d'Affaires Mr. Pavel Shidlovsky", False),
    ("cc address 1", "1619 New Hampshire Avenue, NW,", False),
    ("cc address 2", "Washington DC 20009", False),
    ("cc email", "usa@mfa.gov.by", False),
    ("salutation", "Dear Minister,", False),
    ("letter 1", paragraph("I write to demand"), False),
    ("letter 2", paragraph("Maryia Kalesnikava suffers"), False),
    ("letter 3", paragraph("Maryia Kalesnikava is a prisoner"), False),
    ("letter 4", paragraph("I urge you to take"), False),
    ("closing", "Yours sincerely,", False),
    ("info 1", paragraph("Maryia Kalesnikava is a prominent"), False),
    ("info 2", paragraph("Veranika Tsapkala left"), False),
    ("info 3", paragraph("Maryia Kalesnikava was forcibly"), False),
    ("info 4", paragraph("Maryia Kalesnikava’s condition"), False),
    ("info 5", paragraph("Maryia Kalesnikova’s family"), False),
    ("info 6", paragraph("According to latest scrapes"), False),
    ("languages", "Belarusian, Russian, English, or your own language", False),
    ("deadline", "November 1, 2024", False),
    ("name and pronoun", "Maryia Kalesnikava (She/her)", True),
    ("previous UA", "https://www.amnesty.org/en/documents/eur49/6920/2023/en/", False),
]


@pytest.fixture
def seed_page(client):
    call_command("demo", "--original-dates", "--languages", stdout=StringIO())
    page = UrgentActionPage.objects.get(locale__language_code="en")
    response = client.get(page.url)
    assert response.status_code == 200
    return page, BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("fact", "snippet", "any_case"), FACTS, ids=[f[0] for f in FACTS]
)
def test_page_shows_every_fact_of_the_seed(seed_page, fact, snippet, any_case):
    _, soup = seed_page
    page_text = squash(soup.main.get_text(" "))
    source_text = squash(SOURCE)
    if any_case:
        page_text, source_text, snippet = (
            page_text.casefold(),
            source_text.casefold(),
            snippet.casefold(),
        )
    assert snippet in source_text, f"{fact}: not in the source document"
    assert snippet in page_text, f"{fact}: not on the page"


def test_minister_is_the_target_and_the_embassy_the_cc(seed_page):
    _, soup = seed_page
    primary = squash(soup.select_one(".ua-target-primary").get_text(" "))
    cc = squash(soup.select_one(".ua-target-cc").get_text(" "))
    assert "Ivan Kubrakou" in primary and "Fax +375 17 203 99 18" in primary
    assert "Embassy of Belarus in the United States" in cc and "usa@mfa.gov.by" in cc


def test_deadline_and_links_are_machine_readable(seed_page):
    _, soup = seed_page
    assert soup.find("time", datetime="2024-11-01")
    assert soup.find(
        "a", href="https://www.amnesty.org/en/documents/eur49/6920/2023/en/"
    )
    assert soup.find("a", href="tel:+375172039918")
    assert soup.find("a", href="mailto:usa@mfa.gov.by")


def test_seed_page_fields(seed_page):
    page, _ = seed_page
    assert (page.ua_number, page.update_number, page.series_label) == (
        "147/20",
        3,
        "Third Urgent Action 147/20",
    )
    assert page.preferred_languages == ["be", "ru", "en"]
    assert page.own_language_welcome
    assert page.country.code == "BY"
    assert page.live


def test_demo_moves_the_past_deadline_and_says_so(settings):
    out = StringIO()
    call_command("demo", stdout=out)
    page = UrgentActionPage.objects.get(locale__language_code="en")
    assert (page.deadline - site_today()).days == 30
    assert "has passed: moved to" in out.getvalue()
    assert page.status == "open"


def test_demo_twice_changes_nothing():
    call_command("demo", stdout=StringIO())
    page = UrgentActionPage.objects.get(locale__language_code="en")
    state = (
        page.revisions.count(),
        page.latest_revision_id,
        Target.objects.count(),
        list(Target.objects.values()),
    )
    out = StringIO()
    call_command("demo", stdout=out)
    page.refresh_from_db()
    assert state == (
        page.revisions.count(),
        page.latest_revision_id,
        Target.objects.count(),
        list(Target.objects.values()),
    )
    assert "Created" not in out.getvalue() and "Updated" not in out.getvalue()


def test_demo_prints_a_working_admin_login(client):
    out = StringIO()
    call_command("demo", "--base-url", "http://127.0.0.1:8123", stdout=out)
    output = out.getvalue()
    username, password = re.search(
        r"username “(.+?)”, password “(.+?)”", output
    ).groups()
    assert client.login(username=username, password=password)
    assert client.get("/admin/").status_code == 200
    page = UrgentActionPage.objects.get(locale__language_code="en")
    assert f"http://127.0.0.1:8123{page.url}" in output


def test_home_page_links_to_the_urgent_action(client):
    call_command("demo", stdout=StringIO())
    page = UrgentActionPage.objects.get(locale__language_code="en")
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find("a", href=page.url)


def test_demo_says_what_it_loaded_in_a_few_lines():
    out = StringIO()
    call_command("demo", "--languages", "fr", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        f"Loaded the seed Urgent Action “{seed.TITLE}” with 2 targets, in 2 "
        "languages: English, French."
    )
    assert "Translators login: username “translator”, password “changeme”." in lines
    assert "Reviewers login: username “reviewer”, password “changeme”." in lines
    assert len(lines) == 7  # and the deadline, the two URLs, the admin's login
    # Each step's news only when asked for.
    verbose = StringIO()
    call_command("demo", "--languages", "fr", "es", verbosity=2, stdout=verbose)
    assert "Translated the Urgent Action into Spanish." in verbose.getvalue()
