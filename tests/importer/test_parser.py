"""The Urgent Action parser: the seed exactly, invented variants, and any text."""

import dataclasses
import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from example_site.home import seed
from ua_wagtail.importer import parser
from ua_wagtail.importer.accuracy import field_accuracy, field_differences
from ua_wagtail.importer.parser import parse
from ua_wagtail.importer.result import ParsedAction, ParsedStep, ParsedTarget

from .documents import seed_text

FIXTURES = Path(__file__).parent / "fixtures"
VARIANTS = sorted(FIXTURES.glob("*.txt"))


@pytest.fixture(scope="module")
def seeded() -> ParsedAction:
    return parse(seed_text())


def seed_expected() -> dict:
    """What the demo hand-builds from the seed document, as parser fields."""
    return {
        "title": seed.TITLE,
        "deadline": seed.DEADLINE,
        "summary": " ".join(seed.PAGE["summary"].split()),
        **{key: value for key, value in seed.PAGE.items() if key != "summary"},
        "steps": [ParsedStep(kind, text) for kind, text in seed.STEPS],
        "targets": [
            ParsedTarget(role="primary", **seed.MINISTER),
            ParsedTarget(role="cc", **seed.EMBASSY),
        ],
        "letter_salutation": seed.LETTER_SALUTATION,
        "letter_paragraphs": seed.LETTER_PARAGRAPHS,
        "letter_closing": seed.LETTER_CLOSING,
        "additional_information": seed.ADDITIONAL_INFORMATION,
        "language": "en",
        "warnings": [],
    }


@pytest.mark.parametrize("field", sorted(seed_expected()))
def test_seed_field(seeded, field):
    assert getattr(seeded, field) == seed_expected()[field]


def test_seed_targets_field_for_field(seeded):
    expected = seed_expected()["targets"]
    assert len(seeded.targets) == len(expected)
    for got, want in zip(seeded.targets, expected, strict=True):
        assert dataclasses.asdict(got) == dataclasses.asdict(want)


def test_seed_is_an_urgent_action(seeded):
    assert seeded.is_urgent_action
    assert seeded.document_index == ""
    assert seeded.issued_on is None


# --- invented variants: each tests/importer/fixtures/NAME.txt has NAME.json ---------


