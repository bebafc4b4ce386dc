"""Find the parts of an Urgent Action in its plain text.

:func:`parse` reads the document line by line. Labelled facts (the deadline, the
preferred languages, the name and pronoun, the link to the previous action, the
header with the UA number) are recognised wherever they are; everything else
belongs to the part of the document the last heading opened:

banner, title and summary → ``TAKE ACTION`` steps → the officials to write to
(``CC:`` / ``And copies to:`` for copies) → the sample letter, from its salutation
to its closing → ``ADDITIONAL INFORMATION``.

English, Spanish, French and German documents, new (2020s) and old (2010s)
layouts, section web pages and reposts. The words that label the parts are the
rows of :mod:`.labels`; the regular expressions are in :mod:`.patterns`. Before
a line is classified, labels run together on it are split apart ("SAMPLE
LETTER Dear Ambassador …"). Every value found remembers the lines it came from
(``sources``); lines that fit nowhere are returned as ``unplaced`` and become
warnings for the editor. Nothing here raises on any text.
"""

import datetime
import functools
import itertools
import logging
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import patterns
from .labels import alternatives, line_pattern
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
MAX_HEADER_WORDS = 32
# Lines not placed are warned of one by one up to this many, then counted.
MAX_UNPLACED_WARNINGS = 10
# A line of an address, or a contact, has at most this many words.
MAX_ADDRESS_WORDS = 15
#: An official's block above a letter or a contact is at most this many lines:
#: no further up is looked at (from every line, that would be quadratic).
MAX_BLOCK_LINES = 20
# An all-capitals title runs on for at most this many lines / characters.
MAX_TITLE_LINES = 2
MAX_TITLE_LENGTH = 200
#: An official on one line, after "Write to:", has at most this many characters.
MAX_TARGET_LINE = 500
#: Letters, each to an official, are read as officials up to this many.
MAX_TARGETS = 50
#: A deadline's words come at most this many characters before its date; only
#: the first few dates of a line are looked at.
DATE_WINDOW = 200
MAX_DATE_WINDOWS = 10
#: A UA number named in passing is looked for in this much of the text only.
MAX_UA_NUMBER_SCAN = 100_000
#: A step asking to tweet an official is looked for in this many lines only.
MAX_TWEET_SCAN_LINES = 1_000


def parse(text: str) -> ParsedAction:
    """The Urgent Action in ``text``; what it could not find is in ``warnings``."""
    try:
        return _Parser(text).parse()
    except Exception:  # a bug must not lose the editor's upload: report it instead
        logger.exception("Could not parse an Urgent Action document")
        return ParsedAction(warnings=[_("Could not read this document.")])


#: Unicode's explicit direction embeddings, overrides and isolates.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Halves of UTF-16 pairs alone (a PDF's text can hold them): no database takes
#: them, so a value read from one could not be saved.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_lines(text: str) -> list[str]:
    """Lines without surrounding or repeated whitespace, nor the invisible
    controls that reorder right-to-left text (a title that reads otherwise than
    it is stored); blank lines are ""."""
    text = BIDI_CONTROLS.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = LONE_SURROGATES.sub("\ufffd", text)
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\t", " ")
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]


def first_sentence(line: str) -> tuple[str, str]:
    """A long line's first sentence and the rest (a header run on into the
    summary); a short line and ""."""
    if len(line.split()) <= MAX_HEADER_WORDS:
        return line, ""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", line, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (line, "")


def clean_title(title: str) -> str:
    """The title without what section pages put around it: the banner, the
    button's verb and the country it labels, the kind of action ("URGENT
    ACTION Ägypten – Briefaktion …", "Écrire Colombie. …", "POLAND: … - URGENT
    ACTION"). A country that begins the title itself stays ("Venezuela:
    detenciones …", "Syrie. Un militant …", "ARABIA SAUDÍ: FLAGELACIÓN …")."""
    cleaned = title
    for pattern in patterns.TITLE_PREFIXES:
        cleaned = pattern.sub("", cleaned, count=1)
    labelled = cleaned != title  # a prefix went: what follows may be a label
    title = patterns.TITLE_SUFFIX.sub("", cleaned)
    banner_after = title != cleaned  # "… - URGENT ACTION": a page's label
    if labelled:
        title = without_country_label(title)
    # "Fear for safety/Death threats MEXICO": the country in capitals after it
    last = title.rsplit(" ", 1)
    if (
        len(last) == 2
        and last[1].isupper()
        and not is_upper(last[0])
        and (
            last[0][-1:] not in "-–:"  # "Ammar al Baluchi - USA" keeps it
        )
    ):
        if patterns.country_code(last[1]):
            title = last[0]
    # "- Mexiko - 43 Studierende …": a country between dashes labels it
    dashed = re.match(r"^(?:[-–]\s*)?(?P<country>[^-–]{2,40}?)\s+[-–]\s+(?=\w)", title)
    if dashed and patterns.country_code(dashed["country"]):
        title = title[dashed.end() :]
    match = patterns.TITLE_COUNTRY.match(title)
    if match:
        country, rest = match["country"], title[match.end() :]
        dot = title[match.end("country") :].lstrip()[:1] == "."
        # "GAUTEMALA: Women Threatened … - ONLINE ACTION", "ARABIA SAUDÍ. Temor
        # de …": a label in capitals, even misspelt
        label = country.isupper() and not is_upper(rest) and (banner_after or dot)
        if label or (labelled and dot and patterns.country_code(country)):
            title = rest
    return title.strip() or title


def without_country_label(title: str) -> str:
    """ "Iran Drohende Hinrichtungen …" → "Drohende Hinrichtungen …": the
    country a section's page writes before the title, with no stop between."""
    words = title.split()
    for count in (3, 2, 1):
        country = " ".join(words[:count])
        if len(words) > count and words[count][:1].isupper():
            if re.fullmatch(r"[^\W\d_ ]+(?: [^\W\d_ ]+)*", country) and (
                patterns.country_code(country)
            ):
                return " ".join(words[count:])
    return title


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


#: A heading that opens the sample letter, run together with its salutation.
LETTER_HEADING = re.compile(
    rf"^(?P<heading>{alternatives('letter')})\s*:?\s+(?P<rest>\S.*)$", re.I
)


