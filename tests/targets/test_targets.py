import pytest
from django.core.exceptions import ValidationError

from ua_wagtail.models import Target

from ..factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_str_names_the_person_and_position():
    target = TargetFactory.build(
        honorific="Lt.-Gen.", name="Ivan Kubrakou", position="Minister of the Interior"
    )
    assert str(target) == "Lt.-Gen. Ivan Kubrakou, Minister of the Interior"


def test_str_of_an_office_is_its_organisation():
    target = TargetFactory.build(
        honorific="", name="", position="", organisation="Embassy of Belarus"
    )
    assert str(target) == "Embassy of Belarus"


def test_needs_a_name_or_organisation():
    target = TargetFactory.build(name="", organisation="")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert (
        "Give the person's name or the organisation."
        in error.value.message_dict["name"]
    )


def test_needs_a_way_to_reach_them():
    target = TargetFactory.build(address="", email="", fax="", phone="", x_handle="")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "at least one way to reach" in str(error.value)


@pytest.mark.parametrize("number", ["375 17 203 99 18", "+375", "fax me", "+1 2"])
def test_fax_must_be_an_international_number(number):
    target = TargetFactory.build(fax=number)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "international number starting with +" in error.value.message_dict["fax"][0]


def test_numbers_keep_the_documents_spacing_and_link_as_e164():
    target = TargetFactory.build(fax="+375 17 203 99 18", phone="+1 (202) 986-1606")
    target.full_clean()
    assert target.fax == "+375 17 203 99 18"
    assert target.fax_uri == "tel:+375172039918"
    assert target.phone_uri == "tel:+12029861606"


@pytest.mark.parametrize("handle", ["mvd", "@", "@has space", "@waytoolonghandle_x"])
def test_x_handle_is_validated(handle):
    target = TargetFactory.build(x_handle=handle)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "x_handle" in error.value.message_dict


def test_x_handle_links_to_x():
    assert TargetFactory.build(x_handle="@mvd_by").x_url == "https://x.com/mvd_by"


def test_address_lines_skip_blank_lines():
    target = TargetFactory.build(address="Vul. Haradski Val 4,\n\n  Minsk 220030  \n")
    assert target.address_lines == ["Vul. Haradski Val 4,", "Minsk 220030"]


def test_preferred_languages_must_be_known_codes():
    target = TargetFactory.build(preferred_languages=["be", "xx"])
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert (
        "“xx” is not a language code."
        in error.value.message_dict["preferred_languages"]
    )


def test_targets_are_translatable_snippets():
    target = TargetFactory()
    assert Target.objects.get(pk=target.pk).translation_key == target.translation_key
