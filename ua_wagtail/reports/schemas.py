"""The JSON contract of reports and totals, as pydantic models.

:class:`Report` is both what django-ninja validates a report body with and what
``/ua/openapi.json`` documents: each field's value goes through a rule of
:mod:`.rules` (shared with the HTML form) and is described beside it. A broken
rule is a :data:`REFUSED` error carrying the message the API answers with;
:func:`errors_by_field` turns a validation error into that answer.
"""

import datetime
import uuid
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ..choices import ACTION_TYPES
from ..conf import ua_settings
from . import rules
from .forms import ActionReportForm

#: The type of the errors that carry a rule's messages.
REFUSED = "ua_wagtail_refused"


def refused(messages, field: str | None = None) -> PydanticCustomError:
    """A validation error with the API's own ``messages``, on ``field`` if the
    error's place does not name it (a rule of the whole report)."""
    context = {"messages": [str(message) for message in messages]}
    if field:
        context["field"] = field
    return PydanticCustomError(REFUSED, "{messages}", context)


def by_rule(rule, json_schema: dict):
    """A field validated by ``rule`` (of :mod:`.rules`) and documented as ``json_schema``."""

    def validate(value):
        try:
            return rule(value)
        except ValidationError as error:
            raise refused(error.messages) from None

    return (PlainValidator(validate), WithJsonSchema(json_schema))


def contact_rule(form_field: str):
    """Contact details are checked as the HTML form checks them."""
    field = ActionReportForm.base_fields[form_field]

    def rule(value) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(_("Give this as text."))
        try:
            value.encode("utf-8")  # a lone surrogate ("\ud800") is no text
        except UnicodeEncodeError:
            raise ValidationError(_("Give this as text.")) from None
        return field.clean(value)

    return rule


TOTALS_RULE = (
    "Totals only go up, except when staff stop counting reports (spam). Totals "
    "read with GET may be cached for a few seconds: a client that holds a total "
    "from a report's answer and reads another should show the higher of the two."
)


def _undocumented_defaults(schema: dict) -> None:
    """A field left out is absent, not null: its default is no part of the API."""
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


def _documented_bounds(schema: dict) -> None:
    _undocumented_defaults(schema)
    for field in schema["properties"].values():
        field["maximum"] = ua_settings.MAX_ACTIONS_PER_TYPE
    schema["minProperties"] = 1


def _documented_choices(schema: dict) -> None:
    _undocumented_defaults(schema)
    schema["oneOf"] = [{"required": ["page"]}, {"required": ["translation_key"]}]
    languages = [code for code, _name in settings.LANGUAGES]
    schema["properties"]["language"]["anyOf"][0]["enum"] = languages


class Closed(BaseModel):
    """No fields but those listed (``additionalProperties: false``). A plain
    pydantic model: ninja's ``Schema`` would read every body through its
    Django-object wrapper, which a JSON body never needs."""

    model_config = ConfigDict(extra="forbid")


Count = Annotated[
    int | None,
    *by_rule(rules.action_count, {"type": "integer", "minimum": 1}),
]


class CountsBase(Closed):
    model_config = ConfigDict(json_schema_extra=_documented_bounds)

    @model_validator(mode="after")
    def _within_report_size(self):
        try:
            rules.report_size(self.counts)
        except ValidationError as error:
            raise refused(error.messages) from None
        return self

    @property
    def counts(self) -> dict[str, int]:
        """``{action: count}`` of the types reported."""
        return {
            action: getattr(self, action)
            for action in ACTION_TYPES
            if getattr(self, action) is not None
        }


Actions = create_model(
    "Actions",
    __base__=CountsBase,
    __doc__="How many actions of each type: at least one type the Urgent Action "
    "asks about, each from 1 to UA_WAGTAIL_MAX_ACTIONS_PER_TYPE, and together at "
    "most UA_WAGTAIL_MAX_ACTIONS_PER_REPORT.",
    **dict.fromkeys(ACTION_TYPES, (Count, None)),
)


class Contact(Closed):
    """Who reported, kept only with ``"consent": true``; leave it out otherwise."""

    model_config = ConfigDict(json_schema_extra=_undocumented_defaults)

    name: Annotated[
        str | None,
        *by_rule(
            contact_rule("contact_name"),
            {"anyOf": [{"type": "string", "maxLength": 255}, {"type": "null"}]},
        ),
    ] = None
    email: Annotated[
        str | None,
        *by_rule(
            contact_rule("contact_email"),
            {
                "anyOf": [
                    {"type": "string", "format": "email", "maxLength": 254},
                    {"type": "null"},
                ]
            },
        ),
    ] = None
    consent: Annotated[
        bool | None,
        PlainValidator(lambda value: value),  # checked with the fields it permits
        WithJsonSchema(
            {
                "const": True,
                "type": "boolean",
                "description": "Must be true for the name and email to be kept.",
            }
        ),
    ] = None

    @model_validator(mode="after")
    def _kept_with_consent(self):
        if self.model_fields_set and self.consent is not True:
            raise refused(
                [_("Contact details are kept only with “consent”: true.")],
                field="contact.consent",
            )
        return self


