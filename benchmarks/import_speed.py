"""Urgent Action documents read and parsed per second, against a baseline.

Run: ``.venv/bin/python -m benchmarks.import_speed`` (no database or server).

The seed Urgent Action (``example_site/home/seed_document.txt``) as plain
text, DOCX and PDF, made as the importer's tests make them
(``tests/importer/documents.py``), each read with
``ua_wagtail.importer.readers.read_text`` and parsed with
``ua_wagtail.importer.parser.parse`` (reading only, if there is no parser yet).
The baseline is the least any importer does: decoding the ``.txt`` bytes.

Cases take turns over BENCH_ROUNDS rounds (default 7) of BENCH_SECONDS (0.5)
each, so that a slow spell of the machine weighs on all of them alike; each
figure is the median of its rounds.

Then the cost of reading the documents of the security audit's finding 5 (a
DOCX whose directory hides 950 MB behind a 9 KB claim; a PDF whose ten pages
share one 16 MB content stream, and two whose pages share 1 MB and 6 MB, within
the unpacked budget, parsed once) beside the normal DOCX and PDF, made by
``tests/importer/attacks.py``: each read by ``read_text`` in a fresh process,
for its processor time and peak memory, and as an upload (``parse_upload``: in
a child process, within the time and memory limits) for the time an editor
waits.

Then, if ``field_accuracy(parsed, expected)`` exists (``ua_wagtail/importer/
accuracy.py``, or ``tests/importer/accuracy.py``), it prints the parser's field
accuracy for each fixture in ``tests/importer/fixtures/`` (``NAME.txt`` and the
expected ``NAME.json``), read as text and as a DOCX and a PDF made from it, with
the fields it got wrong in the text; then the same for the held-out documents in
``benchmarks/held_out/``, written after the parser and never tuned for, which
give the honest figure.

Then (``benchmarks/import_big_input.py``) the parse time of about 1 MB of text
in three shapes (the seed repeated, one line without a newline, label-like
lines) against decoding the same bytes, and whether each is under issue 20's
2 s. Then (``benchmarks/import_accuracy.py``) the field accuracy on the real
documents of issue 20, the tuning set and the held-out set apart, each as text,
DOCX and PDF: per family, per kind of field and per document, counts pooled
over the documents.

Environment:

- ``BENCH_IMPORT_ACCURACY_ONLY=1``: only the accuracy tables (fixtures and real
  documents), in seconds: no timing rounds, attack documents or 1 MB texts.
- ``BENCH_IMPORT_SETS=tuning`` (or ``held-out``; both by default): the sets of
  documents to score. Whoever tunes the parser runs
  ``BENCH_IMPORT_SETS=tuning BENCH_IMPORT_ACCURACY_ONLY=1`` and leaves the
  held-out figures (``benchmarks/held_out/``, fixtures and real documents) for
  the end.
"""

import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
sys.path.insert(0, str(ROOT))

from benchmarks import import_accuracy, import_big_input  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "0.5"))
ACCURACY_ONLY = os.environ.get("BENCH_IMPORT_ACCURACY_ONLY", "") not in ("", "0")
FIXTURES = ROOT / "tests" / "importer" / "fixtures"
#: Documents written after the parser, never tuned for: its honest accuracy.
HELD_OUT = ROOT / "benchmarks" / "held_out"


def load_parser():
    try:
        from ua_wagtail.importer.parser import parse
    except ImportError as error:
        print(f"No parser ({error}): measuring reading only.\n")
        return None
    return parse


def load_accuracy():
    for module in ("ua_wagtail.importer.accuracy", "tests.importer.accuracy"):
        try:
            helper = getattr(importlib.import_module(module), "field_accuracy", None)
        except ImportError:
            continue
        if helper is not None:
            return module, helper
    return None, None


def rate(fn):
    """Calls of ``fn`` per second over about SECONDS."""
    calls = 0
    start = time.perf_counter()
    deadline = start + SECONDS
    while True:
        fn()
        calls += 1
        now = time.perf_counter()
        if now >= deadline:
            return calls / (now - start)


