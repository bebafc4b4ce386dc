"""Find the parts of an Urgent Action in its plain text.

:func:`parse` reads the document line by line. Labelled facts (the deadline, the
preferred languages, the name and pronoun, the link to the previous action, the
header with the UA number) are recognised wherever they are; everything else
belongs to the part of the document the last heading opened:

banner, title and summary → ``TAKE ACTION`` steps → the officials to write to
(``CC:`` / ``And copies to:`` for copies) → the sample letter, from its salutation
to its closing → ``ADDITIONAL INFORMATION``.

English and Spanish documents, new (2020s) and old (2010s) layouts. The regular
expressions and tables are in :mod:`.patterns`. Lines that fit nowhere become
warnings for the editor; nothing here raises on any text.
"""

import logging
import re

from django.utils.translation import gettext as _

from . import patterns as p
from .result import ParsedAction, ParsedStep, ParsedTarget

logger = logging.getLogger(__name__)

# The parts of a document, in the order they usually come.
HEADER, SUMMARY, STEPS, APPEALS, TARGETS, LETTER, AFTER_LETTER, ADDITIONAL = range(8)


def parse(text: str) -> ParsedAction:
    """The Urgent Action in ``text``; what it could not find is in ``warnings``."""
    try:
        return _Parser(text).parse()
    except Exception:  # a bug must not lose the editor's upload: report it instead
        logger.exception("Could not parse an Urgent Action document")
        return ParsedAction(warnings=[_("Could not read this document.")])


def clean_lines(text: str) -> list[str]:
    """Lines without surrounding or repeated whitespace; blank lines are ""."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\t", " ")
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]


def paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a paragraph ends at a blank line or at a
    line that ends a sentence (documents often have one line per paragraph)."""
    result, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        if current and (not line or re.search(r"[.!?:][\"”’)]?$", line)):
            result.append(" ".join(current))
            current = []
    return result


def is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