class Report(Closed):
    """One activist's report. Name the Urgent Action by ``page`` or by
    ``translation_key`` (shared by its translations), not both."""

    model_config = ConfigDict(json_schema_extra=_documented_choices)

    page: Annotated[
        int | None,
        *by_rule(
            rules.page_id,
            {
                "type": "integer",
                "minimum": 1,
                "maximum": rules.MAX_PAGE_ID,
                "description": "Id of any translation's page.",
            },
        ),
    ] = None
    translation_key: Annotated[
        uuid.UUID | None,
        *by_rule(rules.translation_key, {"type": "string", "format": "uuid"}),
    ] = None
    actions: Actions
    country: Annotated[
        str,
        *by_rule(
            rules.country_code,
            {
                "anyOf": [
                    {"type": "string", "pattern": "^([A-Za-z]{2})?$"},
                    {"type": "null"},
                ],
                "description": "The reporter's country: an ISO 3166-1 two-letter code.",
            },
        ),
    ] = ""
    language: Annotated[
        str,
        *by_rule(
            rules.language_code,
            {
                "anyOf": [{"type": "string"}, {"type": "null"}],
                "description": "Defaults to the page's.",
            },
        ),
    ] = ""
    contact: Contact | None = None
    #: The honeypot a person never fills in; no part of the API.
    website: SkipJsonSchema[Any] = None

    @model_validator(mode="after")
    def _named_once(self):
        named = [
            name
            for name in ("page", "translation_key")
            if name in self.model_fields_set
        ]
        if len(named) == 2:
            message = _(
                "Name the Urgent Action by “page” or by “translation_key”, not both."
            )
        elif not named:
            message = _("Name the Urgent Action by “page” (id) or “translation_key”.")
        else:
            return self
        raise refused([message], field="page")

    @property
    def ua(self) -> int | uuid.UUID:
        """The Urgent Action as named: a page id or a translation key."""
        return self.page if self.page is not None else self.translation_key

    @property
    def contact_details(self) -> tuple[str, str]:
        """The name and email to keep: given only with consent."""
        if self.contact is None:
            return "", ""
        return self.contact.name or "", self.contact.email or ""


#: Messages of pydantic's own errors (a wrong type where a rule does not look),
#: by the field they are on ("" is the body).
TYPE_MESSAGES = {
    "": lambda: _("Send the report as a JSON object."),
    "actions": lambda: _("Give the actions as an object of counts by type."),
    "contact": lambda: _("Give the contact details as an object."),
}


def errors_by_field(errors) -> dict[str, list[str]]:
    """pydantic's errors of a report body as the API answers them: messages by
    field, nested fields dotted (``actions.letter``, ``contact.email``)."""
    answer = {}
    for error in errors:
        loc = [str(part) for part in error["loc"]]
        field = ".".join(loc)
        context = error.get("ctx") or {}
        if error["type"] == REFUSED:
            field = context.get("field", field)
            messages = context["messages"]
        elif error["type"] == "extra_forbidden":
            unknown = loc[-1]
            if loc[:-1] == ["actions"]:
                messages = [rules.unknown_action_type(unknown)]
            else:
                messages = [_("Unknown field.")]
        else:
            message = TYPE_MESSAGES.get(field)
            field = field or "body"
            messages = [message() if message else _("Enter a valid value.")]
        answer.setdefault(field, []).extend(messages)
    return answer


# Answers ----------------------------------------------------------------------

ActionTotals = create_model(
    "ActionTotals",
    __base__=Closed,
    __doc__="Actions counted so far, by type; every type is listed.",
    **{action: (int, Field(ge=0)) for action in ACTION_TYPES},
)


class Totals(Schema):
    __doc__ = (
        f"Actions reported on one Urgent Action, in all its languages. {TOTALS_RULE}"
    )

    total: int = Field(ge=0)
    by_action: ActionTotals
    by_country: dict[
        Annotated[str, Field(pattern="^[A-Z]{2}$")], Annotated[int, Field(ge=1)]
    ] = Field(description="Countries reporters named; others count in the total only.")


class UrgentActionTotals(Totals):
    __doc__ = Totals.__doc__

    translation_key: uuid.UUID
    ua_number: str


class StoredReport(Schema):
    id: int = Field(ge=1)
    created_at: datetime.datetime
    actions: Actions


class ReportCreated(Schema):
    """The report as stored, and the totals that include it."""

    report: StoredReport
    totals: Totals


class Errors(Schema):
    """Why nothing was stored: messages in the client's language (Accept-Language),
    by field. Nested fields are dotted (``actions.letter``, ``contact.email``);
    ``body`` is the request as a whole, ``__all__`` the client."""

    errors: dict[str, list[str]] = Field(min_length=1)
