import io
import os
import sqlite3
import subprocess
import tarfile
from io import StringIO

import pytest
from django.core.management import call_command

from .processes import ROOT, python


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")


#: The last commit before the package was cut into one folder per concept.
FLAT_LAYOUT = "2e93ff5"


def manage(cwd, *args, database):
    """``manage.py`` of the checkout in ``cwd`` (its own ua_wagtail first on the
    path), on the SQLite file ``database``."""
    done = python(
        "manage.py",
        *args,
        cwd=cwd,
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="example_site.settings",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def rows(database) -> dict:
    """Every row of the package's tables and Wagtail's pages and revisions."""
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
            if name.startswith(
                ("ua_wagtail_", "wagtailcore_page", "wagtailcore_revision")
            )
        ]
        # The tables' own names, read from SQLite's catalogue just above.
        query = "SELECT * FROM {} ORDER BY 1"
        return {table: db.execute(query.format(table)).fetchall() for table in tables}


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="makes SQLite databases of its own: the SQLite run has it",
)
@pytest.mark.skipif(
    subprocess.run(  # noqa: S603
        ["git", "cat-file", "-e", FLAT_LAYOUT],  # noqa: S607 - git, on this repository
        cwd=ROOT,
        check=False,
    ).returncode,
    reason="needs the repository's history (a clone, not an archive)",
)
def test_a_database_of_the_flat_layout_migrates_with_nothing_to_do(tmp_path):
    """The demo made by the code before the restructure: the new code applies
    only the migrations added since, wants none, changes no row of the old
    tables, and serves its pages."""
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", FLAT_LAYOUT],  # noqa: S607 - git, on this repository
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(old, filter="data")
    database = tmp_path / "db.sqlite3"
    manage(old, "migrate", "--noinput", database=database)
    manage(old, "demo", "--base-url", "http://127.0.0.1:8000", database=database)
    before = rows(database)

    applied = manage(ROOT, "migrate", database=database)
    # Apps the example site added since (django_tasks_db) bring their own.
    package = {
        name for name in applied_names(applied) if name.startswith("ua_wagtail.")
    }
    assert package == added_since(old)
    assert "No changes detected" in manage(
        ROOT, "makemigrations", "--check", "--dry-run", database=database
    )
    after = rows(database)
    assert {table: after[table] for table in before} == before
    assert manage(ROOT, "shell", "-c", SERVE, database=database).split()[-1] == "6"


def applied_names(output: str) -> set[str]:
    """The migrations ``migrate`` said it applied."""
    lines = [line.split() for line in output.splitlines()]
    return {words[1].rstrip(".") for words in lines if words[:1] == ["Applying"]}


def added_since(old) -> set[str]:
    """The package's migrations the checkout in ``old`` does not have."""
    folder = "ua_wagtail/migrations"
    names = {path.stem for path in (ROOT / folder).glob("0*.py")}
    return {
        f"ua_wagtail.{n}"
        for n in names - {p.stem for p in (old / folder).glob("0*.py")}
    }


#: The new code reading the old database: the seed's page in each language.
SERVE = """
from django.test import Client
from ua_wagtail.models import UrgentActionPage
for page in UrgentActionPage.objects.all():
    response = Client(HTTP_HOST="localhost").get(page.url)
    assert response.status_code == 200 and page.title in response.text, page
print(UrgentActionPage.objects.count())
"""