def cases(parse):
    from tests.importer.documents import seed_docx, seed_pdf, seed_text
    from ua_wagtail.importer.readers import read_text

    text = seed_text().encode()
    documents = {"text": ("ua.txt", text), "DOCX": ("ua.docx", seed_docx())}
    documents["PDF"] = ("ua.pdf", seed_pdf())
    for kind, (_name, data) in documents.items():
        print(f"  {kind:5} {len(data):7,} bytes")
    found = {"baseline": lambda: text.decode("utf-8")}
    for kind, (name, data) in documents.items():
        found[f"{kind} read"] = lambda name=name, data=data: read_text(name, data)
        if parse:
            found[f"{kind} read+parse"] = lambda name=name, data=data: parse(
                read_text(name, data)
            )
    if parse:
        parsed = {
            kind: parse(read_text(name, data)).as_json()
            for kind, (name, data) in documents.items()
        }
        for kind in ("DOCX", "PDF"):
            same = parsed[kind] == parsed["text"]
            differ = [f for f in parsed["text"] if parsed[kind][f] != parsed["text"][f]]
            print(
                f"  {kind} parses to the same as text: "
                + ("yes" if same else f"no, differs in {', '.join(differ)}")
            )
        print(f"  title: {parsed['text']['title']!r}")
    return found


def measure(found):
    runs = {name: [] for name in found}
    for round_ in range(1, ROUNDS + 1):
        print(f"  round {round_} of {ROUNDS}", flush=True)
        for name, fn in found.items():
            runs[name].append(rate(fn))
    return runs


def attack_documents():
    """The audit's attack documents, each after the normal one of its kind."""
    from tests.importer.attacks import MB, forged_docx, shared_stream_pdf
    from tests.importer.documents import seed_docx, seed_pdf

    return {
        "DOCX (the seed)": ("ua.docx", seed_docx()),
        "DOCX, 950 MB forged": ("ua.docx", forged_docx(950 * MB)),
        "PDF (the seed)": ("ua.pdf", seed_pdf()),
        "PDF, 10 pages share 16 MB": ("ua.pdf", shared_stream_pdf(10, 16 * MB)),
        "PDF, 10 pages share 1 MB": ("ua.pdf", shared_stream_pdf(10, MB)),
        "PDF, 10 pages share 6 MB": ("ua.pdf", shared_stream_pdf(10, 6 * MB)),
    }


