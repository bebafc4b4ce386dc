"""Properties of the parser on any text: an uploaded document is untrusted.

``test_parser.py`` has the plainer ones (any ``st.text()``, the seed's lines
shuffled); here the text is built from lines that look like what the parser
looks for (labels, salutations, deadlines, UA headers, table bars), mixed with
arbitrary Unicode, so that its patterns meet near-misses of what they match.
"""

import logging

from hypothesis import given, settings
from hypothesis import strategies as st

from ua_wagtail.importer import parser
from ua_wagtail.importer.parser import clean_lines, parse
from ua_wagtail.importer.result import ParsedAction

from .documents import LABEL_LIKE_LINES as LABELS

DATES = (
    "12 March 2015",
    "November 1, 2024",
    "1.2.2025",
    "20.08.2025",
    "31 de enero de 2025",
    "26 jan 2015",
    "2024-11-01",
    "30 February 2024",
    "99/99/99",
)

#: Unicode without surrogates (which UTF-8 text cannot hold), line breaks too.
characters = st.characters(blacklist_categories=("Cs",))
#: Mostly what documents hold: letters, digits, punctuation, symbols, spaces.
printable = st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"))
words = st.text(printable, max_size=30) | st.text(characters, max_size=30)
label_lines = st.builds(
    lambda label, middle, date: f"{label}{middle}{date}",
    st.sampled_from(LABELS),
    st.sampled_from(("", " ", ": ", "  ", "\t", "\u00a0", "\u202e")) | words,
    st.sampled_from(DATES) | words,
)
line = label_lines | words | st.sampled_from(DATES)
separators = st.sampled_from(("\n", "\r\n", "\r", "\n\n", " | ", "\u2028"))
documents = st.lists(st.tuples(line, separators), max_size=40).map(
    lambda parts: "".join(part + sep for part, sep in parts)
)


class Raised(logging.Handler):
    """Remembers whether ``parse`` logged a bug it caught."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def check(text: str) -> ParsedAction:
    """``parse(text)``, checking that it neither raised (nor fell back on its
    safety net, which logs the error) and that what it returns holds together."""
    assert isinstance(parser._Parser(text).parse(), ParsedAction)
    caught = Raised()
    parser.logger.addHandler(caught)
    try:
        parsed = parse(text)
    finally:
        parser.logger.removeHandler(caught)
    assert not caught.records, caught.records[0].getMessage()
    assert isinstance(parsed, ParsedAction)
    # The parser may not record its lines yet; once it does, one per line.
    assert not parsed.lines or len(parsed.lines) == len(clean_lines(text))
    for path, indexes in parsed.sources.items():
        assert isinstance(path, str)
        assert all(index in range(len(parsed.lines)) for index in indexes), path
    return parsed


@settings(max_examples=200, deadline=None)
@given(documents)
def test_label_like_text_parses(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(characters, max_size=400))
def test_any_unicode_text_parses(text):
    check(text)


def test_the_seed_holds_together():
    from .documents import seed_text

    check(seed_text())