class _Parser:
    def __init__(self, text: str):
        self.lines = clean_lines(text)
        self.result = ParsedAction()
        self.state = HEADER
        self.title_lines: list[str] = []
        self.summary: list[str] = []
        self.letter: list[str] = []
        self.additional: list[str] = []
        self.chunks: list[tuple[str, list[str]]] = []  # (role, lines) per target
        self.role = "primary"
        self.step_kind = ""  # old-style appeals are all "letter" steps
        self.unplaced: list[str] = []

    # --- the walk through the lines ------------------------------------------

    def parse(self) -> ParsedAction:
        for index, line in enumerate(self.lines):
            if line and not self.read_fact(line):
                self.read_line(index, line)
            elif not line:
                self.end_chunk()
        self.finish()
        return self.result

    def read_fact(self, line: str) -> bool:
        """Take a labelled fact from ``line``; True if nothing else is in it."""
        r = self.result
        if match := p.PREFERRED_LANGUAGES.match(line):
            self.read_languages(match["languages"])
            return True
        if match := p.NAME_AND_PRONOUN.match(line):
            r.subject_name = match["name"].strip()
            r.subject_pronoun = (match["pronoun"] or "").strip().lower()
            return True
        if match := p.PREVIOUS_ACTION.match(line):
            r.previous_action_url = match["url"].rstrip(".,;)")
            return True
        if self.read_deadline(line):
            if re.search(r"\bto\s*:?$|\ba\s*:$", line, re.I):  # "…2015 TO:"
                self.begin_targets("primary")
            return True
        if self.state != LETTER and (match := p.WRITE_IN.search(line)):
            self.read_languages(match["languages"])
            self.state, self.step_kind = APPEALS, "letter"
            if match["rest"]:
                self.add_step(match["rest"])
            return True
        if self.state in (HEADER, SUMMARY) and self.read_header(line):
            return True
        if p.BANNER.match(line) or p.BOILERPLATE.match(line):
            return True
        if p.DIPLOMATS.match(line):
            self.end_chunk()
            self.state = AFTER_LETTER
            return True
        return False

    def read_line(self, index: int, line: str) -> None:
        """Give ``line`` to the part of the document it belongs to."""
        if match := p.TAKE_ACTION.match(line):
            self.state, self.step_kind = STEPS, ""
            if match["rest"]:
                self.add_step(match["rest"])
        elif p.ADDITIONAL_INFORMATION.match(line):
            self.end_chunk()
            self.state = ADDITIONAL
        elif self.state in (STEPS, APPEALS, TARGETS) and (
            match := p.COPIES.match(line)
        ):
            self.begin_targets("cc")
            if match["rest"]:
                self.chunks[-1][1].append(match["rest"])
        elif self.state not in (LETTER, ADDITIONAL) and self.is_salutation(index):
            self.end_chunk()
            self.result.letter_salutation = line
            self.state = LETTER
        elif self.state == LETTER:
            if p.CLOSING.match(line):
                self.result.letter_closing = line
                self.state = AFTER_LETTER
            else:
                self.letter.append(line)
        elif self.state == HEADER:
            self.read_title(line)
        elif self.state == SUMMARY:
            self.summary.append(line)
        elif self.state in (STEPS, APPEALS):
            self.read_step(line)
        elif self.state == TARGETS:
            self.read_target_line(line)
        elif self.state == ADDITIONAL:
            self.additional.append(line)
        else:
            self.unplaced.append(line)

    # --- header, title and summary --------------------------------------------

    def read_header(self, line: str) -> bool:
        """UA number, index, country and date from a header line, if it is one."""
        match = p.UA_NUMBER.search(line)
        if not match and not p.FOLLOW_UP.search(line):
            return False
        if match:
            self.read_ua_number(match)
        if p.FOLLOW_UP.search(line):
            self.result.update_number = max(self.result.update_number, 2)
        if index := p.DOCUMENT_INDEX.search(line):
            self.result.document_index = re.sub(r"\s+", " ", index["index"])
        if date := p.ISSUE_DATE.search(line):
            self.result.issued_on = p.find_date(date["rest"])
        if country := p.HEADER_COUNTRY.search(line):
            self.result.country = p.country_code(country["country"])
        return True

    def read_ua_number(self, match: re.Match) -> None:
        r = self.result
        if r.ua_number:
            return
        year = match["year"][-2:]
        r.ua_number = f"{match['number']}/{year}"
        if match["update"]:
            r.update_number = int(match["update"])
        elif match["ordinal"]:
            r.update_number = p.ORDINALS[match["ordinal"].casefold()]
        elif match["kind"].upper() == "FI":
            r.update_number = max(r.update_number, 2)

    def read_title(self, line: str) -> None:
        """The first line is the title; an all-capitals title may run on."""
        if not self.title_lines or (is_upper(line) and is_upper(self.title_lines[-1])):
            self.title_lines.append(line)
        else:
            self.state = SUMMARY
            self.summary.append(line)

    def title(self) -> str:
        """The title in sentence case, keeping the capitals of names."""
        title = " ".join(self.title_lines).strip(" .:")
        if not is_upper(title):
            return title
        proper = self.proper_words()
        words = []
        for position, word in enumerate(title.split()):
            core, rest = re.match(r"^([\w-]*)(.*)$", word).groups()
            known = proper.get(core.casefold())
            if known:
                words.append(known + rest.lower())
            elif position == 0:
                words.append(word[:1] + word[1:].lower())
            else:
                words.append(word.lower())
        return " ".join(words)

    def proper_words(self) -> dict[str, str]:
        """Words the document writes with a capital in mid-sentence and never in
        lower case (names, places), by their lower-case form."""
        text = " ".join(self.summary + self.letter + self.additional)
        text += " " + self.result.subject_name
        capital, lower = {}, set()
        for match in re.finditer(r"[^\W\d_]+", text):
            word = match[0]
            before = text[: match.start()].rstrip()
            if word.islower():
                lower.add(word)
            elif before and before[-1] not in '.!?:"“”' and word[0].isupper():
                capital.setdefault(word.casefold(), word)
        for name in self.result.subject_name.split():
            capital[name.casefold()] = name
        return {key: word for key, word in capital.items() if key not in lower}

    # --- steps -------------------------------------------------------------------

    def read_step(self, line: str) -> None:
        bullet = p.BULLET.match(line)
        steps = self.result.steps
        if bullet and bullet["text"]:
            self.add_step(bullet["text"])
        elif steps and not re.search(r"[.!?:]$", steps[-1].text):
            steps[-1].text += " " + line  # a step that runs on to the next line
        elif self.state == STEPS and not steps:
            self.add_step(line)
        else:
            self.begin_targets("primary")
            self.read_target_line(line)

    def add_step(self, text: str) -> None:
        text = p.CLICK_HERE.sub("", text.strip())
        text = text[:1].upper() + text[1:]
        kind = self.step_kind or next(
            (kind for kind, pattern in p.STEP_KINDS if pattern.search(text)), "other"
        )
        self.result.steps.append(ParsedStep(kind=kind, text=text))

    # --- targets -----------------------------------------------------------------

    def begin_targets(self, role: str) -> None:
        self.end_chunk()
        self.state, self.role = TARGETS, role
        self.chunks.append((role, []))

    def end_chunk(self) -> None:
        """End the current target: the next line starts another one."""
        if self.chunks and self.chunks[-1][1]:
            self.chunks.append((self.role, []))

    def read_target_line(self, line: str) -> None:
        if not self.chunks:
            self.chunks.append((self.role, []))
        current = self.chunks[-1][1]
        free_text = p.CONTACT_LABEL.split(line, maxsplit=1)[0].strip()
        has_contacts = any(p.CONTACT_LABEL.search(line) for line in current)
        if free_text and has_contacts:  # contacts end a target
            self.chunks.append((self.role, [line]))
        else:
            current.append(line)

    # --- the rest ----------------------------------------------------------------

    def is_salutation(self, index: int) -> bool:
        """A "Dear Minister," line, or a short line ending in "," or ":" before a
        long paragraph ("Fiscal General de México:")."""
        line = self.lines[index]
        if p.SALUTATION.match(line):
            return True
        if self.state not in (STEPS, APPEALS, TARGETS) or not re.search(r"[,:]$", line):
            return False
        if len(line.split()) > 8 or re.search(r"\d|@|https?:", line):
            return False
        if p.CONTACT_LABEL.search(line) or p.COPIES.match(line):
            return False
        following = next((line for line in self.lines[index + 1 :] if line), "")
        return len(following.split()) >= 15 and not p.BULLET.match(following)

    def read_languages(self, text: str) -> None:
        r = self.result
        for name in p.LANGUAGE_SEPARATORS.split(text.strip(" .:")):
            name = name.strip(" .:")
            if not name:
                continue
            if p.OWN_LANGUAGE.search(name):
                r.own_language_welcome = True
            elif code := p.find_language(name):
                if code not in r.preferred_languages:
                    r.preferred_languages.append(code)
            else:
                r.warnings.append(
                    _("“%(language)s” is not a language we know.") % {"language": name}
                )

    def read_deadline(self, line: str) -> bool:
        for pattern in p.DEADLINES:
            if (match := pattern.search(line)) and (date := p.find_date(match["date"])):
                self.result.deadline = self.result.deadline or date
                return True
        return False

    def finish(self) -> None:
        r = self.result
        r.summary = "\n\n".join(paragraphs(self.summary))
        r.letter_paragraphs = paragraphs(self.letter)
        r.additional_information = paragraphs(self.additional)
        targets = [read_target(lines, role) for role, lines in self.chunks if lines]
        r.targets = [t for t in targets if t.name or t.position or t.organisation]
        self.fill_targets()
        r.title = self.title()
        if not r.ua_number:  # "… the actions you took on Third Urgent Action 147.20"
            for step in r.steps:
                if match := p.UA_NUMBER.search(step.text):
                    self.read_ua_number(match)
                    break
        if not r.country:
            primary = [
                t.country for t in r.targets if t.role == "primary" and t.country
            ]
            r.country = primary[0] if primary else p.find_country(r.summary)
        self.warn()

    def fill_targets(self) -> None:
        r = self.result
        primary = [t for t in r.targets if t.role == "primary"]
        if primary and not primary[0].salutation and r.letter_salutation:
            primary[0].salutation = r.letter_salutation.rstrip(" ,:")
        for target in primary:
            target.preferred_languages = list(r.preferred_languages)

    def warn(self) -> None:
        r = self.result
        for missing, message in (
            (not r.title, _("Could not find the title.")),
            (not r.ua_number, _("Could not find the Urgent Action number.")),
            (not r.deadline, _("Could not find the deadline.")),
            (not r.targets, _("Could not find anyone to write to.")),
            (not r.letter_paragraphs, _("Could not find the sample letter.")),
        ):
            if missing:
                r.warnings.append(message)
        if r.letter_paragraphs and not r.letter_closing:
            r.warnings.append(_("Could not find the end of the sample letter."))
        for line in self.unplaced:
            r.warnings.append(
                _("Could not place this line: “%(line)s”") % {"line": line}
            )


