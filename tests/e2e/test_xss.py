"""Stored XSS through a translation (audit finding 1), in Chromium.

A translator saves ``Maryia <!--><img src=x onerror=alert(document.domain)>-->
Kalesnikava``: wagtail-localize's check reads one comment, a browser an image
whose error handler runs. It must not run where the audit saw it run: in the
reviewer's admin session (the revision view), on the published page, and in the
headless front end. The second test puts the payload straight into the stored
page, as a path that skipped every check (or content stored before the fix) would.
"""

import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "Maryia <!--><img src=x onerror=alert(document.domain)>--> Kalesnikava"
PARAGRAPH = "Maryia Kalesnikava is a prominent political activist"


def watch_for_scripts(page) -> list:
    """The dialogs the page opened: the payload's ``alert``."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def assert_nothing_ran(page, dialogs):
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert page.locator("img[onerror], [onerror]").count() == 0


def client_for(username, password):
    client = Client()
    assert client.login(username=username, password=password)
    return client


def french():
    return UrgentActionPage.objects.get(locale__language_code="fr")


def type_payload(client):
    """What the translation editor sends for the biography's first paragraph."""
    page = french()
    source = TranslationSource.objects.get(object_id=page.translation_key)
    translation = Translation.objects.get(source=source, target_locale=page.locale)
    segment = StringSegment.objects.get(
        source=source, string__data__startswith=PARAGRAPH
    )
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    return client.put(
        url, urlencode({"value": PAYLOAD}), "application/x-www-form-urlencoded"
    )


def test_a_translators_payload_never_runs(open_page, live_server, demo):
    password = demo
    translator = client_for("translator", password)
    response = type_payload(translator)
    assert "not allowed in translations" in response.json()["error"]
    submit = reverse("ua_wagtail_admin:submit_translation", args=[french().pk])
    assert translator.post(submit).status_code == 302

    # The reviewer opens the submitted revision in the admin.
    revision = Revision.page_revisions.filter(object_id=str(french().pk)).latest("pk")
    page, _, _ = open_page("/admin/login/")
    dialogs = watch_for_scripts(page)
    sign_in(page, live_server.url, "reviewer", password)
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:revisions_view", args=[french().pk, revision.pk])
    )
    page.get_by_role("heading", level=1).wait_for()
    assert_nothing_ran(page, dialogs)
    assert page.get_by_text(PARAGRAPH).count() == 1  # the source's stands in

    # Approved and published: the public page and the headless front end.
    reviewer = client_for("reviewer", password)
    state = french().current_workflow_state
    reviewer.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[french().pk, "approve", state.current_task_state.pk],
        )
    )
    for path in (french().url, f"/headless/#/page/{french().pk}"):
        page, _, _ = open_page(path)
        dialogs = watch_for_scripts(page)
        page.reload()
        page.get_by_role("heading", level=1).wait_for()
        assert_nothing_ran(page, dialogs)


def store_payload_in_the_database(page_id):
    """The payload in the live French page's stored body and its index's intro."""
    page = UrgentActionPage.objects.get(pk=page_id)
    stream = [
        {**block, "value": {**block["value"], "body": f"<p>{PAYLOAD}</p>"}}
        if block["type"] == "additional_information"
        else block
        for block in page.body.raw_data
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(UrgentActionPage._meta.db_table)} SET body = %s "  # noqa: S608
            "WHERE page_ptr_id = %s",
            [json.dumps(stream), page_id],
        )
        cursor.execute(
            f"UPDATE {quote(UrgentActionIndexPage._meta.db_table)} SET intro = %s "  # noqa: S608
            "WHERE page_ptr_id = %s",
            [f"<p>{PAYLOAD}</p>", page.get_parent().pk],
        )
    return UrgentActionPage.objects.get(pk=page_id).save_revision()


def test_a_payload_already_stored_never_runs(open_page, live_server, demo):
    page_id = french().pk
    revision = store_payload_in_the_database(page_id)
    admin = get_user_model().objects.get(username="admin")
    paths = [
        french().url,
        french().get_parent().url,
        f"/headless/#/page/{page_id}",
        f"/headless/#/{french().locale.language_code}",
    ]
    for path in paths:
        page, _, _ = open_page(path)
        dialogs = watch_for_scripts(page)
        page.reload()
        page.get_by_role("heading", level=1).wait_for()
        assert_nothing_ran(page, dialogs)

    page, _, _ = open_page("/admin/login/")
    dialogs = watch_for_scripts(page)
    sign_in(page, live_server.url, admin.username, demo)
    for name, args in (
        ("wagtailadmin_pages:revisions_view", [page_id, revision.pk]),
        ("wagtailadmin_pages:edit", [page_id]),
    ):
        page.goto(live_server.url + reverse(name, args=args))
        page.wait_for_load_state("networkidle")
        assert dialogs == [], name