def expected_for(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", VARIANTS, ids=lambda path: path.stem)
def test_variant(path):
    parsed = parse(path.read_text(encoding="utf-8"))
    assert field_differences(parsed, expected_for(path)) == []
    assert parsed.is_urgent_action


def test_there_are_enough_variants():
    assert len(VARIANTS) >= 5
    assert all(path.with_suffix(".json").exists() for path in VARIANTS)


def test_field_accuracy_per_fixture(seeded, capsys):
    """Prints the accuracy per fixture (the benchmark reports the same)."""
    seed_json = dataclasses.asdict(ParsedAction(**seed_expected()))
    seed_json["deadline"] = seed.DEADLINE.isoformat()
    for where_from in ("warnings", "lines", "sources", "unplaced"):
        seed_json.pop(where_from)
    rows = [("seed", field_accuracy(seeded, seed_json))]
    for path in VARIANTS:
        parsed = parse(path.read_text(encoding="utf-8"))
        rows.append((path.stem, field_accuracy(parsed, expected_for(path))))
    with capsys.disabled():
        print()
        for name, accuracy in rows:
            print(f"field accuracy {name:<30} {accuracy:6.1%}")
    assert all(accuracy == 1.0 for _, accuracy in rows)


# --- single lines, as the table of what the parser understands ----------------------


@pytest.mark.parametrize(
    ("header", "ua_number", "update_number"),
    [
        ("UA: 229/10 Index: AMR 19/015/2010 Brazil Date: 29 October 2010", "229/10", 1),
        ("Follow-up on UA 52/10", "52/10", 2),
        ("Further information on UA: 52/10 Index: MDE 13/071/2010", "52/10", 2),
        ("Third Urgent Action 147.20", "147/20", 3),
        ("Urgent Action 103.22", "103/22", 1),
        ("FI 103/22-4", "103/22", 4),
        ("Primera AU 047/24 | Índice: AMR 41/1234/2024 | México", "47/24", 1),
        ("Segunda AU 047/24", "47/24", 2),
    ],
)
def test_header(header, ua_number, update_number):
    parsed = parse(f"URGENT ACTION\n{header}\nA TITLE\n")
    assert (parsed.ua_number, parsed.update_number) == (ua_number, update_number)


def test_header_index_country_and_date():
    parsed = parse("UA: 229/10 Index: AMR 19/015/2010 Brazil Date: 29 October 2010\n")
    assert parsed.document_index == "AMR 19/015/2010"
    assert parsed.country == "BR"
    assert parsed.issued_on == datetime.date(2010, 10, 29)


@pytest.mark.parametrize(
    ("line", "deadline"),
    [
        (
            "PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: November 1, 2024",
            "2024-11-01",
        ),
        ("PLEASE SEND APPEALS BEFORE 12 MARCH 2015", "2015-03-12"),
        ("PLEASE SEND APPEALS BEFORE 12 MARCH 2015 TO:", "2015-03-12"),
        ("This Urgent Action expires on June 1 2023.", "2023-06-01"),
        ("Actúa lo antes posible, hasta el 15 de marzo de 2024", "2024-03-15"),
        ("ENVÍA TUS LLAMAMIENTOS ANTES DEL 2 de septiembre de 2021", "2021-09-02"),
        ("PLEASE SEND APPEALS BEFORE 31 FEBRUARY 2015", None),
    ],
)
def test_deadline(line, deadline):
    parsed = parse(f"URGENT ACTION\nA TITLE\n{line}\n")
    assert parsed.as_json()["deadline"] == deadline
    assert ("Could not find the deadline." in parsed.warnings) == (deadline is None)


@pytest.mark.parametrize(
    ("line", "languages", "own"),
    [
        (
            "PREFERRED LANGUAGE TO ADDRESS TARGET: Belarusian, Russian, English, "
            "or your own language.",
            ["be", "ru", "en"],
            True,
        ),
        (
            "Please write immediately in English, Persian or your own language:",
            ["en", "fa"],
            True,
        ),
        (
            "IDIOMA PREFERIDO PARA DIRIGIRSE A LOS DESTINATARIOS: español, inglés",
            ["es", "en"],
            False,
        ),
    ],
)
def test_preferred_languages(line, languages, own):
    parsed = parse(f"URGENT ACTION\nA TITLE\n{line}\n")
    assert (parsed.preferred_languages, parsed.own_language_welcome) == (languages, own)


def test_unknown_language_is_a_warning():
    parsed = parse("PREFERRED LANGUAGE TO ADDRESS TARGET: Klingon, English\n")
    assert parsed.preferred_languages == ["en"]
    assert "“Klingon” is not a language we know." in parsed.warnings


def test_contacts_squeezed_on_one_line():
    target = parser.read_target(
        [
            "Ambassador Maria Lopes",
            "Phone: +1 202 555 0100 I Fax: +1 202 555 0101 Email: amb@example.org "
            "Twitter: @ExampleEmbassy Salutation: Dear Ambassador",
        ],
        "cc",
    )
    assert target == ParsedTarget(
        role="cc",
        position="Ambassador",
        name="Maria Lopes",
        phone="+1 202 555 0100",
        fax="+1 202 555 0101",
        email="amb@example.org",
        x_handle="@ExampleEmbassy",
        salutation="Dear Ambassador",
    )


@pytest.mark.parametrize(
    ("line", "position", "honorific", "name"),
    [
        (
            "Chargé d'Affaires Mr. Pavel Shidlovsky",
            "Chargé d'Affaires",
            "Mr.",
            "Pavel Shidlovsky",
        ),
        ("Lt.-Gen. Ivan Kubrakou", "", "Lt.-Gen.", "Ivan Kubrakou"),
        (
            "Head of Judiciary Ayatollah Reza Amini",
            "Head of Judiciary",
            "Ayatollah",
            "Reza Amini",
        ),
        ("Attorney General Sandra Ortiz", "Attorney General", "", "Sandra Ortiz"),
        (
            "Prosecutor General of Tehran Ali Karimi",
            "Prosecutor General of Tehran",
            "",
            "Ali Karimi",
        ),
        ("Embajador Sr. Luis Ortega Paz", "Embajador", "Sr.", "Luis Ortega Paz"),
    ],
)
def test_person_line(line, position, honorific, name):
    target = ParsedTarget()
    parser.read_person(target, line)
    assert (target.position, target.honorific, target.name) == (
        position,
        honorific,
        name,
    )


# --- text that is not an Urgent Action --------------------------------------------

NOT_URGENT_ACTIONS = {
    "empty": "",
    "blank": " \n\n\t \r\n",
    "recipe": (
        "PANCAKES\n\nIngredients:\n- 200 g flour\n- 2 eggs\n- 300 ml milk\n\n"
        "Whisk everything together. Fry in butter, 2 minutes a side.\n"
    ),
    "bytes": "\x00\x01\ufffd\ufffd PK\x03\x04 \x7f\x1b[0m ÿþ\x00A\x00",
    "letter": "Dear Sam,\nThanks for the book. See you on 3 May 2024.\nYours sincerely,\nAl",
}


@pytest.mark.parametrize("text", NOT_URGENT_ACTIONS.values(), ids=NOT_URGENT_ACTIONS)
def test_not_an_urgent_action(text):
    parsed = parse(text)
    assert not parsed.is_urgent_action
    assert "Could not find the deadline." in parsed.warnings
    assert "Could not find the Urgent Action number." in parsed.warnings


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text):
    """Without the safety net in parse(): the parser itself never raises."""
    assert isinstance(parser._Parser(text).parse(), ParsedAction)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(seed_text().splitlines()) | st.text(max_size=40),
        max_size=60,
    )
)
def test_shuffled_seed_lines_parse(lines):
    assert isinstance(parser._Parser("\n".join(lines)).parse(), ParsedAction)


