"""Get the text out of an Urgent Action document: plain text, DOCX or PDF.

:func:`read_text` takes the file's name and its content as ``bytes`` (of a
Django upload: :func:`upload_data`) and returns its text as ``str``, lines
separated by ``"\\n"``, in the shape of a plain-text Urgent Action: labelled
lines ("Email: …") and paragraphs, one per line, with the blank lines the
document has. It refuses anything it cannot read with :class:`DocumentError`,
whose message is translated and fit to show an editor; no exception of the
libraries underneath escapes.

* ``.txt``: UTF-8; a UTF-8, UTF-16 or UTF-32 byte order mark is honoured, and
  text that is not UTF-8 is read as Windows-1252.
* ``.docx`` (python-docx): the body's paragraphs and tables in document order,
  each paragraph on its own line (a line break inside a paragraph starts a new
  line too), an empty paragraph as an empty line, the paragraphs of text boxes
  after the paragraph that anchors them, and each table cell as a block of its
  own (cells of a merged range once), with a blank line around it. That is
  the shape the same document has when saved as plain text. Its parts are
  unpacked and checked by :mod:`.unzip` first, within
  ``UA_WAGTAIL_IMPORT_MAX_UNPACKED_BYTES``, and python-docx is given them
  uncompressed.
* ``.pdf`` (pypdf): each page's text with its line breaks, pages in order,
  read by :mod:`.pdf_text` within ``UA_WAGTAIL_IMPORT_MAX_PDF_PAGES`` and
  ``UA_WAGTAIL_IMPORT_MAX_UNPACKED_BYTES``. A PDF without a text layer (a
  scan) is refused: nothing can be read without OCR.

The type is told by the extension and checked against the content, so a
renamed file is refused rather than misread. Files larger than
``UA_WAGTAIL_IMPORT_MAX_BYTES`` (5 MB) are refused before they are opened.

:func:`read_text` reads in this process; the admin import's task and the
``import_urgent_action`` command read and parse uploads in a child process
stopped at ``UA_WAGTAIL_IMPORT_TIME_LIMIT`` and ``UA_WAGTAIL_IMPORT_MEMORY_LIMIT``
(:mod:`.isolation`).
"""

import codecs
import io
import re
from pathlib import PurePath

from django.utils.translation import gettext

from ..conf import ua_settings
from .errors import (
    DocumentError,
    not_what_it_says,
    protected,
    too_large,
    too_much_text,
    unreadable,
    wrong_type,
)
from .unzip import stored_archive, unpacked_parts

__all__ = ["DocumentError", "SUFFIXES", "read_text", "upload_data"]

#: The extensions accepted, lower case.
SUFFIXES = (".txt", ".docx", ".pdf")

