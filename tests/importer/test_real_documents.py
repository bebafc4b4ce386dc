"""The real documents of issue 20 load and say what they should: a check of the
corpus itself (``tests/importer/real_documents.py``), not of the parser's
accuracy on it."""

import dataclasses
import datetime

import pytest

from ua_wagtail.importer.accuracy import SCORED, scored_fields
from ua_wagtail.importer.result import ParsedAction, ParsedStep, ParsedTarget

from .real_documents import HELD_OUT, TUNING, real_documents

FOLDERS = {"tuning": TUNING, "held-out": HELD_OUT}
DOCUMENTS = [
    pytest.param(document, id=f"{set_name}/{document.name}")
    for set_name, folder in FOLDERS.items()
    for document in real_documents(folder)
]
LANGUAGES = {"en", "es", "fr", "de"}


def field_names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("set_name", FOLDERS)
def test_every_text_has_its_expected_fields_and_back(set_name):
    folder = FOLDERS[set_name]
    texts = {path.stem for path in folder.glob("*.txt")}
    expected = {path.stem for path in folder.glob("*.json")}
    assert texts, f"no documents in {folder}"
    assert texts == expected, (texts ^ expected, "a .txt without .json or back")
    assert {d.name for d in real_documents(folder)} == texts


def test_no_document_is_in_two_sets():
    names = [{d.name for d in real_documents(folder)} for folder in FOLDERS.values()]
    assert sum(map(len, names)) == len(set().union(*names))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_header(document):
    for key in ("source", "family", "language"):
        assert document.header.get(key), f"no # {key}: in the header"
    assert document.header["language"] in LANGUAGES
    assert document.family != "unknown"
    assert document.text.strip()
    assert not document.text.startswith("#"), "the header runs into the text"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_expected_fields_are_parsed_action_fields(document):
    expected = document.expected
    assert isinstance(expected, dict) and expected
    assert set(expected) <= field_names(ParsedAction)
    for target in expected.get("targets", []):
        assert set(target) <= field_names(ParsedTarget)
        ParsedTarget(**target)
    for step in expected.get("steps", []):
        assert set(step) <= field_names(ParsedStep)
        ParsedStep(**step)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_expected_round_trips_as_parsed_json(document):
    """Dates parse (ISO 8601) and the whole reads as a ParsedAction's JSON."""
    for name in ("issued_on", "deadline"):
        if document.expected.get(name) is not None:
            datetime.date.fromisoformat(document.expected[name])
    data = {**ParsedAction().as_json(), **document.expected}
    parsed = ParsedAction.from_json(data).as_json()
    for name, value in document.expected.items():
        if name == "targets":
            value = [dataclasses.asdict(ParsedTarget(**target)) for target in value]
        assert parsed[name] == value, name


@pytest.mark.parametrize("document", DOCUMENTS)
def test_an_exact_parse_scores_every_field(document):
    """A parser that found exactly what is expected gets every scored field."""
    data = {**ParsedAction().as_json(), **document.expected}
    scores = list(scored_fields(ParsedAction.from_json(data), document.expected))
    assert all(matched for _, _, matched in scores)
    assert {kind for kind, _, _ in scores} <= set(SCORED.values())
