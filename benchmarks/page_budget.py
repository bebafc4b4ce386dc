"""Page budget of the public pages: gzip bytes of HTML+CSS+JS, other hosts, blocking scripts.

Run: ``.venv/bin/python -m benchmarks.page_budget`` (SQLite in a temp dir, Django's
runserver, Debian's Chromium at /usr/bin/chromium through Playwright for Python).

The issue's budget: the seed Urgent Action's HTML+CSS+JS over gzip is at most
30 KB, images and fonts excluded; no request to another host; no render-blocking
script; the index with 50 Urgent Actions stays under 60 KB.

It makes a fresh SQLite database (``migrate``, ``demo``, then 49 copies of the
seed under the index, published, so that the index holds 50), serves it with
``manage.py runserver --noreload`` (DEBUG on, so staticfiles serves the CSS and
JS) and loads each page in Chromium with a 390 px phone viewport, recording every
request and response with Playwright's network events. runserver does not
compress, so each HTML/CSS/JS body is gzipped here (level 6, as nginx's and
most servers' default) and the gzip sizes are summed. A render-blocking script
is a ``<script src>`` in ``<head>`` without ``defer``, ``async`` or
``type=module``; inline scripts in ``<head>`` are listed as well.

The index is measured as shipped (``UA_WAGTAIL_INDEX_PAGE_SIZE`` 12 per page)
and, to see the worst case, with all 50 on one page (a second server with
``benchmarks.page_budget_settings``, page size 50). The Arabic seed translation
(found through the page's hreflang links) is informational. The baseline in
each table is the budget; the exit status is 1 if a budget is broken.
"""

