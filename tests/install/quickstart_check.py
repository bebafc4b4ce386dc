"""The quickstart, followed literally by a new user, from the package to a report.

Builds the wheel and the sdist (``python -m build``, ``twine check``), installs the
wheel in a new virtualenv, makes a new project with ``wagtail start``, adds to it
exactly the settings and URLs that docs/quickstart.md shows (its ``# settings.py``
and ``# urls.py`` code blocks, so the page cannot drift from what works),
migrates, and then in Chromium, as the quickstart's admin steps say: adds a
locale, an index, a target and an Urgent Action, publishes it, reports actions
with JavaScript on and off, translates it and checks the translation is not live.

``--settings-only`` stops after ``manage.py check`` in the current environment
(no build, no virtualenv, no browser): seconds, for tests of the doc's settings.
Exits non-zero, saying which step failed, when anything does.

    python tests/install/quickstart_check.py [--doc docs/quickstart.md] [--settings-only]
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "mysite"
ADMIN, PASSWORD = "admin", "quickstart-Check-2026"
SCREENSHOT = ROOT / "artifacts" / "quickstart-check-failure.png"
CHROMIUM = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu"],
}
# What `wagtail start` ends urls.py with; the quickstart's urls.py block replaces it.
CATCH_ALL = re.compile(r"^urlpatterns = urlpatterns \+ \[\n.*?^\]\n", re.M | re.S)
CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


class CheckFailed(Exception):
    """A step of the quickstart did not work; the message says which and why."""


def run(*command, cwd=None, env=None):
    """Runs ``command``, returning its output; its output is the error's if it fails."""
    done = subprocess.run(  # noqa: S603 - our own commands, no shell
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise CheckFailed(
            f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def doc_blocks(doc: Path, name: str) -> list[str]:
    """The doc's Python code blocks that start with the comment ``# <name>``."""
    blocks = CODE_BLOCK.findall(doc.read_text(encoding="utf-8"))
    found = [block for block in blocks if block.startswith(f"# {name}\n")]
    if not found:
        raise CheckFailed(f"{doc} has no code block starting with “# {name}”")
    return found


#: Not the quickstart's but the check's own: Wagtail 8 autosaves a new page once
#: the form has settled, and at a script's speed, depending on the machine's
#: load, the autosave created the Urgent Action just before "Publish" posted it
#: again (its slug then taken). As tests/e2e/test_journey_editor.py does.
AUTOSAVE_OFF = (
    "\n\nWAGTAIL_AUTOSAVE_INTERVAL = 10 * 60 * 1000  # the install check's own\n"
)


def apply_quickstart(doc: Path, project: Path):
    """Appends the doc's settings to the new project's settings and puts its URLs
    in place of the catch-all `wagtail start` wrote, as the doc says."""
    settings = project / PROJECT / "settings" / "base.py"
    with settings.open("a", encoding="utf-8") as file:
        file.write("\n\n" + "\n".join(doc_blocks(doc, "settings.py")))
        file.write(AUTOSAVE_OFF)
    urls = project / PROJECT / "urls.py"
    text, found = CATCH_ALL.subn("", urls.read_text(encoding="utf-8"))
    if not found:
        raise CheckFailed(f"no catch-all urlpatterns at the end of {urls}")
    urls.write_text(text + "\n" + "\n".join(doc_blocks(doc, "urls.py")))


def build(dist: Path) -> Path:
    """Builds and checks the wheel and the sdist; returns the wheel."""
    run(sys.executable, "-m", "build", "--outdir", dist, ROOT)
    run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    return next(dist.glob("*.whl"))


def new_virtualenv(where: Path, wheel: Path, env: dict) -> Path:
    """A virtualenv with only the wheel (and what it requires); returns its bin."""
    run(sys.executable, "-m", "venv", where, env=env)
    pip = (where / "bin" / "python", "-m", "pip", "--disable-pip-version-check")
    run(*pip, "install", "--quiet", wheel, env=env)
    return where / "bin"


def start_project(bin_dir: Path, where: Path, doc: Path, env: dict) -> Path:
    project = where / PROJECT
    project.mkdir()
    run(bin_dir / "wagtail", "start", PROJECT, project, env=env)
    apply_quickstart(doc, project)
    return project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serving(python: Path, project: Path, env: dict):
    """The new project under runserver; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not listening(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise CheckFailed("the new project's runserver did not start")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Site:
    """The new project: its manage.py, and Django's answer to a question."""

    def __init__(self, python: Path, project: Path, env: dict):
        self.python, self.project, self.env = python, project, env

    def manage(self, *args):
        return run(self.python, "manage.py", *args, cwd=self.project, env=self.env)

    def query(self, expression: str) -> str:
        """The value of ``expression`` (ua_wagtail's models imported), as text."""
        code = (
            "from wagtail.models import Page\n"
            "from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage\n"
            f"print({expression})"
        )
        return self.manage("shell", "-v", "0", "-c", code).strip()


def check_settings(site: Site):
    """The project with the doc's settings passes Django's and ua_wagtail's checks,
    warnings included (a missing setting the plugin needs is one)."""
    site.manage("check", "--fail-level", "WARNING")


def fresh_environment() -> dict:
    """The environment without this checkout's Python path or virtualenv, so the
    new project runs what the wheel installed."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")
    }


def full_check(doc: Path, where: Path):
    from journey import journey  # Playwright: only the full check needs it

    print("Building the wheel and the sdist, twine check")
    wheel = build(where / "dist")
    print(f"Installing {wheel.name} in a new virtualenv")
    env = {**fresh_environment(), "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    bin_dir = new_virtualenv(where / "venv", wheel, env)
    project = start_project(bin_dir, where, doc, env)
    site = Site(bin_dir / "python", project, env)
    print("wagtail start, the quickstart's settings and URLs, check, migrate")
    check_settings(site)
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("createsuperuser", "--noinput", "--username", ADMIN, "--email", "")
    print("In Chromium: locale, index, target, Urgent Action, reports, translation")
    with serving(site.python, project, env) as base_url:
        journey(site, base_url, (ADMIN, PASSWORD), CHROMIUM, SCREENSHOT)


def settings_check(doc: Path, where: Path):
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    project = start_project(bin_dir, where, doc, env)
    check_settings(Site(Path(sys.executable), project, env))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "quickstart.md")
    parser.add_argument("--settings-only", action="store_true")
    options = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="quickstart-") as where:
        check = settings_check if options.settings_only else full_check
        try:
            check(options.doc.resolve(), Path(where))
        except (CheckFailed, AssertionError) as failure:
            print(f"The quickstart does not work: {failure}", file=sys.stderr)
            return 1
    print(f"The quickstart works ({time.monotonic() - started:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
