"""The demo's seed UA in six languages, made with wagtail-localize's machinery."""

import json
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Revision
from wagtail_localize.models import Translation

from ua_wagtail.models import Target, UrgentActionPage

pytestmark = pytest.mark.django_db
LANGUAGES = ["ar", "be", "en", "es", "fr", "ru"]
TRANSLATIONS = Path(__file__).parents[2] / "example_site" / "home" / "translations"


def run_demo():
    call_command("demo", "--original-dates", stdout=StringIO())


@pytest.fixture
def demo():
    run_demo()
    return {p.locale.language_code: p for p in UrgentActionPage.objects.live()}


def test_the_seed_is_live_in_six_languages_as_synced_translations(demo):
    assert sorted(demo) == LANGUAGES
    source = demo["en"]
    for code in set(LANGUAGES) - {"en"}:
        assert Translation.objects.filter(
            source__object_id=source.translation_key,
            target_locale__language_code=code,
            enabled=True,
        ).exists()
        page = demo[code]
        assert (page.deadline, page.ua_number, page.document_index) == (
            source.deadline,
            source.ua_number,
            source.document_index,
        )


@pytest.mark.parametrize("code", ["fr", "ru", "ar"])
def test_each_translation_reads_in_its_language(client, demo, code):
    data = json.loads((TRANSLATIONS / f"{code}.json").read_text(encoding="utf-8"))
    page = demo[code]
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    text = " ".join(html.main.get_text(" ").split())
    assert html.html["lang"] == code
    assert html.html["dir"] == ("rtl" if code == "ar" else "ltr")
    assert " ".join(data["strings"][demo["en"].summary].split()) in text
    assert data["names"]["Maryia Kalesnikava"] in text
    assert data["names"]["Ivan Kubrakou"] in text
    assert page.summary == data["strings"][demo["en"].summary]


def test_targets_keep_their_facts_in_every_language(demo):
    for name in ("Ivan Kubrakou", "Pavel Shidlovsky"):
        source = Target.objects.get(name=name, locale__language_code="en")
        versions = Target.objects.filter(translation_key=source.translation_key)
        assert versions.count() == 6
        assert {(t.email, t.fax, t.address) for t in versions} == {
            (source.email, source.fax, source.address)
        }
    russian = Target.objects.get(
        locale__language_code="ru", translation_key=source.translation_key
    )
    assert russian.name == "Павел Шидловский"


def test_running_the_demo_again_leaves_the_translations_alone(demo):
    revisions = Revision.objects.count()
    run_demo()
    assert Revision.objects.count() == revisions


def test_the_demo_has_a_translator_and_a_reviewer(demo):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="translator").groups.get().name == "Translators"
    assert users.get(username="reviewer").groups.get().name == "Reviewers"
