"""The editor's view of the seed Urgent Action in Wagtail's admin, in Chromium."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from ua_wagtail.models import UrgentActionPage

from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_editor_sees_the_tabs_and_blocks(open_page, live_server, artifacts):
    out = StringIO()
    call_command("demo", stdout=out)
    username, password = re.search(
        r"username “(.+?)”, password “(.+?)”", out.getvalue()
    ).groups()
    page_obj = UrgentActionPage.objects.get(locale__language_code="en")

    page, response, watch = open_page("/admin/login/", viewport=DESKTOP)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/pages/{page_obj.pk}/edit/")
    for tab in ["Action", "Person", "Letter", "Promote"]:
        assert page.get_by_role("tab", name=tab).is_visible()
    assert page.get_by_text("Sample letter").first.is_visible()
    page.screenshot(path=artifacts / "admin-edit-ua.png", full_page=False)

    page.get_by_role("tab", name="Person").click()
    assert page.locator("#id_subject_name").input_value() == "Maryia Kalesnikava"
    assert watch.foreign_requests == []