def test_a_bug_becomes_a_warning(monkeypatch):
    def broken(self):
        raise RuntimeError("bug")

    monkeypatch.setattr(parser._Parser, "parse", broken)
    assert parse("anything").warnings == ["Could not read this document."]


# --- regressions found in review ----------------------------------------------------

DEADLINE_DOCUMENT = """URGENT ACTION
A TITLE
{summary}
TAKE ACTION:
· Write a letter to the official listed.
Minister of Justice
Mr. Carlos Ruiz
Email: minister@example.org

Dear Minister,
{letter}
Yours sincerely,

ADDITIONAL INFORMATION
{additional}
{deadline}
"""


@pytest.mark.parametrize(
    ("summary", "letter", "additional"),
    [
        ("His appeals were rejected by the Supreme Court on 3 May 2022.", "", ""),
        (
            "She was held under the Cybercrime Act until 12 May 2023",
            "",
            "",
        ),
        ("Estuvo detenida hasta el 2 de enero de 2025.", "", ""),
        ("", "Their appeals will be heard by the High Court on 14 September 2023.", ""),
        ("", "", "Please note that the appeals were rejected on 3 May 2022."),
    ],
)
def test_deadline_wording_in_prose_is_not_the_deadline(summary, letter, additional):
    text = DEADLINE_DOCUMENT.format(
        summary=summary or "A summary.",
        letter=letter or "I urge you to release him.",
        additional=additional or "Background.",
        deadline="This Urgent Action expires on June 1 2030.",
    )
    parsed = parse(text)
    assert parsed.deadline == datetime.date(2030, 6, 1)
    everything = " ".join(
        [parsed.summary, *parsed.letter_paragraphs, *parsed.additional_information]
    )
    assert (summary or letter or additional) in everything


def test_long_please_line_is_prose_not_a_deadline():
    line = (
        "Please note that the appeals filed by his lawyers, which the family had "
        "hoped would succeed, were rejected by the court until 3 May 2022 and later."
    )
    parsed = parse(f"URGENT ACTION\nA TITLE\nA summary.\n\n{line}\n")
    assert parsed.deadline is None


def test_explicit_deadline_label_wins():
    parsed = parse(
        "URGENT ACTION\nA TITLE\nA summary.\n"
        "PLEASE SEND APPEALS BEFORE 1 MAY 2024\nDeadline: 15 May 2024\n"
    )
    assert parsed.deadline == datetime.date(2024, 5, 15)


def test_summary_mentioning_an_urgent_action_is_not_a_header():
    line = "This case was first raised in Urgent Action 12/20 after her arrest."
    parsed = parse(f"UA: 41/15\nURGENT ACTION\nA TITLE\n{line}\n")
    assert parsed.ua_number == "41/15"
    assert parsed.summary == line


@pytest.mark.parametrize("blank", ["", "\n"])
def test_deadline_date_on_the_next_line(blank):
    parsed = parse(
        "URGENT ACTION\nA TITLE\nA summary.\n"
        f"PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL:\n{blank}November 1, 2024\n"
    )
    assert parsed.deadline == datetime.date(2024, 11, 1)
    assert "November" not in parsed.summary


IRAN_LEADER = """PLEASE SEND APPEALS BEFORE 12 MARCH 2015 TO:
The Guide of the Islamic Revolution
Sayed 'Ali Khamenei
Islamic Republic Street
Tehran, Islamic Republic of Iran
Email: info_leader@leader.ir Twitter: @khamenei_ir
"""


def test_unrecognised_target_with_contacts_is_kept_with_a_warning():
    parsed = parse(f"URGENT ACTION\nA TITLE\nA summary.\n{IRAN_LEADER}")
    [target] = parsed.targets
    assert target.position == "The Guide of the Islamic Revolution"
    assert target.name == "Sayed 'Ali Khamenei"
    assert target.email == "info_leader@leader.ir"
    assert target.address.endswith("Tehran, Islamic Republic of Iran")
    assert target.country == "IR"
    assert any("The Guide of the Islamic Revolution" in w for w in parsed.warnings)


