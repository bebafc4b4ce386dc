"""The plugin speaks six languages: every message of the code is in each catalog,
translated (no fuzzy, every plural form), with its placeholders, and compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

import ua_wagtail

PACKAGE = Path(ua_wagtail.__file__).parent
LANGUAGES = ["es", "fr", "ar", "ru", "be"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalog(language):
    path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        return read_po(po, locale=language)


def key(message):
    message_id = message.id
    return (
        message.context,
        tuple(message_id) if isinstance(message_id, list) else message_id,
    )


@pytest.fixture(scope="module")
def in_the_code(tmp_path_factory):
    """The messages the code has now: makemessages run on a copy of the package."""
    copy = tmp_path_factory.mktemp("extract") / "ua_wagtail"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__")
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-location"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
        check=True,
        capture_output=True,
    )
    with (copy / "locale" / "de" / "LC_MESSAGES" / "django.po").open("rb") as po:
        return {key(m) for m in read_po(po) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_every_message_and_no_stale_one(in_the_code, language):
    messages = {key(m) for m in catalog(language) if m.id}
    assert sorted(in_the_code - messages, key=str) == [], "missing: run make messages"
    assert sorted(messages - in_the_code, key=str) == [], "stale: run make messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalog(language)
    for message in po:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        strings = message.string if message.pluralizable else (message.string,)
        assert len(strings) == (po.num_plurals if message.pluralizable else 1)
        assert all(strings), f"untranslated: {message.id!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    for message in catalog(language):
        if not message.id:
            continue
        if message.pluralizable:
            wanted = set(PLACEHOLDER.findall(message.id[1]))
            for form in message.string:
                assert set(PLACEHOLDER.findall(form)) <= wanted, (message.id, form)
            assert set(PLACEHOLDER.findall(message.string[-1])) == wanted
        else:
            assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
                PLACEHOLDER.findall(message.id)
            ), (message.id, message.string)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_current(language):
    path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        compiled = {key(m): strings(m) for m in read_mo(mo) if m.id}
    assert compiled == {key(m): strings(m) for m in catalog(language) if m.id}


def strings(message):
    return tuple(message.string) if message.pluralizable else message.string


def test_the_site_speaks_the_page_language():
    from ua_wagtail.choices import ActionStatus

    for language in LANGUAGES:
        with translation.override(language):
            assert str(ActionStatus.CLOSED.label) != "Closed", language