# --- one target ------------------------------------------------------------------


def read_target(lines: list[str], role: str) -> ParsedTarget:
    """An official from their block of lines: name, position, address, contacts."""
    target = ParsedTarget(role=role)
    free = []
    for line in lines:
        parts = p.CONTACT_LABEL.split(line)
        if parts[0].strip():
            free.append(parts[0].strip())
        for label, value in zip(parts[1::2], parts[2::2], strict=False):
            set_contact(target, label, value)
    if len(free) == 1 and "," in free[0]:  # a whole target squeezed on one line
        free = [part.strip() for part in free[0].split(",") if part.strip()]
    read_envelope(target, free)
    target.country = target_country(target)
    return target


def set_contact(target: ParsedTarget, label: str, value: str) -> None:
    field = p.CONTACT_LABELS.get(label.casefold())
    value = value.strip().rstrip(" ;|,")
    if not field or not value or getattr(target, field):
        return
    if field == "x_handle":
        value = re.sub(r"^(?:https?://)?(?:www\.)?(?:twitter|x)\.com/", "@", value)
        value = value.split()[0]
        value = value if value.startswith("@") else "@" + value
    elif field == "salutation":
        value = value.rstrip(" ,:")
    elif field in ("email", "facebook"):
        value = value.split()[0].rstrip(".")
    setattr(target, field, value)


