"""How long the parser takes on about 1 MB of text (issue 20: "1 MB of text still
parses in under 2 s").

Run by ``benchmarks/import_speed.py`` (``make bench-import``); on its own:
``.venv/bin/python -m benchmarks.import_big_input``.

Shapes of about 1 MB: the seed Urgent Action repeated; one line of 1 MB
without a newline (the seed's words); lines that look like the parser's labels
("Fax: ", "Salutation:", "Email:", "Dear", deadlines, UA headers…), the shapes
that would make a regular expression backtrack; and the five shapes a review of
the parser's December 2026 changes found slow (a letter per official repeated,
one 1 MB contact, a run of number separators, long paragraphs with dates, an
envelope of 170,000 slashes). Each is
parsed with ``ua_wagtail.importer.parser.parse`` (best of up to three runs,
within about 10 s), against the baseline measured in the same run: decoding
the same number of UTF-8 bytes. It prints figures and whether each is under
the target; it asserts nothing.
"""

import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 2**20
TARGET_SECONDS = 2.0


def up_to(size: int, pieces) -> str:
    """``pieces`` joined by newlines until the text is ``size`` bytes or more."""
    lines, total = [], 0
    for piece in itertools.cycle(pieces):
        lines.append(piece)
        total += len(piece.encode()) + 1
        if total >= size:
            return "\n".join(lines)
    raise AssertionError("unreachable")


def big_texts(size: int = MB) -> dict[str, str]:
    from tests.importer.documents import LABEL_LIKE_LINES, seed_text

    seed = seed_text()
    words = seed.split()
    one_line = up_to(size, [" ".join(words)]).replace("\n", " ")
    header = "UA 12/20\nTitle here\nSome summary.\n"
    return {
        "seed repeated": up_to(size, [seed]),
        "one line, no newline": one_line,
        "label-like lines": up_to(size, LABEL_LIKE_LINES),
        # the shapes the December 2026 review found slow (see docs/importer.md)
        "a letter per official": header
        + "Dear Minister,\nText.\nYours sincerely,\n"
        + up_to(size, ["AB", "c", "Dear,", "x", "Sincerely"]),
        "one contact, 1 MB": header + "Write to:\n" + "@" * size + " x",
        "numbers' separators": header + "Minister Tel: " + "o " * (size // 2),
        "long dated paragraphs": up_to(size, [("2020 1 mayo " + "a " * 5000)[:9990]]),
        "slashed envelope": header
        + "Please send appeals to: "
        + "Ab Cd/" * (size // 6),
    }


def best_time(fn, runs: int = 3, budget: float = 10.0) -> float:
    """The least time of up to ``runs`` calls, stopping once ``budget`` is spent."""
    times, spent = [], 0.0
    while len(times) < runs and (not times or spent + min(times) < budget):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return min(times)


def report(parse) -> None:
    print(
        f"\nParsing about 1 MB of text (target: under {TARGET_SECONDS:.0f} s),"
        " best of up to 3 runs; baseline: decoding the same bytes"
    )
    print(
        f"{'text':24}{'bytes':>11}{'lines':>8}{'parse s':>10}{'baseline s':>12}"
        f"{'vs baseline':>14}   under {TARGET_SECONDS:.0f} s"
    )
    for name, text in big_texts().items():
        data = text.encode()
        baseline = best_time(lambda data=data: data.decode("utf-8"), runs=5)
        seconds = best_time(lambda text=text: parse(text))
        under = "yes" if seconds < TARGET_SECONDS else "NO"
        print(
            f"{name:24}{len(data):11,}{text.count(chr(10)) + 1:8,}{seconds:10.3f}"
            f"{baseline:12.5f}{seconds / baseline:13,.0f}x   {under}"
        )


def main() -> None:
    import django

    django.setup()
    from ua_wagtail.importer.parser import parse

    report(parse)


if __name__ == "__main__":
    main()
