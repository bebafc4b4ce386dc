"""The process that reads and parses one document for :mod:`.isolation`, within
limits.

Run as ``python -m ua_wagtail.importer.child``: it reads a request on standard
input (a line of JSON with the file's name, the language and the importer's
settings, then the document's bytes), sets up just enough of Django to read and
translate, loads the readers' and the parser's libraries, then lowers its own
limits, reads and parses:

* processor time: ``UA_WAGTAIL_IMPORT_TIME_LIMIT`` seconds from now; the kernel
  then ends the process with ``SIGXCPU``;
* memory: ``UA_WAGTAIL_IMPORT_MEMORY_LIMIT`` bytes of address space more than
  it has now (Linux); past it, allocations fail and it exits with
  :data:`EXIT_MEMORY`.

It answers on standard output with JSON: ``{"parsed": ...}`` (the
:class:`.result.ParsedAction`), or ``{"error": ...}`` with the translated
message of a :class:`.errors.DocumentError`.
"""

import json
import logging
import math
import sys
from pathlib import Path

try:
    import resource
except ImportError:  # not Unix: only the parent's clock limits the reading
    resource = None

#: The exit status of a child whose reading ran out of memory.
EXIT_MEMORY = 3

_LOCALE = Path(__file__).resolve().parents[1] / "locale"


def main():
    header, _, data = sys.stdin.buffer.read().partition(b"\n")
    request = json.loads(header)
    _set_up_django(request)
    # Only now: they read Django's settings. Loaded before the limits, which
    # are the reading's alone.
    import docx  # noqa: F401
    import pypdf  # noqa: F401

    from .parser import parse
    from .readers import DocumentError, read_text

    logging.disable(logging.CRITICAL)  # pypdf's warnings about damaged files
    values = request["settings"]
    _limit(
        values["UA_WAGTAIL_IMPORT_TIME_LIMIT"], values["UA_WAGTAIL_IMPORT_MEMORY_LIMIT"]
    )
    try:
        answer = {"parsed": parse(read_text(request["name"], data)).as_json()}
    except DocumentError as error:
        answer = {"error": error.message}
    except MemoryError:
        sys.exit(EXIT_MEMORY)
    sys.stdout.write(json.dumps(answer))


def _set_up_django(request):
    # This process starts without Django: it is set up here, from the request.
    import django
    from django.conf import settings
    from django.utils import translation

    settings.configure(
        USE_I18N=request["use_i18n"],
        LOCALE_PATHS=[*request["locale_paths"], str(_LOCALE)],
        **request["settings"],
    )
    django.setup()
    translation.activate(request["language"])


def _limit(seconds, memory):
    if resource is None:
        return
    _lower(resource.RLIMIT_CORE, 0)  # no core file when the kernel ends it
    used = resource.getrusage(resource.RUSAGE_SELF)
    _lower(resource.RLIMIT_CPU, math.ceil(used.ru_utime + used.ru_stime + seconds))
    try:
        with open("/proc/self/statm") as statm:  # its size in pages, first
            size = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return  # not Linux, where the address space limit is not kept anyway
    _lower(resource.RLIMIT_AS, size + memory)


def _lower(limit, value):
    """Lower the soft ``limit`` to ``value`` (the hard limit if that is lower)."""
    _, hard = resource.getrlimit(limit)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(limit, (value, hard))


if __name__ == "__main__":
    main()
