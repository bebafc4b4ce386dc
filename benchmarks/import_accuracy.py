"""The parser's field accuracy on real Urgent Action documents (issue 20).

Run by ``benchmarks/import_speed.py`` after its other figures (``make
bench-import``); on its own: ``.venv/bin/python -m benchmarks.import_accuracy``.

The real documents (``tests/importer/real_documents.py``) come in two sets: the
TUNING set (``tests/importer/real/``), to change the parser against, and the
HELD-OUT set (``benchmarks/held_out/unseen/``), collected by someone who never
ran the parser and never looked at while changing it, which gives the honest
figure. Each document is parsed in three formats: its
text as is, and a DOCX and a PDF made from the text (``docx_from_text``,
``pdf_from_text`` in ``tests/importer/documents.py``), read back with
``ua_wagtail.importer.readers.read_text``.

For each set it prints: table A, fields right / fields scored per document
family and in all; table B, the same per kind of field
(``ua_wagtail.importer.accuracy.SCORED``, "–" where nothing of that kind is
scored); and one line per document, with the paths it got wrong in the text.
Counts are pooled over the documents (fields matched / fields scored), not a
mean of per-document percentages, so a document with many targets weighs more.

``BENCH_IMPORT_SETS`` chooses the sets: ``tuning``, ``held-out``, or both
(``tuning,held-out``, the default). Whoever changes the parser runs
``BENCH_IMPORT_SETS=tuning`` and leaves the held-out figures for the end.
"""

import functools
import logging
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = ("text", "DOCX", "PDF")
SET_NAMES = ("tuning", "held-out")
CELL = 16  # characters per table cell: "41/45 91.1%", right-aligned


def selected_sets(value: str | None = None) -> list[str]:
    """The sets ``BENCH_IMPORT_SETS`` asks for, in the order of SET_NAMES."""
    value = os.environ.get("BENCH_IMPORT_SETS", "") if value is None else value
    asked = {part.strip().lower().replace("_", "-") for part in value.split(",")}
    asked.discard("")
    unknown = asked - set(SET_NAMES)
    if unknown:
        raise SystemExit(
            f"BENCH_IMPORT_SETS: unknown set(s) {', '.join(sorted(unknown))};"
            f" choose from {', '.join(SET_NAMES)}"
        )
    return [name for name in SET_NAMES if name in asked] if asked else list(SET_NAMES)


@dataclass
class Tally:
    right: int = 0
    scored: int = 0

    def add(self, matched: bool) -> None:
        self.right += bool(matched)
        self.scored += 1

    def cell(self) -> str:
        if not self.scored:
            return "–".rjust(CELL)
        share = self.right / self.scored
        return f"{self.right}/{self.scored} {share:.1%}".rjust(CELL)


@dataclass
class Scored:
    """One document's scored fields in each format."""

    name: str
    family: str
    fields: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    pdf_lacks: str = ""  # the characters the PDF's font has no glyph for

    def wrong(self, kind: str) -> list[str]:
        return [path for _, path, matched in self.fields[kind] if not matched]


@functools.cache
def font_characters() -> frozenset[int] | None:
    """The code points the PDFs' Unicode font has glyphs for (None: no font)."""
    from fontTools.ttLib import TTFont

    from tests.importer.documents import unicode_font

    font = unicode_font()
    return frozenset(TTFont(font).getBestCmap()) if font else None


def pdf_lacks_characters(text: str) -> str:
    """The characters of ``text`` a PDF made from it cannot hold, or ""."""
    from tests.importer.documents import pdf_text

    known = font_characters()
    if known is None:
        held = pdf_text(text)
        return "".join(sorted({a for a, b in zip(text, held, strict=True) if a != b}))
    return "".join(sorted({c for c in text if not c.isspace() and ord(c) not in known}))


def pdf_quietly(text: str) -> bytes:
    """``pdf_from_text``, without fpdf's warning about glyphs the font lacks
    (the per-document lines say so)."""
    from tests.importer.documents import pdf_from_text

    fpdf_logger = logging.getLogger("fpdf.output")
    level = fpdf_logger.level
    fpdf_logger.setLevel(logging.ERROR)
    try:
        return pdf_from_text(text)
    finally:
        fpdf_logger.setLevel(level)


def score(document, parse) -> Scored:
    from tests.importer.documents import docx_from_text
    from ua_wagtail.importer.accuracy import scored_fields
    from ua_wagtail.importer.readers import read_text

    files = {
        "text": ("ua.txt", document.text.encode()),
        "DOCX": ("ua.docx", docx_from_text(document.text)),
        "PDF": ("ua.pdf", pdf_quietly(document.text)),
    }
    scored = Scored(document.name, document.family)
    for kind, (name, data) in files.items():
        parsed = parse(read_text(name, data))
        scored.fields[kind] = list(scored_fields(parsed, document.expected))
    # The PDF font may lack a character; then the PDF's text cannot match.
    scored.pdf_lacks = pdf_lacks_characters(document.text)
    return scored