def test_leader_and_senior_general_are_recognised():
    target = parser.read_target(
        ["Leader of the Islamic Republic", "Ayatollah Sayed 'Ali Khamenei"], "primary"
    )
    assert (target.position, target.honorific, target.name) == (
        "Leader of the Islamic Republic",
        "Ayatollah",
        "Sayed 'Ali Khamenei",
    )
    parsed = parse(
        "URGENT ACTION\nA TITLE\nA summary.\nPLEASE SEND APPEALS BEFORE 1 MAY 2024 TO:\n"
        "Senior General Min Aung Hlaing\nEmail: info@moi.example.mm\n"
    )
    assert [(t.honorific, t.name, t.email) for t in parsed.targets] == [
        ("Senior General", "Min Aung Hlaing", "info@moi.example.mm")
    ]


def test_proper_words_is_linear():
    import time

    start = time.monotonic()
    parsed = parse("A" * 100 + "\n" + ("word Word " * 400000))
    assert time.monotonic() - start < 10
    assert parsed.title


def test_all_capitals_summary_is_not_glued_to_the_title():
    summary = [
        "PEACEFUL PROTESTERS AMINA OTIENO AND BRIAN MUTUA HAVE BEEN HELD FOR WEEKS",
        "AT INDUSTRIAL AREA REMAND PRISON IN NAIROBI AFTER TAKING PART IN PROTESTS",
        "AGAINST THE COST OF LIVING. BOTH REPORT HAVING BEEN BEATEN IN CUSTODY.",
    ]
    parsed = parse(
        "URGENT ACTION\nRELEASE DETAINED PROTESTERS NOW\n" + "\n".join(summary)
    )
    assert parsed.title == "Release detained protesters now"
    assert parsed.summary.startswith("PEACEFUL PROTESTERS")


def test_title_stops_after_two_lines():
    parsed = parse(
        "URGENT ACTION\nA FIRST LINE\nA SECOND LINE\nThird line is the summary.\n"
    )
    assert parsed.title == "A first line a second line"
    assert parsed.summary == "Third line is the summary."


def test_diplomats_for_example_gives_a_cc_target():
    parsed = parse(
        "URGENT ACTION\nA TITLE\nA summary.\nPLEASE SEND APPEALS BEFORE 1 MAY 2024 TO:\n"
        "Minister of Justice\nMr. Carlos Ruiz\nEmail: minister@example.org\n\n"
        "ALSO SEND COPIES TO DIPLOMATIC REPRESENTATIVES accredited to your country, "
        "for example:\nEmbassy of Iran in the United Kingdom\n16 Prince's Gate\n"
        "London SW7 1PT, UK\nEmail: info@iran-embassy.example.uk\n"
    )
    assert [(t.role, t.organisation, t.country) for t in parsed.targets] == [
        ("primary", "", ""),
        ("cc", "Embassy of Iran in the United Kingdom", "GB"),
    ]


def test_position_then_name_without_honorific():
    target = parser.read_target(
        [
            "President",
            "Hassan Rouhani",
            "The Presidency",
            "Pasteur Street",
            "Tehran, Iran",
        ],
        "cc",
    )
    assert (target.position, target.name) == ("President", "Hassan Rouhani")
    assert target.address == "The Presidency\nPasteur Street\nTehran, Iran"


def test_office_words_stay_in_the_position():
    target = ParsedTarget()
    parser.read_person(target, "Director of Public Prosecutions Renson Ingonga")
    assert (target.position, target.name) == (
        "Director of Public Prosecutions",
        "Renson Ingonga",
    )


@pytest.mark.parametrize(
    ("line", "country"),
    [
        ("c/o Embassy of Kenya, 2249 R Street NW, Washington DC 20008, USA", "US"),
        ("16 Prince's Gate, London SW7 1PT UK", "GB"),
        ("Let us know, Kyiv, Ukraine", "UA"),
        ("Ministry of Justice, Status Road, Nairobi", ""),
    ],
)
def test_short_country_names_at_the_end_of_an_address(line, country):
    from ua_wagtail.importer import patterns

    assert patterns.find_country(line, last=True) == country


def test_name_and_pronoun_with_two_people_keeps_the_first():
    parsed = parse(
        "NAME AND PRONOUN: Amina Otieno (she/her) and Brian Mutua (he/him)\n"
    )
    assert (parsed.subject_name, parsed.subject_pronoun) == ("Amina Otieno", "she/her")
    assert any("Brian Mutua" in w for w in parsed.warnings)
    parsed = parse("NAME AND PRONOUN: Amina Otieno and Brian Mutua\n")
    assert parsed.subject_name == "Amina Otieno"
