"""The example site's settings and headers (audit finding 9): DEBUG off unless set,
no start with the published key, ``check --deploy`` clean, a Content-Security-
Policy on public pages, the headless front end and the package's admin screens,
and a rate limit on the headless preview endpoint."""

import secrets
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ua_wagtail.importer.result import ParsedAction
from ua_wagtail.models import DocumentImport

from .processes import python

DEVELOPMENT_KEY = "example-site-insecure-key-for-local-use"


def run(*args, **env):
    """The example site's ``manage.py``, with only the given settings."""
    return python(
        "manage.py", *args, DJANGO_SETTINGS_MODULE="example_site.settings", **env
    )


class TestSettings:
    def test_debug_is_off_unless_set_and_a_key_is_required(self):
        refused = run("check")
        assert refused.returncode != 0
        assert "set SECRET_KEY" in refused.stderr
        assert run("check", DEBUG="true").returncode == 0
        key = secrets.token_urlsafe(50)
        printed = run("shell", "-c", "from django.conf import settings as s; print(s.DEBUG)",
                      SECRET_KEY=key, SECURE_SSL_REDIRECT="false")  # fmt: skip
        assert printed.stdout.split()[-1] == "False"

    @pytest.mark.parametrize("key", [DEVELOPMENT_KEY, f" {DEVELOPMENT_KEY} "])
    def test_the_published_key_is_refused_without_debug(self, key):
        refused = run("check", SECRET_KEY=key)
        assert refused.returncode != 0
        assert "published" in refused.stderr

    def test_check_deploy_is_clean_for_production_settings(self):
        result = run(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="ua.example.org",
            REDIS_URL="redis://127.0.0.1:6379/0",
        )
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout


CSP = "Content-Security-Policy"


def assert_strict(policy: str):
    directives = {
        part.split()[0]: part.split()[1:] for part in policy.split("; ") if part
    }
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_public_pages_send_it(self, client, ua_page):
        for url in (ua_page.url, ua_page.get_parent().url, "/", "/headless/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict(response[CSP])

    def test_admin_views_of_the_package_and_previews_send_it(self, client, ua_page):
        admin = get_user_model().objects.create_superuser("boss", password="x")
        client.force_login(admin)
        revision = ua_page.save_revision()
        imported = DocumentImport.objects.create(
            page=ua_page,
            parsed=ParsedAction(title=ua_page.title).as_json(),
            status=DocumentImport.Status.DONE,
        )
        for url in (
            reverse("ua_wagtail_admin:summary", args=[ua_page.translation_key]),
            reverse("ua_wagtail_admin:import"),
            reverse("ua_wagtail_admin:import_review", args=[imported.pk]),
            reverse(
                "wagtailadmin_pages:revisions_view", args=[ua_page.pk, revision.pk]
            ),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict(response[CSP])

    def test_the_rest_of_the_admin_reports_it(self, client):
        admin = get_user_model().objects.create_superuser("boss", password="x")
        client.force_login(admin)
        response = client.get("/admin/")
        assert CSP not in response
        assert_strict(response[CSP + "-Report-Only"])


@pytest.mark.django_db
def test_the_preview_endpoint_limits_refused_tokens(client, settings, ua_page):
    settings.UA_WAGTAIL_PREVIEW_RATE = "3/m"
    url = "/api/v2/page_preview/?" + urlencode(
        {"content_type": "ua_wagtail.urgentactionpage", "token": "guess"}
    )
    statuses = [client.get(url).status_code for _guess in range(4)]
    assert statuses == [403, 403, 403, 429]
    response = client.get(url)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many refused previews" in response.json()["errors"]["token"][0]
    other = client.get(url, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 403  # another client still may
