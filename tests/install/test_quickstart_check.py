"""The install check (quickstart_check.py) passes with the quickstart as it is, and
fails when the quickstart leaves out a line a new site needs: the settings step
only, which takes seconds (`make test-install` runs the whole check)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("quickstart_check.py")
DOC = Path(__file__).resolve().parents[2] / "docs" / "quickstart.md"


def settings_check(doc: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script
        [sys.executable, SCRIPT, "--settings-only", "--doc", doc],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_quickstart_settings_pass_every_check():
    done = settings_check(DOC)
    assert done.returncode == 0, done.stderr
    assert "The quickstart works" in done.stdout


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('"wagtail_headless_preview",', "wagtail_headless_preview"),
        ("WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False", "ua_wagtail.W005"),
        ('MIDDLEWARE.insert(0, "ua_wagtail.pages', "ua_wagtail.W006"),
    ],
)
def test_a_line_left_out_of_the_quickstart_fails_the_check(tmp_path, line, why):
    lines = DOC.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [text for text in lines if not text.strip().startswith(line)]
    assert len(kept) == len(lines) - 1
    doc = tmp_path / "quickstart.md"
    doc.write_text("".join(kept), encoding="utf-8")
    done = settings_check(doc)
    assert done.returncode == 1
    assert "The quickstart does not work" in done.stderr
    assert why in done.stderr
