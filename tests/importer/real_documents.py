"""The real Urgent Action documents of issue 20, with what they should give.

Each is ``NAME.txt`` (a header of ``# key: value`` lines, source, publisher,
family, language…, then a blank line and the document's text) beside
``NAME.json``, its expected fields written by hand from the text. The tuning
set is in ``tests/importer/real/``; the held-out set, collected by someone who
never ran the parser and never looked at while changing it, in
``benchmarks/held_out/unseen/``. Once a held-out batch has been run and its
failures seen, it joins the tuning set (``SOURCES.md`` says which did).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUNING = ROOT / "tests" / "importer" / "real"
HELD_OUT = ROOT / "benchmarks" / "held_out" / "unseen"


@dataclass
class RealDocument:
    name: str
    text: str  # the document, without the header
    expected: dict
    header: dict[str, str] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.header.get("family", "unknown")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The ``# key: value`` lines at the top of ``text``, and the rest."""
    header, lines = {}, text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0)[1:].partition(":")
        header[key.strip()] = value.strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    return header, "".join(lines)


def real_documents(folder: Path = TUNING) -> list[RealDocument]:
    """The documents in ``folder``, by name."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        expected = path.with_suffix(".json")
        if not expected.is_file():
            continue
        header, text = split_header(path.read_text(encoding="utf-8"))
        found.append(
            RealDocument(
                name=path.stem,
                text=text,
                expected=json.loads(expected.read_text(encoding="utf-8")),
                header=header,
            )
        )
    return found
