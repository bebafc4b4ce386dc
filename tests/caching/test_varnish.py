"""Debian's Varnish, with the example site's VCL, in front of the live server:
after a change, the next GET through Varnish shows it (issue 16, item 3).

Varnish runs in the foreground (``-F``) with its own working directory, on a
free loopback port, for the module; the live server (pytest-django's, a
threaded server on the test database) is its backend. The default site is put
at Varnish's address, so the URLs Wagtail purges (with its HTTP backend,
``PURGE`` with the page's ``Host``) are the ones the test reads through
Varnish. Each test starts with an empty cache.

``make proxies`` installs Varnish; without it the tests fail in CI (``CI=true``)
and are skipped elsewhere.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from wagtail.models import Site

from tests.factories import TargetFactory, UrgentActionPageFactory, targets_body
from tests.localize import translate

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
SBIN = "/usr/local/sbin:/usr/sbin:/sbin"  # varnishd is outside many users' PATH
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path=SBIN)
VARNISHADM = shutil.which("varnishadm") or shutil.which("varnishadm", path=SBIN)
#: Requests go straight to Varnish, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Varnish:
    def __init__(self, workdir: Path, backend_port: int):
        self.workdir = workdir
        self.port = free_port()
        self.log = workdir / "varnishd.log"
        vcl = workdir / "default.vcl"
        text, found = re.subn(
            r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text()
        )
        assert found == 1, "the VCL's backend port is no longer where it was"
        vcl.write_text(text)
        # The smallest footprint that serves: one thread pool, little memory;
        # -j none keeps this user's privileges (no jail to switch to as root).
        command = [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "instance"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,16m",
            "-p",
            "thread_pools=1",
            "-p",
            "thread_pool_min=5",
            "-p",
            "thread_pool_max=50",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - Debian's varnishd, our arguments
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"varnishd stopped:\n{self.log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"varnishd did not listen in {timeout} s:\n{self.log.read_text()}")

    def empty(self):
        """Forget everything cached (by a ban on every object)."""
        subprocess.run(  # noqa: S603 - Debian's varnishadm, our arguments
            [
                VARNISHADM,
                "-n",
                str(self.workdir / "instance"),
                "ban",
                "req.url",
                "~",
                ".",
            ],
            check=True,
            capture_output=True,
            timeout=10,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)  # the session started for varnishd
            self.process.wait()

    def get(self, path: str, method="GET", **headers):
        """``path`` through Varnish: (status, headers, text)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method, headers=headers
        )
        try:
            with DIRECT.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


def is_hit(headers) -> bool:
    """Varnish names two transactions on a hit: this one and the one that
    fetched the object."""
    return len(headers["X-Varnish"].split()) == 2


@pytest.fixture(scope="module")
def varnish(live_server, tmp_path_factory):
    if not (VARNISHD and VARNISHADM):
        message = "Varnish is missing: `make proxies` installs Debian's varnish."
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message)
        pytest.skip(message)
    host, port = live_server.thread.host, live_server.thread.port
    assert socket.gethostbyname(host) == "127.0.0.1", "the VCL's backend host"
    proxy = Varnish(tmp_path_factory.mktemp("varnish"), port)
    try:
        proxy.wait_until_up()
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def through(varnish, home, settings, monkeypatch, transactional_db):
    """Varnish, empty, purged by Wagtail's HTTP backend; the site at its address."""
    varnish.empty()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{varnish.port}",
        }
    }
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # Wagtail's PURGE goes direct too
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", varnish.port
    site.save()
    return varnish


def cached(varnish, path) -> str:
    """The page at ``path``, read twice through Varnish: the second is a hit."""
    status, headers, _text = varnish.get(path)
    assert status == 200, path
    status, headers, text = varnish.get(path)
    assert status == 200
    assert is_hit(headers), f"{path} was not cached: {dict(headers)}"
    return text


def republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_an_action_published_is_fresh_through_varnish(through, ua_page, index_page):
    assert "Free Jane" not in cached(through, ua_page.url)
    assert "Free Jane" not in cached(through, index_page.url)
    assert "Free Jane" not in cached(through, "/")
    api = f"/api/v2/pages/{ua_page.pk}/"
    assert "Free Jane" not in cached(through, api)

    republish(ua_page, title="Free Jane now")

    # Wagtail purges the page; ua_wagtail its listings and its API document.
    for path in (ua_page.url, index_page.url, "/", api):
        status, headers, text = through.get(path)
        assert status == 200
        assert not is_hit(headers), path
        assert "Free Jane now" in text, path


def test_a_translation_published_is_fresh_through_varnish(through, ua_page):
    french = translate(ua_page, "fr", strings={ua_page.title: "Libérez Jane"})
    index = french.get_parent().specific
    assert "Libérez Jane" in cached(through, french.url)
    assert "Libérez Jane" in cached(through, index.url)
    assert "Libérez Jane" in cached(through, "/fr/")

    republish(french, title="Libérez Jane maintenant")

    for path in (french.url, index.url, "/fr/"):
        status, headers, text = through.get(path)
        assert not is_hit(headers), path
        assert "Libérez Jane maintenant" in text, path


def test_a_target_edited_is_fresh_through_varnish(through, index_page):
    target = TargetFactory(position="Minister of Justice")
    page = UrgentActionPageFactory(
        parent=index_page, slug="free-joe", body=targets_body([target])
    )
    other = UrgentActionPageFactory(parent=index_page, slug="free-ann")
    assert "Minister of Justice" in cached(through, page.url)
    cached(through, other.url)

    target.position = "Prosecutor General"
    target.save()

    status, headers, text = through.get(page.url)
    assert not is_hit(headers)
    assert "Prosecutor General" in text
    assert is_hit(through.get(other.url)[1]), "a page without the target stays"


def test_varnish_shares_only_what_is_the_same_for_everyone(through, ua_page):
    """Cookies other than the session's do not split or bypass the cache; a
    session, a token, the page after a report and a POST go to the site."""
    url = ua_page.url
    cached(through, url)
    assert is_hit(through.get(url, Cookie="csrftoken=x; ua_reported=y")[1])
    assert not is_hit(through.get(url, Cookie="csrftoken=x; sessionid=y")[1])
    assert not is_hit(through.get(url, Authorization="Bearer x")[1])
    for path in (url + "?reported=1", url + "?reported=1"):
        assert not is_hit(through.get(path)[1])
    for _ in range(2):
        assert not is_hit(through.get(url, method="POST")[1])
