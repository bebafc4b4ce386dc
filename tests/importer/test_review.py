"""The review screen after an admin import: each value beside the line it came
from (marked), the text not placed, the warnings, then the draft; shown to those
who may edit the draft, for ``UA_WAGTAIL_IMPORT_REVIEW_DAYS``."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from ua_wagtail.importer import document_imports, review
from ua_wagtail.importer.build import build_draft
from ua_wagtail.importer.result import ParsedAction, ParsedStep, ParsedTarget
from ua_wagtail.models import DocumentImport, UrgentActionPage

from .documents import seed_text
from .uploads import upload

pytestmark = pytest.mark.django_db

LINES = [
    "UA 12/24",  # 1
    "Free Jane Doe now",  # 2
    "",  # 3
    "Deadline: 1 January 2030",  # 4
    "Email: O@Example.org",  # 5
    "Write to: Official",  # 6
    "A line nobody placed",  # 7
    "Jane Doe was arrested " + "for speaking out. " * 8,  # 8
    "She is held incommunicado.",  # 9
]
SUMMARY = LINES[7] + " " + LINES[8] + " " + "More. " * 20


def parsed_action(**values) -> ParsedAction:
    defaults = {
        "title": "Free Jane Doe",
        "ua_number": "12/24",
        "deadline": datetime.date(2030, 1, 1),
        "summary": SUMMARY,
        "steps": [ParsedStep(kind="email", text="Email the official")],
        "targets": [ParsedTarget(name="Official", email="o@example.org")],
        "lines": LINES,
        "sources": {
            "title": [1],
            "ua_number": [0],
            "deadline": [3],
            "summary": [7, 8],
            "targets[0]": [4, 5],
            "targets[0].email": [4],
            "unplaced": [6],
        },
        "unplaced": ["A line nobody placed"],
    }
    return ParsedAction(**{**defaults, **values})


def stored_import(index_page, user=None, **values) -> DocumentImport:
    """A finished import of ``parsed_action(**values)`` by ``user``."""
    parsed = parsed_action(**values)
    stored = DocumentImport.objects.create(
        user=user, parent=index_page, file_name="ua.txt", status="running"
    )
    review.store(stored, build_draft(parsed, index_page, user=user), parsed)
    return stored


def url(stored) -> str:
    return f"/admin/ua-wagtail/import/{stored.pk}/"


def main(response) -> str:
    """The page's main content, whitespace normalised."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(main.split())


def test_the_import_redirects_to_its_review(admin_client, index_page):
    response = upload(admin_client, index_page, "UA 147-20.txt", seed_text().encode())
    stored = DocumentImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(stored)
    page = UrgentActionPage.objects.get()
    assert stored.page_id == page.pk
    assert stored.parsed["ua_number"] == "147/20"
    assert any("has passed" in warning for warning in stored.warnings)
    shown = admin_client.get(response["Location"])
    assert shown.status_code == 200
    assert "Content-Security-Policy" in shown
    text = main(shown)
    assert "was made from the document" in shown.content.decode()
    assert "Please check before publishing" in text
    assert "The deadline, November 1, 2024, has passed" in text
    assert f'<a class="button" href="/admin/pages/{page.pk}/edit/">' in text
    assert "Open the draft" in text
    assert f'href="/admin/ua-wagtail/import/?parent={index_page.pk}"' in text


def test_values_are_shown_beside_their_lines_marked(admin_client, index_page):
    stored = stored_import(index_page)
    text = main(admin_client.get(url(stored)))
    assert "<bdi><mark>Free Jane Doe</mark> now</bdi>" in text
    assert "Line 2</span> <bdi><mark>Free Jane Doe</mark>" in text
    # Any case; the line keeps its own.
    assert "Email: <mark>O@Example.org</mark>" in text
    # A target's field without its own lines: found in the target's block.
    assert "Line 6</span> <bdi>Write to: <mark>Official</mark></bdi>" in text
    # A date, shown in the editor's language: the date written in the line marked.
    assert "Line 4</span> <bdi>Deadline: <mark>1 January 2030</mark></bdi>" in text
    assert text.count("<mark>") == 5  # title, number, deadline, email, name
    # Prose: shortened, with where it came from.
    assert SUMMARY[:150] in text and SUMMARY[:250] not in text
    assert "…" in text and "Lines 8–9" in text
    # Each target in a table of its own.
    assert "<caption>Target 1 (Write to: Official)</caption>" in text
    assert '<th scope="row">Email</th>' in text
    # Not located: a step without lines.
    assert "Email the official" in text and "Not located" in text


