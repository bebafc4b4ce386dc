"""What a review of the parser's December 2026 changes found, kept fixed.

The review attacked the new readers (a letter per official, petitions,
one-line and slashed envelopes, numbers' separators, year-less deadlines) with
hostile text. The slow shapes it found are measured by
``benchmarks/import_big_input.py``; these tests keep what the parser returns
for them right: no line lost, the bookkeeping of unplaced lines in step.
"""

import pytest

from ua_wagtail.importer import parser
from ua_wagtail.importer.parser import parse

from .real_documents import TUNING, real_documents

HEADER = "UA 12/20\nTitle here\nSome summary.\n"
PROSE = "This is a long prose sentence that is surely not an address at all, and it ends here."


def unaccounted(parsed) -> list[str]:
    """The document's lines that no field, heading, skip or unplaced list holds."""
    noted = {index for indexes in parsed.sources.values() for index in indexes}
    return [
        line for index, line in enumerate(parsed.lines) if line and index not in noted
    ]


def unplaced_in_step(parsed) -> bool:
    """Each unplaced line's own line is noted as unplaced, and back."""
    noted = set(parsed.sources.get("unplaced", []))
    lines = {parsed.lines[index] for index in noted}
    return set(parsed.unplaced) <= lines | {""} and all(
        any(line in text for text in parsed.unplaced) for line in lines
    )


@pytest.mark.parametrize("document", real_documents(TUNING), ids=lambda d: d.name)
def test_fixed_every_line_of_a_real_document_is_accounted_for(document):
    parsed = parse(document.text)
    assert unaccounted(parsed) == []


def test_fixed_unplaced_lines_and_their_sources_stay_in_step():
    parsed = parser._Parser(
        HEADER + "Dear Minister,\nLetter text.\nYours sincerely,\n"
        "Minister of Justice Ahmed Ali\nMinistry Street 1\nWrite to:\n"
        f"{PROSE}\nSample letter\nDear Minister,\nMore text.\n"
    ).parse()
    assert PROSE in parsed.unplaced
    assert unplaced_in_step(parsed)
    assert unaccounted(parsed) == []


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "Dear Minister,\nLetter text.\nYours sincerely,\nH.E.\n1 Main Street\n"
        "Dear Minister,\nMore text.\n",
        HEADER + "H.E.\n1 Main Street\nI am writing to express concern.\nMore text.\n",
    ],
    ids=["after a letter", "above a petition's letter"],
)
def test_fixed_an_envelope_that_names_nobody_goes_back_to_unplaced(text):
    parsed = parser._Parser(text).parse()
    assert {"H.E.", "1 Main Street"} <= set(parsed.unplaced)
    assert unaccounted(parsed) == []


def test_fixed_what_follows_a_name_on_its_line_is_kept():
    parsed = parser._Parser(
        "UA 1/20\nTitle\nSummary.\nWrite to:\nMinistry of Justice\nMinister\n"
        "Mr. Abdul Karim c/o Ministry of Justice\n"
    ).parse()
    [target] = parsed.targets
    assert target.name == "Abdul Karim"
    assert "c/o Ministry of Justice" in target.address
    target = parser.read_target(
        ["Minister of Justice", "Mr. Abdul Karim, Kabul Palace"], "primary"
    )
    assert (target.name, target.address) == ("Abdul Karim", "Kabul Palace")


def test_fixed_a_further_letters_closing_stays_unplaced():
    parsed = parser._Parser(
        "Title here\nSome summary.\nDear Minister,\nLetter one.\nYours sincerely,\n"
        "Minister of Justice\nStreet 1\nDear Minister,\nLetter two.\nYours faithfully,\n"
    ).parse()
    assert parsed.letter_closing == "Yours sincerely,"
    assert "Yours faithfully," in parsed.unplaced
    assert unaccounted(parsed) == []


@pytest.mark.parametrize(
    ("number", "deadline"), [("5/99", "1999-12-30"), ("5/20", "2020-12-30")]
)
def test_fixed_a_deadline_without_its_year_takes_the_actions(number, deadline):
    parsed = parse(
        f"UA {number}\nTitle here\nSummary text.\nSend your letters by 30 December\n"
    )
    assert parsed.as_json()["deadline"] == deadline


def test_fixed_a_link_is_no_slashed_envelope_and_is_kept():
    parsed = parser._Parser(
        "UA 1/20\nTitle\nSummary.\nWrite to: www.x.org/a/b/c\n"
    ).parse()
    assert parsed.targets == []
    assert "www.x.org/a/b/c" in parsed.unplaced


def test_fixed_an_official_on_the_line_of_write_to_is_read():
    parsed = parse("UA 1/20\nTitle\nSummary.\nWrite to: President Joe Bloggs\n")
    assert [(t.position, t.name) for t in parsed.targets] == [
        ("President", "Joe Bloggs")
    ]


def test_fixed_a_huge_line_is_no_official():
    parsed = parser._Parser(
        "UA 1/20\nTitle\nSummary.\nWrite to:\n" + "@" * 200_000 + " x"
    ).parse()
    assert parsed.targets == []
    assert parsed.unplaced == ["@" * 200_000 + " x"]


def test_fixed_numbers_end_at_the_first_separator_after_a_whole_number():
    target = parser.read_target(
        ["Minister of Justice", "Tel: " + "o " * 5000 + "Fax: 1"], "primary"
    )
    assert target.fax == "1"
    assert len(target.phone) <= 2 * 5000
    target = parser.read_target(["Botschaft", "Fax: 030 – 83 22 40 20 / 030 99"], "cc")
    assert target.fax == "030 – 83 22 40 20"


def test_fixed_officials_beyond_the_fiftieth_letter_stay_unplaced():
    text = HEADER + "Dear Minister,\nText.\nYours sincerely,\n"
    text += "".join(
        f"Minister Number{n} Person\nStreet {n}\nDear,\nx\nSincerely\n"
        for n in range(80)
    )
    parsed = parser._Parser(text).parse()
    assert len(parsed.targets) <= parser.MAX_TARGETS + 1
    assert unaccounted(parsed) == []
