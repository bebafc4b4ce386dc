"""What an admin import read, shown beside the text it was read from.

After an import the editor sees each value found next to the line(s) of the
document it came from (:attr:`.result.ParsedAction.sources`), the part equal to
the value marked; the text the parser could not place; and the warnings and
what is left to complete, before opening the draft. The rows are built here as
plain data; the template escapes all of it (document text is never trusted).

What was read is kept on its :class:`.models.DocumentImport` for
``UA_WAGTAIL_IMPORT_REVIEW_DAYS``: each new import, and ``purge_action_reports``,
delete older ones, pending or not, with their uploads (and fail those no worker
will finish, deleting their uploads: :func:`.document_imports.fail_stuck`).
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from ..choices import StepKind, TargetRole
from ..conf import ua_settings
from ..languages import language_name
from ..pages.models import UrgentActionPage
from ..targets.models import Target
from .build import TARGET_FIELDS, Imported
from .models import DocumentImport
from .patterns import written_dates
from .result import ParsedAction

#: Prose is shown shortened to this many characters, with its line numbers.
PROSE_CHARACTERS = 200
#: Fields of the page, in the order an editor checks them.
PAGE_FIELDS = [
    "title", "ua_number", "update_number", "document_index", "issued_on",
    "deadline", "subject_name", "subject_pronoun", "country", "summary",
    "preferred_languages", "previous_action_url",
]  # fmt: skip
PROSE = {"summary", "letter_paragraphs", "additional_information"}


def store(stored: DocumentImport, imported: Imported, parsed: ParsedAction):
    """Keeps what was read on the import, for its review screen: done."""
    stored.page = imported.page
    stored.parsed = parsed.as_json()
    stored.warnings = list(imported.warnings)
    stored.left_for_editor = list(imported.left_for_editor)
    stored.status = DocumentImport.Status.DONE
    stored.save(
        update_fields=["page", "parsed", "warnings", "left_for_editor", "status"]
    )


def expired():
    cutoff = timezone.now() - datetime.timedelta(days=ua_settings.IMPORT_REVIEW_DAYS)
    return DocumentImport.objects.filter(created_at__lt=cutoff)


def delete_expired() -> int:
    """Deletes the imports older than ``UA_WAGTAIL_IMPORT_REVIEW_DAYS``, what
    they read and their uploads (:func:`.document_imports.delete_file`); how
    many. Those no worker will finish are failed first, and their uploads
    deleted (:func:`.document_imports.fail_stuck`)."""
    from .document_imports import fail_stuck  # which imports this module

    fail_stuck()
    deleted, _by_model = expired().delete()
    return deleted


@dataclass
class SourceLine:
    """A line of the document: ``before`` + ``marked`` + ``after``, where
    ``marked`` is the value found in it ("" when the value is not in it)."""

    number: int  # from 1
    before: str
    marked: str = ""
    after: str = ""


@dataclass
class Row:
    label: str
    value: str
    #: The lines shown in full, the value marked in them; none for prose.
    lines: list[SourceLine] = field(default_factory=list)
    #: "Lines 12–15": where prose (shown shortened) came from.
    line_numbers: str = ""


@dataclass
class Group:
    caption: str
    rows: list[Row]


@dataclass
class DocumentLine:
    number: int
    text: str
    state: str = ""  # "used" by a field, "unplaced", or "" (neither, or blank)


#: The most lines the review lists, of the text not placed and of the whole
#: text: a document of a million short lines must not make a page of them.
MAX_LINES_SHOWN = 2000


@dataclass
class Review:
    groups: list[Group]
    unplaced: list[SourceLine]
    document: list[DocumentLine]
    #: The parser said which lines it read (else no lines can be shown).
    has_lines: bool
    #: How many lines there are of each, of which the first MAX_LINES_SHOWN.
    unplaced_count: int = 0
    document_count: int = 0
    shown: int = MAX_LINES_SHOWN


def review(parsed: ParsedAction) -> Review:
    lines = parsed.lines
    at = indexes(parsed, "unplaced")
    unplaced = [SourceLine(i + 1, lines[i]) for i in at[:MAX_LINES_SHOWN]]
    count = len(at)
    if not unplaced:  # the text without its place in the document
        unplaced = [SourceLine(0, text) for text in parsed.unplaced[:MAX_LINES_SHOWN]]
        count = len(parsed.unplaced)
    return Review(
        groups=field_groups(parsed),
        unplaced=unplaced,
        document=document_lines(parsed)[:MAX_LINES_SHOWN],
        has_lines=bool(lines),
        unplaced_count=count,
        document_count=len(lines),
    )


def indexes(parsed: ParsedAction, path: str) -> list[int]:
    """The valid indexes of ``lines`` the value at ``path`` came from."""
    found = parsed.sources.get(path) or []
    count = len(parsed.lines)
    return [
        i for i in found if isinstance(i, int) and not isinstance(i, bool)
        and 0 <= i < count
    ]  # fmt: skip


@functools.lru_cache(maxsize=64)
def needle(value: str) -> re.Pattern | None:
    """``value`` to look for, in any case (escaped once, not once per line)."""
    value = value.strip()
    return re.compile(re.escape(value), re.IGNORECASE) if value else None


def marked(number: int, line: str, value: str) -> SourceLine:
    """``line`` with the first occurrence of ``value`` (any case) marked."""
    # A value longer than the line is not in it (case folding keeps lengths).
    pattern = needle(value) if len(value.strip()) <= len(line) else None
    match = pattern and pattern.search(line)
    if not match:
        return SourceLine(number, line)
    return marked_span(number, line, *match.span())


def marked_span(number: int, line: str, start: int, end: int) -> SourceLine:
    """``line`` with its characters from ``start`` to ``end`` marked."""
    return SourceLine(number, line[:start], line[start:end], line[end:])


def marked_date(number: int, line: str, date: datetime.date) -> SourceLine:
    """``line`` with the date written in it that is ``date`` marked: the review
    shows dates in the editor's language, not as the document wrote them."""
    for written, match in written_dates(line):
        if written == date:
            return marked_span(number, line, *match.span())
    return SourceLine(number, line)