def read_envelope(target: ParsedTarget, lines: list[str]) -> None:
    """Organisation, person, position and address from the lines of a target."""
    lines = list(lines)
    if lines and p.ORGANISATION.match(lines[0]) and not re.search(r"\d", lines[0]):
        target.organisation = lines.pop(0)
    if len(lines) > 1 and is_position_before_person(lines[0], lines[1]):
        target.position = lines.pop(0)  # "Minister of Justice" / "Mr. Carlos …"
    if lines and looks_like_person(lines[0]):
        read_person(target, lines.pop(0))
        if lines and not target.position and p.POSITION_START.match(lines[0]):
            target.position = lines.pop(0)
    if lines and not target.organisation and p.ORGANISATION.match(lines[0]):
        if not re.search(r"\d", lines[0]):
            target.organisation = lines.pop(0)
    target.address = "\n".join(lines)


def is_position_before_person(line: str, following: str) -> bool:
    return bool(
        p.POSITION_START.match(line)
        and not p.HONORIFIC.search(line)
        and p.HONORIFIC.search(following)
        and looks_like_person(following)
    )


def looks_like_person(line: str) -> bool:
    if re.search(r"\d", line) or line.lower().startswith("c/o"):
        return False
    if p.HONORIFIC.search(line) or p.POSITION_START.match(line):
        return True
    words = line.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def read_person(target: ParsedTarget, line: str) -> None:
    """ "Chargé d'Affaires Mr. Pavel Shidlovsky" → position, honorific, name."""
    line = line.rstrip(" ,")
    if match := p.HONORIFIC.search(line):
        target.position = line[: match.start()].strip(" ,") or target.position
        target.honorific = match["honorific"]
        target.name = line[match.end() :].strip(" ,")
        return
    if not p.POSITION_START.match(line):
        target.name = line
        return
    words = line.split()
    split = len(words)
    while (
        split > 0
        and len(words) - split < 4
        and words[split - 1][:1].isupper()
        and words[split - 1].casefold() not in p.POSITION_WORDS
    ):
        split -= 1
    if len(words) - split >= 3 and words[split - 1].casefold() in ("of", "de"):
        split += 1  # "Prosecutor General of Tehran Abbas Jafari": a place, not a name
    if len(words) - split >= 2:
        target.position = " ".join(words[:split])
        target.name = " ".join(words[split:])
    else:
        target.position = line


def target_country(target: ParsedTarget) -> str:
    """Where the envelope goes: a country in the address, or an embassy's host."""
    for line in reversed(target.address.splitlines()):
        if code := p.find_country(line, last=True) or p.country_code(
            re.sub(r"\s*\d[\d\s-]*$", "", line)
        ):
            return code
    if target.organisation and (match := p.HOST_COUNTRY.search(target.organisation)):
        if code := p.country_code(match["country"]):
            return code
    return ""
