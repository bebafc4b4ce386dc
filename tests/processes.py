"""Django in a process of its own, for tests of what a site sees when it starts:
settings, migrations from another checkout, a project without an optional app."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: All the process inherits: not the tests' own settings (DEBUG, a key, async).
INHERITED = ("PATH", "HOME", "LANG")


def python(*args, cwd=ROOT, **env) -> subprocess.CompletedProcess:
    """This interpreter with ``args`` in ``cwd`` (whose ua_wagtail comes first on
    the path), with ``env`` as its only settings."""
    clean = {name: os.environ[name] for name in INHERITED if name in os.environ}
    return subprocess.run(  # noqa: S603 - this interpreter, the tests' arguments
        [sys.executable, *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
