"""Phone and fax numbers, parsed with ``phonenumbers``.

Numbers are stored as the editor typed them (the way the UA document prints them),
validated as international numbers, and linked as ``tel:`` URIs in E.164 form.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def parse_phone_number(value: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationError(
            _(
                "Enter an international number starting with + and the country "
                "code, for example +375 17 203 99 18."
            ),
            code="invalid_phone_number",
        )
    return number


def validate_phone_number(value: str) -> None:
    parse_phone_number(value)


def tel_uri(value: str) -> str:
    """``tel:+375172039918`` for a valid number; empty for anything else."""
    try:
        number = parse_phone_number(value)
    except ValidationError:
        return ""
    return "tel:" + phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164
    )