import gzip
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
KB = 1024
SEED_PATH = "/urgent-actions/end-torturous-isolation-of-kalesnikava/"
INDEX_PATH = "/urgent-actions/"
SEED_BUDGET = 30 * KB
INDEX_BUDGET = 60 * KB
INDEX_ACTIONS = 50
COUNTED = {"document", "stylesheet", "script"}  # HTML, CSS, JS
EXCLUDED = {"image", "font", "media"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gzip_size(body):
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def prepare_site(base_url):
    """migrate, demo, and 49 published copies of the seed under the index."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("demo", base_url=base_url, stdout=open(os.devnull, "w"))
    from ua_wagtail.models import UrgentActionPage

    seed = UrgentActionPage.objects.get(
        locale__language_code="en", slug=SEED_PATH.strip("/").split("/")[-1]
    )
    index = seed.get_parent()
    # Copies of one text would gzip to almost nothing: each copy's summary is the
    # seed's words in another order (and its number in the title), so that the
    # cards compress about as differing English texts do.
    words = seed.summary.split()
    for n in range(2, INDEX_ACTIONS + 1):
        shuffled = words[:]
        random.Random(n).shuffle(shuffled)
        copy = seed.copy(
            to=index,
            update_attrs={
                "title": f"{seed.title} ({n})",
                "slug": f"{seed.slug}-{n}",
                "ua_number": f"{n}/24",
                "summary": " ".join(shuffled),
            },
            keep_live=False,
            copy_revisions=False,
            reset_translation_key=True,
            log_action=None,
        )
        copy.save_revision().publish()
    count = UrgentActionPage.objects.child_of(index).live().count()
    print(f"  the index holds {count} live Urgent Actions (en)", flush=True)
    return count


def start_server(port, env):
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--nothreading",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"runserver on {port} exited ({process.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{INDEX_PATH}", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"runserver on {port} did not answer")


def stop(process):
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class HeadScripts(HTMLParser):
    """Scripts in <head>: blocking external ones and inline ones; hreflang links."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.blocking = []
        self.inline = 0
        self.alternates = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs.get("href", "")
        elif tag == "script" and self.in_head:
            kind = (attrs.get("type") or "").strip().lower()
            if kind not in ("", "text/javascript", "module", "application/javascript"):
                return  # JSON-LD, templates and the like: not executed
            if "src" not in attrs:
                self.inline += 1
            elif "defer" not in attrs and "async" not in attrs and kind != "module":
                self.blocking.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def measure(browser, url):
    """Every request of one page load, with each response's body bytes."""
    origin = urlsplit(url).netloc
    context = browser.new_context(viewport=PHONE, is_mobile=True, device_scale_factor=3)
    page = context.new_page()
    requests, responses, failed = [], [], []
    # Playwright marks its handlers, so they cannot be bound builtins.
    page.on("request", lambda request: requests.append(request))
    page.on("response", lambda response: responses.append(response))
    page.on("requestfailed", lambda request: failed.append(request))
    main = page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    if main is None or main.status != 200:
        raise SystemExit(f"{url} answered {main and main.status}")
    rows = []
    for response in responses:
        request = response.request
        try:
            body = response.body()
        except Exception:  # redirects and the like have no body
            body = b""
        kind = request.resource_type
        content_type = response.headers.get("content-type", "")
        if kind == "other" and content_type.startswith(("image/", "font/")):
            kind = content_type.split("/")[0]  # Chromium fetches favicons as "other"
        rows.append(
            {
                "url": response.url,
                "type": kind,
                "status": response.status,
                "host": urlsplit(response.url).netloc,
                "raw": len(body),
                "gzip": gzip_size(body) if body else 0,
                "body": body,
            }
        )
    web = [r for r in requests if urlsplit(r.url).scheme in ("http", "https")]
    foreign = [r.url for r in web if urlsplit(r.url).netloc != origin]
    context.close()
    html = next(r["body"] for r in rows if r["type"] == "document")
    head = HeadScripts()
    head.feed(html.decode("utf-8", "replace"))
    return {
        "rows": rows,
        "requests": len(web),
        "foreign": foreign,
        "failed": [f"{r.url} ({r.failure})" for r in failed],
        "head": head,
    }


def report(name, url, found, budget, expect=None):
    """Prints the table; returns the reasons the budget is broken (if any)."""
    print(f"\n{name}: {url}")
    if expect:
        print(f"  {expect}")
    print(f"  {'type':11}{'raw B':>9}{'gzip B':>9}  counted  resource")
    total_raw = total_gzip = 0
    for row in found["rows"]:
        counted = row["type"] in COUNTED
        if counted:
            total_raw += row["raw"]
            total_gzip += row["gzip"]
        flag = "yes" if counted else ("excl." if row["type"] in EXCLUDED else "no")
        path = urlsplit(row["url"]).path or "/"
        gz = f"{row['gzip']:9,}" if counted else f"{'-':>9}"
        print(
            f"  {row['type']:11}{row['raw']:9,}{gz}  {flag:7}  {row['status']} {path}"
        )
    share = total_gzip / budget
    print(
        f"  {'total':11}{total_raw:9,}{total_gzip:9,}  HTML+CSS+JS, gzip -6 here "
        f"(runserver sends them uncompressed)"
    )
    print(
        f"  budget {budget / KB:.0f} KB: {total_gzip / KB:.1f} KB = {share:.0%} of it"
        f" ({'within' if total_gzip <= budget else 'OVER'})"
    )
    print(
        f"  requests {found['requests']}, to other hosts {len(found['foreign'])}"
        + (": " + ", ".join(found["foreign"]) if found["foreign"] else "")
    )
    if found["failed"]:
        print("  failed requests: " + ", ".join(found["failed"]))
    head = found["head"]
    print(
        f"  render-blocking scripts in <head>: {len(head.blocking)}"
        + (" (" + ", ".join(head.blocking) + ")" if head.blocking else "")
        + f"; inline scripts in <head>: {head.inline}"
    )
    broken = []
    if total_gzip > budget:
        biggest = max(
            (r for r in found["rows"] if r["type"] in COUNTED), key=lambda r: r["gzip"]
        )
        broken.append(
            f"{name}: {total_gzip:,} B gzip > {budget:,} B; biggest "
            f"{urlsplit(biggest['url']).path} {biggest['gzip']:,} B"
        )
    if found["foreign"]:
        broken.append(f"{name}: {len(found['foreign'])} requests to other hosts")
    if head.blocking:
        broken.append(f"{name}: render-blocking scripts {head.blocking}")
    return broken, total_gzip


def main():
    from playwright.sync_api import sync_playwright

    workdir = tempfile.mkdtemp(prefix="page_budget_")
    port, port_50 = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "DEBUG": "true",
        "WAGTAILADMIN_BASE_URL": base,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    os.environ.update(env)
    servers = []
    broken = []
    try:
        print(f"Setting up SQLite in {workdir}, runserver on {base} …", flush=True)
        actions = prepare_site(base)
        servers.append(start_server(port, env))
        env_50 = {
            **env,
            "DJANGO_SETTINGS_MODULE": "benchmarks.page_budget_settings",
            "PAGE_BUDGET_INDEX_PAGE_SIZE": str(INDEX_ACTIONS),
        }
        servers.append(start_server(port_50, env_50))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                seed = measure(browser, base + SEED_PATH)
                index = measure(browser, base + INDEX_PATH)
                index_50 = measure(browser, f"http://127.0.0.1:{port_50}{INDEX_PATH}")
                arabic_href = seed["head"].alternates.get("ar")
                arabic = None
                if arabic_href:
                    arabic_url = urljoin(base, urlsplit(arabic_href).path)
                    arabic = measure(browser, arabic_url)
            finally:
                browser.close()

        print(
            "\nPage weight in Chromium (390 px phone viewport), Playwright network "
            "events; budget = the issue's limit, excluding images and fonts"
        )
        problems, seed_total = report(
            "seed UA page", base + SEED_PATH, seed, SEED_BUDGET
        )
        broken += problems
        problems, index_total = report(
            "index (as shipped)",
            base + INDEX_PATH,
            index,
            INDEX_BUDGET,
            f"{actions} Urgent Actions, UA_WAGTAIL_INDEX_PAGE_SIZE default: "
            "first page of the pagination",
        )
        broken += problems
        problems, index_50_total = report(
            "index (all 50 on one page)",
            f"http://127.0.0.1:{port_50}{INDEX_PATH}",
            index_50,
            INDEX_BUDGET,
            f"{actions} Urgent Actions, UA_WAGTAIL_INDEX_PAGE_SIZE={INDEX_ACTIONS}",
        )
        broken += problems
        if arabic:
            _, arabic_total = report(
                "Arabic seed (informational)", arabic_url, arabic, SEED_BUDGET
            )
            print(f"  vs the English seed: {arabic_total / seed_total:.2f}x")
        else:
            print("\nNo Arabic translation in the seed page's hreflang links.")
        from ua_wagtail.conf import ua_settings

        shipped = ua_settings.INDEX_PAGE_SIZE
        per_card = (index_50_total - index_total) / (INDEX_ACTIONS - shipped)
        print(
            f"\nEach extra card on the index adds about {per_card:,.0f} B gzip; the "
            f"60 KB budget holds about "
            f"{shipped + (INDEX_BUDGET - index_total) / per_card:,.0f} cards per page."
            if per_card > 0
            else ""
        )
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)

    if broken:
        print("\nBUDGET BROKEN:")
        for line in broken:
            print(f"  {line}")
        sys.exit(1)
    print("\nAll budgets kept.")


if __name__ == "__main__":
    main()
