"""The signature checks docs/integrations.md gives receivers, in Python and in
JavaScript, run against requests signed as the webhook worker signs them."""

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

from ua_wagtail.integrations import signing
from ua_wagtail.integrations.models import new_secret

from ..servers import missing

DOCS = Path(__file__).resolve().parents[2] / "docs" / "integrations.md"


def snippet(language: str) -> str:
    """The ``language`` block of the docs' "Checking the signature"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Checking the signature", 1)[1].split("\n### ", 1)[0]
    [code] = re.findall(rf"```{language}\n(.*?)```", section, re.S)
    return code


def requests():
    """(secret, headers, body, should pass) of signed and tampered requests."""
    secret = new_secret()
    body = json.dumps({"type": "report.created", "title": "Беларусь"}).encode()
    now = int(time.time())
    good = signing.headers(secret, "e1", now, body)
    several = {**good, "webhook-signature": "v1,AAAA " + good["webhook-signature"]}
    return [
        (secret, good, body, True),
        (secret, several, body, True),
        (secret, good, body + b" ", False),  # the body changed
        (new_secret(), good, body, False),  # another endpoint's secret
        (secret, {**good, "webhook-id": "e2"}, body, False),
        (secret, signing.headers(secret, "e1", now - 3600, body), body, False),
        (secret, {**good, "webhook-signature": "v1,"}, body, False),
    ]


def test_the_python_check():
    namespace = {}
    exec(snippet("python"), namespace)  # noqa: S102 - the docs' own code
    for secret, headers, body, passes in requests():
        assert namespace["verify"](secret, headers, body) is passes


def test_the_javascript_check(tmp_path):
    node = shutil.which("node")
    if node is None:
        missing("Node.js is needed to run the docs' JavaScript")
    cases = [
        {"secret": s, "headers": h, "body": b.decode(), "passes": p}
        for s, h, b, p in requests()
    ]
    script = tmp_path / "check.js"
    script.write_text(
        snippet("js")
        + "\nconst cases = JSON.parse(require('node:fs').readFileSync(0));\n"
        + "console.log(JSON.stringify(cases.map((c) =>"
        + " verify(c.secret, c.headers, Buffer.from(c.body)))));\n"
    )
    found = subprocess.run(  # noqa: S603 - node, on a script of our own
        [node, str(script)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert json.loads(found.stdout) == [c["passes"] for c in cases]
