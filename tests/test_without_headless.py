"""ua_wagtail without its optional app ``ua_wagtail.headless``: pages, reports and
totals work, and nothing of the APIs is there (no ``api_fields``)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

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
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_headless",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", "import os, django; django.setup()\n" + SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-1] == "works"
