import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ua_wagtail.languages import LanguageListFormField, language_name
from ua_wagtail.templatetags.ua_wagtail_tags import language_list


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("Belarusian, Russian, English", ["be", "ru", "en"]),
        ("be, ru, en", ["be", "ru", "en"]),
        ("русский,  English", ["ru", "en"]),
        ("english, PERSIAN", ["en", "fa"]),
        ("", []),
    ],
)
def test_form_field_reads_names_or_codes_in_order(typed, codes):
    field = LanguageListFormField(required=False)
    assert field.clean(typed) == codes


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValidationError) as error:
        LanguageListFormField().clean("Russian, Klingon")
    assert error.value.messages == [
        "“Klingon” is not a language we know. Use a name such as “Russian” or a "
        "code such as “ru”."
    ]


def test_a_language_listed_twice_is_an_error():
    with pytest.raises(ValidationError) as error:
        LanguageListFormField().clean("ru, Russian")
    assert error.value.messages == ["“Russian” is listed twice."]


def test_form_shows_stored_codes_as_names():
    assert LanguageListFormField().prepare_value(["be", "ru"]) == "Belarusian, Russian"


def test_names_are_shown_in_the_active_language():
    with translation.override("fr"):
        assert language_name("ru") == "Russe"
    assert language_name("ru") == "Russian"


@pytest.mark.parametrize(
    ("language", "welcome", "expected"),
    [
        ("en", True, "Belarusian, Russian, English, or your own language"),
        ("en", False, "Belarusian, Russian, or English"),
        ("fr", False, "Biélorusse, Russe ou Anglais"),
        ("ar", False, "البيلاروسية أو الروسيّة أو الإنجليزيّة"),
    ],
)
def test_a_page_lists_its_languages_as_its_language_writes_alternatives(
    language, welcome, expected
):
    with translation.override(language):
        assert language_list(["be", "ru", "en"], welcome) == expected


def test_only_your_own_language():
    assert language_list([], own_language_welcome=True) == "Your own language"