def split_inline(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with labels run together on one line split apart, and for each
    resulting piece the index of the line it came from."""
    pieces, origin = [], []
    for index, line in enumerate(lines):
        for piece in _split_line(line):
            pieces.append(piece)
            origin.append(index)
    return pieces, origin


def _split_line(line: str) -> list[str]:
    """ "SAMPLE LETTER Dear Ambassador, I am writing …" → the heading, the
    salutation and the letter's first words; "Please send … to: Name/ Office/
    … / Bahrain." → the request and each line of the envelope; any other
    line as it is."""
    if ":" in line and (request := patterns.REQUEST_TO.match(line)):
        if envelope := slashed_envelope(request["rest"]):
            return [request["request"], *envelope]
        rest = request["rest"].strip()  # "… l'envoyer à : Monsieur le Ministre …"
        if len(rest.split()) <= 10 and (
            patterns.HONORIFIC.match(rest) or patterns.POSITION_START.match(rest)
        ):
            return [request["request"], rest]
    match = LETTER_HEADING.match(line)
    if not match and (glued := GLUED_SALUTATION.match(line)):
        # "Monsieur le Ministre,Considérant …": a page joined the paragraphs
        return [glued["salutation"], glued["text"]]
    if not match or not line_pattern("salutation").match(match["rest"]):
        return [line]
    salutation = re.match(
        r"^(?P<salutation>.{1,60}?[,:])\s*(?P<text>.*)$", match["rest"]
    )
    if not salutation:
        return [match["heading"], match["rest"]]
    return [match["heading"], salutation["salutation"], salutation["text"]]


def slashed_envelope(text: str) -> list[str]:
    """The lines of an envelope written on one line with "/" between them
    (three or more short parts), or []."""
    if re.search(r"https?:|www\.", text) or len(text) > 400:
        return []  # a link's path, or no envelope
    parts = [part.strip(" .") for part in text.split("/")]
    if not 3 <= len(parts) <= 12 or not all(0 < len(p.split()) <= 10 for p in parts):
        return []
    return parts


#: A title in capitals, then the summary's first sentence on the same line.
CAPITALS_THEN_TEXT = re.compile(
    r"^(?P<title>(?:[A-ZÀ-Ý][A-ZÀ-Ý'’-]+\s+){2,}[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)\s+"
    r"(?P<text>[A-ZÀ-Ý][a-zà-ÿ]+\s+[a-zà-ÿ].{40,})$"
)


def is_title_like(line: str) -> bool:
    """A short line that could be a title: not a label, a link or a bullet."""
    return (
        2 <= len(line.split()) <= 20
        and not re.search(r"[:;,]$|@|https?://", line)
        and not patterns.BULLET.match(line)
    )


#: A salutation with the letter's first sentence run into it, no space between.
GLUED_SALUTATION = re.compile(
    rf"^(?P<salutation>(?:{alternatives('salutation')})\b[^,:]{{0,60}}[,:])"
    # "Monsieur le Ministre,Considérant …", or "Dear Counselor, Amid rising
    # fears …": a letter's paragraph run into its salutation
    r"\s?(?P<text>(?-i:[A-ZÀ-Ý])\S*(?:\s+\S+){7,}.*)$",
    re.I,
)


#: "Para Fiscal General de la República …" above the title: whom the page's
#: letter is for, said again below.
ADDRESSED_TO = re.compile(
    r"^(?:para|to|an|[àa])\s+(?:el\s+|la\s+|the\s+|den\s+|die\s+)?"
    + patterns.POSITION_START.pattern.removeprefix("^"),
    re.I,
)


#: Four digits, as the year of a date.
YEAR = re.compile(r"\d{4}")


#: A request to the reader: never a line of an address.
PLEASE = re.compile(
    r"^(?:please|por\s+favor|bitte|veuillez|s['’]il\s+vous\s+pla[iî]t)\b", re.I
)
#: A second email address or number on a line of its own, under the first.
CONTACT_ALONE = re.compile(
    r"(?:[^\s@]{1,64}@[^\s@]{1,255}|@\w{1,30}|\+?[\d\s().–-]{6,40}|"
    r"(?:https?://|www\.)\S{1,300})"
    r"(?:\s*\([^()]{0,80}\))?"  # "(Persisch)"
    # or another way to reach them: "oder über die Internetseite:"
    r"|(?:or|oder|ou|o)\s.{0,60}:"
)


#: The fields of a target read from the lines of its block, whose lines are
#: noted (not its country, derived from them, nor the action's languages).
TARGET_TEXT_FIELDS = (
    "name", "honorific", "position", "organisation", "address",
    "email", "fax", "phone", "x_handle", "facebook", "salutation",
)  # fmt: skip


class _Parser:
    def __init__(self, text: str):
        self.lines = clean_lines(text)
        self.pieces, self.origin = split_inline(self.lines)
        # The first piece with text after each piece ("" after the last): the
        # parser looks ahead from many lines, and must not scan the rest each time.
        self.next_text = [""] * len(self.pieces)
        for index in range(len(self.pieces) - 1, 0, -1):
            piece = self.pieces[index]
            self.next_text[index - 1] = piece or self.next_text[index]
        self.at = 0  # the index in self.lines of the piece being read
        self.result = ParsedAction(lines=self.lines)
        self.state = HEADER
        self.title_lines: list[str] = []
        self.summary: list[str] = []
        self.summary_at: list[int] = []
        self.letter: list[str] = []
        # Lines not placed since the letter's closing: a page with a letter per
        # official puts the next one's address there, above its salutation.
        self.after_letter: list[tuple[str, int]] = []
        self.another_letter = False  # reading the letter to a further official
        # A banner was read; the title read is the one after a banner; the
        # next line, after a banner, replaces a title that was not.
        self.banner_seen = self.title_confirmed = self.retitle = False
        # A deadline said without its year ("antes del próximo 30 de diciembre")
        # and its line: the action's year completes it, if nothing better comes.
        self.yearless: tuple[str, int] | None = None
        # (name, position, line, email) of an addressee said in a sentence
        self.addressed: tuple[str, str, int, str] | None = None
        self.additional: list[str] = []
        # (role, lines, the index in self.lines of each line) per target
        self.chunks: list[tuple[str, list[str], list[int]]] = []
        self.role = "primary"
        self.step_kind = ""  # old-style appeals are all "letter" steps
        self.deadline_rank = 99  # lower is better: an explicit "Deadline:" is 0
        # The indexes noted for each path, as a set (sources' lists keep the order).
        self.noted: dict[str, set[int]] = {}
        # Lines that run on from the last step, joined to it once (by
        # flush_step): adding to its text line by line would copy it each time.
        self.step_run_on: list[str] = []
        # The block of lines whose contacts were last looked for, how many of
        # its lines were looked at, and whether one had a contact label.
        self.contacts_seen: tuple[list[str], int, bool] = ([], 0, False)

    def note(self, path: str, index: int | None = None) -> None:
        """``path``'s value was read (in part) from the current line."""
        at = self.at if index is None else index
        noted = self.noted.setdefault(path, set())
        if at not in noted:
            noted.add(at)
            self.result.sources.setdefault(path, []).append(at)

    def forget(self, path: str) -> None:
        """``path``'s value is read again: the lines noted for it no longer count."""
        self.result.sources.pop(path, None)
        self.noted.pop(path, None)

    # --- the walk through the lines ------------------------------------------

    def parse(self) -> ParsedAction:
        skip = set()
        for index, line in enumerate(self.pieces):
            if index in skip:
                continue
            self.at = self.origin[index]
            if not line:
                if self.target_ends(index):
                    self.end_chunk()
                continue
            if (following := self.date_on_next_line(index)) is not None:
                skip.add(following)  # "… UNTIL:" / "November 1, 2024"
                line = f"{line} {self.pieces[following]}"
            if not self.read_fact(line):
                self.read_line(index, line)
            if following is not None and self.result.sources.get("deadline") == [
                self.at
            ]:
                self.note("deadline", self.origin[following])
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
            self.note("previous_action_url")
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
        if match := patterns.INDEX_LINE.match(line):
            found.document_index = found.document_index or match["index"]
            self.note("document_index")
            return True
        if self.is_furniture(line):
            self.note("skipped")
            if patterns.BANNER.match(line):
                self.after_banner()
            return True
        self.read_sentences(line)
        if patterns.DIPLOMATS.match(line):
            if patterns.FOR_EXAMPLE.search(line):  # "…, for example:" and an embassy
                self.begin_targets("cc")
            else:
                self.end_chunk()
                self.state = AFTER_LETTER
            self.note("skipped")
            return True
        return False

    def is_furniture(self, line: str) -> bool:
        """A line that says nothing about this action: the banner, boilerplate,
        a site's furniture, a photo credit; in the header, a date, a link or a
        rule alone on their line, and "• Chine" before the title."""
        if (
            patterns.BANNER.match(line)
            or patterns.BOILERPLATE.match(line)
            or patterns.FURNITURE.match(line)
            or (self.state != LETTER and patterns.SUBJECT.match(line))
        ):
            return True
        if self.state != HEADER or self.title_lines:
            return False
        alone = re.sub(r"[\W\d_]+", " ", line).split()
        return bool(
            "©" in line
            or not alone
            or re.fullmatch(r"(?:https?://|www\.)\S+", line)
            or (len(alone) <= 4 and patterns.find_date(line))
            or (patterns.BULLET.match(line) and len(alone) <= 2)
            or ADDRESSED_TO.match(line)
        )

    def read_sentences(self, line: str) -> None:
        """A deadline, the languages to write in or whom a petition is
        addressed to, said in a sentence of a paragraph ("The deadline for
        appeals is 4th June 2013.")."""
        if not 12 <= len(line) <= patterns.MAX_SENTENCE_SCAN:
            return  # too short for any such sentence, or too long to search
        if not self.addressed and (addressee := self.addressee_in(line)):
            name, position, email = addressee
            self.addressed = (name, position, self.at, email)
        if match := self.search_before(patterns.SENTENCE_DEADLINE, YEAR, line):
            if date := patterns.find_date(match["date"]):
                self.offer_deadline(date, 2)
        elif not self.yearless and (
            match := self.search_before(
                patterns.SENTENCE_DEADLINE_NO_YEAR, patterns.DAY_AND_MONTH, line
            )
        ):
            self.yearless = (match["date"], self.at)
        if self.state != LETTER and (match := patterns.WRITE_IN_SENTENCE.search(line)):
            if not self.result.preferred_languages:
                self.read_languages(match["languages"], warn=False)

    def addressee_in(self, line: str) -> tuple[str, str, str] | None:
        """(name, position, email) of whom a petition or a step addresses in
        ``line``, if it names someone: "Dieser Appell richtet sich an …",
        "… envoyez-le par email au Président … via son adresse mail : …",
        "Monsieur le Premier ministre éthiopien, Abiy Ahmed" under the title."""
        if patterns.ADDRESSED_WORDS.search(line) and (  # a quick test first
            match := patterns.ADDRESSED_IN_SENTENCE.search(line)
        ):
            return match["name"].strip(), match["position"].strip(), ""
        if "@" in line and (match := patterns.SEND_TO_SENTENCE.search(line)):
            position, name = split_position(match["who"].strip())
            return (name, position, match["email"]) if name else None
        if self.state in (HEADER, SUMMARY):
            head, comma, name = line.rpartition(",")
            if comma and patterns.HONORIFIC.match(head) and len(line.split()) <= 12:
                if is_name_line(name.strip()) and not re.search(r"[.!?:]$", line):
                    return name.strip(), head.strip(), ""
        return None

    @staticmethod
    def search_before(pattern: re.Pattern, anchor: re.Pattern, line: str):
        """``pattern`` searched only just before the first few matches of
        ``anchor`` (a year, a day and month), where its date must be: a long
        paragraph costs the window's length, not the words' count times the
        pattern's alternatives."""
        for found in itertools.islice(anchor.finditer(line), MAX_DATE_WINDOWS):
            # and a little after it: "nach dem 4. Mai 2012 keine Appelle mehr"
            window = line[max(0, found.start() - DATE_WINDOW) : found.end() + 40]
            if match := pattern.search(window):
                return match
        return None

    def read_line(self, index: int, line: str) -> None:
        """Give ``line`` to the part of the document it belongs to."""
        if self.state != AFTER_LETTER:
            self.after_letter = []  # only lines right after a closing count
        if self.read_heading(line):
            self.note("headings")
        elif self.state not in (LETTER, TARGETS) and self.requests_to(index, line):
            self.begin_targets("primary")  # "Please send … to:" and an envelope
            self.note("headings")
        elif (
            self.state != LETTER
            and line.endswith(":")
            and patterns.COPIES_AT_END.search(line[-80:])
        ):
            self.begin_targets("cc")  # "…, envoyez la aussi en copie à :"
            self.note("headings")
        elif self.state in (STEPS, APPEALS, TARGETS, AFTER_LETTER) and (
            match := patterns.COPIES.match(line)
        ):
            self.begin_targets("cc")
            self.note("headings")
            if match["rest"]:
                self.read_target_line(match["rest"])
        elif self.state not in (LETTER, ADDITIONAL) and self.is_salutation(index):
            self.begin_letter(line)
        elif self.opens_petition_letter(line):
            self.state = LETTER
            self.letter.append(line)
            self.note("letter_paragraphs")
        elif self.state == LETTER:
            if patterns.CLOSING.match(line):
                if self.another_letter:
                    self.leave_unplaced(line)  # a further letter's, for the editor
                else:
                    self.result.letter_closing = line
                    self.note("letter_closing")
                self.state = AFTER_LETTER
            elif self.another_letter:
                self.leave_unplaced(line)
            else:
                self.letter.append(line)
                self.note("letter_paragraphs")
        elif self.state != TARGETS and is_contact_line(line):
            self.begin_targets("primary")  # a whole target on one line
            self.read_target_line(line)
        elif self.state in (SUMMARY, STEPS, APPEALS) and is_envelope_line(line):
            # "Head of Judiciary, Name, c/o Embassy …, BRUSSELS, BELGIUM"
            self.end_chunk()
            self.chunks.append(("primary", [line], [self.at]))
        elif self.state == SUMMARY and patterns.CONTACT_LABEL.match(line):
            # "E-Mail: …" under an address at the end of the text: the
            # official is the short lines above it.
            self.targets_above()
            if self.chunks:
                self.state = TARGETS
                self.read_target_line(line)
            else:
                self.add_summary(line)
        elif self.state == HEADER:
            self.read_title(index, line)
        elif self.state == SUMMARY:
            self.read_summary_line(line)
        elif self.state in (STEPS, APPEALS):
            self.read_step(line)
        elif self.state == TARGETS and not self.is_prose(line):
            self.read_target_line(line)
        elif self.state == ADDITIONAL:
            self.additional.append(line)
            self.note("additional_information")
        else:
            self.leave_unplaced(line)

    def read_heading(self, line: str) -> bool:
        """A line that opens a part of the document: True if it is one."""
        if match := patterns.TAKE_ACTION.match(line):
            self.state, self.step_kind = STEPS, ""
            if match["rest"] and not patterns.OWN_APPEAL.match(line):
                self.add_step(match["rest"])
            elif match["rest"]:
                self.begin_targets("primary")
            return True
        if patterns.LETTER.match(line):
            self.end_chunk()
            self.state = AFTER_LETTER  # the salutation follows
            return True
        if patterns.OWN_APPEAL.match(line):
            self.begin_targets("primary")
            return True
        if match := patterns.TARGETS.match(line):
            self.begin_targets("primary")
            if len(match["rest"] or "") > MAX_TARGET_LINE:
                self.leave_unplaced(match["rest"])  # no official's line is so long
            elif match["rest"]:  # "Write to: President …" on one line
                self.read_target_line(match["rest"])
            return True
        if self.state != LETTER and patterns.DEMANDS.match(line):
            # What an appeal should say: the letter's points, if it has none.
            self.end_chunk()
            self.state = AFTER_LETTER if self.result.letter_salutation else LETTER
            return True
        if patterns.ADDITIONAL_INFORMATION.match(line):
            self.end_chunk()
            self.state = ADDITIONAL
            return True
        return False

    def requests_to(self, index: int, line: str) -> bool:
        """A request ending in "to:" whose envelope was split onto the lines
        after it (the same line of the document)."""
        following = index + 1
        return (
            line.rstrip().endswith(":")
            and following < len(self.pieces)
            and self.origin[following] == self.origin[index]
            and bool(patterns.REQUEST_TO.match(line))
        )

    def is_prose(self, line: str) -> bool:
        """A sentence of a paragraph or a request to the reader, not a line of
        an address ("Por favor, dinos si has realizado esta acción")."""
        if len(line) > 2 * MAX_TARGET_LINE:
            return True  # no line of an address is so long
        words = line.split()
        if PLEASE.match(line):
            return True
        # a long line, or a sentence (even cut short) before an email address,
        # unless it is a whole official with their contacts ("Ambassador …
        # Phone: … I Fax: … Twitter: … Salutation: …")
        lower = sum(word[:1].islower() for word in words)
        long = len(words) > 2 * MAX_ADDRESS_WORDS
        sentence = len(words) > MAX_ADDRESS_WORDS and lower > 0.6 * len(words)
        if (long or sentence) and not is_contact_line(line):
            return True
        return len(words) > MAX_ADDRESS_WORDS and bool(
            re.search(r"[.!?]$|[.!?]\s+[A-ZÀ-Ý]", line)
        )

    def leave_unplaced(self, line: str) -> None:
        self.result.unplaced.append(line)
        self.note("unplaced")
        if self.state == AFTER_LETTER and self.result.letter_salutation:
            self.after_letter.append((line, self.at))

    def add_summary(self, line: str) -> None:
        self.summary.append(line)
        self.summary_at.append(self.at)

    def begin_letter(self, line: str) -> None:
        """The letter's salutation: the officials' list ends. If none was found,
        the lines of an envelope just above it are the official's. A salutation
        after a letter's closing begins a letter to a further official, whose
        envelope is above it; that letter is left unplaced, for the editor."""
        self.end_chunk()
        if self.result.letter_salutation and self.state == AFTER_LETTER:
            self.envelope_after_letter()
            self.another_letter, self.state = True, LETTER
            self.leave_unplaced(line)
            return
        if not any(lines for _, lines, _ in self.chunks):
            self.targets_above()
        self.result.letter_salutation = line
        self.note("letter_salutation")
        self.state = LETTER

    def envelope_after_letter(self) -> None:
        """The official from the lines left after a letter's closing, above the
        next letter's salutation: they were unplaced, now they are a target."""
        if len(self.chunks) > MAX_TARGETS:  # no action has so many officials
            self.after_letter = []
            return
        lines = [line for line, _ in self.after_letter[-MAX_BLOCK_LINES:]]
        count = envelope_lines(lines, self.is_prose)
        block = self.after_letter[len(self.after_letter) - count :] if count else []
        self.after_letter = []
        unplaced = self.result.unplaced
        # they must be the last lines left unplaced, in order
        if not block or unplaced[-len(block) :] != [line for line, _ in block]:
            return
        del unplaced[-len(block) :]
        taken = {index for _, index in block}
        noted = self.result.sources.get("unplaced", [])
        while noted and noted[-1] in taken:
            self.noted["unplaced"].discard(noted.pop())
        lines = [line.rstrip(" ,") for line, _ in block]
        self.chunks.append(("primary", lines, [index for _, index in block]))
        self.end_chunk()

    def opens_petition_letter(self, line: str) -> bool:
        """A petition's letter: no salutation, its first words ("Les escribo
        para …") right below its addressees, who end the summary. They become
        the targets, a block each where a blank line comes before a name."""
        if self.state != SUMMARY or self.letter or self.result.letter_salutation:
            return False
        if any(lines for _, lines, _ in self.chunks):
            return False
        if not patterns.LETTER_OPENING.match(line):
            return False
        count = envelope_lines(self.summary, self.is_prose)
        if not count:
            return False
        lines, at = self.summary[-count:], self.summary_at[-count:]
        del self.summary[-count:], self.summary_at[-count:]
        block = ([], [])
        for number, (text, index) in enumerate(zip(lines, at, strict=True)):
            # a blank line, or a name "Mtra. Arely Gómez González," (a PDF's
            # text may have lost the blank lines)
            gap = number and index > at[number - 1] + 1
            named = text.endswith(",") or patterns.HONORIFIC.match(text)
            if (gap or named) and len(block[0]) >= 2 and starts_target(text):
                self.chunks.append(("primary", *block))
                block = ([], [])
            block[0].append(text.rstrip(" ,"))
            block[1].append(index)
        self.chunks.append(("primary", *block))
        self.end_chunk()
        return True

    def targets_above(self) -> None:
        """The official from the short lines that end the summary, above the
        salutation of a letter (a web page's "Minister …", address, "Fax: …")."""
        count = envelope_lines(self.summary, self.is_prose)
        if not count:
            return
        lines, at = self.summary[-count:], self.summary_at[-count:]
        del self.summary[-count:], self.summary_at[-count:]
        if not self.summary and self.title_is_a_name():
            # a letter alone: "President Abdel Fattah al-Sisi" began it
            lines, at = (
                [self.title_lines[0], *lines],
                [self.result.sources["title"][0], *at],
            )
            self.forget("title")
            self.title_lines = []
        self.chunks.append(("primary", [line.rstrip(" ,") for line in lines], at))

    def ends_with_envelope(self) -> bool:
        """Whether the summary ends with an official's envelope: three or more
        short lines, one of them a street address ("Hiroshi Hiraguchi" /
        "Minister of Justice" / "1-1-1 Kasumigaseki" / …)."""
        count = envelope_lines(self.summary, self.is_prose)
        block = self.summary[-count:] if count >= 3 else []
        return any(is_address_line(line) for line in block[1:]) and looks_like_person(
            block[0]
        )

    def title_is_a_name(self) -> bool:
        """Whether the "title" is an official's first line: a position and a
        name ("President Abdel Fattah al-Sisi") or a name after an honorific."""
        if len(self.title_lines) != 1 or not self.result.sources.get("title"):
            return False
        line = self.title_lines[0]
        return bool(
            (patterns.POSITION_START.match(line) or patterns.HONORIFIC.match(line))
            and len(line.split()) <= 6
            and not re.search(r"[.:!?]$", line)
        )

    # --- header, title and summary --------------------------------------------

    def read_header(self, line: str) -> bool:
        """UA number, index, country and date from a header line, if it is one:
        a short line that begins with the number ("UA: 229/10 …", "Third Urgent
        Action 147.20") or with "Follow-up on UA …"; a summary sentence that only
        mentions an Urgent Action is not a header."""
        line, rest = first_sentence(line)
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
            self.note("ua_number")
            self.header_title(line[match.end() :])
            if not self.title_confirmed and not rest:
                self.after_banner()  # "AU 188/14 MDE 13/042/2014 – Iran …" / title
        self.read_sentences(line)
        if rest:  # the summary begins on the header's line
            self.state = SUMMARY if self.title_lines else self.state
            self.add_summary(rest)
            self.read_sentences(rest)
        if patterns.FOLLOW_UP.search(line):
            self.result.update_number = max(self.result.update_number, 2)
        if index := patterns.DOCUMENT_INDEX.search(line):
            self.result.document_index = re.sub(r"\s+", " ", index["index"])
            self.note("document_index")
        elif index := patterns.BARE_INDEX.search(line):
            self.result.document_index = index[0]
            self.note("document_index")
        if date := patterns.ISSUE_DATE.search(line):
            self.result.issued_on = patterns.find_date(date["rest"])
            self.note("issued_on")
        if country := patterns.HEADER_COUNTRY.search(line):
            self.result.country = patterns.country_code(country["country"])
            self.note("country")
        return True

    def header_title(self, text: str) -> None:
        """The title that follows the number on an old header line, if the
        document has none yet."""
        text = re.split(r"\s+[I|]\s+", text)[0].strip()
        # "… (EUR 50/003/2007) and follow-ups (…) - Forcible return/torture"
        text = re.split(r"\)\s+[-–]\s+(?=[A-Z])", text)[-1]
        if not self.title_lines and (match := patterns.HEADER_TITLE.match(text)):
            self.title_lines.append(match["title"].strip())
            self.note("title")

    def read_ua_number(self, match: re.Match) -> None:
        found = self.result
        if found.ua_number:
            return
        year = match["year"][-2:]
        found.ua_number = f"{int(match['number'])}/{year}"  # "043/25": "43/25"
        if match["update"]:
            found.update_number = int(match["update"])
        elif match["inner"]:  # "UA-257-1/2014": the first update, the second text
            found.update_number = int(match["inner"]) + 1
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
        if not self.title_lines:
            self.title_confirmed = self.banner_seen  # the title after a banner
        if not self.title_lines and (caps := CAPITALS_THEN_TEXT.match(line)):
            # "EGYPTIAN HUMAN RIGHTS DEFENDER DETAINED Lawyer and …": a title
            # and its summary run together on one line
            self.title_lines.append(caps["title"])
            self.note("title")
            self.state = SUMMARY
            self.add_summary(caps["text"])
        elif not self.title_lines or runs_on:
            self.title_lines.append(line)
            self.note("title")
        elif self.series_title() and not self.is_prose(line) and not line.endswith(":"):
            # "Aktion des Monats Oktober 2017" / "Ammar al Baluchi - USA"
            self.replace_title(line)
            self.title_confirmed = self.banner_seen
        else:
            self.state = SUMMARY
            self.add_summary(line)

    def after_banner(self) -> None:
        """A banner ("URGENT ACTION", "Pétition"): the title follows it. Early
        in the summary, before any step or official, a title chosen before it
        (a page's caption, its menu) gives way to the line after it."""
        self.banner_seen = True
        if self.state == SUMMARY and not self.title_confirmed:
            early = len(self.summary) < MAX_BLOCK_LINES * 2
            if early and not self.result.steps and not self.chunks:
                self.retitle = True

    def replace_title(self, line: str) -> None:
        """``line`` is the title; the one before it was the page's furniture."""
        for index in self.result.sources.get("title", []):
            self.note("skipped", index)
        self.forget("title")
        self.title_lines = [line]
        self.note("title")

    def read_summary_line(self, line: str) -> None:
        if self.retitle and is_title_like(line) and not self.is_prose(line):
            self.replace_title(line)
            self.retitle, self.title_confirmed = False, True
            return
        self.retitle = False
        if patterns.SERIES.match(line) and not self.title_confirmed:
            self.note("skipped")
            self.after_banner()
            return
        self.add_summary(line)

    def series_title(self) -> bool:
        """Whether the title so far only names the series or the page."""
        if len(self.title_lines) != 1:
            return False
        line = self.title_lines[0]  # or a country alone: "Saudi-Arabien"
        alone = len(clean_title(line).split()) == 1  # "Urgent Action: Texas"
        return bool(patterns.SERIES.match(line) or patterns.country_code(line) or alone)

    def opens_capital_paragraph(self, index: int) -> bool:
        """The line at ``index`` runs on into another all-capitals line of text:
        it begins an all-capitals summary rather than ending the title."""
        following = self.next_text[index]
        return bool(
            is_upper(following)
            and not patterns.TAKE_ACTION.match(following)
            and not patterns.ADDITIONAL_INFORMATION.match(following)
            and not patterns.BANNER.match(following)
            and not self.is_deadline_instruction(following)
        )

    def title(self) -> str:
        """The title in sentence case, keeping the capitals of names."""
        title = clean_title(" ".join(self.title_lines).strip(" .:"))
        country = patterns.TITLE_COUNTRY.match(title)
        if not is_upper(title) or (country and patterns.country_code(country[1])):
            return title  # "ARABIA SAUDÍ: …": sentence case would lose its names
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
        elif self.is_prose(line) and not patterns.CONTACT_LABEL.search(line):
            self.add_step(line)  # an instruction of a paragraph
        elif steps and not (self.step_run_on or [steps[-1].text])[-1].endswith(
            (".", "!", "?", ":")
        ):
            self.step_run_on.append(line)  # a step that runs on to the next line
            self.note(f"steps[{len(steps) - 1}]")
        elif self.state == STEPS and not steps:
            self.add_step(line)
        else:
            self.begin_targets("primary")
            self.read_target_line(line)

    def add_step(self, text: str) -> None:
        self.flush_step()
        text = patterns.CLICK_HERE.sub("", text.strip())
        text = text[:1].upper() + text[1:]
        kind = self.step_kind or next(
            (kind for kind, pattern in patterns.STEP_KINDS if pattern.search(text)),
            "other",
        )
        self.note(f"steps[{len(self.result.steps)}]")
        self.result.steps.append(ParsedStep(kind=kind, text=text))

    def flush_step(self) -> None:
        """Join the lines that ran on from the last step to its text."""
        if self.step_run_on:
            step = self.result.steps[-1]
            step.text = " ".join([step.text, *self.step_run_on])
            self.step_run_on = []

    def has_contacts(self, lines: list[str]) -> bool:
        """Whether a line of the block ``lines`` has a contact label. Blocks only
        grow, so only the lines added since the last look are searched."""
        seen, checked, found = self.contacts_seen
        if seen is not lines or checked > len(lines):
            checked, found = 0, False
        found = found or any(
            patterns.CONTACT_LABEL.search(line) for line in lines[checked:]
        )
        self.contacts_seen = (lines, len(lines), found)
        return found

    # --- targets -----------------------------------------------------------------

    def begin_targets(self, role: str) -> None:
        self.end_chunk()
        self.state, self.role = TARGETS, role
        self.chunks.append((role, [], []))

    def target_ends(self, index: int) -> bool:
        """Whether the blank line at ``index`` ends the target being read: it
        does after its contacts or its country, or before another official;
        some pages put a blank line between every two lines of an address."""
        if self.state != TARGETS or not self.chunks or not self.chunks[-1][1]:
            return True
        lines = self.chunks[-1][1]
        if self.has_contacts(lines):
            return True
        if len(lines) == 1:
            return False  # a name or a position alone: the rest follows
        if patterns.country_code(lines[-1].rsplit(",", 1)[-1]):
            return True
        following = self.next_text[index]
        if not starts_target(following):
            return False
        if any(is_address_line(line) for line in lines):
            return True
        # No address yet: the block goes on ("Hernando Toro" / "Director of …"
        # / "Attorney General's Office" / "Madinat al-Rehab") unless another
        # official begins: a name after an honorific, or a second position.
        if patterns.HONORIFIC.match(following):
            return True
        return bool(
            patterns.POSITION_START.match(following)
            and not patterns.OFFICE_AT_END.search(following)
            and any(patterns.POSITION_START.match(line) for line in lines)
        )

    def end_chunk(self) -> None:
        """End the current target: the next line starts another one."""
        if self.chunks and self.chunks[-1][1]:
            self.chunks.append((self.role, [], []))

    def read_target_line(self, line: str) -> None:
        if (bullet := patterns.BULLET.match(line)) and bullet["text"]:
            line = bullet["text"]  # "- U Go Kyin Paung, Warden …"
        if not self.chunks:
            self.chunks.append((self.role, [], []))
        current = self.chunks[-1][1]
        free_text = patterns.CONTACT_LABEL.split(line, maxsplit=1)[0].strip()
        has_contacts = self.has_contacts(current)
        # Contacts end a target, but a second address on its own line does not;
        # a whole target on one line is one of its own.
        # So does the next one's name or position below an address, with no
        # blank line between ("75004 Paris" / "Monsieur le Président …").
        next_official = (
            current
            and is_address_line(current[-1])
            and not current[-1].endswith(",")  # "Bucareli 99, 1er piso," goes on
            and (
                patterns.HONORIFIC.match(line)
                or patterns.POSITION_START.match(line)
                # "MEXIKO" / "BOTSCHAFT DER …": after a country, a heading
                or (patterns.country_code(current[-1]) and starts_target(line))
            )
            and "," not in line  # "Col. Juárez, Del. Cuauhtémoc": a colonia's
            and not is_address_line(line)
        )
        if next_official or (
            free_text
            and (has_contacts or (current and is_contact_line(line)))
            and not CONTACT_ALONE.fullmatch(free_text)
        ):
            self.chunks.append((self.role, [], []))
        self.chunks[-1][1].append(line)
        self.chunks[-1][2].append(self.at)

    # --- the rest ----------------------------------------------------------------

    def is_salutation(self, index: int) -> bool:
        """A "Dear Minister," line, or a short line ending in "," or ":" before a
        long paragraph ("Fiscal General de México:"); above the officials' list,
        only one that names someone ("Mr Clemons,", "Attorney General:")."""
        line = self.pieces[index]
        if patterns.SALUTATION.match(line):
            return True
        if (
            patterns.SALUTATION_START.match(line)
            and len(line.split()) <= 12
            and not re.search(r"\d|@|[.!?;]$", line)
            and len(self.next_text[index].split()) >= 15
        ):
            return True  # "Monsieur le Premier Ministre / Monsieur le …" unpunctuated
        if not re.search(r"[,:]$", line):
            return False
        if self.state not in (STEPS, APPEALS, TARGETS) and not (
            self.state in (HEADER, SUMMARY)
            and (patterns.HONORIFIC.match(line) or patterns.POSITION_START.match(line))
        ):
            return False
        if len(line.split()) > 8 or re.search(r"\d|@|https?:", line):
            return False
        if patterns.NOT_A_SALUTATION.match(line):  # "Or you can take action by:"
            return False
        if patterns.CONTACT_LABEL.search(line) or patterns.COPIES.match(line):
            return False
        following = self.next_text[index]
        return len(following.split()) >= 15 and not patterns.BULLET.match(following)

    def read_languages(self, text: str, warn: bool = True) -> None:
        """The languages named in ``text``; with ``warn``, a name that is no
        language is a warning (not from a sentence of prose)."""
        found = self.result
        self.note("preferred_languages")
        for name in patterns.LANGUAGE_SEPARATORS.split(text.strip(" .:")):
            name = name.strip(" .:")
            if not name:
                continue
            if patterns.OWN_LANGUAGE.search(name):
                found.own_language_welcome = True
            elif code := patterns.find_language(name):
                if code not in found.preferred_languages:
                    found.preferred_languages.append(code)
            elif warn:
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
        self.note("subject_name")
        self.note("subject_pronoun")
        found.subject_pronoun = pronoun

    def is_deadline_instruction(self, line: str) -> bool:
        """A line that asks for action by a date ("PLEASE … UNTIL:", "ACTÚA …",
        "This Urgent Action expires …", "Deadline: …"), or a short all-capitals
        line outside the header; never ordinary prose that mentions a date."""
        words = len(line.split())
        if words > MAX_INSTRUCTION_WORDS or len(line) > MAX_INSTRUCTION_CHARACTERS:
            return False
        if (bullet := patterns.BULLET.match(line)) and bullet["text"]:
            line = bullet["text"]  # "1. Please take action … expires on …"
        if patterns.DEADLINE_INSTRUCTION.match(line):
            return True
        digit = re.search(r"\d", line)
        if not digit:  # "AB": capitals, but no date to read
            return False
        return self.state != HEADER and words <= 12 and is_upper(line[: digit.start()])

    def date_on_next_line(self, index: int) -> int | None:
        """The index of the line with the date of a deadline label that ends its
        own line ("PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL:"), or None."""
        line = self.pieces[index]
        if (
            len(line) > 200
            or not patterns.DEADLINE_WITHOUT_DATE.search(line)
            or not self.is_deadline_instruction(line)
            or patterns.find_date(line)
        ):
            return None
        for following in range(index + 1, min(index + 3, len(self.pieces))):
            text = self.pieces[following]
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
                self.offer_deadline(
                    date, 0 if patterns.DEADLINE_LABEL.match(line) else 1
                )
                return True
        return False

    def offer_deadline(self, date, rank: int) -> None:
        """``date`` becomes the deadline if nothing better (lower ``rank``: an
        explicit label 0, an instruction line 1, a sentence of prose 2) gave one."""
        if rank < self.deadline_rank:
            self.result.deadline, self.deadline_rank = date, rank
            self.forget("deadline")
            self.note("deadline")

    def finish(self) -> None:
        found = self.result
        self.flush_step()
        if self.another_letter and self.after_letter:
            # a letter per official, the last one's envelope cut short
            self.envelope_after_letter()
        if not any(lines for _, lines, _ in self.chunks) and self.ends_with_envelope():
            self.targets_above()  # a letter's page cut short after its envelope
        found.summary = "\n\n".join(paragraphs(self.summary))
        if self.summary_at:  # what is left of it once targets_above took its tail
            found.sources["summary"] = sorted(set(self.summary_at))
        found.letter_paragraphs = paragraphs(self.letter)
        found.additional_information = paragraphs(self.additional)
        found.targets = []
        if self.addressed and not any(lines for _, lines, _ in self.chunks):
            name, position, at, email = self.addressed
            lines = [name, position, *([f"Email: {email}"] if email else [])]
            self.chunks.append(("primary", lines, [at] * len(lines)))
        for role, lines, at in merge_contacts(self.chunks):
            target = self.read_target(lines, role) if lines else None
            if lines and not target:  # nothing of an official: the editor's to place
                for line, index in zip(lines, at, strict=False):
                    found.unplaced.append(line)
                    self.note("unplaced", index)
            if target:
                same = [  # the same official again, further down
                    number
                    for number, t in enumerate(found.targets)
                    if target.name and (t.name, t.role) == (target.name, target.role)
                ]
                if same:
                    self.note_target(same[0], found.targets[same[0]], lines, at)
                    continue
                self.note_target(len(found.targets), target, lines, at)
                found.targets.append(target)
        self.fill_targets()
        found.title = self.title()
        found.language = detect_language("\n".join(self.pieces))
        if not found.ua_number:
            self.ua_number_anywhere()
        if not found.deadline and self.yearless:
            self.deadline_in_the_actions_year(*self.yearless)
        if "ua_number" in found.sources:
            found.sources["update_number"] = list(found.sources["ua_number"])
        if not found.country:
            self.country_from_targets_or_summary()
        self.warn()

    def deadline_in_the_actions_year(self, day_and_month: str, at: int) -> None:
        """The deadline from a day and month, in the year the action was
        issued (its date, or its number's year: "UA 261/16"), or the next one
        if that day had passed by then."""
        found = self.result
        if found.issued_on:
            issued = datetime.date.fromisoformat(str(found.issued_on))
        elif found.ua_number:
            year = int(found.ua_number.split("/")[1]) % 100
            this_year = datetime.date.today().year
            century = 2000 if 2000 + year <= this_year + 1 else 1900  # "5/99": 1999
            issued = datetime.date(century + year, 1, 1)
        else:
            return
        joiner = " de " if " de " in day_and_month else " "
        for year in (issued.year, issued.year + 1):
            date = patterns.find_date(f"{day_and_month}{joiner}{year}")
            if date and date >= issued:
                found.deadline = date
                self.note("deadline", at)
                return

    def ua_number_anywhere(self) -> None:
        """The first Urgent Action number the document names, when no header
        gave one: "… the actions you took on Third Urgent Action 147.20", "The
        Urgent Action on which it is based (UA 271/12)", "TYPE AND NUMBER:
        THIRD UA 60/16"."""
        scanned = 0
        for index, line in enumerate(self.pieces):
            scanned += len(line)
            if scanned > MAX_UA_NUMBER_SCAN:
                return
            if match := patterns.UA_NUMBER.search(line):
                self.read_ua_number(match)
                self.note("ua_number", self.origin[index])
                return

    def country_from_targets_or_summary(self) -> None:
        """The country of the first official's address, or the first named in
        the summary (named early: the start of a huge summary is enough)."""
        found = self.result
        for number, target in enumerate(found.targets):
            if target.role == "primary" and target.country:
                found.country = target.country
                source = f"targets[{number}].address"
                break
        else:
            found.country, source = (
                patterns.find_country(found.summary[:5000]),
                "summary",
            )
        if found.country and source in found.sources:
            found.sources["country"] = list(found.sources[source])

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

    def note_target(self, number: int, target, lines: list[str], at: list[int]):
        """Where each of the target's values came from: the lines of its block
        that hold them (each line of an address)."""
        prefix = f"targets[{number}]"
        for index in at:
            self.note(prefix, index)
        folded = [line.casefold() for line in lines]
        for name in TARGET_TEXT_FIELDS:
            for value in getattr(target, name).split("\n"):
                value = value.strip().casefold()
                for line, index in zip(folded, at, strict=False):
                    if value and value in line:
                        self.note(f"{prefix}.{name}", index)
                        break

    def fill_targets(self) -> None:
        found = self.result
        primary = [t for t in found.targets if t.role == "primary"]
        if len(primary) == 1 and not primary[0].x_handle:
            # "… tweet the King of Saudi Arabia @KingSalman …" in a step
            for index, line in enumerate(self.pieces[:MAX_TWEET_SCAN_LINES]):
                if match := patterns.TWEET_HANDLE.search(
                    line[: patterns.MAX_SENTENCE_SCAN]
                ):
                    primary[0].x_handle = match["handle"]
                    number = found.targets.index(primary[0])
                    self.note(f"targets[{number}].x_handle", self.origin[index])
                    break
        if primary and not primary[0].salutation and found.letter_salutation:
            # "Dear Director, or Dear Ambassador,": the first is the first's
            salutation = found.letter_salutation.rstrip(" ,:")
            primary[0].salutation = SALUTATION_OR.split(salutation)[0]
            for index in found.sources.get("letter_salutation", []):
                self.note(
                    f"targets[{found.targets.index(primary[0])}].salutation", index
                )
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
        for line in found.unplaced[:MAX_UNPLACED_WARNINGS]:
            found.warnings.append(
                _("Could not place this line: “%(line)s”") % {"line": line}
            )
        if (more := len(found.unplaced) - MAX_UNPLACED_WARNINGS) > 0:
            found.warnings.append(
                ngettext(
                    "%(count)s more line could not be placed: the review lists them.",
                    "%(count)s more lines could not be placed: the review lists them.",
                    more,
                )
                % {"count": more}
            )


def envelope_lines(lines: list[str], is_prose) -> int:
    """How many of the last ``lines`` are an official's envelope: at least two
    short lines, the first of which can begin a target; 0 if none."""
    count = 0
    for line in reversed(lines[-MAX_BLOCK_LINES:]):
        if is_prose(line) or len(line.split()) > MAX_ADDRESS_WORDS:
            break
        count += 1
    while count and not starts_target(lines[-count].rstrip(" ,")):
        count -= 1  # "Mai 2020", "Brief": a date and a heading above it
    return count if count >= 2 else 0


def is_address_line(line: str) -> bool:
    """A line of a street address: a number, a street's word or a country."""
    return bool(
        re.search(r"\d", line)
        or patterns.ADDRESS_WORDS.search(line)
        or patterns.country_code(line.rsplit(",", 1)[-1].strip())
    )


def is_envelope_line(line: str) -> bool:
    """A whole envelope on one line, without contact labels: a position or an
    organisation and a person among its first parts, a place in capitals or a
    country last ("Botschaft der …, S. E. Herrn Majid …, BERLIN")."""
    if len(line.split()) > 30 or re.search(r"[.!?:]$", line):
        return False
    parts = [part.strip() for part in line.split(",") if part.strip()]
    if len(parts) < 3 or max(len(part.split()) for part in parts) > 16:
        return False  # a sentence's clauses are longer than an address's parts
    office = any(
        patterns.POSITION_START.match(part) or patterns.ORGANISATION.match(part)
        for part in parts[:2]
    )
    person = any(
        patterns.HONORIFIC.search(part) or is_name_line(cut_name(part)[0])
        for part in parts[:3]
    )
    place = is_upper(parts[-1]) or patterns.country_code(parts[-1])
    return bool(office and person and place)


def is_contact_line(line: str) -> bool:
    """A whole target on one line: "Ambassador …, address Phone: … I Fax: …"."""
    return len(patterns.CONTACT_LABEL.findall(line)) >= 2


@functools.lru_cache(maxsize=1024)  # targets_above asks again of the lines above
def starts_target(line: str) -> bool:
    """A line an official's block can begin with: a position, an organisation,
    a person's name, or a heading in capitals ("RELIGIONSFÜHRER")."""
    if not line or re.search(r"\d|@", line) or len(line.split()) > MAX_ADDRESS_WORDS:
        return False
    return bool(
        patterns.POSITION_START.match(line)
        or patterns.ORGANISATION.match(line)
        or patterns.HONORIFIC.match(line)
        or (is_upper(line) and len(line.split()) <= 8)
        or (
            looks_like_person(line)
            and "," not in line
            and not patterns.ADDRESS_WORDS.search(line)
            and not patterns.country_code(line)
        )
    )


def contact_fields(lines: list[str]) -> set[str]:
    """The fields the contact labels in ``lines`` fill."""
    return {
        patterns.CONTACT_LABELS.get(match["label"].casefold(), "")
        for line in lines
        for match in patterns.CONTACT_LABEL.finditer(line)
    }


def merge_contacts(chunks):
    """The targets' blocks, a block of nothing but contacts joined to the block
    before it when that one lacks them (a blank line between an address, or its
    "Fax: …", and its "Email: …")."""
    merged, waiting = [], ([], [])
    for role, lines, at in chunks:
        if not lines:
            continue
        contacts_only = all(
            patterns.CONTACT_LABEL.match(line)
            or CONTACT_ALONE.fullmatch(unmask_email(line))
            for line in lines
        )
        if (
            contacts_only
            and merged
            and merged[-1][0] == role
            and not contact_fields(lines) & contact_fields(merged[-1][1])
        ):
            merged[-1] = (role, merged[-1][1] + lines, merged[-1][2] + at)
        elif contacts_only and not merged:
            # "Tratamiento: …" above the officials' heading: the first one's
            waiting[0].extend(lines)
            waiting[1].extend(at)
        else:
            merged.append((role, waiting[0] + lines, waiting[1] + at))
            waiting = ([], [])
    if waiting[0]:  # contacts with no official after them: kept all the same
        merged.append(("primary", *waiting))
    return merged


# --- one target ------------------------------------------------------------------


def read_target(lines: list[str], role: str) -> ParsedTarget:
    """An official from their block of lines: name, position, address, contacts."""
    target = ParsedTarget(role=role)
    free = []
    for line in lines:
        parts = patterns.CONTACT_LABEL.split(line)
        text = parts[0].strip()
        address = unmask_email(text).rstrip(".")
        if EMAIL.fullmatch(address):  # an address without its label
            target.email = target.email or address
        elif HANDLE.fullmatch(text):  # "@Rouhani_ir (Persisch)" below "Twitter: …"
            target.x_handle = target.x_handle or text.split()[0]
        elif text:
            free.append(text)
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
        # "Dear President Biden / Sehr geehrter": a second one cut short
        head, slash, last = value.rpartition("/")
        if slash and head.strip() and patterns.SALUTATION_START.fullmatch(last.strip()):
            value = head.strip()
        if value.endswith(")") and "(" not in value:  # "(korrekte Anrede: …)"
            value = value[:-1].rstrip()
    elif field in ("fax", "phone"):
        # the number, not what a page writes after it ("… Contact Form: …")
        if (number := LEADING_NUMBER.match(value)) and len(
            re.findall(r"\d", number[0])
        ) >= 6:
            value = number[0].rstrip(" ,(–-/")
        # "011 86 10 65961109 (c/o Ministry of Foreign Affairs)"
        value = re.sub(r"\s*\([^)]*[^\W\d_][^)]*\)$", "", value)
        # the first of several numbers ("57(1) 570 20 00 – 57(1) 414 90 00"),
        # without the dash that led to the next label ("Tél : … – Fax : …")
        digits, counted = 0, 0
        for separator in NUMBER_SEPARATOR.finditer(value):
            digits += sum(c.isdigit() for c in value[counted : separator.start()])
            counted = separator.start()
            if digits >= 6:
                value = value[:counted]  # not "030 – 83 22 40 20"
                break
        value = value.rstrip(" –—-/|")
    elif field == "email":
        # the addresses listed ("a@…, b@…"), not one offered instead ("… oder
        # …"); none in "[email protected]", a page's spam guard's placeholder
        listed = EMAILS.match(unmask_email(value))
        value = ", ".join(EMAIL.findall(listed[0])) if listed else ""
    elif field == "facebook":
        value = value.split()[0].rstrip(".")
    setattr(target, field, value)


#: An email address, without the full stop of a sentence after it.
EMAIL = re.compile(r"[^\s@,;:<>()\[\]]+@[^\s@,;:<>()\[\]]+\.[^\W\d_]{2,}")
#: An X handle alone on its line, perhaps with a note: "@Rouhani_ir (Persisch)".
HANDLE = re.compile(r"@\w{1,30}(?:\s*\([^)]*\))?")
#: Email addresses in a list, separated by "," or ";" ("/" offers another).
EMAILS = re.compile(rf"{EMAIL.pattern}(?:\s*[,;]\s*{EMAIL.pattern})*")
#: The "@" of an address written so that robots miss it: "info(a)pmo.gov.pk",
#: "info [at] pmo.gov.pk".
MASKED_AT = re.compile(r"(?<=\w)\s*[(\[{]\s*(?:a|at|@)\s*[)\]}]\s*(?=\w)", re.I)


def unmask_email(text: str) -> str:
    return MASKED_AT.sub("@", text)


#: A telephone number at the start of a value: digits, spaces, brackets, dashes.
LEADING_NUMBER = re.compile(r"\+?[\d\s().,–/-]+(?:\s*(?:ext\.?|x)\s*\d+)?")
#: Between two salutations a letter offers: "Dear Director, or Dear Ambassador".
SALUTATION_OR = re.compile(r",\s*(?:or|o|ou|oder)\s+", re.I)
#: Between two numbers in one field: "… – …", "… / …", "… or …".
NUMBER_SEPARATOR = re.compile(r"\s+(?:[–—/]|or|ou|o|oder)(?:\s+|$)")


def read_envelope(target: ParsedTarget, lines: list[str]) -> None:
    """Organisation, person, position and address from the lines of a target."""
    lines = names_apart(join_honorifics(lines))
    if (
        lines
        and patterns.ORGANISATION.match(lines[0])
        and not re.search(r"\d", lines[0])
    ):
        target.organisation = lines.pop(0)
    if len(lines) > 1 and is_upper(lines[0]) and patterns.KIND_OF_BODY.search(lines[0]):
        # "MENSCHENRECHTSORGANISATION" / "Taller de Desarrollo Comunitario"
        target.position, target.organisation = lines.pop(0), lines.pop(0)
    if len(lines) > 1 and is_position_before_person(lines[0], lines[1]):
        target.position = lines.pop(0)  # "Minister of Justice" / "Mr. Carlos …"
    if lines and looks_like_person(lines[0]):
        read_person(target, lines.pop(0))
        if (
            not target.name
            and lines
            and looks_like_person(lines[0])
            and not patterns.ADDRESS_WORDS.search(lines[0])  # "Place Beauvau"
        ):
            read_person(target, lines.pop(0))  # "Presidente de …" / "Head …, Name"
        if lines and not target.position and patterns.POSITION_START.match(lines[0]):
            target.position = lines.pop(0)
    if lines and not target.organisation and patterns.ORGANISATION.match(lines[0]):
        if not re.search(r"\d", lines[0]):
            target.organisation = lines.pop(0)
    # what read_person left of a name's line first ("c/o Ministry …")
    target.address = "\n".join(filter(None, [target.address, *lines]))


def names_apart(lines: list[str]) -> list[str]:
    """The lines, a name that runs on into an address on one of the first two
    split from it ("H.E. Majid … Permanent Mission of … 622 Third Avenue")."""
    split = []
    for number, line in enumerate(lines):
        name, rest = cut_name(line) if number < 2 else (line, "")
        person = (
            patterns.HONORIFIC.match(name)
            or patterns.POSITION_START.match(name)  # "Ambassador Yasser Reda"
            or is_name_line(name)
        )
        split.extend([name, rest] if rest and person and "," not in name else [line])
    return split


def join_honorifics(lines: list[str]) -> list[str]:
    """The lines, an honorific alone on its line joined to the name below it
    ("S.E. Herrn" / "Dr. Mohamed …")."""
    # Each line as its parts; whether the last is only honorifics (asked of each
    # line once: a run of honorifics joined may grow long).
    joined, honorific_only = [], False
    for line in lines:
        if honorific_only:
            joined[-1].append(line)
        else:
            joined.append([line])
        honorific_only = not patterns.HONORIFIC.sub("", line + " ").strip()
    return [" ".join(parts) for parts in joined]


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
    """ "Minister of Justice" / "Mr. Carlos …", or "President" / "Hassan Rouhani",
    or a position in capitals: "RELIGIONSFÜHRER" / "Ayatollah Sayed 'Ali …"."""
    if (
        is_upper(line)
        and not re.search(r"\d", line)
        and not patterns.ORGANISATION.match(line)
        and (patterns.HONORIFIC.match(following) or is_name_line(following))
    ):
        return True
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
    words = [w for w in line.split() if w.casefold() not in NAME_PARTICLES]
    return 2 <= len(words) <= 5 and all(is_name_word(w) for w in words)


def is_name_word(word: str) -> bool:
    """A word of a name begins with a capital, past an apostrophe or an Arabic
    article ("'Ali", "al-Sawi")."""
    return NAME_PREFIX.sub("", word.lstrip("'‘’"))[:1].isupper()


#: The article joined to an Arabic name: "al-Sawi", "el-Sisi", "ad-Din".
NAME_PREFIX = re.compile(r"^(?:al|el|ad|ed|ar|as|ash|at|az|an|ibn|bin)[-‐]")


#: Small words inside names: "Libia Dennise García Muñoz Ledo", "Waleed Abu al-Khair".
NAME_PARTICLES = {
    "de",
    "del",
    "la",
    "y",
    "van",
    "von",
    "der",
    "bin",
    "bint",
    "al",
    "el",
}


def read_person(target: ParsedTarget, line: str) -> None:
    """ "Chargé d'Affaires Mr. Pavel Shidlovsky" → position, honorific, name."""
    line = line.rstrip(" ,")
    if after := patterns.POST_NOMINALS.search(line):  # "Wen Jiabao Guojia Zongli"
        line = line[: after.start()]
        target.position = target.position or after[0].strip()
    head, comma, tail = line.rpartition(",")
    if comma and is_name_line(tail.strip()) and patterns.POSITION_START.match(head):
        # "Fiscal General de la República, Tarek William Saab"
        target.position, line = target.position or head.strip(), tail.strip()
    if match := patterns.HONORIFIC.search(line):
        target.position = line[: match.start()].strip(" ,") or target.position
        end = match.end()
        # "S.E. Herrn Dr. Mohamed …": honorifics one after the other
        while following := patterns.HONORIFIC.match(line, end + 1):
            end = following.end()
        target.honorific = line[match.start() : end]
        # "U Go Kyin Paung, Warden of Kale Prison, …": the name ends at a comma
        name, _, rest = line[end:].strip(" ,").partition(",")
        if rest.strip() and not target.position:
            target.position = rest.strip()
        elif rest.strip():  # "Mr. Abdul Karim, Kabul Palace": the address
            address_first(target, rest.strip())
        name, more = cut_name(name.strip())
        address_first(target, more)
        if patterns.ARTICLE.match(name) or patterns.POSITION_START.match(name):
            # "Monsieur le Ministre de l'Intérieur", "Sr. Fiscal General Juan …"
            position, target.name = split_position(name)
            target.position = " ".join(filter(None, [position, target.position]))
        else:
            target.name = name
        return
    words = line.split()  # a place before the position: "Texas Governor Greg Abbott"
    placed = any(
        patterns.POSITION_START.match(" ".join(words[count:]))
        and all(word[:1].isupper() for word in words[:count])
        for count in (1, 2)
    )
    if not (patterns.POSITION_START.match(line) or placed):
        target.name, more = cut_name(line)
        address_first(target, more)
        return
    # "Président Abdel Fattah al Sissi Palais Al Ittihadia": the address's
    # words end the name
    if (address := patterns.ADDRESS_WORDS.search(line)) and address.start() > 0:
        address_first(target, line[address.start() :])
        line = line[: address.start()].rstrip(" ,")
    target.position, target.name = split_position(line)


def address_first(target: ParsedTarget, text: str) -> None:
    """``text``, what followed a name on its line, begins the address."""
    target.address = "\n".join(filter(None, [text, target.address]))


def cut_name(text: str) -> tuple[str, str]:
    """ "Majid Takht Ravanchi Permanent Mission of … 622 Third Avenue" → the
    name and the rest: a name of two to seven capitalised words (particles
    among them) that ends before a number, "c/o", an organisation's name or a
    sentence's first word; else (text, "")."""
    words = text.split()
    for count, word in enumerate(words[:8]):
        rest = " ".join(words[count:])
        following = words[count + 1] if count + 1 < len(words) else ""
        ends = (
            re.search(r"\d", word)
            or word.casefold() == "c/o"
            or (count and patterns.ORGANISATION.match(rest))
            # a sentence begins: "… Hamada al-Sawi Due to postal restrictions …"
            or (
                count >= 2
                and word[:1].isupper()
                and NAME_PREFIX.sub("", following)[:1].islower()
                and following not in NAME_PARTICLES
                and following.casefold() != "c/o"
            )
        )
        if ends:
            name = words[:count]
            capitalised = all(
                w.casefold() in NAME_PARTICLES or is_name_word(w) for w in name
            )
            # "Salman bin Abdul Aziz Al Saud": six words, with its particles
            if 2 <= count <= 7 and capitalised:
                return " ".join(name), rest
            break
    return text, ""


def split_position(line: str) -> tuple[str, str]:
    """ "Premier Wen Jiabao" → ("Premier", "Wen Jiabao"): the name is the
    capitalised words at the end that are no position's, two or more."""
    words = line.split()
    split = len(words)
    while (
        split > 1  # the first word is the position's: "Premier Wen Jiabao"
        and len(words) - split < 4
        and (
            NAME_PREFIX.sub("", words[split - 1])[:1].isupper()
            # "Hamada al Sawi", not a name that begins with "al"
            or (words[split - 1] in NAME_PARTICLES and split < len(words))
        )
        and words[split - 1].casefold() not in patterns.POSITION_WORDS
    ):
        split -= 1
    if len(words) - split >= 3 and words[split - 1].casefold() in ("of", "de"):
        split += 1  # "Prosecutor General of Tehran Abbas Jafari": a place, not a name
    if len(words) - split >= 2:
        return " ".join(words[:split]), " ".join(words[split:])
    return line, ""


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
