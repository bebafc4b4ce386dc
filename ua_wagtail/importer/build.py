"""A draft Urgent Action page, and its targets, from a parsed document.

Everything happens in one transaction: a document that cannot become a draft
leaves nothing behind. Targets already in the CMS are reused rather than copied,
so a correction made to one reaches every action that names it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from ..choices import TargetRole
from ..pages.blocks import default_body
from ..pages.models import UrgentActionPage
from ..targets.models import Target
from ..utils.links import web_url
from .checks import import_warnings
from .result import ParsedAction, ParsedTarget

#: Target fields the parser fills, in the order an editor checks them.
TARGET_FIELDS = [
    "honorific", "name", "position", "organisation", "address", "country",
    "email", "fax", "phone", "x_handle", "facebook", "salutation",
    "preferred_languages",
]  # fmt: skip


class ImportRefused(Exception):
    """The document cannot become a draft; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Imported:
    """The draft made, what the editor should check and what they still have to do."""

    page: UrgentActionPage
    reused_targets: list[Target] = field(default_factory=list)
    created_targets: list[Target] = field(default_factory=list)
    #: Warnings (see :mod:`.checks`): the draft was made, but may be a mistake.
    warnings: list[str] = field(default_factory=list)
    left_for_editor: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing to check and nothing left: every part was found."""
        return not (self.warnings or self.left_for_editor)


def missing_parts(parsed: ParsedAction) -> list[str]:
    """The parts of an Urgent Action the document did not give, besides those the
    parser already warns about (title, number, deadline, targets, letter)."""
    checks = [
        (parsed.summary, _("summary")),
        (parsed.subject_name, _("name of the person at risk")),
        (parsed.steps, _("take-action steps")),
        (
            not parsed.targets
            or any(t.role == TargetRole.PRIMARY for t in parsed.targets),
            _("a target to write to (only copies were found)"),
        ),
        (parsed.additional_information, _("additional information")),
        (parsed.preferred_languages, _("languages to write in")),
        (parsed.country, _("country")),
    ]
    return [label for found, label in checks if not found]


def check_importable(parsed: ParsedAction) -> None:
    if not parsed.is_urgent_action:
        raise ImportRefused(
            _(
                "This document does not look like an Urgent Action: no title with a "
                "deadline, a UA number or targets was found."
            )  # fmt: skip
        )
    if parsed.deadline is None:
        raise ImportRefused(
            _(
                "No deadline was found. An Urgent Action cannot be drafted without "
                "one: add the date (e.g. “PLEASE TAKE ACTION AS SOON AS POSSIBLE "
                "UNTIL: November 1, 2024”) and import again."
            )  # fmt: skip
        )


@transaction.atomic
def build_draft(parsed: ParsedAction, parent, user=None) -> Imported:
    """Create the draft below ``parent`` (an Urgent Action index) in its locale.

    Never publishes. Raises :class:`ImportRefused`, having written nothing, when
    the document cannot become a draft.
    """
    check_importable(parsed)
    imported = Imported(
        page=UrgentActionPage(), warnings=import_warnings(parsed, parent, user)
    )
    notes = imported.left_for_editor
    targets = []
    for found in parsed.targets:
        target = find_or_create_target(found, parent.locale, imported)
        if target is not None:
            targets.append((target, found.role))
    with translation.override(parent.locale.language_code):
        page = new_page(parsed, parent, targets)
    page.owner = user  # an editor who may only add pages can open their draft
    notes.extend(not_web_links(page))
    notes.extend(too_long(page))
    try:
        parent.add_child(instance=page)
    except ValidationError as error:
        raise ImportRefused(" ".join(error.messages)) from None
    # A draft may lack what the document did not give (the editor completes it
    # and Wagtail validates everything when it is published).
    page.save_revision(user=user, log_action=True, clean=False)
    imported.page = page
    notes[:0] = [
        _("Not found in the document: %(part)s.") % {"part": part}
        for part in missing_parts(parsed)
    ]
    notes.extend(parsed.warnings)
    return imported


def new_page(parsed: ParsedAction, parent, targets) -> UrgentActionPage:
    requested = slugify(parsed.title, allow_unicode=True)[:80] or "urgent-action"
    slug = find_available_slug(parent, requested)
    return UrgentActionPage(
        title=parsed.title,
        slug=slug,
        locale=parent.locale,
        live=False,
        has_unpublished_changes=True,
        ua_number=parsed.ua_number,
        update_number=parsed.update_number or 1,
        document_index=parsed.document_index,
        issued_on=parsed.issued_on,
        deadline=parsed.deadline,
        subject_name=parsed.subject_name,
        subject_pronoun=parsed.subject_pronoun,
        country=parsed.country,
        summary=parsed.summary,
        preferred_languages=parsed.preferred_languages,
        own_language_welcome=parsed.own_language_welcome,
        previous_action_url=parsed.previous_action_url,
        body=body(parsed, targets),
    )


def not_web_links(page: UrgentActionPage) -> list[str]:
    """Leave out a link to the previous Urgent Action that is not a web address
    (a document may hold a ``javascript:`` one), saying so."""
    url = page.previous_action_url
    if not url or web_url(url):
        return []
    page.previous_action_url = ""
    return [
        _(
            "The link to the previous Urgent Action, “%(url)s”, is not a web "
            "address (https://…) and was left out."
        )
        % {"url": url}
    ]


def too_long(page: UrgentActionPage) -> list[str]:
    """Cut text longer than its field allows, saying so: the editor shortens it."""
    notes = []
    for model_field in page._meta.concrete_fields:
        value = getattr(page, model_field.attname)
        limit = getattr(model_field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            setattr(page, model_field.attname, value[:limit])
            notes.append(
                _("The %(field)s was longer than %(limit)d characters and was cut.")
                % {"field": model_field.verbose_name, "limit": limit}
            )
    return notes


def paragraphs(texts: list[str]) -> str:
    return format_html_join("", "<p>{}</p>", ((text,) for text in texts))


def body(parsed: ParsedAction, targets) -> list[dict]:
    """The default body, filled in with what the document gave."""
    letter = {
        "salutation": parsed.letter_salutation,
        "body": paragraphs(parsed.letter_paragraphs),
        "closing": parsed.letter_closing or _("Yours sincerely,"),
    }
    return default_body(
        steps=[(s.kind, format_html("<p>{}</p>", s.text)) for s in parsed.steps],
        targets=targets,
        letter=letter,
        information=paragraphs(parsed.additional_information),
    )


def find_or_create_target(found: ParsedTarget, locale, imported: Imported):
    """The CMS's target with the same email, or the same name and organisation;
    else a new one. Values that do not validate are left out and listed."""
    existing = Target.objects.filter(locale=locale)
    match = None
    if found.email:
        match = existing.filter(email__iexact=found.email).first()
    if match is None and (found.name or found.organisation):
        match = existing.filter(
            name__iexact=found.name, organisation__iexact=found.organisation
        ).first()
    if match is not None:
        imported.reused_targets.append(match)
        return match
    if found.email and (
        other := Target.objects.filter(email__iexact=found.email).first()
    ):
        # The same official in another language: this locale's version of it.
        translated = other.copy_for_translation(locale)
        translated.save()
        imported.created_targets.append(translated)
        return translated
    target = Target(locale=locale, **{f: getattr(found, f) for f in TARGET_FIELDS})
    if not valid_target(target, imported.left_for_editor):
        return None
    target.save()
    imported.created_targets.append(target)
    return target


def valid_target(target: Target, notes: list[str]) -> bool:
    """Blank each field that does not validate (noting it); False if the target
    is still invalid, e.g. with no way left to reach it."""
    for _attempt in range(2):
        try:
            target.full_clean(exclude=["translation_key"])
            return True
        except ValidationError as error:
            fields = {k: v for k, v in error.message_dict.items() if k != "__all__"}
            if not fields:
                break
            for name, messages in fields.items():
                notes.append(
                    _("%(target)s: “%(value)s” was left out of %(field)s: %(error)s")
                    % {
                        "target": target,
                        "value": getattr(target, name),
                        "field": Target._meta.get_field(name).verbose_name,
                        "error": " ".join(messages),
                    }
                )
                setattr(target, name, Target._meta.get_field(name).get_default())
    notes.append(
        _("%(target)s was not added: %(error)s")
        % {"target": target, "error": _("it has no name or no way to reach it.")}
    )
    return False
