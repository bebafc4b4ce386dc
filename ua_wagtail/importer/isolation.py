"""Read and parse an uploaded document in a child process, within limits of time
and memory.

The readers bound the costs they know of (:mod:`.unzip`, :mod:`.pdf_text`), but
a document can be heavy in ways they do not see: a drawing reused thousands of
times on a page, a content stream just under the budget that is slow to parse,
text whose lines make the parser's patterns work hard. So :func:`parse_upload`
runs :func:`.readers.read_text` and :func:`.parser.parse` in a new Python process,
:mod:`.child` (started with ``subprocess``, never a fork of a threaded server),
which the kernel stops after ``UA_WAGTAIL_IMPORT_TIME_LIMIT`` seconds of
processor time or lets have ``UA_WAGTAIL_IMPORT_MEMORY_LIMIT`` more bytes of
memory than it started with; this process waits for it twice the time limit
at most. Passing a limit, or the child failing in any other way, is a
:class:`.errors.DocumentError` with a message for the editor, never an error of
the server.
"""

import json
import logging
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import translation

from ..conf import DEFAULTS, PREFIX, ua_settings
from .child import EXIT_MEMORY
from .errors import DocumentError, too_much_memory, took_too_long, unreadable
from .readers import upload_data
from .result import ParsedAction

logger = logging.getLogger(__name__)

# The folder ua_wagtail is in: the child imports this copy of it.
_ROOT = Path(__file__).resolve().parents[2]
# The signal the kernel ends a process with at its processor time limit.
_SIGXCPU = getattr(signal, "SIGXCPU", None)


def parse_upload(upload) -> ParsedAction:
    """The Urgent Action in a Django ``UploadedFile`` (or any file with a name),
    read and parsed within the limits; a :class:`.errors.DocumentError` else."""
    return parse_isolated(*upload_data(upload))


def parse_isolated(name: str, data: bytes) -> ParsedAction:
    """:func:`.parser.parse` of the :func:`.readers.read_text` of ``name`` and
    ``data``, in a child process."""
    seconds = ua_settings.IMPORT_TIME_LIMIT
    try:
        done = subprocess.run(  # noqa: S603 (this Python, a module of this package)
            _child_command(),
            input=_request(name, data),
            capture_output=True,
            cwd=_ROOT,
            timeout=2 * seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # the child is killed
        raise DocumentError(took_too_long(seconds)) from None
    except OSError as error:  # no process could be started
        logger.exception("No process could be started to read %r", name)
        raise DocumentError(unreadable()) from error
    if done.returncode == 0:
        return _answer(done.stdout)
    if done.returncode == EXIT_MEMORY:
        raise DocumentError(too_much_memory(ua_settings.IMPORT_MEMORY_LIMIT))
    if _SIGXCPU and done.returncode == -_SIGXCPU:
        raise DocumentError(took_too_long(seconds))
    logger.warning(
        "The process reading %r ended with status %s: %s",
        name,
        done.returncode,
        done.stderr[-2000:].decode(errors="replace"),
    )
    raise DocumentError(unreadable())


def _child_command() -> list[str]:
    return [sys.executable, "-m", "ua_wagtail.importer.child"]


def _request(name, data) -> bytes:
    """What the child reads: a line of JSON, then the document."""
    header = {
        "name": name,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "use_i18n": settings.USE_I18N,
        "locale_paths": [str(path) for path in settings.LOCALE_PATHS],
        "settings": {
            PREFIX + key: getattr(ua_settings, key)
            for key in DEFAULTS
            if key.startswith("IMPORT_")
        },
    }
    return json.dumps(header).encode() + b"\n" + data


def _answer(output: bytes) -> str:
    try:
        answer = json.loads(output)
    except ValueError as error:
        raise DocumentError(unreadable()) from error
    if "error" in answer:
        raise DocumentError(answer["error"])
    return ParsedAction.from_json(answer["parsed"])
