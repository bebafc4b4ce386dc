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

from . import patterns
from .language import detect_language
from .result import ParsedAction, ParsedStep, ParsedTarget

logger = logging.getLogger(__name__)

# The parts of a document, in the order they usually come.
HEADER, SUMMARY, STEPS, APPEALS, TARGETS, LETTER, AFTER_LETTER, ADDITIONAL = range(8)
# Longer lines are prose, never a deadline instruction or a header.
MAX_INSTRUCTION_WORDS = 20
#: Nor more characters: the deadline patterns scan from each "act" they meet,
#: so a long "word" such as "act.act.act…" would cost time in its square.
MAX_INSTRUCTION_CHARACTERS = 300
MAX_HEADER_WORDS = 16
# An all-capitals title runs on for at most this many lines / characters.
MAX_TITLE_LINES = 2
MAX_TITLE_LENGTH = 200


def parse(text: str) -> ParsedAction:
    """The Urgent Action in ``text``; what it could not find is in ``warnings``."""
    try:
        return _Parser(text).parse()
    except Exception:  # a bug must not lose the editor's upload: report it instead
        logger.exception("Could not parse an Urgent Action document")
        return ParsedAction(warnings=[_("Could not read this document.")])


#: Unicode's explicit direction embeddings, overrides and isolates.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_lines(text: str) -> list[str]:
    """Lines without surrounding or repeated whitespace, nor the invisible
    controls that reorder right-to-left text (a title that reads otherwise than
    it is stored); blank lines are ""."""
    text = BIDI_CONTROLS.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
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
        self.deadline_rank = 99  # lower is better: an explicit "Deadline:" is 0

    # --- the walk through the lines ------------------------------------------

    def parse(self) -> ParsedAction:
        skip = set()
        for index, line in enumerate(self.lines):
            if index in skip:
                continue
            if not line:
                self.end_chunk()
                continue
            if (following := self.date_on_next_line(index)) is not None:
                skip.add(following)  # "… UNTIL:" / "November 1, 2024"
                line = f"{line} {self.lines[following]}"
            if not self.read_fact(line):
                self.read_line(index, line)
        self.finish()
        return self.result

    def read_fact(self, line: str) -> bool:
        """Take a labelled fact from ``line``; True if nothing else is in it."""
        found = self.result
        if match := patterns.PREFERRED_LANGUAGES.match(line):
            self.read_languages(match["languages"])
            return True
        if match := patterns.NAME_AND_PRONOUN.match(line):
            self.read_name_and_pronoun(line, match)
            return True
        if match := patterns.PREVIOUS_ACTION.match(line):
            found.previous_action_url = match["url"].rstrip(".,;)")
            return True
        if self.is_deadline_instruction(line) and self.read_deadline(line):
            if re.search(r"\bto\s*:?$|\ba\s*:$", line, re.I):  # "…2015 TO:"
                self.begin_targets("primary")
            return True
        if self.state != LETTER and (match := patterns.WRITE_IN.search(line)):
            self.read_languages(match["languages"])
            self.state, self.step_kind = APPEALS, "letter"
            if match["rest"]:
                self.add_step(match["rest"])
            return True
        if self.state in (HEADER, SUMMARY) and self.read_header(line):
            return True
        if patterns.BANNER.match(line) or patterns.BOILERPLATE.match(line):
            return True
        if patterns.DIPLOMATS.match(line):
            if patterns.FOR_EXAMPLE.search(line):  # "…, for example:" and an embassy
                self.begin_targets("cc")
            else:
                self.end_chunk()
                self.state = AFTER_LETTER
            return True
        return False

    def read_line(self, index: int, line: str) -> None:
        """Give ``line`` to the part of the document it belongs to."""
        if match := patterns.TAKE_ACTION.match(line):
            self.state, self.step_kind = STEPS, ""
            if match["rest"]:
                self.add_step(match["rest"])
        elif patterns.ADDITIONAL_INFORMATION.match(line):
            self.end_chunk()
            self.state = ADDITIONAL
        elif self.state in (STEPS, APPEALS, TARGETS) and (
            match := patterns.COPIES.match(line)
        ):
            self.begin_targets("cc")
            if match["rest"]:
                self.chunks[-1][1].append(match["rest"])
        elif self.state not in (LETTER, ADDITIONAL) and self.is_salutation(index):
            self.end_chunk()
            self.result.letter_salutation = line
            self.state = LETTER
        elif self.state == LETTER:
            if patterns.CLOSING.match(line):
                self.result.letter_closing = line
                self.state = AFTER_LETTER
            else:
                self.letter.append(line)
        elif self.state == HEADER:
            self.read_title(index, line)
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
        """UA number, index, country and date from a header line, if it is one:
        a short line that begins with the number ("UA: 229/10 …", "Third Urgent
        Action 147.20") or with "Follow-up on UA …"; a summary sentence that only
        mentions an Urgent Action is not a header."""
        if len(line.split()) > MAX_HEADER_WORDS:
            return False
        match = patterns.UA_NUMBER.search(line)
        follow_up = patterns.FOLLOW_UP.search(line)
        if not (match and match.start() == 0) and not (
            follow_up and follow_up.start() == 0
        ):
            return False
        if match:
            self.read_ua_number(match)
        if patterns.FOLLOW_UP.search(line):
            self.result.update_number = max(self.result.update_number, 2)
        if index := patterns.DOCUMENT_INDEX.search(line):
            self.result.document_index = re.sub(r"\s+", " ", index["index"])
        if date := patterns.ISSUE_DATE.search(line):
            self.result.issued_on = patterns.find_date(date["rest"])
        if country := patterns.HEADER_COUNTRY.search(line):
            self.result.country = patterns.country_code(country["country"])
        return True

    def read_ua_number(self, match: re.Match) -> None:
        found = self.result
        if found.ua_number:
            return
        year = match["year"][-2:]
        found.ua_number = f"{match['number']}/{year}"
        if match["update"]:
            found.update_number = int(match["update"])
        elif match["ordinal"]:
            found.update_number = patterns.ORDINALS[match["ordinal"].casefold()]
        elif match["kind"].upper() == "FI":
            found.update_number = max(found.update_number, 2)

    def read_title(self, index: int, line: str) -> None:
        """The first line is the title; an all-capitals title may run on, for
        a line or two (an all-capitals summary follows it in some documents)."""
        runs_on = (
            is_upper(line)
            and is_upper(self.title_lines[-1] if self.title_lines else "")
            and len(self.title_lines) < MAX_TITLE_LINES
            and len(" ".join([*self.title_lines, line])) <= MAX_TITLE_LENGTH
            and not self.opens_capital_paragraph(index)
        )
        if not self.title_lines or runs_on:
            self.title_lines.append(line)
        else:
            self.state = SUMMARY
            self.summary.append(line)

    def opens_capital_paragraph(self, index: int) -> bool:
        """The line at ``index`` runs on into another all-capitals line of text:
        it begins an all-capitals summary rather than ending the title."""
        following = next((line for line in self.lines[index + 1 :] if line), "")
        return bool(
            is_upper(following)
            and not patterns.TAKE_ACTION.match(following)
            and not patterns.ADDITIONAL_INFORMATION.match(following)
            and not patterns.BANNER.match(following)
            and not self.is_deadline_instruction(following)
        )

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
        lines = self.summary + self.letter + self.additional
        # An all-capitals line says nothing about which words are names.
        text = " ".join(line for line in lines if not is_upper(line))
        text += " " + self.result.subject_name
        capital, lower = {}, set()
        for match in re.finditer(r"[^\W\d_]+", text):
            word = match[0]
            # The character before the word, skipping spaces: only the text since
            # the previous word is looked at, so this stays linear in the text.
            at = match.start() - 1
            while at >= 0 and text[at].isspace():
                at -= 1
            before = text[at] if at >= 0 else ""
            if word.islower():
                lower.add(word)
            elif before and before not in '.!?:"“”' and word[0].isupper():
                capital.setdefault(word.casefold(), word)
        for name in self.result.subject_name.split():
            capital[name.casefold()] = name
        return {key: word for key, word in capital.items() if key not in lower}

    # --- steps -------------------------------------------------------------------

    def read_step(self, line: str) -> None:
        bullet = patterns.BULLET.match(line)
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
        text = patterns.CLICK_HERE.sub("", text.strip())
        text = text[:1].upper() + text[1:]
        kind = self.step_kind or next(
            (kind for kind, pattern in patterns.STEP_KINDS if pattern.search(text)),
            "other",
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
        free_text = patterns.CONTACT_LABEL.split(line, maxsplit=1)[0].strip()
        has_contacts = any(patterns.CONTACT_LABEL.search(line) for line in current)
        if free_text and has_contacts:  # contacts end a target
            self.chunks.append((self.role, [line]))
        else:
            current.append(line)

    # --- the rest ----------------------------------------------------------------

    def is_salutation(self, index: int) -> bool:
        """A "Dear Minister," line, or a short line ending in "," or ":" before a
        long paragraph ("Fiscal General de México:")."""
        line = self.lines[index]
        if patterns.SALUTATION.match(line):
            return True
        if self.state not in (STEPS, APPEALS, TARGETS) or not re.search(r"[,:]$", line):
            return False
        if len(line.split()) > 8 or re.search(r"\d|@|https?:", line):
            return False
        if patterns.CONTACT_LABEL.search(line) or patterns.COPIES.match(line):
            return False
        following = next((line for line in self.lines[index + 1 :] if line), "")
        return len(following.split()) >= 15 and not patterns.BULLET.match(following)

    def read_languages(self, text: str) -> None:
        found = self.result
        for name in patterns.LANGUAGE_SEPARATORS.split(text.strip(" .:")):
            name = name.strip(" .:")
            if not name:
                continue
            if patterns.OWN_LANGUAGE.search(name):
                found.own_language_welcome = True
            elif code := patterns.find_language(name):
                if code not in found.preferred_languages:
                    found.preferred_languages.append(code)
            else:
                found.warnings.append(
                    _("“%(language)s” is not a language we know.") % {"language": name}
                )

    def read_name_and_pronoun(self, line: str, match: re.Match) -> None:
        """ "NAME AND PRONOUN: Maryia Kalesnikava (She/her)"; of two people only
        the first is kept, and the editor is told."""
        found = self.result
        name = match["name"].strip()
        pronoun = (match["pronoun"] or "").strip().lower()
        people = [n for n in patterns.MORE_PEOPLE.split(name) if n.strip()]
        if len(people) > 1 or (match["rest"] or "").strip(" ."):
            name, pronoun = (people[0], "") if len(people) > 1 else (name, pronoun)
            found.warnings.append(
                _(
                    "More than one person is named in “%(line)s”: only the first "
                    "was filled in."
                )
                % {"line": line}
            )
        found.subject_name = name.strip()
        found.subject_pronoun = pronoun

    def is_deadline_instruction(self, line: str) -> bool:
        """A line that asks for action by a date ("PLEASE … UNTIL:", "ACTÚA …",
        "This Urgent Action expires …", "Deadline: …"), or a short all-capitals
        line outside the header; never ordinary prose that mentions a date."""
        words = len(line.split())
        if words > MAX_INSTRUCTION_WORDS or len(line) > MAX_INSTRUCTION_CHARACTERS:
            return False
        if patterns.DEADLINE_INSTRUCTION.match(line):
            return True
        digit = re.search(r"\d", line)
        before_date = line[: digit.start()] if digit else line
        return self.state != HEADER and words <= 12 and is_upper(before_date)

    def date_on_next_line(self, index: int) -> int | None:
        """The index of the line with the date of a deadline label that ends its
        own line ("PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL:"), or None."""
        line = self.lines[index]
        if (
            len(line) > 200
            or not patterns.DEADLINE_WITHOUT_DATE.search(line)
            or not self.is_deadline_instruction(line)
            or patterns.find_date(line)
        ):
            return None
        for following in range(index + 1, min(index + 3, len(self.lines))):
            text = self.lines[following]
            if text:
                if len(text.split()) <= 6 and patterns.find_date(text):
                    return following
                return None
        return None

    def read_deadline(self, line: str) -> bool:
        """The deadline from an instruction line; an explicit "Deadline:" or
        "Fecha límite:" wins over other instructions, otherwise the first."""
        for pattern in patterns.DEADLINES:
            if (match := pattern.search(line)) and (
                date := patterns.find_date(match["date"])
            ):
                rank = 0 if patterns.DEADLINE_LABEL.match(line) else 1
                if rank < self.deadline_rank:
                    self.result.deadline, self.deadline_rank = date, rank
                return True
        return False

    def finish(self) -> None:
        found = self.result
        found.summary = "\n\n".join(paragraphs(self.summary))
        found.letter_paragraphs = paragraphs(self.letter)
        found.additional_information = paragraphs(self.additional)
        found.targets = []
        for role, lines in self.chunks:
            if lines and (target := self.read_target(lines, role)):
                found.targets.append(target)
        self.fill_targets()
        found.title = self.title()
        found.language = detect_language("\n".join(self.lines))
        if (
            not found.ua_number
        ):  # "… the actions you took on Third Urgent Action 147.20"
            for step in found.steps:
                if match := patterns.UA_NUMBER.search(step.text):
                    self.read_ua_number(match)
                    break
        if not found.country:
            primary = [
                t.country for t in found.targets if t.role == "primary" and t.country
            ]
            # the country is named early: the start of a huge summary is enough
            found.country = (
                primary[0] if primary else patterns.find_country(found.summary[:5000])
            )
        self.warn()

    def read_target(self, lines: list[str], role: str) -> ParsedTarget | None:
        """The official of a block of lines. A block whose name and position were
        not recognised is kept if it has contacts or an address: its first lines
        are taken as position and name, and the editor is asked to check them."""
        target = read_target(lines, role)
        if target.name or target.position or target.organisation:
            return target
        address = target.address.splitlines()
        has_contacts = any(
            getattr(target, field)
            for field in ("email", "fax", "phone", "x_handle", "facebook")
        )
        looks_like_address = len(address) >= 2 and all(
            len(line.split()) <= 12 for line in address
        )
        if not (has_contacts or looks_like_address):
            return None
        guess_official(target)
        self.result.warnings.append(
            _("Please check the name and position of “%(line)s”.") % {"line": lines[0]}
        )
        return target

    def fill_targets(self) -> None:
        found = self.result
        primary = [t for t in found.targets if t.role == "primary"]
        if primary and not primary[0].salutation and found.letter_salutation:
            primary[0].salutation = found.letter_salutation.rstrip(" ,:")
        for target in primary:
            target.preferred_languages = list(found.preferred_languages)

    def warn(self) -> None:
        found = self.result
        for missing, message in (
            (not found.title, _("Could not find the title.")),
            (not found.ua_number, _("Could not find the Urgent Action number.")),
            (not found.deadline, _("Could not find the deadline.")),
            (not found.targets, _("Could not find anyone to write to.")),
            (not found.letter_paragraphs, _("Could not find the sample letter.")),
        ):
            if missing:
                found.warnings.append(message)
        if found.letter_paragraphs and not found.letter_closing:
            found.warnings.append(_("Could not find the end of the sample letter."))
        for line in self.unplaced:
            found.warnings.append(
                _("Could not place this line: “%(line)s”") % {"line": line}
            )


# --- one target ------------------------------------------------------------------


def read_target(lines: list[str], role: str) -> ParsedTarget:
    """An official from their block of lines: name, position, address, contacts."""
    target = ParsedTarget(role=role)
    free = []
    for line in lines:
        parts = patterns.CONTACT_LABEL.split(line)
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
    field = patterns.CONTACT_LABELS.get(label.casefold())
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
    if (
        lines
        and patterns.ORGANISATION.match(lines[0])
        and not re.search(r"\d", lines[0])
    ):
        target.organisation = lines.pop(0)
    if len(lines) > 1 and is_position_before_person(lines[0], lines[1]):
        target.position = lines.pop(0)  # "Minister of Justice" / "Mr. Carlos …"
    if lines and looks_like_person(lines[0]):
        read_person(target, lines.pop(0))
        if lines and not target.position and patterns.POSITION_START.match(lines[0]):
            target.position = lines.pop(0)
    if lines and not target.organisation and patterns.ORGANISATION.match(lines[0]):
        if not re.search(r"\d", lines[0]):
            target.organisation = lines.pop(0)
    target.address = "\n".join(lines)


def guess_official(target: ParsedTarget) -> None:
    """Position and name from the first lines of an unrecognised target:
    "Leader of the Islamic Republic" / "Ayatollah Sayed 'Ali Khamenei" / …"""
    lines = target.address.splitlines()
    if (
        not lines
        or re.search(r"\d", lines[0])
        or patterns.ADDRESS_WORDS.search(lines[0])
    ):
        return
    first = lines.pop(0)
    if lines and is_name_line(lines[0]):
        target.position = first
        read_person(target, lines.pop(0))
    else:
        read_person(target, first)
    target.address = "\n".join(lines)


def is_name_line(line: str) -> bool:
    """A short line that could be just a person's name: "Hassan Rouhani"."""
    return bool(
        looks_like_person(line)
        and len(line.split()) <= 5
        and not patterns.ADDRESS_WORDS.search(line)
        and not patterns.ORGANISATION.match(line)
        and not (
            patterns.POSITION_START.match(line) and not patterns.HONORIFIC.search(line)
        )
    )


def is_position_before_person(line: str, following: str) -> bool:
    """ "Minister of Justice" / "Mr. Carlos …", or "President" / "Hassan Rouhani"."""
    if not patterns.POSITION_START.match(line) or patterns.HONORIFIC.search(line):
        return False
    if patterns.HONORIFIC.search(following):
        return looks_like_person(following)
    alone = ParsedTarget()
    read_person(alone, line)
    return not alone.name and is_name_line(following)


def looks_like_person(line: str) -> bool:
    if re.search(r"\d", line) or line.lower().startswith("c/o"):
        return False
    if patterns.HONORIFIC.search(line) or patterns.POSITION_START.match(line):
        return True
    words = line.split()
    return 2 <= len(words) <= 4 and all(w.lstrip("'‘’")[:1].isupper() for w in words)


def read_person(target: ParsedTarget, line: str) -> None:
    """ "Chargé d'Affaires Mr. Pavel Shidlovsky" → position, honorific, name."""
    line = line.rstrip(" ,")
    if match := patterns.HONORIFIC.search(line):
        target.position = line[: match.start()].strip(" ,") or target.position
        target.honorific = match["honorific"]
        target.name = line[match.end() :].strip(" ,")
        return
    if not patterns.POSITION_START.match(line):
        target.name = line
        return
    words = line.split()
    split = len(words)
    while (
        split > 0
        and len(words) - split < 4
        and words[split - 1][:1].isupper()
        and words[split - 1].casefold() not in patterns.POSITION_WORDS
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
        if code := patterns.find_country(line, last=True) or patterns.country_code(
            re.sub(r"\s*\d[\d\s-]*$", "", line)
        ):
            return code
    if target.organisation and (
        match := patterns.HOST_COUNTRY.search(target.organisation)
    ):
        if code := patterns.country_code(match["country"]):
            return code
    return ""
