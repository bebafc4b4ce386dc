"""How much of an expected result the parser got right, field by field.

Shared by the importer's tests and its benchmark. ``expected`` is a plain dict of
:class:`.result.ParsedAction` fields as in :meth:`.result.ParsedAction.as_json`
(only the fields given are scored). Each scalar field counts once; each step and
each target counts once per field, so a list of three targets has more weight
than the title. A target's fields that ``expected`` leaves out must be empty.
"""

import dataclasses

from .result import ParsedAction, ParsedTarget


def _scores(parsed: ParsedAction, expected: dict):
    """(field name, matched) for every scored field."""
    actual = parsed.as_json()
    for name, want in expected.items():
        got = actual.get(name)
        if name == "targets":
            yield from _list_scores(name, got, [_full_target(t) for t in want])
        elif name == "steps":
            yield from _list_scores(name, got, want)
        else:
            yield name, got == want


def _full_target(target: dict) -> dict:
    return dataclasses.asdict(ParsedTarget(**target))


def _list_scores(name: str, got: list[dict], want: list[dict]):
    for index in range(max(len(got), len(want))):
        have = got[index] if index < len(got) else {}
        need = want[index] if index < len(want) else {}
        for key in need or have:
            yield f"{name}[{index}].{key}", have.get(key) == need.get(key)


#: The fields that matter to an editor importing a real document, by the name
#: each is reported under: what issue 20's figures are made of. A target's
#: other fields (position, address…) and the prose (summary, letter
#: paragraphs) are left out: a real document's wording of them is the
#: editor's to check, not a right or wrong answer.
SCORED = {
    "deadline": "deadline",
    "ua_number": "UA number",
    "title": "title",
    "name": "target name",
    "email": "target contacts",
    "fax": "target contacts",
    "phone": "target contacts",
    "x_handle": "target contacts",
    "facebook": "target contacts",
    "salutation": "target salutation",
    "letter_salutation": "letter salutation",
    "letter_closing": "letter closing",
    "preferred_languages": "languages",
}


#: The fields of each target that are scored.
TARGET_SCORED = ("name", "email", "fax", "phone", "x_handle", "facebook", "salutation")


def scored_fields(parsed: ParsedAction, expected: dict):
    """(kind, path, matched) for each field of :data:`SCORED` that ``expected``
    gives; a target the parser found beyond those expected counts once per
    scored field it filled in (wrongly). The kind is the name in :data:`SCORED`."""
    actual = parsed.as_json()
    for name, want in expected.items():
        if name == "targets":
            yield from _scored_targets(actual["targets"], want)
        elif name in SCORED:
            yield SCORED[name], name, actual.get(name) == want


def _scored_targets(got: list[dict], want: list[dict]):
    for index in range(max(len(got), len(want))):
        have = got[index] if index < len(got) else {}
        need = _full_target(want[index]) if index < len(want) else None
        for key in TARGET_SCORED:
            kind = SCORED[key]
            path = f"targets[{index}].{key}"
            if need is None:
                if have.get(key):
                    yield kind, path, False
            elif key in want[index] or have.get(key):
                yield kind, path, have.get(key, "") == need[key]


def field_differences(parsed: ParsedAction, expected: dict) -> list[str]:
    """The names of the fields the parser got wrong."""
    return [name for name, matched in _scores(parsed, expected) if not matched]


def field_accuracy(parsed: ParsedAction, expected: dict) -> float:
    """The share of expected fields the parser got right, from 0 to 1."""
    scores = [matched for _, matched in _scores(parsed, expected)]
    return sum(scores) / len(scores) if scores else 1.0