#: An Urgent Action is some 15,000 characters; parsing far more only costs time.
MAX_TEXT_CHARACTERS = 500_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and encrypted Office files
_ZIP_MAGIC = b"PK\x03\x04"
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NEWLINES = re.compile(r"\r\n?|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
#: Halves of UTF-16 pairs alone: pypdf keeps those a font's ToUnicode map gives,
#: and no database takes them (the draft could not be saved).
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def upload_data(upload) -> tuple[str, bytes]:
    """The name and content of a Django ``UploadedFile`` (or any file with a
    name), once its size and type are acceptable.

    Reads at most one byte more than the limit, so a huge upload is refused
    without being read into memory.
    """
    limit = ua_settings.IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DocumentError(too_large(size, limit))
    try:
        upload.seek(0)
    except (AttributeError, OSError):
        pass
    try:
        data = upload.read(limit + 1)
    except OSError as error:
        raise DocumentError(unreadable()) from error
    name = getattr(upload, "name", "") or ""
    _screened(name, data)
    return name, data


def read_text(name: str, data: bytes) -> str:
    """The text of the document called ``name`` (only its extension counts).

    Raises :class:`DocumentError` when the file is empty, too large, of a type
    other than plain text, DOCX or PDF (by name or by content), damaged,
    password-protected, unpacks to too much, or has no text or too much.
    Reads in this process, without limits of time or memory: uploads are read
    by :func:`.isolation.parse_upload`, with them.
    """
    data = bytes(data)
    suffix = _screened(name, data)
    reader = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[suffix]
    try:
        text = reader(name, data)
    except (DocumentError, MemoryError):  # a child process reports running out
        raise
    except Exception as error:  # whatever a library raises on a damaged file
        raise DocumentError(unreadable()) from error
    text = _tidy(text)
    if not text:
        if suffix == ".pdf":
            raise DocumentError(
                gettext(
                    "The PDF has no text layer: it is probably a scan. Import the "
                    "original document, or a PDF made with text recognition (OCR)."
                )
            )
        raise DocumentError(gettext("The document contains no text."))
    if len(text) > MAX_TEXT_CHARACTERS:
        raise DocumentError(too_much_text(MAX_TEXT_CHARACTERS))
    return text


def _screened(name, data) -> str:
    """The document's extension, once its size, its extension and, for a Word
    document or a PDF, its first bytes are acceptable: checks cheap enough for
    the upload form to make at once (:func:`upload_data`)."""
    if not data:
        raise DocumentError(gettext("The file is empty."))
    limit = ua_settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise DocumentError(too_large(len(data), limit))
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(wrong_type(name))
    if suffix == ".docx":
        _screened_docx(name, data)
    elif suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        # readers allow junk before the header
        raise DocumentError(not_what_it_says(name, "PDF"))
    return suffix


def _screened_docx(name, data):
    if data.startswith(_OLE_MAGIC):
        # Word encrypts a .docx into an OLE container with an EncryptionInfo
        # stream; without one, it is a Word 97-2003 .doc renamed.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise DocumentError(protected("Word"))
        raise DocumentError(
            gettext(
                "“%(name)s” is an old Word (.doc) document. Save it as .docx "
                "and import that."
            )
            % {"name": PurePath(name).name}
        )
    if not data.startswith(_ZIP_MAGIC):
        raise DocumentError(not_what_it_says(name, "Word (.docx)"))


def unpack_limit() -> int:
    """The most bytes a document may unpack to (``IMPORT_MAX_UNPACKED_BYTES``)."""
    limit = ua_settings.IMPORT_MAX_UNPACKED_BYTES
    return 2 * ua_settings.IMPORT_MAX_BYTES if limit is None else limit


# Readers


def _tidy(text):
    """One kind of newline, no control characters or trailing spaces."""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text)).replace("\t", " ")
    text = _LONE_SURROGATES.sub("\ufffd", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _read_txt(name, data):
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if data.startswith(b"%PDF-") or data.startswith(_ZIP_MAGIC):
        raise DocumentError(not_what_it_says(name, gettext("plain text")))
    if data.startswith(_OLE_MAGIC) or b"\x00" in data:
        raise DocumentError(not_what_it_says(name, gettext("plain text")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Neither UTF-8 nor Windows-1252 (which leaves five bytes undefined).
        raise DocumentError(
            gettext(
                "The text file is in an encoding that could not be recognised. "
                "Save it as UTF-8 and import it again."
            )
        ) from None


def _read_docx(name, data):
    parts = unpacked_parts(data, unpack_limit())
    if "word/document.xml" not in parts:
        raise DocumentError(not_what_it_says(name, "Word (.docx)"))

    import docx  # python-docx; imported here so that importing this is cheap

    document = docx.Document(io.BytesIO(stored_archive(parts)))
    lines = []
    _docx_blocks(document, lines, set())
    return "\n".join(lines)


def _docx_blocks(container, lines, seen_cells):
    from docx.table import Table  # python-docx, loaded only to read a DOCX

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    # A merged cell comes once per grid column it spans. The
                    # set holds the elements themselves: lxml hands out a new
                    # proxy (and id) for an element nobody holds on to.
                    if cell._tc in seen_cells:
                        continue
                    seen_cells.add(cell._tc)
                    _blank(lines)
                    _docx_blocks(cell, lines, seen_cells)
            _blank(lines)
        else:
            lines.append(block.text)
            _docx_text_boxes(block._p, lines)


def _docx_text_boxes(paragraph_element, lines):
    """Paragraphs of the text boxes anchored in a paragraph, each box once.

    Word writes a text box twice, as DrawingML and (in ``mc:Fallback``) as VML.
    """
    from docx.oxml.ns import qn  # python-docx, loaded only to read a DOCX

    box_tag = qn("w:txbxContent")
    for box in paragraph_element.iter(box_tag):
        outer = _tags_between(box, paragraph_element)
        if _MC_FALLBACK in outer or box_tag in outer:
            continue  # the VML copy of a box, or a box in a box (read with it)
        _blank(lines)
        paragraph_tag = qn("w:p")
        for paragraph in box.iter(paragraph_tag):
            if _MC_FALLBACK in _tags_between(paragraph, box):
                continue
            texts = []
            for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
                if next(node.iterancestors(paragraph_tag)) is not paragraph:
                    continue  # in a box in this box: read as its own paragraph
                if node.tag == qn("w:t"):
                    texts.append(node.text or "")
                elif node.tag == qn("w:tab"):
                    texts.append("\t")
                else:
                    texts.append("\n")
            lines.append("".join(texts))
        _blank(lines)


def _tags_between(element, top):
    tags = set()
    for ancestor in element.iterancestors():
        if ancestor is top:
            break
        tags.add(ancestor.tag)
    return tags


def _blank(lines):
    if lines and lines[-1].strip():
        lines.append("")


def _read_pdf(name, data):
    # pypdf, loaded only to read a PDF (importing the readers stays cheap).
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are encrypted with an empty user password only to restrict
        # printing or copying: those open without asking, so read them.
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as error:
            # AES without the optional cryptography package, or an unknown handler
            raise DocumentError(protected("PDF")) from error
        if opened == PasswordType.NOT_DECRYPTED:
            raise DocumentError(protected("PDF"))

    from .pdf_text import pdf_text  # which imports pypdf too

    return pdf_text(
        reader,
        max_pages=ua_settings.IMPORT_MAX_PDF_PAGES,
        budget=unpack_limit(),
        max_characters=MAX_TEXT_CHARACTERS,
    )
