"""The importer's warnings: a deadline passed, a document in another language than
the index, an Urgent Action already there. Each makes the draft all the same,
and says so where the editor looks: the admin's messages and the command's
summary, which then no longer claims every part was found."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Locale

from ua_wagtail.importer.build import build_draft
from ua_wagtail.importer.language import STOP_WORDS, detect_language
from ua_wagtail.models import UrgentActionPage
from ua_wagtail.utils.dates import site_today

from ..factories import UrgentActionIndexPageFactory
from .documents import seed_text
from .test_import import parsed_action
from .uploads import upload

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
FUTURE = site_today() + datetime.timedelta(days=30)

SAMPLES = {
    "en": "Jane Doe was arrested on 3 May for her work with the union. "
    "They are held in a prison in the capital and are at risk of torture.",
    "es": "Jane Doe fue detenida el 3 de mayo por su trabajo con el sindicato. "
    "Está en una prisión de la capital, con riesgo de tortura para los presos.",
    "fr": "Jane Doe a été arrêtée le 3 mai pour son travail avec le syndicat. "
    "Elle est détenue dans une prison de la capitale et risque la torture.",
    "ar": "اعتقلت جين دو في الثالث من مايو بسبب عملها مع النقابة. وهي محتجزة في "
    "سجن في العاصمة، ومن المحتمل أن تتعرض للتعذيب على يد الذي كان هناك.",
    "ru": "Джейн Доу была задержана 3 мая из-за её работы в профсоюзе. Она "
    "находится в тюрьме в столице, и это значит, что её могут пытать, как и его.",
    "be": "Джэйн Доў была затрымана 3 мая з-за яе працы ў прафсаюзе. Яна "
    "знаходзіцца ў турме ў сталіцы, і гэта значыць, што яе могуць катаваць, як і яго.",
}


# --- the document's language -------------------------------------------------------


@pytest.mark.parametrize("language", SAMPLES)
def test_each_project_language_is_recognised(language):
    assert detect_language(SAMPLES[language]) == language


@pytest.mark.parametrize("text", ["", "Jane Doe", "12/24 AMR 19/015/2010", "Ok."])
def test_too_little_text_says_nothing(text):
    assert detect_language(text) == ""


def test_a_mixed_text_says_nothing():
    assert detect_language(SAMPLES["en"] + " " + SAMPLES["es"]) == ""


def test_no_word_counts_for_two_languages():
    words = [word for words in STOP_WORDS.values() for word in words]
    assert len(words) == len(set(words))


# --- the warnings ------------------------------------------------------------------


def test_a_deadline_passed_warns_and_drafts(index_page):
    imported = build_draft(
        parsed_action(deadline=datetime.date(2020, 3, 1), language="en"), index_page
    )
    assert imported.page.pk and not imported.page.live
    [warning] = imported.warnings
    assert "The deadline, March 1, 2020, has passed" in warning
    assert not imported.complete


def test_a_deadline_to_come_and_the_index_language_say_nothing(index_page):
    imported = build_draft(parsed_action(deadline=FUTURE, language="en"), index_page)
    assert imported.warnings == []


def test_a_document_in_another_language_warns(index_page):
    imported = build_draft(parsed_action(language="es"), index_page)
    [warning] = imported.warnings
    assert "seems to be in Spanish" in warning and "is in English" in warning


def test_a_regional_variant_is_the_same_language(home):
    locale = Locale.objects.create(language_code="es-mx")
    index = UrgentActionIndexPageFactory(parent=home, slug="acciones", locale=locale)
    assert build_draft(parsed_action(language="es"), index).warnings == []


def test_an_unknown_language_says_nothing(index_page):
    assert build_draft(parsed_action(language=""), index_page).warnings == []


def test_the_same_number_in_this_index_warns(index_page):
    build_draft(parsed_action(), index_page)
    second = build_draft(parsed_action(), index_page)
    [warning] = second.warnings
    assert "This index already has Urgent Action 12/24" in warning
    assert not any("12/24" in note for note in second.left_for_editor)


def test_the_same_number_in_another_language_warns(index_page, home):
    build_draft(parsed_action(title="Liberen a Jane Doe"), spanish_index(home))
    [warning] = build_draft(parsed_action(), index_page).warnings
    assert "Urgent Action 12/24 already exists in Spanish" in warning
    assert "“Liberen a Jane Doe”" in warning


def test_an_action_the_editor_may_not_see_is_not_named(index_page, home):
    """A title can name a person at risk, or an action not yet public."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    build_draft(parsed_action(title="Embargoed: Jane Doe"), spanish_index(home))
    editors = Group.objects.create(name="English editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors,
            page=index_page,
            permission=Permission.objects.get(codename=codename),
        )
    editor = get_user_model().objects.create_user("editor")
    editor.groups.add(editors)
    [warning] = build_draft(parsed_action(), index_page, user=editor).warnings
    assert "Urgent Action 12/24 already exists where you cannot see it." == warning
    assert "Embargoed" not in warning


def test_controls_that_reorder_text_are_left_out():
    from ua_wagtail.importer.parser import clean_lines

    assert clean_lines("Free \u202eJane\u2066 Doe\u2069") == ["Free Jane Doe"]


def test_another_update_of_the_same_number_says_nothing(index_page):
    build_draft(parsed_action(), index_page)
    assert build_draft(parsed_action(update_number=2), index_page).warnings == []


def spanish_index(home):
    locale = Locale.objects.create(language_code="es")
    return UrgentActionIndexPageFactory(parent=home, slug="acciones", locale=locale)


# --- where the editor sees them ----------------------------------------------------


def run_command(tmp_path, text: str, index) -> str:
    path = tmp_path / "ua.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_urgent_action", str(path), "--parent", str(index.pk), stdout=out
    )
    return out.getvalue()


def test_the_command_claims_every_part_only_without_warnings(tmp_path, index_page):
    future = seed_text().replace("November 1, 2024", FUTURE.strftime("%B %-d, %Y"))
    complete = run_command(tmp_path, future, index_page)
    assert "Every part of an Urgent Action was found." in complete
    assert "Check:" not in complete
    UrgentActionPage.objects.all().delete()

    passed = run_command(tmp_path, seed_text(), index_page)
    assert "Check: The deadline, November 1, 2024, has passed" in passed
    assert "Every part" not in passed


def test_the_command_warns_of_a_spanish_document_in_the_english_index(
    tmp_path, index_page
):
    text = (FIXTURES / "spanish_mexico.txt").read_text(encoding="utf-8")
    out = run_command(tmp_path, text, index_page)
    assert "Check: The document seems to be in Spanish" in out
    assert "Every part" not in out


def test_the_admin_review_lists_the_warnings(admin_client, index_page):
    data = (FIXTURES / "spanish_mexico.txt").read_bytes()
    response = admin_client.get(upload(admin_client, index_page, "ua.txt", data).url)
    page = BeautifulSoup(response.content, "html.parser")
    check = page.select_one("main section[aria-labelledby=ua-review-warnings]")
    assert check.h2.get_text(strip=True) == "Please check before publishing:"
    warnings = [li.get_text(" ", strip=True) for li in check.select("ul > li")]
    assert any("has passed" in warning for warning in warnings)
    assert any("seems to be in Spanish" in warning for warning in warnings)
    assert UrgentActionPage.objects.filter(live=False).count() == 1
