"""Stored XSS through translations (audit finding 1), and rich text from any source.

wagtail-localize checks translated strings with Python's HTML parser, for which
``<!-->…-->`` is one comment; a browser ends the comment at ``<!-->`` and runs
what follows. The browser side of these attacks is in ``e2e/test_xss.py``.
"""

import json
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.rich_text import clean_source, render
from ua_wagtail.translation.workflow import REVIEWERS, TRANSLATORS

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..localize import translate
from .test_translation_workflow import member

pytestmark = pytest.mark.django_db

BIOGRAPHY = "Maryia Kalesnikava is a musician."
PAYLOADS = [
    "Maryia <!--><img src=x onerror=alert(document.domain)>--> Kalesnikava",
    "Maryia <![CDATA[<img src=x onerror=alert(document.domain)>]]> Kalesnikava",
    "Maryia <?x <img src=x onerror=alert(document.domain)>?> Kalesnikava",
    "Maryia </ <img src=x onerror=alert(document.domain)>> Kalesnikava",
]
HOSTILE_HTML = (
    '<p>Maryia <!--><img src=x onerror="alert(1)">--> Kalesnikava '
    '<a href="javascript:alert(2)">read</a> <a href="https://example.org/">ok</a>'
    "<script>alert(3)</script></p>"
)


def assert_harmless(html: str):
    for sign in ("onerror", "<img", "alert(", "javascript:"):
        assert sign not in html, f"{sign!r} in {html!r}"


@pytest.fixture
def pages(index_page):
    body = targets_body([TargetFactory()]) + [
        (
            "additional_information",
            {"heading": "Background", "body": RichText(f"<p>{BIOGRAPHY}</p>")},
        )
    ]
    source = UrgentActionPageFactory(parent=index_page, slug="free-maryia", body=body)
    french = translate(source, "fr")
    call_command("setup_translation_workflow", stdout=StringIO())
    return source, french


def type_in_the_editor(client, french, source_text, value):
    """What wagtail-localize's translation editor sends when a translator types."""
    translation = Translation.objects.get(target_locale=french.locale)
    segment = StringSegment.objects.get(string__data=source_text)
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    return client.put(
        url, urlencode({"value": value}), "application/x-www-form-urlencoded"
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_translation_editor_refuses_hidden_markup(client, pages, payload):
    _source, french = pages
    client.force_login(member(TRANSLATORS))
    response = type_in_the_editor(client, french, BIOGRAPHY, payload)
    assert response.status_code in (200, 201)
    assert "not allowed in translations" in response.json()["error"]
    assert StringTranslation.objects.get(data=payload).has_error


def test_an_honest_translation_with_markup_is_kept(client, pages):
    _source, french = pages
    client.force_login(member(TRANSLATORS))
    text = "Maryia Kalesnikava est <b>musicienne</b> &lt;3."
    response = type_in_the_editor(client, french, BIOGRAPHY, text)
    assert response.json()["error"] is None
    assert not StringTranslation.objects.get(data=text).has_error


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_a_submitted_translation_never_carries_the_payload(client, pages, payload):
    """The audit's path: type, submit for review, the reviewer opens the revision."""
    _source, french = pages
    translator, reviewer = member(TRANSLATORS), member(REVIEWERS)
    client.force_login(translator)
    type_in_the_editor(client, french, BIOGRAPHY, payload)
    submit = reverse("ua_wagtail_admin:submit_translation", args=[french.pk])
    assert client.post(submit).status_code == 302

    revision = Revision.page_revisions.filter(object_id=str(french.pk)).latest("pk")
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:revisions_view", args=[french.pk, revision.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert BIOGRAPHY in response.content.decode()  # the source stands in
    assert_harmless(response.content.decode())


@pytest.fixture
def stored_hostile(index_page):
    """Rich text written to the database by a path that skipped every check."""
    page = UrgentActionPageFactory(parent=index_page, slug="hostile")
    stream = list(page.body.raw_data) + [
        {
            "type": "additional_information",
            "value": {"heading": "Background", "body": HOSTILE_HTML},
            "id": "9d7bd4f0-5b1e-4c4c-9a59-5e1f6d0c0b11",
        },
        {
            "type": "take_action",
            "value": {
                "heading": "Act",
                "steps": [{"kind": "letter", "text": HOSTILE_HTML}],
            },
            "id": "0b8f4d0e-6d0e-4e1c-8d5a-2b6f7c3b1a22",
        },
    ]
    table = connection.ops.quote_name(UrgentActionPage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET body = %s WHERE page_ptr_id = %s",  # noqa: S608
            [json.dumps(stream), page.pk],
        )
        index = connection.ops.quote_name(UrgentActionIndexPage._meta.db_table)
        cursor.execute(
            f"UPDATE {index} SET intro = %s WHERE page_ptr_id = %s",  # noqa: S608
            [HOSTILE_HTML, index_page.pk],
        )
    page = UrgentActionPage.objects.get(pk=page.pk)
    page.save_revision()
    return page


def test_rich_text_already_stored_is_harmless_on_every_path(client, stored_hostile):
    page = stored_hostile
    for url in (
        page.url,
        page.get_parent().url,
        f"/api/v2/pages/{page.pk}/",
        f"/api/v3/pages/{page.pk}/",
        f"/api/v2/pages/{page.get_parent().pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Kalesnikava" in content, url
        assert "https://example.org/" in content, url
        assert_harmless(content)

    admin = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(admin)
    revision = page.get_latest_revision()
    for name, args in (
        ("wagtailadmin_pages:revisions_view", [page.pk, revision.pk]),
        ("wagtailadmin_pages:edit", [page.pk]),
        ("wagtailadmin_pages:history", [page.pk]),
    ):
        content = client.get(reverse(name, args=args)).content.decode()
        assert "onerror" not in content and "alert(" not in content, name


def test_rich_text_is_cleaned_when_stored(index_page):
    """As wagtail-localize, the importer and the APIs give it: values in Python."""
    body = targets_body([TargetFactory()]) + [
        ("additional_information", {"heading": "Bio", "body": RichText(HOSTILE_HTML)})
    ]
    page = UrgentActionPageFactory(parent=index_page, body=body)
    index_page.intro = HOSTILE_HTML
    index_page.save()
    for model, column, pk in (
        (UrgentActionPage, "body", page.pk),
        (UrgentActionIndexPage, "intro", index_page.pk),
    ):
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE page_ptr_id = %s",  # noqa: S608
                [pk],
            )
            stored = cursor.fetchone()[0]
        assert "Kalesnikava" in stored
        assert_harmless(stored)


def test_rich_text_built_in_memory_is_cleaned_when_shown():
    """wagtail-localize's previews build translated pages without storing them."""
    html = str(render(RichText(HOSTILE_HTML)))
    assert_harmless(html)
    assert '<a href="https://example.org/">ok</a>' in html


def test_cleaning_keeps_what_editors_write():
    source = (
        '<h3>Who</h3><p>A <b>bold</b>, <i>brave</i> <a linktype="page" id="3">'
        'musician</a> &amp; <a href="mailto:a@example.org">writer</a>.<br/>Next</p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
    )
    assert clean_source(source) == source.replace("<br/>", "<br>")
