"""The seed Urgent Action as plain text, DOCX and PDF, made on the fly.

Shared by the importer's tests and ``benchmarks/import_speed.py``. The seed is
the example site's copy of the canonical UA document,
``example_site/home/seed_document.txt``. ``docx_from_text`` and
``pdf_from_text`` turn any text into a document the same way.
"""

import functools
import io
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "example_site/home/seed_document.txt"

#: Unicode TrueType fonts tried in turn for PDFs; the first that exists is used.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)
PDF_FONT_SIZE = 8  # points
PDF_LINES_PER_PAGE = 40  # so that the seed takes two pages

# For a PDF in a core font (Latin-1 only) when no Unicode font is installed.
_LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

#: Lines like the labels the parser looks for, with and without values: the
#: property tests mix them with arbitrary text, the benchmark repeats them.
LABEL_LIKE_LINES = (
    "Salutation:",
    "Fax:",
    "Email:",
    "Dear",
    "PLEASE SEND APPEALS BEFORE",
    "UA 12/24",
    "Saludo:",
    "Anrede:",
    "Formule d'appel :",
    " I ",
    "|",
    "Phone:",
    "Correo-e:",
    "CC:",
    "And copies to:",
    "TAKE ACTION",
    "ADDITIONAL INFORMATION",
    "Yours sincerely,",
    "Preferred language to address target:",
    "URGENT ACTION",
    "Fax: +375 17 218 7838",
    "Salutation: Dear Minister",
    "Email: minister@example.org",
    "Dear Minister,",
    "PLEASE SEND APPEALS BEFORE 12 MARCH 2015",
    "Phone: Tel: Fax: Email: Salutation:",
    "SAMPLE LETTER Dear Ambassador,",
    "Appell an",
    "Sende eine Kopie an",
    "(korrekte Anrede: Exzellenz)",
    "Mitmachen bis 20. August 2025",
    "Actúen: redacten su propio llamamiento",
    "Monsieur le Président,",
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_docx() -> bytes:
    return docx_from_text(seed_text())


def seed_pdf() -> bytes:
    return pdf_from_text(seed_text())


def seed_pdf_text() -> str:
    """The text ``seed_pdf`` holds: the seed, made Latin-1 without a Unicode font."""
    return pdf_text(seed_text())


def normalised_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each with its white space collapsed."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


@functools.cache
def unicode_font() -> Path | None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    fonts = Path("/usr/share/fonts")
    if fonts.is_dir():
        for pattern in (
            "**/DejaVuSans.ttf",
            "**/NotoSans-Regular.ttf",
            "**/*Sans*.ttf",
        ):
            for path in sorted(fonts.glob(pattern)):
                return path
    return None


def pdf_text(text: str) -> str:
    """What a PDF of ``text`` can hold: all of it with a Unicode font."""
    if unicode_font():
        return text
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def docx_from_text(text: str) -> bytes:
    """A DOCX with one paragraph per line of ``text`` (empty lines too)."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from_text(text: str) -> bytes:
    """A PDF of ``text`` whose pages are wide enough that no line wraps."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    pdf.set_margins(10, 10)
    pdf.set_auto_page_break(False)
    font = unicode_font()
    if font:
        pdf.add_font("Body", fname=str(font))
        pdf.set_font("Body", size=PDF_FONT_SIZE)
    else:
        pdf.set_font("Helvetica", size=PDF_FONT_SIZE)
    lines = pdf_text(text).splitlines()
    line_height = PDF_FONT_SIZE * 0.3528 * 1.4  # points to mm, with leading
    width = 20 + max((pdf.get_string_width(line) for line in lines), default=0) + 5
    height = 20 + PDF_LINES_PER_PAGE * line_height
    for start in range(0, max(len(lines), 1), PDF_LINES_PER_PAGE):
        pdf.add_page(format=(max(width, 210), max(height, 100)))
        for line in lines[start : start + PDF_LINES_PER_PAGE]:
            if line.strip():
                pdf.cell(text=line, h=line_height, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(line_height)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with a picture of a page and no text layer, as a scanner makes."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).text((20, 20), "URGENT ACTION", fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())


def encrypted_pdf(user_password="secret", owner_password="owner") -> bytes:  # noqa: S107
    """The seed PDF, encrypted (RC4, which pypdf handles without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(seed_pdf())))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
