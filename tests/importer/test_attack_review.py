"""The importer and its review screen under attack: uploads shaped to cost the
parser time, text no database takes, and who may see a review."""

import time

import pytest

from ua_wagtail.importer.parser import parse

#: Characters of each hostile document: some 2,000 lines of a real one's worth.
SIZE = 150_000

#: Text that kept the parser looking back over, or copying, all it had read for
#: every line: seconds for 40,000 characters, minutes for the largest upload.
QUADRATIC = {
    "a step running on line after line": (
        "TAKE ACTION:\n1. Write a letter\n",
        "word\n",
    ),
    "a letter of short lines": ("Title\nDear Minister,\n", "x\n"),
    "lines after the letter, none placed": (
        "Title\nSAMPLE LETTER\nDear Sir,\nHello there.\nYours sincerely,\n",
        "z\n",
    ),
    "background information of short lines": ("ADDITIONAL INFORMATION\n", "q\n"),
    "an address with a blank line between every two": ("T\nWrite to:\n", "aa\n\n"),
    "an address of many lines": ("Title\nWrite to:\n", "aa\n"),
    "contacts under a summary of short lines": ("Title\nSummary\n", "a b\nEmail: x\n"),
    "lines like a salutation among the steps": ("TAKE ACTION:\n1. x.\n", "ab,\n"),
    "honorifics alone on their lines": ("Title\nWrite to:\n", "Mr\n"),
    "blocks of contacts only": ("Title\nSummary\n", "Salutation: x\n\nFax: 1\n\n"),
}


@pytest.mark.parametrize("head, repeated", QUADRATIC.values(), ids=QUADRATIC)
def test_parsing_takes_time_in_proportion_to_the_text(head, repeated):
    text = head + repeated * (SIZE // len(repeated))
    start = time.process_time()
    parsed = parse(text)
    seconds = time.process_time() - start
    assert parsed.lines  # parsed, not the fallback of a bug
    assert seconds < 3, f"{seconds:.1f} s for {len(text):,} characters"