def test_the_text_not_placed_and_the_whole_document(admin_client, index_page):
    stored = stored_import(index_page)
    text = main(admin_client.get(url(stored)))
    unplaced = text[text.index("Text not placed in any field") :]
    assert "Line 7</span> <bdi>A line nobody placed</bdi>" in unplaced
    document = text[text.index("<details") : text.index("</details>")]
    assert "Show the text as read (9 lines)" in document
    items = re.findall(r"<li( class=\"[\w-]+\")?>(.*?)</li>", document)
    assert len(items) == len(LINES)
    assert items[1] == (
        ' class="ua-line-used"',
        '<span class="w-sr-only">Read into a field: </span><bdi>Free Jane Doe now</bdi>',
    )
    assert items[6] == (
        ' class="ua-line-unplaced"',
        '<span class="w-sr-only">Not placed: </span><bdi>A line nobody placed</bdi>',
    )
    assert items[2] == ("", "<bdi></bdi>")


def test_every_line_placed_or_no_lines_known_is_said(admin_client, index_page):
    placed = stored_import(
        index_page, sources={"title": [1]}, unplaced=[], title="Free Jane Doe"
    )
    assert "Every line of the document was placed" in main(
        admin_client.get(url(placed))
    )
    unknown = stored_import(index_page, lines=[], sources={}, unplaced=[])
    text = main(admin_client.get(url(unknown)))
    assert "did not say which lines" in text
    assert "<details" not in text and "<mark>" not in text


def test_the_warnings_and_what_is_left_are_at_the_top(admin_client, index_page):
    stored = stored_import(index_page, summary="", additional_information=[])
    text = main(admin_client.get(url(stored)))
    left = text.index("Left for you to complete")
    assert left < text.index('id="ua-review-found"')
    assert "Not found in the document: summary." in text[left:]


HOSTILE = '"><img src=x onerror=alert(1)>'


def test_document_text_is_escaped(admin_client, index_page):
    script = "<script>alert(1)</script>"
    stored = stored_import(
        index_page,
        title=f"Free {script}",
        targets=[ParsedTarget(name=HOSTILE, email="o@example.org")],
        lines=[f"Free {script}", f"Write to {HOSTILE}", HOSTILE],
        sources={"title": [0], "targets[0].name": [1], "unplaced": [2]},
        unplaced=[HOSTILE],
    )
    DocumentImport.objects.filter(pk=stored.pk).update(file_name=HOSTILE)
    html = admin_client.get(url(stored)).content.decode()
    assert script not in html and "<img src=x" not in html
    assert "<mark>Free &lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
    assert "<mark>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</mark>" in html


def test_indexes_out_of_range_are_ignored(admin_client, index_page):
    stored = stored_import(
        index_page,
        sources={
            "title": [99, -1],
            "deadline": ["3", None, True],
            "summary": [10**9],
            "targets[0]": [50],
            "targets[7].name": [0],
            "unplaced": [-5, 100],
        },
    )
    response = admin_client.get(url(stored))
    assert response.status_code == 200
    text = main(response)
    assert "<mark>" not in text and "Line 100" not in text
    assert "Every line of the document was placed" not in text
    assert "A line nobody placed" in text  # the unplaced text, without its place


