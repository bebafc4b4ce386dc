"""The parts of a DOCX (a ZIP archive), unpacked without trusting what it says.

A ZIP's directory gives each part's size and checksum, and both are the sender's
word: a 1 MB file can claim small parts whose compressed data inflates to
gigabytes, and :mod:`zipfile` inflates all of a part's data in one call before
it compares the size (up to 2 GiB at once). So here:

* an archive of more than :data:`MAX_PARTS` parts, or whose parts claim more
  than the budget in all, is refused before anything is inflated;
* each part is inflated by at most :data:`CHUNK` bytes at a time, and refused as
  soon as it gives a byte more than it claims (so the real total never exceeds
  the budget either), or grows more than :data:`MAX_RATIO` times its compressed
  bytes read so far (a "zip bomb"); it must end exactly at its claimed size,
  with its claimed checksum.

:func:`stored_archive` then packs the parts uncompressed, so that python-docx
inflates nothing itself.
"""

import io
import struct
import zipfile
import zlib

from .errors import (
    DocumentError,
    protected,
    too_many_parts,
    unpacks_too_much,
    unreadable,
    zip_bomb,
)

#: Bytes inflated at a time.
CHUNK = 64 * 1024
#: Word writes some 15 parts, and one per picture.
MAX_PARTS = 1000
#: Word's XML inflates to some 3 to 30 times its size; deflate allows 1032.
MAX_RATIO = 100
#: Parts up to this size may be packed tighter than MAX_RATIO: they cost nothing.
RATIO_GRACE = 1024 * 1024

# A local file header up to the lengths of the name and the extra field
# (APPNOTE.TXT 4.3.7), which the part's data follows.
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x1


def unpacked_parts(data: bytes, budget: int) -> dict[str, bytes]:
    """Each part's name and verified content; ``budget`` bytes at most in all."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as error:
        raise DocumentError(unreadable()) from error
    if len(infos) > MAX_PARTS:
        raise DocumentError(too_many_parts(len(infos)))
    if sum(info.file_size for info in infos) > budget:
        raise DocumentError(unpacks_too_much(budget))
    return {info.filename: _unpacked(data, info) for info in infos}


def stored_archive(parts: dict[str, bytes]) -> bytes:
    """A ZIP archive of ``parts``, uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _unpacked(data, info):
    if info.flag_bits & _ENCRYPTED:
        raise DocumentError(protected("Word"))
    packed = _packed(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        content = bytes(packed)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        content = _inflated(packed, info.file_size)
    else:  # Word only stores and deflates
        raise DocumentError(unreadable())
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        raise DocumentError(unreadable())
    return content


def _packed(data, info):
    """The part's compressed bytes, found through its local header."""
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(
            data, info.header_offset
        )
    except struct.error as error:
        raise DocumentError(unreadable()) from error
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    end = start + info.compress_size
    if signature != _LOCAL_SIGNATURE or end > len(data):
        raise DocumentError(unreadable())
    return memoryview(data)[start:end]


def _inflated(packed, size):
    """``packed`` inflated, refused once it passes ``size`` or MAX_RATIO."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    content = bytearray()
    read = 0
    pending = b""
    while not inflater.eof:
        if not pending:
            pending = packed[read : read + CHUNK]
            read += len(pending)
        # At most CHUNK bytes out; what is left of the input stays pending. An
        # empty input still gives what the inflater holds back.
        piece = inflater.decompress(pending, CHUNK)
        pending = inflater.unconsumed_tail
        if not piece and not pending and read >= len(packed):
            break  # the data ends before the stream does: caught by the caller
        content += piece
        if len(content) > size:
            raise DocumentError(unreadable())
        used = read - len(pending)
        if len(content) > max(RATIO_GRACE, MAX_RATIO * used):
            raise DocumentError(zip_bomb())
    return bytes(content)
