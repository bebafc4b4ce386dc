"""Public pages in their own language: lang and dir, dates, and a switcher with
hreflang links to the published translations only."""

import datetime

import pytest
from bs4 import BeautifulSoup

from ua_wagtail.models import ActionTally

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..localize import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(index_page):
    return UrgentActionPageFactory(
        parent=index_page,
        deadline=datetime.date(2030, 11, 1),
        body=[("deadline_banner", {}), ("report_form", {})],
    )


def soup(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    "language_code, direction, date",
    [
        ("fr", "ltr", "1 novembre 2030"),
        ("ru", "ltr", "1 ноября 2030 г."),
        ("ar", "rtl", "1 نوفمبر 2030"),
    ],
)
def test_a_translation_speaks_its_language(
    client, source, language_code, direction, date
):
    html = soup(client, translate(source, language_code))
    assert html.html["lang"] == language_code
    assert html.html["dir"] == direction
    assert date in " ".join(html.main.get_text(" ").split())  # any no-break spaces


def test_the_switcher_lists_the_published_translations(client, source):
    french = translate(source, "fr")
    russian = translate(source, "ru")
    russian.unpublish()

    for page, current in [(source, "en"), (french, "fr")]:
        html = soup(client, page)
        links = html.select(".ua-languages a")
        assert [(a["hreflang"], a.get_text()) for a in links] == [
            ("en", "English"),
            ("fr", "français"),
        ]
        assert [a["hreflang"] for a in links if a.get("aria-current")] == [current]
        alternates = html.select("link[rel=alternate][hreflang]")
        assert {link["hreflang"]: link["href"] for link in alternates} == {
            "en": f"http://localhost{source.url}",
            "fr": f"http://localhost{french.url}",
        }


def test_a_page_in_one_language_has_no_switcher(client, source):
    html = soup(client, source)
    assert not html.select(".ua-languages")
    assert not html.select("link[rel=alternate]")


def test_every_translation_shows_the_shared_total(client, source):
    french = translate(source, "fr")
    arabic = translate(source, "ar")
    client.post(f"/ua/reports/form/{french.pk}/", {"action_letter": "2"})
    client.post(f"/ua/reports/form/{arabic.pk}/", {"action_email": "3"})
    for page in (source, french, arabic):
        assert soup(client, page).select_one("[data-ua-total]")["data-ua-total"] == "5"


def test_the_letter_offers_the_targets_languages(client, index_page):
    official = TargetFactory(preferred_languages=["ru", "be"])
    source = UrgentActionPageFactory(
        parent=index_page,
        body=targets_body([official])
        + [("sample_letter", {"salutation": "Dear Minister,"})],
    )
    russian = translate(source, "ru")
    translate(source, "fr")  # not a language the official reads

    links = soup(client, source).select(".ua-letter a[hreflang]")
    assert [(a["hreflang"], a.get_text()) for a in links] == [
        ("ru", "Read this letter in Russian")
    ]
    assert links[0]["href"].startswith(russian.url)
    assert not soup(client, russian).select(".ua-letter a[hreflang=ru]")


@pytest.mark.parametrize(
    "language_code, shown", [("en", "1,234"), ("fr", "1\u202f234"), ("ru", "1\xa0234")]
)
def test_totals_are_grouped_as_the_page_language_writes_them(
    client, source, language_code, shown
):
    ActionTally.objects.create(
        translation_key=source.translation_key, action_type="letter", count=1234
    )
    page = source if language_code == "en" else translate(source, language_code)
    total = soup(client, page).select_one("[data-ua-total]")
    assert (total["data-ua-total"], total.get_text()) == ("1234", shown)