def source_lines(parsed: ParsedAction, at: list[int], value: str) -> list[SourceLine]:
    """The lines at ``at``, each with the value (or, for an address, the
    envelope line) it holds marked."""
    pieces = [value, *value.splitlines()] if "\n" in value else [value]
    shown = []
    for i in at:
        line = parsed.lines[i]
        for piece in pieces:
            source = marked(i + 1, line, piece)
            if source.marked:
                break
        shown.append(source)
    return shown


def number_ranges(at: list[int]) -> str:
    """``[11, 12, 13, 16]`` → "Lines 12–14, 17" (numbered from 1)."""
    numbers = sorted({i + 1 for i in at})
    ranges, start = [], None
    for n, number in enumerate(numbers):
        if start is None:
            start = number
        if n + 1 == len(numbers) or numbers[n + 1] != number + 1:
            ranges.append(str(start) if start == number else f"{start}–{number}")
            start = None
    return ngettext("Line %(numbers)s", "Lines %(numbers)s", len(numbers)) % {
        "numbers": ", ".join(ranges)
    }


def shortened(text: str) -> str:
    if len(text) <= PROSE_CHARACTERS:
        return text
    return text[:PROSE_CHARACTERS].rstrip() + "…"


def row(parsed: ParsedAction, path: str, label, value: str, at=None) -> Row:
    at = indexes(parsed, path) if at is None else at
    if isinstance(date := getattr(parsed, path, None), datetime.date):
        lines = [marked_date(i + 1, parsed.lines[i], date) for i in at]
        return Row(str(label), value, lines)
    if path.split("[")[0] in PROSE:
        return Row(
            str(label), shortened(value), line_numbers=number_ranges(at) if at else ""
        )
    return Row(str(label), value, source_lines(parsed, at, value))


def shown(name: str, value) -> str:
    """A value as the editor reads it: dates in their language, codes as names."""
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if name == "country":
        return str(countries.name(value) or value)
    if name == "preferred_languages":
        return ", ".join(language_name(code) for code in value)
    return str(value)


def page_label(name: str) -> str:
    if name == "subject_name":
        return capfirst(_("name of the person at risk"))
    return capfirst(UrgentActionPage._meta.get_field(name).verbose_name)


def field_groups(parsed: ParsedAction) -> list[Group]:
    """The values found, with their lines: the action's, then each target's."""
    action = []
    for name in PAGE_FIELDS:
        value = getattr(parsed, name)
        if value and not (name == "update_number" and value == 1):
            action.append(row(parsed, name, page_label(name), shown(name, value)))
    for n, step in enumerate(parsed.steps):
        kind = StepKind(step.kind).label if step.kind in StepKind.values else ""
        label = _("Step %(number)d") % {"number": n + 1}
        label = f"{label} ({kind})" if kind else label
        action.append(row(parsed, f"steps[{n}]", label, step.text))
    letter = [
        ("letter_salutation", _("Salutation"), parsed.letter_salutation),
        ("letter_paragraphs", _("Letter"), "\n\n".join(parsed.letter_paragraphs)),
        ("letter_closing", _("Closing"), parsed.letter_closing),
        (
            "additional_information",
            _("Additional information"),
            "\n\n".join(parsed.additional_information),
        ),
    ]
    action.extend(row(parsed, *found) for found in letter if found[2])
    groups = [Group(_("The Urgent Action"), action)] if action else []
    for n, target in enumerate(parsed.targets):
        block = indexes(parsed, f"targets[{n}]")
        rows = []
        for name in TARGET_FIELDS:
            value = getattr(target, name)
            if not value:
                continue
            value = shown(name, value)
            at = indexes(parsed, f"targets[{n}].{name}")
            if not at:  # the lines of the target's block that hold the value
                found = source_lines(parsed, block, value)
                at = [i for i, line in zip(block, found, strict=True) if line.marked]
            label = capfirst(Target._meta.get_field(name).verbose_name)
            rows.append(row(parsed, f"targets[{n}].{name}", label, value, at))
        role = TargetRole(target.role).label if target.role in TargetRole.values else ""
        who = target.name or target.organisation or target.position
        caption = _("Target %(number)d") % {"number": n + 1}
        details = ": ".join(str(part) for part in (role, who) if part)
        groups.append(Group(f"{caption} ({details})" if details else caption, rows))
    return groups


def document_lines(parsed: ParsedAction) -> list[DocumentLine]:
    """Every line of the document, with whether a field used it or none could."""
    unplaced = set(indexes(parsed, "unplaced"))
    used = set()
    for path in parsed.sources:
        if path != "unplaced":
            used.update(indexes(parsed, path))
    return [
        DocumentLine(
            i + 1,
            line,
            "used" if i in used else "unplaced" if i in unplaced and line else "",
        )
        for i, line in enumerate(parsed.lines[:MAX_LINES_SHOWN])
    ]
