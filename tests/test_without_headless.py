"""ua_wagtail without its optional app ``ua_wagtail.headless``: pages, reports and
totals work, and nothing of the APIs is there (no ``api_fields``)."""

from .processes import python

SCRIPT = """
from django.core.management import call_command
from django.test import Client
from ua_wagtail.models import UrgentActionPage
call_command("migrate", verbosity=0)
call_command("demo", "--base-url", "http://localhost", stdout=open(os.devnull, "w"))
page = UrgentActionPage.objects.get(locale__language_code="en")
client = Client(HTTP_HOST="localhost")
assert client.get(page.url).status_code == 200
body = '{"page": %d, "actions": {"letter": 1}}' % page.pk
answer = client.post("/ua/reports/", body, content_type="application/json")
assert answer.status_code == 201, answer.content
assert client.get(f"/ua/actions/{page.pk}/totals/").json()["total"] == 1
assert not hasattr(UrgentActionPage, "api_fields")
print("works")
"""


def test_pages_and_reports_work_without_the_headless_app(tmp_path):
    done = python(
        "-c",
        "import os, django; django.setup()\n" + SCRIPT,
        DJANGO_SETTINGS_MODULE="tests.settings_without_headless",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-1] == "works"