def attacks():
    """Processor time and peak memory of reading each attack document, and the
    time its upload takes, against the normal document of its kind."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.importer.attacks import reading_cost
    from ua_wagtail.importer.errors import DocumentError
    from ua_wagtail.importer.isolation import parse_upload

    print("\nThe audit's attack documents (finding 5), read in a fresh process:")
    print(
        f"{'document':27}{'bytes':>10}{'cpu s':>8}{'x':>7}{'peak MB':>9}{'x':>6}"
        f"{'grew MB':>9}{'upload s':>10}   outcome"
    )
    normal = None
    for label, (name, data) in attack_documents().items():
        cost = reading_cost(name, data)
        normal = cost if "(the seed)" in label else normal
        start = time.perf_counter()
        try:
            parsed = parse_upload(SimpleUploadedFile(name, data))
            uploaded = f"parsed: “{parsed.title[:40]}”"
        except DocumentError as error:
            uploaded = error.message
        waited = time.perf_counter() - start
        print(
            f"{label:27}{len(data):10,}{cost.seconds:8.2f}"
            f"{cost.seconds / normal.seconds:7.1f}{cost.peak:9.0f}"
            f"{cost.peak / normal.peak:6.2f}{cost.grown:9.1f}{waited:10.2f}"
            f"   {cost.outcome[:60]}"
        )
        if uploaded != cost.outcome:
            print(f"{'':86}upload: {uploaded[:60]}")


def accuracy(module, helper, parse, folder=FIXTURES, heading="test fixtures"):
    """Each fixture's text, and the same text as DOCX and PDF, read and parsed."""
    import json

    from tests.importer.documents import docx_from_text, pdf_from_text, pdf_text
    from ua_wagtail.importer.readers import read_text

    fixtures = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    fixtures = [path for path in fixtures if path.with_suffix(".json").is_file()]
    if not fixtures:
        print(f"\nNo fixtures (.txt with .json) in {folder}: no field accuracy.")
        return
    differences = getattr(importlib.import_module(module), "field_differences", None)
    print(f"\nField accuracy of the parser ({module}.field_accuracy), {heading}:")
    print(f"{'fixture':30}{'text':>8}{'DOCX':>8}{'PDF':>8}   wrong (text)")
    scores = {"text": [], "DOCX": [], "PDF": []}
    for path in fixtures:
        text = path.read_text(encoding="utf-8")
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        documents = {
            "text": ("f.txt", text.encode()),
            "DOCX": ("f.docx", docx_from_text(text)),
            # The PDF font may lack a character; then the text cannot match.
            "PDF": ("f.pdf", pdf_from_text(text)),
        }
        line = f"{path.stem:30}"
        for kind, (name, data) in documents.items():
            parsed = parse(read_text(name, data))
            score = helper(parsed, expected)
            scores[kind].append(score)
            line += f"{score:8.1%}"
            if kind == "text":
                wrong = differences(parsed, expected) if differences else []
        if pdf_text(text) != text:
            line += " (PDF without a Unicode font)"
        print(line + "   " + (", ".join(wrong) or "-"))
    print(
        f"{'mean':30}"
        + "".join(f"{statistics.mean(values):8.1%}" for values in scores.values())
    )


def timings(parse):
    print("Documents (the seed Urgent Action):")
    found = cases(parse)
    print(f"Interleaved: {ROUNDS} rounds of {SECONDS}s per case:", flush=True)
    runs = measure(found)

    base = statistics.median(runs["baseline"])
    print(
        "\nDocuments per second, median of the rounds (one process, one thread)"
        "\nbaseline: decode the .txt bytes, no reading or parsing"
    )
    print(
        f"{'case':20}{'docs/s':>12}{'ms/doc':>10}{'vs baseline':>14}   spread (low-high/s)"
    )
    for name, rates in runs.items():
        median = statistics.median(rates)
        ratio = "1x" if name == "baseline" else f"{base / median:,.0f}x slower"
        print(
            f"{name:20}{median:12,.0f}{1000 / median:10.3f}{ratio:>14}"
            f"   {min(rates):,.0f}-{max(rates):,.0f}"
        )
    if parse:
        for kind in ("DOCX", "PDF"):
            ratio = statistics.median(runs["text read+parse"]) / statistics.median(
                runs[f"{kind} read+parse"]
            )
            print(f"{kind} read+parse takes {ratio:.1f}x the time of text read+parse")
        read = 1 / statistics.median(runs["text read"])
        both = 1 / statistics.median(runs["text read+parse"])
        print(f"Parsing is {1 - read / both:.0%} of the time of importing the text")

    attacks()
    if parse:
        import_big_input.report(parse)


def main():
    import django

    django.setup()
    parse = load_parser()
    sets = import_accuracy.selected_sets()
    if ACCURACY_ONLY:
        print("BENCH_IMPORT_ACCURACY_ONLY: field accuracy only, no timings.")
    else:
        timings(parse)

    module, helper = load_accuracy()
    if helper is None:
        print(
            "\nNo field_accuracy helper (tests/importer/accuracy.py or "
            "ua_wagtail/importer/accuracy.py): reading speed only."
        )
    elif parse:
        if "tuning" in sets:
            accuracy(module, helper, parse)
        if "held-out" in sets:
            accuracy(module, helper, parse, HELD_OUT, "held-out documents")
    if parse:
        import_accuracy.main(parse, sets)


if __name__ == "__main__":
    main()
