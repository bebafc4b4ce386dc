from urllib.parse import parse_qs, unquote, urlsplit

from ua_wagtail.letters.text import letter_text, mailto_url
from ua_wagtail.rich_text import to_plain as rich_text_to_plain


def test_rich_text_becomes_paragraphs_of_plain_text():
    html = "<p>First &amp; <b>bold</b>\n line.</p><p>Second<br/>line</p><ul><li>a</li></ul>"
    assert rich_text_to_plain(html) == "First & bold line.\n\nSecond\n\nline\n\na"


def test_letter_text_joins_salutation_body_and_closing():
    text = letter_text("Dear Minister,", "<p>Release her.</p>", "Yours sincerely,")
    assert text == "Dear Minister,\n\nRelease her.\n\nYours sincerely,"


def test_mailto_carries_recipient_copies_subject_and_body():
    url = mailto_url(
        ["uzgs@mvd.gov.by"],
        ["usa@mfa.gov.by", "paris@mfa.gov.by"],
        "End isolation & torture",
        "Dear Minister,\n\nRelease her.",
    )
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "uzgs@mvd.gov.by"
    query = parse_qs(parts.query)
    assert query == {
        "cc": ["usa@mfa.gov.by,paris@mfa.gov.by"],
        "subject": ["End isolation & torture"],
        "body": ["Dear Minister,\n\nRelease her."],
    }
    assert "+" not in parts.query  # spaces are %20, as mail programs expect


def test_mailto_without_copies_has_no_cc():
    assert "cc=" not in mailto_url(["a@example.org"], [], "S", "B")
