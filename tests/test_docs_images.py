"""The screenshots in the docs are the ones the browser tests take: each image
the README and docs show is in docs/img, written by a test under tests/e2e, and
docs/img holds nothing else (``make screenshots`` refreshes them all)."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_updater():
    spec = importlib.util.spec_from_file_location(
        "update_screenshots", ROOT / "docs" / "update_screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def written_by_browser_tests() -> list[re.Pattern]:
    """What the browser tests save into ``artifacts``, as patterns: an f-string's
    placeholders (``f"ua-page-{language}-390.png"``) match any name part."""
    saved = re.compile(r"artifacts\s*/\s*f?\"([^\"]+)\"")
    patterns = []
    for path in (ROOT / "tests" / "e2e").glob("*.py"):
        for name in saved.findall(path.read_text(encoding="utf-8")):
            parts = re.split(r"\{[^}]*\}", name)
            patterns.append(re.compile("[\\w-]+".join(map(re.escape, parts))))
    return patterns


SHOWN = load_updater().shown_images()


def test_the_docs_show_screenshots():
    assert "ua-page-390.png" in SHOWN


def test_every_image_shown_is_in_docs_img():
    missing = [name for name in SHOWN if not (ROOT / "docs" / "img" / name).exists()]
    assert not missing


def test_docs_img_holds_only_images_the_docs_show():
    stored = {path.name for path in (ROOT / "docs" / "img").iterdir()}
    assert stored - set(SHOWN) == set()


def test_every_image_shown_is_written_by_a_browser_test():
    written = written_by_browser_tests()
    not_written = [
        name for name in SHOWN if not any(p.fullmatch(name) for p in written)
    ]
    assert not not_written