def tallies(documents: list[Scored], key) -> dict[str, dict[str, Tally]]:
    """row → format → Tally, the row of each scored field given by ``key``."""
    rows = defaultdict(lambda: {kind: Tally() for kind in FORMATS})
    for document in documents:
        for kind in FORMATS:
            for field_kind, _path, matched in document.fields[kind]:
                rows[key(document, field_kind)][kind].add(matched)
    return rows


def header(first: str, width: int) -> str:
    return f"{first:{width}}" + "".join(f"{kind:>{CELL}}" for kind in FORMATS)


def table_by_family(documents: list[Scored]) -> None:
    rows = tallies(documents, lambda document, _kind: document.family)
    every = tallies(documents, lambda _document, _kind: "all")["all"]
    families = sorted({document.family for document in documents})
    width = max(len(name) for name in [*families, "family"]) + 2
    print("A. Per family of document: fields right/scored, pooled")
    print(header("family", width) + "   documents")
    for family in families:  # a family with nothing scored shows "–"
        count = sum(document.family == family for document in documents)
        cells = "".join(rows[family][kind].cell() for kind in FORMATS)
        print(f"{family:{width}}{cells}   {count}")
    cells = "".join(every[kind].cell() for kind in FORMATS)
    print(f"{'all':{width}}{cells}   {len(documents)}")


def table_by_kind(documents: list[Scored]) -> None:
    from ua_wagtail.importer.accuracy import SCORED

    rows = tallies(documents, lambda _document, kind: kind)
    kinds = list(dict.fromkeys(SCORED.values()))
    width = max(len(kind) for kind in kinds) + 2
    print("B. Per kind of field: fields right/scored, pooled")
    print(header("field", width))
    for kind in kinds:
        row = rows.get(kind) or {form: Tally() for form in FORMATS}
        print(f"{kind:{width}}" + "".join(row[form].cell() for form in FORMATS))


def per_document(documents: list[Scored]) -> None:
    width = max([len(document.name) for document in documents] + [8]) + 2
    print(header("document", width) + "   wrong in the text")
    for document in documents:
        cells = ""
        for kind in FORMATS:
            tally = Tally()
            for _, _, matched in document.fields[kind]:
                tally.add(matched)
            cells += tally.cell()
        wrong = ", ".join(document.wrong("text")) or "-"
        print(f"{document.name:{width}}{cells}   {wrong}")
        for kind in ("DOCX", "PDF"):
            if document.wrong(kind) != document.wrong("text"):
                print(f"{'':{width}}   {kind} wrong: {', '.join(document.wrong(kind))}")
        if document.pdf_lacks:
            lacks = document.pdf_lacks
            more = f" and {len(lacks) - 10} more" if len(lacks) > 10 else ""
            print(
                f"{'':{width}}   (the PDF's font lacks {len(lacks)} characters of it:"
                f" {lacks[:10]}{more}; its PDF text differs)"
            )


def report(set_name: str, parse) -> None:
    from tests.importer.real_documents import HELD_OUT, TUNING, real_documents

    folder = {"tuning": TUNING, "held-out": HELD_OUT}[set_name]
    heading = {
        "tuning": "TUNING set (tests/importer/real/)",
        "held-out": "HELD-OUT set (benchmarks/held_out/unseen/): never tune the parser on it",
    }[set_name]
    print(f"\n===== Field accuracy on real documents, {heading} =====")
    found = real_documents(folder)
    if not found:
        print(f"No documents (.txt with .json) in {folder}.")
        return
    print(
        f"{len(found)} documents, each as text, DOCX and PDF (made from the text)."
        "\nCounts are fields matched / fields scored, pooled over the documents"
        " (not the mean of per-document percentages)."
    )
    documents = [score(document, parse) for document in found]
    print()
    table_by_family(documents)
    print()
    table_by_kind(documents)
    print()
    if set_name == "tuning":
        print("Per document (tuning set):")
    else:
        print("Per document, HELD-OUT set (for the closing note, not for tuning):")
    per_document(documents)


def main(parse=None, sets=None) -> None:
    if parse is None:
        import django

        django.setup()
        from ua_wagtail.importer.parser import parse
    for set_name in selected_sets() if sets is None else sets:
        report(set_name, parse)


if __name__ == "__main__":
    main()
