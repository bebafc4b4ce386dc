"""Lists joined as each language writes them (CLDR through Babel)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from ua_wagtail.utils.formatting import listed

ITEMS = ["A", "B", "C"]


@pytest.mark.parametrize(
    ("language", "standard", "alternatives"),
    [
        ("en", "A, B, and C", "A, B, or C"),
        ("es", "A, B y C", "A, B o C"),
        ("fr", "A, B et C", "A, B ou C"),
        ("ar", "A وB وC", "A أو B أو C"),
        ("ru", "A, B и C", "A, B или C"),
        ("be", "A, B і C", "A, B ці C"),
    ],
)
def test_a_list_in_the_active_language(language, standard, alternatives):
    with translation.override(language):
        assert listed(ITEMS) == standard
        assert listed(ITEMS, style="or") == alternatives


def test_arabic_never_uses_a_latin_comma():
    with translation.override("ar"):
        joined = listed(["العربية", "الروسية", "الإنجليزية", "البيلاروسية"])
    assert "," not in joined
    assert joined == "العربية والروسية والإنجليزية والبيلاروسية"


def test_two_items_and_one():
    with translation.override("en"):
        assert listed(["A", "B"]) == "A and B"
        assert listed(["A"]) == "A"
        assert listed([]) == ""


def test_a_language_named_outright_wins_over_the_active_one():
    with translation.override("en"):
        assert listed(ITEMS, language="fr") == "A, B et C"


def test_lazy_strings_are_listed_as_text():
    with translation.override("en"):
        assert listed([gettext_lazy("Spanish"), "French"]) == "Spanish and French"


def test_a_language_cldr_does_not_know_is_listed_as_english():
    assert listed(ITEMS, language="xx-unknown") == "A, B, and C"