def make_user(name, *groups):
    user = get_user_model().objects.create_user(name, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_only_those_who_may_edit_the_draft_see_it(client, index_page):
    stored = stored_import(index_page)
    client.force_login(make_user("viewer"))
    refused = client.get(url(stored))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(make_user("editor", "Editors"))
    assert client.get(url(stored)).status_code == 200
    assert client.get("/admin/ua-wagtail/import/999999/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, index_page):
    stored = stored_import(index_page)
    response = client.get(url(stored))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def aged(stored, days):
    DocumentImport.objects.filter(pk=stored.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_the_purge_deletes_old_reviews_only(index_page, settings):
    old, recent = stored_import(index_page), stored_import(index_page)
    aged(old, 31)
    aged(recent, 29)
    out = StringIO()
    call_command("purge_action_reports", "--older-than", "30", stdout=out)
    assert "Deleted 1 import reviews past their time." in out.getvalue()
    assert list(DocumentImport.objects.all()) == [recent]
    settings.UA_WAGTAIL_IMPORT_REVIEW_DAYS = 10
    call_command("purge_action_reports", "--older-than", "30", stdout=StringIO())
    assert not DocumentImport.objects.exists()
    assert UrgentActionPage.objects.count() == 2  # the drafts stay


def test_a_new_import_deletes_old_reviews_and_each_goes_with_its_draft(index_page):
    old = stored_import(index_page)
    aged(old, 31)
    done = stored_import(index_page)
    new = document_imports.request_import("ua.txt", b"UA", index_page, None)
    assert list(DocumentImport.objects.all()) == [new, done]
    done.page.delete()
    assert list(DocumentImport.objects.all()) == [new]


def test_long_file_names_are_cut_keeping_their_extension(index_page):
    name = "a" * 300 + ".txt"
    stored = document_imports.request_import(name, b"UA", index_page, None)
    assert len(stored.file_name) == 255 and stored.file_name.endswith("a.txt")
    assert stored_import(index_page).parsed_action() == parsed_action()


def test_a_document_of_many_lines_shows_the_first_of_them(admin_client, index_page):
    """A document of a million short lines must not make a page of them."""
    lines = [f"stray line {n}" for n in range(review.MAX_LINES_SHOWN + 500)]
    stored = stored_import(
        index_page,
        lines=lines,
        sources={"unplaced": list(range(len(lines)))},
        unplaced=lines,
    )
    text = main(admin_client.get(url(stored)))
    shown = review.MAX_LINES_SHOWN
    assert text.count("The first 2000 lines of 2500 are shown.") == 2
    assert f"stray line {shown - 1}</bdi>" in text
    assert f"stray line {shown}</bdi>" not in text
    assert "Show the text as read (2500 lines)" in text


def test_lines_not_placed_are_warned_of_up_to_ten_then_counted():
    from ua_wagtail.importer.parser import parse

    found = parse("Dear Minister,\nFree her.\nYours sincerely,\n" + "stray\n" * 30)
    placing = [w for w in found.warnings if "Could not place" in w]
    assert len(placing) == 10
    assert "20 more lines could not be placed: the review lists them." in found.warnings


@pytest.mark.parametrize("days", [0, -3, "30", 2.5])
def test_a_retention_of_no_days_is_a_system_check_error(settings, days):
    from ua_wagtail.checks import check_retention_days

    settings.UA_WAGTAIL_IMPORT_REVIEW_DAYS = days
    [error] = check_retention_days(None)
    assert error.id == "ua_wagtail.E005"
    assert "UA_WAGTAIL_IMPORT_REVIEW_DAYS" in error.msg
    settings.UA_WAGTAIL_IMPORT_REVIEW_DAYS = 1
    assert check_retention_days(None) == []


def test_a_date_is_marked_only_where_it_is_that_date():
    parsed = parsed_action(
        lines=["Issued 2 March 2030; act until 01.01.2030 or 1 January 2031"],
        sources={"deadline": [0]},
    )
    rows = [row for group in review.field_groups(parsed) for row in group.rows]
    [deadline] = [row for row in rows if row.lines and row.lines[0].marked]
    assert deadline.lines[0].marked == "01.01.2030"
    assert deadline.lines[0].before.endswith("act until ")
