"""The JSON shapes of Urgent Actions in the APIs, as pydantic models.

API v3 publishes them in its OpenAPI document (and checks every response against
them); API v2 returns the same JSON. The stream body is a list of blocks
discriminated by ``type``, so a generated client knows each block's fields.
"""

import datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..choices import ActionStatus, StepKind, TargetRole

StatusName = Literal[tuple(ActionStatus.values)]  # ty: ignore[invalid-type-form]
StepKindName = Literal[tuple(StepKind.values)]  # ty: ignore[invalid-type-form]
RoleName = Literal[tuple(TargetRole.values)]  # ty: ignore[invalid-type-form]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UARichText(Schema):
    """Rich text as display HTML (links resolved) and as plain text."""

    html: str
    text: str


class UACountry(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.", examples=["BY"])
    name: str = Field(description="In the response's language.", examples=["Belarus"])


class UALanguage(Schema):
    code: str = Field(examples=["be"])
    name: str = Field(
        description="In the response's language.", examples=["Belarusian"]
    )


class UAChoice(Schema):
    value: str
    label: str


class UAContactLine(Schema):
    """One way to reach a target, as the page lists it."""

    kind: Literal["fax", "phone", "email", "x", "facebook"]
    label: str = Field(examples=["Fax"])
    text: str = Field(examples=["+375 17 203 99 18"])
    url: str = Field(examples=["tel:+375172039918"])


class UATarget(Schema):
    """An official to write to (``primary``) or a recipient of a copy (``cc``)."""

    id: int
    role: RoleName
    role_label: str
    display_name: str = Field(description="Honorific and name, e.g. “Lt.-Gen. …”.")
    honorific: str
    name: str
    position: str
    organisation: str
    address: str
    address_lines: list[str]
    country: UACountry | None
    email: str
    fax: str
    phone: str
    x_handle: str
    facebook: str
    salutation: str
    preferred_languages: list[UALanguage]
    contact_lines: list[UAContactLine]


class UADeadlineBanner(Schema):
    open_text: str
    closed_text: str
    deadline: datetime.date | None
    deadline_text: str | None = Field(
        description="The date as the page's language writes it in full.",
        examples=["1 novembre 2024"],
    )
    status: StatusName
    status_label: str
    days_left: int | None = Field(description="0 on the deadline day, negative after.")
    text: str = Field(description="The text the banner shows now.")


class UAStep(Schema):
    kind: StepKindName
    kind_label: str
    text: UARichText


class UATakeAction(Schema):
    heading: str
    steps: list[UAStep]


class UATargets(Schema):
    heading: str
    targets: list[UATarget]


class UAEmailLink(Schema):
    """A ready-made email to one target, copying the CC targets, with the letter."""

    target_id: int
    to: str
    cc: list[str]
    subject: str
    url: str = Field(description="A ``mailto:`` URL (RFC 6068).")


class UALetterLanguage(Schema):
    code: str
    name: str
    url: str = Field(description="The page in this language.")


class UASampleLetter(Schema):
    heading: str
    salutation: str
    body: UARichText
    closing: str
    text: str = Field(description="The whole letter as plain text, ready to copy.")
    email_links: list[UAEmailLink]
    other_languages: list[UALetterLanguage] = Field(
        description="Translations in the languages the targets prefer."
    )


class UAReportForm(Schema):
    heading: str
    intro: str
    action_types: list[UAChoice]
    thank_you: str
    goal: int | None
    max_per_action: int = Field(
        description="The most actions of one type a report may claim."
    )
    accepts_reports: bool
    closed_message: str = Field(description="Why reports are refused, once closed.")
    report_url: str = Field(description="Where to POST a report as JSON.")
    form_url: str = Field(description="Where the HTML form posts.")
    totals_url: str


class UAAdditionalInformation(Schema):
    heading: str
    body: UARichText


def _child(name: str, value: type[Schema], title: str) -> type[BaseModel]:
    """The schema of one stream child: ``{"type": name, "id": …, "value": …}``."""
    return type(
        title,
        (Schema,),
        {
            "__annotations__": {
                "type": Literal[name],  # ty: ignore[invalid-type-form]
                "id": str,
                "value": value,
            },
            "__doc__": value.__doc__,
            "__module__": __name__,
        },
    )


#: The schema of each body block's value, by block name.
BODY_BLOCK_SCHEMAS = {
    "deadline_banner": UADeadlineBanner,
    "take_action": UATakeAction,
    "targets": UATargets,
    "sample_letter": UASampleLetter,
    "report_form": UAReportForm,
    "additional_information": UAAdditionalInformation,
}

UABodyBlock = Annotated[
    Union[  # noqa: UP007 - a union built from a tuple
        tuple(
            _child(name, value, f"{value.__name__}Block")
            for name, value in BODY_BLOCK_SCHEMAS.items()
        )
    ],
    Field(discriminator="type"),
]


# A root model rather than a bare list type: the discriminator on ``type`` is
# lost where the type is read with ``get_type_hints`` (as API v3 does).
class UABody(RootModel[list[UABodyBlock]]):
    """The blocks of an Urgent Action's body, in reading order."""


class UATranslation(Schema):
    id: int
    locale: str = Field(examples=["fr"])
    language_name: str = Field(description="In the language itself.")
    title: str
    url: str
    api_url: str


class UATranslationStatus(Schema):
    """How far this version is translated from the one it was translated from,
    as the admin's Urgent Actions listing says it."""

    state: Literal[
        "source",
        "up_to_date",
        "out_of_date",
        "not_translated",
        "partly_translated",
        "draft",
    ] = Field(
        description="``source`` for the version the others are translated from "
        "(or one made without wagtail-localize)."
    )
    label: str = Field(examples=["partly translated (40%)"])
    translated_percent: int | None = Field(
        description="Strings translated, in whole percent rounded down (100: all); "
        "null for the source and for a translation no longer synced.",
        examples=[40],
    )


class UAActionSummary(Schema):
    """An Urgent Action as an index lists it."""

    id: int
    title: str
    url: str
    api_url: str
    series_label: str
    subject_name: str
    country: UACountry | None
    summary: str
    deadline: datetime.date
    status: StatusName
    days_left: int
