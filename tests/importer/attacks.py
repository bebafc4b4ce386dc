"""Documents made to exhaust the importer, built by hand on the fly.

Shared by the importer's tests and ``benchmarks/import_speed.py``:

* :func:`forged_docx`: the seed DOCX whose ``word/document.xml`` inflates to
  hundreds of megabytes while the ZIP directory claims its usual size and
  checksum (the audit's 0.97 MB DOCX that reached 2 GB of memory);
* :func:`shared_stream_pdf`: a small PDF whose pages all draw one huge
  flate-compressed content stream (the audit's 17.5 KB PDF that took 114 s).

:func:`reading_cost` measures what reading one costs, in a fresh process.
"""

import io
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from .documents import seed_docx

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


# ZIP


def deflated(data: bytes) -> bytes:
    """``data`` as a raw deflate stream, as a ZIP holds it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def deflated_zeros(size: int) -> bytes:
    """A raw deflate stream of ``size`` zero bytes (a whole number of MB), made
    without holding them: after a full flush, each megabyte packs the same."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(bytes(MB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * (size // MB) + packer.flush()


def zip_archive(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP of ``(name, method, packed, size, crc)`` members, written exactly
    as given (APPNOTE.TXT 4.3): whatever sizes and checksums they claim."""
    out, directory = bytearray(), bytearray()
    for name, method, packed, size, crc in members:
        offset, encoded = len(out), name.encode()
        fields = (method, 0, 0x21, crc, len(packed), size, len(encoded), 0)
        out += struct.pack("<4s2H3H3L2H", b"PK\x03\x04", 20, 0, *fields)
        out += encoded + packed
        directory += struct.pack(
            "<4s3H3H3L5H2L", b"PK\x01\x02", 20, 20, 0, *fields, 0, 0, 0, 0, offset
        )
        directory += encoded
    count = len(members)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def seed_members() -> dict[str, bytes]:
    """The parts of the seed DOCX, unpacked."""
    archive = zipfile.ZipFile(io.BytesIO(seed_docx()))
    return {info.filename: archive.read(info) for info in archive.infolist()}


def docx_of(parts: dict[str, bytes], forged: dict | None = None) -> bytes:
    """A DOCX of ``parts``, deflated; ``forged`` maps a part's name to the
    ``(packed, size, crc)`` it has instead."""
    members = []
    for name, content in parts.items():
        packed, size, crc = deflated(content), len(content), zlib.crc32(content)
        packed, size, crc = (forged or {}).get(name, (packed, size, crc))
        members.append((name, zipfile.ZIP_DEFLATED, packed, size, crc))
    return zip_archive(members)


def forged_docx(inflated: int = 300 * MB) -> bytes:
    """The seed DOCX whose document inflates to ``inflated`` bytes of zeros while
    the directory claims the real document's size and checksum."""
    parts = seed_members()
    document = parts["word/document.xml"]
    forged = (deflated_zeros(inflated), len(document), zlib.crc32(document))
    return docx_of(parts, {"word/document.xml": forged})


def zip_bomb_docx(size: int = 5 * MB) -> bytes:
    """The seed DOCX with a part of ``size`` zeros packed 1000 to 1, which the
    directory honestly claims (within the budget)."""
    zeros = (deflated_zeros(size), size, zlib.crc32(bytes(size)))
    return docx_of(
        {**seed_members(), "word/media/zeros.bin": b""}, {"word/media/zeros.bin": zeros}
    )


# PDF


def text_content(text: bytes, shows: int) -> bytes:
    """Page content that shows ``text`` (no parentheses) ``shows`` times."""
    show = b"(" + text + b") Tj\n"
    return b"BT /F1 12 Tf 10 700 Td\n" + show * shows + b"ET\n"


def hand_pdf(streams: list[bytes], pages: list[int]) -> bytes:
    """A PDF whose page ``n`` draws the flate-compressed content stream
    ``streams[pages[n]]``: pages given the same number share one stream."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    for content in streams:
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )
    first_page = len(objects) + 1
    for stream in pages:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (4 + stream)
        )
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(len(pages)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    size, start = len(objects) + 1, len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n%s" % (size, table)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % size
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % start)


def shared_stream_pdf(pages: int = 10, size: int = 16 * MB) -> bytes:
    """``pages`` pages all drawing one content stream of about ``size`` bytes
    that shows one letter at a time, the costliest text to extract."""
    content = text_content(b"A", size // 7)
    return hand_pdf([content], [0] * pages)


def slow_pdf(size: int = 3 * MB) -> bytes:
    """One page whose content stream of ``size`` bytes shows one letter at a
    time: within the budget, the page and the text limits, and still seconds
    of parsing (some 430,000 characters for 3 MB)."""
    return hand_pdf([text_content(b"A", size // 7)], [0])


# Cost

# Reads a document from standard input with the readers' libraries loaded, then
# prints the processor seconds its reading took, the process's peak memory (KB)
# before and after it, and what came of it. The peak is Linux's VmHWM: the
# rusage maximum would start at the parent's, as it survives the exec.
_COST = """
import re, sys, time
import django
from django.conf import settings
settings.configure()
django.setup()
import docx, pypdf
from ua_wagtail.importer.readers import DocumentError, read_text

def peak():
    with open("/proc/self/status") as status:
        return re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1]

data = sys.stdin.buffer.read()
before = peak()
start = time.process_time()
try:
    outcome = f"read {len(read_text(sys.argv[1], data)):,} characters"
except DocumentError as error:
    outcome = error.message
print(time.process_time() - start)
print(before, peak())
print(outcome)
"""


class Cost(NamedTuple):
    seconds: float  # of processor time
    peak: float  # MB, the process's peak memory
    grown: float  # MB the reading added to it
    outcome: str  # the characters read, or the refusal


def reading_cost(name: str, data: bytes) -> Cost:
    """What ``read_text`` of ``data`` costs in a fresh process."""
    done = subprocess.run(  # noqa: S603 (this Python, the script above)
        [sys.executable, "-c", _COST, name],
        input=data,
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    seconds, peaks, outcome = done.stdout.decode().split("\n", 2)
    before, after = (int(kb) / 1024 for kb in peaks.split())
    return Cost(float(seconds), after, after - before, outcome.strip())
