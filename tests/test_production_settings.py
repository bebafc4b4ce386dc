"""The example site's production settings, read from the environment
(docs/deployment.md): object storage, the task queue, the client address behind
proxies, ua_wagtail's own settings, JSON logs and hashed static files. Each test
starts the site in a process of its own with only the variables it names."""

import json
import secrets
import uuid

import pytest

from .processes import python
from .storage.test_s3 import s3_client, s3_endpoint  # noqa: F401 - a fixture

#: DEBUG off, as production runs: a key of its own, plain HTTP for the test.
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "SECURE_SSL_REDIRECT": "false"}
S3 = {
    "AWS_STORAGE_BUCKET_NAME": "ua-media",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_S3_REGION_NAME": "us-east-1",
}


def shell(code: str, **env):
    """Runs ``code`` in the example site's ``manage.py shell``."""
    return python(
        "manage.py",
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="example_site.settings",
        **{**PRODUCTION, **env},
    )


def settings_of(*names: str, **env) -> dict:
    """The example site's settings ``names``, as JSON, with ``env`` set."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, "
        "default=str))"
    )
    done = shell(code, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def refusal(**env) -> str:
    """What the settings say when they refuse to load (manage.py would print
    its help instead)."""
    done = python("-c", "import example_site.settings", **{**PRODUCTION, **env})
    assert done.returncode != 0
    return done.stderr.strip().splitlines()[-1]


class TestObjectStorage:
    def test_a_bucket_takes_media_and_exports_renditions_unsigned(self):
        local = settings_of("STORAGES", "WAGTAILIMAGES_RENDITION_STORAGE")
        assert local["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
        assert local["WAGTAILIMAGES_RENDITION_STORAGE"] is None
        got = settings_of(
            "STORAGES",
            "WAGTAILIMAGES_RENDITION_STORAGE",
            "AWS_DEFAULT_ACL",
            "AWS_S3_FILE_OVERWRITE",
            **S3,
        )
        assert got["STORAGES"]["default"] == {
            "BACKEND": "storages.backends.s3.S3Storage"
        }
        renditions = got["STORAGES"]["renditions"]
        assert renditions["OPTIONS"]["querystring_auth"] is False
        assert renditions["OPTIONS"]["location"] == "renditions"
        assert got["WAGTAILIMAGES_RENDITION_STORAGE"] == "renditions"
        assert got["AWS_DEFAULT_ACL"] is None and got["AWS_S3_FILE_OVERWRITE"] is False

    def test_files_land_in_the_bucket_private_and_renditions_public(
        self,
        s3_endpoint,  # noqa: F811 - the fixture
    ):
        bucket = f"ua-{uuid.uuid4().hex[:12]}"
        client = s3_client(s3_endpoint)
        client.create_bucket(Bucket=bucket)
        code = (
            "from django.core.files.base import ContentFile; "
            "from django.core.files.storage import default_storage, storages; "
            "a = default_storage.save('exports/a.xlsx', ContentFile(b'PK')); "
            "b = storages['renditions'].save('images/b.png', ContentFile(b'png')); "
            "print(default_storage.url(a)); print(storages['renditions'].url(b))"
        )
        done = shell(
            code,
            **{**S3, "AWS_STORAGE_BUCKET_NAME": bucket},
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_LOCATION="site",
        )
        assert done.returncode == 0, done.stderr
        private, public = done.stdout.split()[-2:]
        keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
        assert sorted(keys) == ["site/exports/a.xlsx", "site/renditions/images/b.png"]
        assert "X-Amz-Signature=" in private  # signed, and it expires
        assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in private
        assert public == f"{s3_endpoint}/{bucket}/site/renditions/images/b.png"


class TestTasks:
    def test_the_database_queue_by_default_rq_on_redis_when_asked(self):
        assert settings_of("TASKS")["TASKS"]["default"]["BACKEND"] == (
            "django_tasks_db.DatabaseBackend"
        )
        got = settings_of(
            "TASKS",
            "RQ_QUEUES",
            "RQ",
            TASKS_BACKEND="rq",
            REDIS_URL="redis://127.0.0.1:6379/3",
        )
        assert got["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
        assert got["RQ_QUEUES"]["default"]["URL"] == "redis://127.0.0.1:6379/3"
        assert got["RQ"] == {"JOB_CLASS": "django_tasks_rq.Job"}

    def test_a_queue_it_does_not_know_or_rq_without_redis_is_refused(self):
        assert '"db" (the default) or "rq"' in refusal(TASKS_BACKEND="celery")
        assert "set REDIS_URL or RQ_REDIS_URL" in refusal(TASKS_BACKEND="rq")


class TestEnvironment:
    def test_the_client_address_behind_two_proxies(self):
        names = ("UA_WAGTAIL_CLIENT_IP_HEADER", "UA_WAGTAIL_CLIENT_IP_PROXIES")
        assert settings_of(*names) == dict.fromkeys(names)
        assert settings_of(*names, TRUSTED_PROXY_HOPS="2") == {
            "UA_WAGTAIL_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "UA_WAGTAIL_CLIENT_IP_PROXIES": 2,
        }

    def test_ua_wagtail_settings_by_their_own_names(self):
        got = settings_of(
            "UA_WAGTAIL_REPORT_RATE",
            "UA_WAGTAIL_PAGE_CACHE_SECONDS",
            "UA_WAGTAIL_SINGLE_PROCESS",
            "UA_WAGTAIL_API_PATHS",
            UA_WAGTAIL_REPORT_RATE="20/h",
            UA_WAGTAIL_PAGE_CACHE_SECONDS="60",
            UA_WAGTAIL_SINGLE_PROCESS="yes",
            UA_WAGTAIL_API_PATHS="/api/, /v1/, ",
        )
        assert got == {
            "UA_WAGTAIL_REPORT_RATE": "20/h",
            "UA_WAGTAIL_PAGE_CACHE_SECONDS": 60,
            "UA_WAGTAIL_SINGLE_PROCESS": True,
            "UA_WAGTAIL_API_PATHS": ["/api/", "/v1/"],
        }

    @pytest.mark.parametrize(
        "name, value, said",
        [
            ("UA_WAGTAIL_PAGE_CACHE_SECONDS", "five", "is a whole number"),
            ("UA_WAGTAIL_CONTENT_SECURITY_POLICY", "x", "in settings, not in the"),
            ("TRUSTED_PROXY_HOPS", "-2", "TRUSTED_PROXY_HOPS is a whole number"),
        ],
    )
    def test_what_the_environment_cannot_say_is_refused(self, name, value, said):
        assert said in refusal(**{name: value})


class TestLogs:
    def test_one_json_object_a_line_on_stdout(self):
        done = shell(
            "import logging; logging.getLogger('ua_wagtail.x').warning('said \"%s\"', 'é')"
        )
        line = json.loads(done.stdout.strip().splitlines()[-1])
        assert line["level"] == "WARNING" and line["name"] == "ua_wagtail.x"
        assert line["message"] == 'said "é"' and "time" in line

    def test_requests_are_logged_without_their_query_strings(self):
        done = shell(
            "import logging; from django.test import RequestFactory; "
            "request = RequestFactory().get('/api/v2/page_preview/?token=SECRET'); "
            "logging.getLogger('django.request').warning("
            "'Forbidden: %s', request.path, extra={'request': request})"
        )
        line = json.loads(done.stdout.strip().splitlines()[-1])
        assert line["request"] == "GET /api/v2/page_preview/"
        assert "SECRET" not in done.stdout

    def test_info_in_production_warnings_only_in_development(self):
        """Wagtail's INFO lines are its audit trail; make demo's console stays
        short."""
        code = "import logging; logging.getLogger('wagtail').info('Published')"
        assert json.loads(shell(code).stdout.splitlines()[-1])["level"] == "INFO"
        assert "Published" not in shell(code, DEBUG="true").stdout

    def test_text_when_asked(self):
        done = shell(
            "import logging; logging.getLogger('x').warning('plain')",
            LOG_FORMAT="text",
        )
        assert done.stdout.strip().endswith("WARNING x plain")


def test_static_files_get_hashed_names_and_compressed_copies(tmp_path):
    """DEBUG off: collectstatic's names carry the file's hash, which the pages
    link to, and WhiteNoise serves them for a year."""
    env = {"STATIC_ROOT": str(tmp_path)}
    collected = python(
        "manage.py",
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        DJANGO_SETTINGS_MODULE="example_site.settings",
        **PRODUCTION,
        **env,
    )
    assert collected.returncode == 0, collected.stderr
    done = shell(
        "from django.templatetags.static import static; "
        "print(static('ua_wagtail/css/urgent-action.css'))",
        **env,
    )
    url = done.stdout.split()[-1]
    assert url.startswith("/static/ua_wagtail/css/urgent-action.") and len(url) > 45
    hashed = tmp_path / url.removeprefix("/static/")
    assert hashed.exists() and hashed.with_name(hashed.name + ".gz").exists()
