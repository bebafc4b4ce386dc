"""The importer and its review screen under attack: uploads shaped to cost the
parser time, text no database takes, and who may see a review."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError
from wagtail.models import GroupPagePermission

from ua_wagtail.importer import review
from ua_wagtail.importer.parser import parse
from ua_wagtail.models import DocumentImport, UrgentActionPage

from ..factories import UrgentActionIndexPageFactory
from . import attacks
from .test_review import stored_import, url
from .uploads import upload

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


# A PDF whose font maps a letter to half of a UTF-16 pair (pypdf keeps it).

LONE_SURROGATE_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Custom def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfchar
<41> <D800>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def pdf_with_lone_surrogates(monkeypatch, lines: list[bytes]) -> bytes:
    """A PDF of ``lines`` whose "A" (and only it) reads as U+D800."""
    shows = b"".join(b"(" + line + b") Tj 0 -14 Td\n" for line in lines)
    content = b"BT /F1 12 Tf 10 700 Td\n" + shows + b"ET\n"
    monkeypatch.setattr(
        attacks,
        "FONT",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>",
    )
    # Object 4 is the page's content, object 5 the font's ToUnicode map.
    return attacks.hand_pdf([content, LONE_SURROGATE_CMAP], [0])


@pytest.mark.django_db
def test_a_pdf_read_as_lone_surrogates_still_becomes_a_draft(
    admin_client, index_page, monkeypatch
):
    data = pdf_with_lone_surrogates(
        monkeypatch,
        [
            b"ua 12/24 Free A Jane",
            b"Deadline: 1 January 2030",
            b"Write to:",
            b"Minister of Justice",
            b"Email: m@example.org",
        ],
    )
    response = upload(admin_client, index_page, "ua.pdf", data)
    assert response.status_code == 302
    page = UrgentActionPage.objects.get()
    assert page.title == "Free \ufffd Jane"
    assert admin_client.get(response["Location"]).status_code == 200


def test_the_parser_gives_no_lone_surrogates():
    parsed = parse("UA 12/24 Free \ud800 Jane\nDeadline: 1 January 2030\n\udfff")
    assert parsed.title == "Free \ufffd Jane"
    for line in parsed.lines:
        line.encode()  # what a database is given


# Who sees a review


def user_with(name, permission, page):
    """A user of the admin with ``permission`` on ``page`` (and below) only."""
    group = Group.objects.create(name=f"{name}s")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename=permission)
    )
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_a_review_is_shown_only_to_who_may_edit_its_draft_now(client, home, index_page):
    other_index = UrgentActionIndexPageFactory(parent=home, slug="other")
    translator = user_with("translator", "change_page", other_index)
    adder = user_with("adder", "add_page", index_page)
    stored = stored_import(index_page)  # by no one: not the adder's own draft
    client.force_login(translator)
    assert client.get(url(stored)).status_code == 302  # refused, to the dashboard
    client.force_login(adder)
    assert client.get(url(stored)).status_code == 302
    mine = stored_import(index_page, user=adder)
    assert client.get(url(mine)).status_code == 200
    # The draft moved where its importer may not edit: the review goes with it.
    mine.page.move(other_index, pos="last-child")
    assert client.get(url(mine)).status_code == 302
    client.force_login(translator)
    assert client.get(url(mine)).status_code == 200


@pytest.mark.django_db
def test_an_import_that_fails_half_way_leaves_nothing(
    admin_client, index_page, monkeypatch
):
    from .documents import seed_text

    def broken(*args, **kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(review, "store", broken)
    upload(admin_client, index_page, "ua.txt", seed_text().encode())
    assert not UrgentActionPage.objects.exists()
    stored = DocumentImport.objects.get()
    assert stored.status == DocumentImport.Status.FAILED
    assert "unexpected error (IntegrityError)" in stored.error


def test_the_review_of_a_value_not_located_is_not_quadratic():
    """A target whose value is on no line of its block is looked for in each
    line: the value was escaped again for every line (12 s for 30,000
    characters of "Mr" lines, whose honorifics join into one long value)."""
    text = "UA 12/24 T\nDeadline: 1 January 2030\nWrite to:\nMinister X\n"
    parsed = parse(text + "Mr\n" * 10_000)
    assert len(parsed.targets[0].honorific) > 20_000
    assert "targets[0].honorific" not in parsed.sources
    start = time.process_time()
    found = review.review(parsed)
    seconds = time.process_time() - start
    assert seconds < 2, f"{seconds:.1f} s"
    rows = {row.label: row for row in found.groups[1].rows}
    assert rows["Honorific"].lines == []  # in no line as a whole: not located
