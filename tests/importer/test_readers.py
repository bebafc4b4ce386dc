"""Reading the text of an Urgent Action document, and refusing what can't be read."""

import codecs
import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx.oxml import parse_xml

from ua_wagtail.conf import ua_settings
from ua_wagtail.importer.readers import DocumentError, read_text, upload_data

from .documents import (
    SEED,
    docx_from_text,
    encrypted_pdf,
    normalised_lines,
    pdf_from_text,
    pdf_text,
    scanned_pdf,
    seed_docx,
    seed_pdf,
    seed_pdf_text,
    seed_text,
)

FIXTURES = Path(__file__).parent / "fixtures"
EMPTY = "The file is empty."
DAMAGED = "The file could not be read: it may be damaged."
NO_TEXT = "The document contains no text."
NO_TEXT_LAYER = "The PDF has no text layer: it is probably a scan."


def refused(name, data) -> str:
    with pytest.raises(DocumentError) as caught:
        read_text(name, data)
    assert str(caught.value) == caught.value.message
    return caught.value.message


def tidy(text):
    """The seed as the readers return it: no trailing spaces, no edge blank lines."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def test_the_seed_is_in_the_repository():
    assert SEED.is_file(), SEED
    # The characters a PDF font has to have.
    assert {"’", "é", "·"} <= set(seed_text())


# The seed in every format reads back


def test_text_reads_back_exactly():
    assert read_text("ua.txt", seed_text().encode()) == tidy(seed_text())


def test_docx_reads_back_line_for_line_with_its_blank_lines():
    text = read_text("ua.docx", seed_docx())
    assert text == tidy(seed_text())


def test_pdf_reads_back_line_for_line():
    text = read_text("ua.pdf", seed_pdf())
    assert normalised_lines(text) == normalised_lines(seed_pdf_text())
    assert "Chargé d'Affaires" in text and "Maryia’s health" in seed_pdf_text()


def test_pdf_pages_are_read_in_order():
    text = "\n".join(f"Line {n}" for n in range(1, 121))  # three pages
    assert normalised_lines(read_text("ua.PDF", pdf_from_text(text))) == [
        f"Line {n}" for n in range(1, 121)
    ]


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.glob("*.txt")), ids=lambda path: path.stem
)
def test_the_fixtures_read_back_from_docx_and_pdf(path):
    text = path.read_text(encoding="utf-8")
    assert read_text("f.docx", docx_from_text(text)) == tidy(text)
    assert normalised_lines(read_text("f.pdf", pdf_from_text(text))) == (
        normalised_lines(pdf_text(text))
    )


def test_the_extension_is_not_case_sensitive_and_the_path_is_ignored():
    data = seed_text().encode()
    assert read_text("Documents/UA 147.20.TXT", data) == tidy(seed_text())


# Plain text encodings


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + "Maryia’s “health” é ·".encode(),
        "Maryia’s “health” é ·".encode("utf-16"),  # with its byte order mark
        codecs.BOM_UTF16_BE + "Maryia’s “health” é ·".encode("utf-16-be"),
        codecs.BOM_UTF16_LE + "Maryia’s “health” é ·".encode("utf-16-le"),
        "Maryia’s “health” é ·".encode("utf-32"),
        "Maryia’s “health” é ·".encode("cp1252"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "utf-32", "cp1252"],
)
def test_text_encodings(encoded):
    assert read_text("ua.txt", encoded) == "Maryia’s “health” é ·"


def test_windows_and_old_mac_line_ends_become_newlines():
    assert read_text("ua.txt", b"A \r\nB\rC\n\n\nD\t\n") == "A\nB\nC\n\n\nD"


def test_text_in_no_known_encoding_is_refused():
    # 0x81 is undefined in Windows-1252, and this is not UTF-8 either.
    message = refused("ua.txt", b"Caf\xe9 \x81")
    assert message.startswith("The text file is in an encoding that could not be")


# DOCX structure


def test_docx_tables_are_read_cell_by_cell_and_merged_cells_once():
    document = docx.Document()
    document.add_paragraph("Before the table")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Minister of the Interior"
    table.cell(0, 1).text = "Prosecutor General"
    table.cell(0, 1).add_paragraph("Email: pg@example.org")
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Merged"
    document.add_paragraph("After the table")
    out = io.BytesIO()
    document.save(out)
    assert read_text("ua.docx", out.getvalue()) == (
        "Before the table\n\n"
        "Minister of the Interior\n\n"
        "Prosecutor General\nEmail: pg@example.org\n\n"
        "Merged\n\n"
        "After the table"
    )


def test_docx_line_breaks_and_text_boxes():
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Vul. Haradski Val 4,")
    run.add_break()
    run.add_text("Minsk 220030, Belarus")
    anchor = document.add_paragraph("Anchor")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = (
        "<w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Second line</w:t></w:r></w:p></w:txbxContent>"
    )
    # Word's way: the box as DrawingML, and again as VML for old readers.
    anchor._p.append(
        parse_xml(
            f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/'
            'markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml">'
            f"<mc:AlternateContent><mc:Choice Requires='wps'>{box}</mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox>"
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    document.add_paragraph("After")
    out = io.BytesIO()
    document.save(out)
    assert read_text("ua.docx", out.getvalue()) == (
        "Vul. Haradski Val 4,\nMinsk 220030, Belarus\nAnchor\n\n"
        "In a box\nSecond line\n\nAfter"
    )


# Refusals


@pytest.mark.parametrize("name", ["ua.txt", "ua.docx", "ua.pdf", "ua.odt"])
def test_an_empty_file_is_refused(name):
    assert refused(name, b"") == EMPTY


@override_settings(UA_WAGTAIL_IMPORT_MAX_BYTES=1000)
@pytest.mark.parametrize("name", ["ua.txt", "ua.docx", "ua.pdf"])
def test_a_file_over_the_limit_is_refused(name):
    message = refused(name, b"x" * 1001)
    assert message == (
        "The file is 1001\xa0bytes; the largest document that can be imported is "
        "1000\xa0bytes."
    )
    assert read_text("ua.txt", b"x" * 1000) == "x" * 1000


def test_the_limit_defaults_to_5_mb():
    assert ua_settings.IMPORT_MAX_BYTES == 5 * 1024 * 1024
    message = refused("ua.txt", b"x" * (5 * 1024 * 1024 + 1))
    assert message.startswith("The file is 5.0\xa0MB; the largest document")
    assert message.endswith("imported is 5.0\xa0MB.")


@override_settings(UA_WAGTAIL_IMPORT_MAX_BYTES=1000)
def test_an_upload_over_the_limit_is_refused_without_reading_it():
    upload = SimpleUploadedFile("ua.txt", b"x" * 5000)
    with pytest.raises(DocumentError, match="largest document"):
        upload_data(upload)
    upload = SimpleUploadedFile("ua.txt", b"x" * 999)
    assert upload_data(upload) == ("ua.txt", b"x" * 999)


@pytest.mark.parametrize(
    "name", ["ua.doc", "ua.rtf", "ua.odt", "ua.html", "ua", "", "ua.pdf.exe"]
)
def test_other_types_are_refused(name):
    message = refused(name, seed_text().encode())
    assert message == (
        f"“{name.rsplit('/', 1)[-1]}” is not a document that can be imported: choose "
        "a plain text (.txt), Word (.docx) or PDF (.pdf) file."
    )


@pytest.mark.parametrize(
    "data",
    [
        lambda: seed_text().encode(),
        seed_docx,
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    ],
    ids=["text", "docx", "png"],
)
def test_a_pdf_that_is_not_one_is_refused(data):
    message = refused("ua.pdf", data())
    assert message == "“ua.pdf” is named like a PDF file, but its content is not one."


def zip_of(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        lambda: seed_text().encode(),
        seed_pdf,
        lambda: zip_of({"readme.txt": "not Word"}),  # a zip, but no word/document.xml
        lambda: zip_of({"xl/workbook.xml": "<workbook/>"}),  # an Excel file
    ],
    ids=["text", "pdf", "zip", "xlsx"],
)
def test_a_docx_that_is_not_one_is_refused(data):
    message = refused("ua.docx", data())
    assert message == (
        "“ua.docx” is named like a Word (.docx) file, but its content is not one."
    )


@pytest.mark.parametrize(
    "data",
    [seed_pdf, seed_docx, lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600],
    ids=["pdf", "docx", "ole"],
)
def test_a_text_file_that_is_not_one_is_refused(data):
    message = refused("ua.txt", data())
    assert message == (
        "“ua.txt” is named like a plain text file, but its content is not one."
    )


def test_a_password_protected_pdf_is_refused():
    message = refused("ua.pdf", encrypted_pdf())
    assert message == (
        "The PDF document is password-protected or encrypted. Save a copy without "
        "a password and import that."
    )


def test_a_pdf_encrypted_without_a_user_password_is_read():
    # Only printing or copying is restricted: every viewer opens it unasked.
    text = read_text("ua.pdf", encrypted_pdf(user_password=""))
    assert normalised_lines(text) == normalised_lines(seed_pdf_text())


def ole_file(*streams: str) -> bytes:
    """The start of an OLE compound file whose directory names ``streams``."""
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory


def test_an_encrypted_docx_is_refused():
    # Word saves a password-protected .docx as an OLE file with these streams.
    data = ole_file("EncryptionInfo", "EncryptedPackage")
    assert refused("ua.docx", data) == (
        "The Word document is password-protected or encrypted. Save a copy without "
        "a password and import that."
    )


def test_an_old_word_doc_renamed_docx_is_refused():
    assert refused("ua.docx", ole_file("WordDocument", "1Table")) == (
        "“ua.docx” is an old Word (.doc) document. Save it as .docx and import that."
    )


def test_a_scanned_pdf_is_refused():
    message = refused("scan.pdf", scanned_pdf())
    assert message == (
        "The PDF has no text layer: it is probably a scan. Import the original "
        "document, or a PDF made with text recognition (OCR)."
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ua.txt", lambda: b" \n\t\r\n  "),
        ("ua.txt", lambda: codecs.BOM_UTF8),
        ("ua.docx", lambda: docx_from_text("\n \n\n")),
        ("ua.pdf", lambda: pdf_from_text("")),
    ],
    ids=["blank-text", "bom-only", "blank-docx", "blank-pdf"],
)
def test_a_document_without_text_is_refused(name, data):
    expected = NO_TEXT_LAYER if name.endswith(".pdf") else NO_TEXT
    assert refused(name, data()).startswith(expected)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ua.pdf", lambda: seed_pdf()[: len(seed_pdf()) // 3]),
        ("ua.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50),
        ("ua.docx", lambda: seed_docx()[: len(seed_docx()) // 2]),
        ("ua.docx", lambda: zip_of({"word/document.xml": "<w:document><not xml"})),
        ("ua.docx", lambda: zip_of({"word/document.xml": "<document/>"})),
    ],
    ids=["truncated-pdf", "garbage-pdf", "truncated-docx", "bad-xml", "no-parts"],
)
def test_a_damaged_file_is_refused(name, data):
    assert refused(name, data()).startswith(DAMAGED)


@override_settings(UA_WAGTAIL_IMPORT_MAX_BYTES=100_000)
def test_a_docx_that_unpacks_to_far_more_than_the_limit_is_refused():
    bomb = zip_of({"word/document.xml": "<w:document/>" + " " * 3_000_000})
    assert len(bomb) < 100_000
    assert refused("ua.docx", bomb) == (
        "The document unpacks to more than 195.3\xa0KB, far more than an Urgent "
        "Action: is it the right file?"
    )


@pytest.mark.parametrize("name", ["ua.pdf", "ua.docx"])
def test_no_library_exception_escapes_a_damaged_file(name):
    """Bytes flipped at random: the text, or a DocumentError, nothing else."""
    original = seed_pdf() if name == "ua.pdf" else seed_docx()
    chance = random.Random(147)
    for _ in range(40):
        data = bytearray(original)
        for _ in range(chance.randint(1, 20)):
            data[chance.randrange(8, len(data))] = chance.randrange(256)
        try:
            assert isinstance(read_text(name, bytes(data)), str)
        except DocumentError as error:
            assert error.message
