"""The Urgent Action in Wagtail's APIs v2 and v3: contract, queries, privacy,
previews and caching headers."""

import datetime
import json
import os
import re
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pydantic import TypeAdapter

from ua_wagtail.headless.schemas import UABody
from ua_wagtail.models import UrgentActionPage
from ua_wagtail.reports.rules import submit_report

from ..factories import (
    TargetFactory,
    UrgentActionPageFactory,
    page_form_data,
    targets_body,
)

pytestmark = pytest.mark.django_db
CONTRACTS = Path(__file__).parent / "contracts"
#: Five weeks before the seed's own deadline (November 1, 2024): open, 12 days left.
SEED_TODAY = datetime.datetime(2024, 10, 20, 12, tzinfo=datetime.UTC)
#: The detail fields ua_wagtail adds (Wagtail's own ``meta`` varies by run).
UA_FIELDS = [field.name for field in UrgentActionPage.api_fields]


@pytest.fixture
def seed(monkeypatch):
    """The demo's seed UA with its French translation, on a fixed day."""
    monkeypatch.setattr(timezone, "now", lambda: SEED_TODAY)
    call_command(
        "demo", "--original-dates", "--languages", "fr", "--base-url",
        "http://testserver", stdout=StringIO(),
    )  # fmt: skip
    return {p.locale.language_code: p for p in UrgentActionPage.objects.live()}


def normalized(data):
    """Database ids out (they differ between runs and databases), all else kept."""
    if isinstance(data, dict):
        return {
            key: "<id>" if key in ("id", "target_id") else normalized(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [normalized(item) for item in data]
    if isinstance(data, str):
        return re.sub(r"/(pages|form|actions)/\d+/", r"/\1/<id>/", data)
    return data


def v2_detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_seed_in_api_v2_equals_the_reviewed_document(client, seed, language):
    data = v2_detail(client, seed[language])
    got = normalized({name: data[name] for name in UA_FIELDS})
    path = CONTRACTS / f"seed_{language}.json"
    if os.environ.get("UPDATE_CONTRACTS"):
        text = json.dumps(got, indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_api_v3_serves_the_same_fields_as_v2(client, seed, language):
    page = seed[language]
    v2 = v2_detail(client, page)
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    v3 = response.json()
    for name in UA_FIELDS:
        if name != "translations":  # their api_url is each API's own
            assert v3[name] == v2[name], name
    assert [t["api_url"] for t in v3["translations"]] == [
        f"http://testserver/api/v3/pages/{t['id']}/" for t in v2["translations"]
    ]


def test_the_body_matches_its_published_schema(client, seed):
    for page in seed.values():
        TypeAdapter(UABody).validate_python(v2_detail(client, page)["body"])


def test_blocks_and_labels_are_in_the_page_language(client, seed):
    body = {
        block["type"]: block["value"] for block in v2_detail(client, seed["fr"])["body"]
    }
    minister = body["targets"]["targets"][0]
    assert minister["role"] == "primary"
    assert minister["fax"] == "+375 17 203 99 18"  # synchronised, not translated
    assert [(line["label"], line["url"]) for line in minister["contact_lines"]] == [
        ("Fax", "tel:+375172039918"),
        ("E-mail", "mailto:uzgs@mvd.gov.by"),
    ]
    assert body["deadline_banner"]["status_label"] == "En cours"
    assert body["report_form"]["accepts_reports"] is True


def test_translations_list_every_live_version_for_language_switchers(client, seed):
    versions = v2_detail(client, seed["en"])["translations"]
    assert [(v["locale"], v["language_name"]) for v in versions] == [
        ("en", "English"),
        ("fr", "français"),
    ]
    french = versions[1]
    assert french["url"] == seed["fr"].get_full_url()
    assert client.get(french["api_url"]).json()["title"] == seed["fr"].title


def test_index_lists_its_open_actions(client, seed):
    index = seed["en"].get_parent()
    data = client.get(f"/api/v2/pages/{index.pk}/").json()
    assert [a["title"] for a in data["open_actions"]] == [seed["en"].title]
    assert data["open_actions"][0]["status"] == "open"


def test_api_v3_lists_locales_with_wagtail_localize(client, seed, admin_user):
    """wagtail-localize replaces wagtail.locales, whose app mounts /locales/."""
    from wagtail.models import APIToken

    _token, secret = APIToken.create_token(user=admin_user, name="front end")
    response = client.get("/api/v3/locales/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    codes = {item["language_code"] for item in response.json()["items"]}
    assert codes == {"en", "fr"}
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get("/api/v3/locales/").status_code == 401  # as in Wagtail


def body_with_targets(n):
    targets = [TargetFactory() for _ in range(n)]
    return (
        [("deadline_banner", {})]
        + targets_body(targets[:1], cc=targets[1:])
        + [
            (
                "sample_letter",
                {"salutation": "Dear Minister,", "body": "<p>Free her.</p>"},
            ),
            ("report_form", {}),
        ]
    )


@pytest.mark.parametrize("api", ["v2", "v3"])
def test_detail_queries_do_not_grow_with_the_number_of_targets(client, index_page, api):
    counts = []
    for n in (1, 20):
        page = UrgentActionPageFactory(parent=index_page, body=body_with_targets(n))
        client.get(f"/api/{api}/pages/{page.pk}/")  # warm Wagtail's site caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/{api}/pages/{page.pk}/")
        assert response.status_code == 200
        body = {b["type"]: b["value"] for b in response.json()["body"]}
        assert len(body["targets"]["targets"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_no_reporter_data_in_any_api_response(client, seed):
    page = seed["en"]
    submit_report(
        page,
        {"letter": 1},
        country="DE",
        client_hash="c0ffee" * 10,
        contact_name="Ada Reporter",
        contact_email="ada.reporter@example.org",
    )
    urls = [
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/?type=ua_wagtail.UrgentActionPage&fields=*",
        f"/api/v2/pages/{seed['fr'].pk}/",
        f"/api/v2/pages/{page.get_parent().pk}/",
        f"/api/v3/pages/{page.pk}/",
        "/api/v3/pages/",
        "/api/v3/openapi.json",
        f"/ua/actions/{page.pk}/totals/",
        f"/ua/actions/{page.translation_key}/totals/",
    ]
    for url in urls:
        response = client.get(url, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in ("Ada Reporter", "ada.reporter", "c0ffee", "203.0.113.7"):
            assert secret not in text, (url, secret)
    posted = client.post(
        "/ua/reports/",
        {"page": page.pk, "actions": {"email": 1}, "contact": {
            "name": "Ada Reporter", "email": "ada.reporter@example.org",
            "consent": True}},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    )  # fmt: skip
    assert posted.status_code == 201
    for secret in ("Ada Reporter", "ada.reporter", "203.0.113.7", "client"):
        assert secret not in posted.content.decode()


def test_unpublished_pages_are_not_served(client, ua_page):
    ua_page.unpublish()
    assert client.get(f"/api/v2/pages/{ua_page.pk}/").status_code == 404
    assert client.get(f"/api/v3/pages/{ua_page.pk}/").status_code == 404


class TestHeadlessPreview:
    URL = "/api/v2/page_preview/"

    @pytest.fixture
    def draft(self, ua_page):
        ua_page.title = "Draft title"
        ua_page.unpublish()
        return ua_page

    def preview(self, client, token, content_type="ua_wagtail.urgentactionpage"):
        return client.get(self.URL, {"content_type": content_type, "token": token})

    def preview_token(self, admin_client, url, data) -> str:
        """Preview as the admin does: post the form, then open the headless mode."""
        posted = admin_client.post(url, data)
        assert posted.json() == {"is_valid": True, "is_available": True}
        html = admin_client.get(url, {"mode": "headless"}).content.decode()
        src = BeautifulSoup(html, "html.parser").iframe["src"]
        assert src.startswith("/headless/?")  # the example site's front end
        query = parse_qs(urlsplit(src).query)
        assert query["content_type"] == ["ua_wagtail.urgentactionpage"]
        return query["token"][0]

    def test_the_editor_previews_a_draft_in_the_front_end(self, admin_client, draft):
        minister, embassy = TargetFactory(), TargetFactory()
        data = page_form_data(minister, embassy, title="Unsaved title")
        url = f"/admin/pages/{draft.pk}/edit/preview/"
        token = self.preview_token(admin_client, url, data)
        served = self.preview(admin_client.__class__(), token)
        assert served.status_code == 200
        assert served.json()["title"] == "Unsaved title"
        assert served.json()["deadline"] == "2030-02-01"
        assert served["Cache-Control"] == "private, no-store"
        draft.refresh_from_db()
        assert draft.title != "Unsaved title" and not draft.live

    def test_a_new_page_can_be_previewed_before_it_is_saved(
        self, admin_client, index_page
    ):
        minister, embassy = TargetFactory(), TargetFactory()
        data = page_form_data(minister, embassy, title="Brand new")
        url = f"/admin/pages/add/ua_wagtail/urgentactionpage/{index_page.pk}/preview/"
        token = self.preview_token(admin_client, url, data)
        served = self.preview(admin_client.__class__(), token)
        assert served.status_code == 200
        assert served.json()["title"] == "Brand new"
        assert served.json()["id"] is None  # not saved yet

    def test_a_draft_never_published_takes_no_reports(self, client, draft):
        served = self.preview(client, draft.create_page_preview().token)
        form = next(b for b in served.json()["body"] if b["type"] == "report_form")
        assert form["value"]["accepts_reports"] is False
        assert form["value"]["report_url"] and not form["value"]["totals_url"]

    def test_the_headless_mode_is_offered_and_opens_the_front_end(self, draft, rf):
        assert ("headless", "Headless front end") in [
            (name, str(label)) for name, label in draft.preview_modes
        ]
        request = rf.get("/")
        response = draft.serve_preview(request, "headless")
        html = response.content.decode()
        assert "/headless/?content_type=ua_wagtail.urgentactionpage&amp;token=" in html

    def test_wagtails_own_preview_stays_the_default(self, draft, rf):
        request = rf.get("/")
        request.user = None
        response = draft.serve_preview(request, "")
        assert b"Draft title" in response.render().content

    @pytest.mark.parametrize(
        ("token", "content_type", "status", "field"),
        [
            ("", "ua_wagtail.urgentactionpage", 400, "token"),
            ("x", "nonsense", 400, "content_type"),
            ("forged:token:sig", "ua_wagtail.urgentactionpage", 403, "token"),
        ],
    )
    def test_no_token_no_draft(self, client, draft, token, content_type, status, field):
        response = self.preview(client, token, content_type)
        assert response.status_code == status
        assert field in response.json()["errors"]
        assert "Draft title" not in response.content.decode()

    def test_an_expired_token_is_refused(self, client, draft, settings):
        token = draft.create_page_preview().token
        settings.UA_WAGTAIL_PREVIEW_MAX_AGE = -1
        response = self.preview(client, token)
        assert response.status_code == 403
        assert "expired" in response.json()["errors"]["token"][0]

    def test_a_token_for_another_page_type_finds_nothing(self, client, draft):
        token = draft.create_page_preview().token
        response = self.preview(client, token, "ua_wagtail.urgentactionindexpage")
        assert response.status_code == 404


class TestCaching:
    def test_anonymous_reads_are_public_with_an_etag(self, client, ua_page):
        url = f"/api/v2/pages/{ua_page.pk}/"
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=60"
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""

    def test_a_new_report_changes_the_etag(self, client, ua_page):
        url = f"/api/v3/pages/{ua_page.pk}/"
        etag = client.get(url)["ETag"]
        submit_report(ua_page, {"letter": 1})
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response.json()["totals"]["total"] == 1

    def test_signed_in_reads_are_private(self, admin_client, ua_page):
        response = admin_client.get(f"/api/v2/pages/{ua_page.pk}/")
        assert response["Cache-Control"] == "private, no-cache"

    def test_the_public_page_is_shared_like_its_api_detail(self, client, ua_page):
        """The page's HTML is the same for everyone too (tests/pages/test_shared_cache.py)."""
        response = client.get(ua_page.url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"].split(", ")


def test_the_v3_docs_page_loads_nothing_from_other_hosts(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/static/ninja/") for url in urls), urls
    assert "://" not in html


class TestWhatIsNotPublic:
    @pytest.fixture
    def restricted(self, seed):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=seed["fr"], restriction_type="password", password="x"
        )
        return seed

    def test_a_restricted_translation_is_not_listed(self, client, restricted):
        page = restricted["en"]
        versions = v2_detail(client, page)["translations"]
        assert [v["locale"] for v in versions] == ["en"]
        index = client.get(f"/api/v3/pages/{page.get_parent().pk}/").json()
        assert [a["title"] for a in index["open_actions"]] == [page.title]

    def test_a_restricted_action_is_not_in_its_index(self, client, restricted):
        from wagtail.models import PageViewRestriction

        page = restricted["en"]
        PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="x"
        )
        index = v2_detail(client, page.get_parent())
        assert index["open_actions"] == []
        assert page.title not in json.dumps(index)


def test_no_report_form_no_action_types(client, index_page):
    page = UrgentActionPageFactory(parent=index_page, body=body_with_targets(1)[:3])
    assert v2_detail(client, page)["action_types"] == []


def test_unknown_preview_parameters_are_refused(client, ua_page):
    token = ua_page.create_page_preview().token
    response = client.get(
        "/api/v2/page_preview/",
        {"content_type": "ua_wagtail.urgentactionpage", "token": token, "x": "1"},
    )
    assert response.status_code == 400


def test_anonymous_api_answers_do_not_vary_by_cookie(client, ua_page):
    """Shared caches can serve every anonymous reader (API v2's DRF reads the
    session on every request, so its answers do vary)."""
    response = client.get(f"/api/v3/pages/{ua_page.pk}/")
    assert "Cookie" not in response.get("Vary", "")


NUL = "Null characters are not allowed."
HUGE = "Give a whole number between -9223372036854775807 and 9223372036854775807."


@pytest.mark.parametrize(
    ("url", "loc", "message"),
    [
        ("/api/v2/pages/find/?html_path=/%00", ["query", "html_path"], NUL),
        ("/api/v3/pages/find/?html_path=/%00", ["query", "html_path"], NUL),
        ("/api/v2/pages/?search=jane%00", ["query", "search"], NUL),
        ("/api/v3/pages/?search=%00", ["query", "search"], NUL),
        ("/api/v2/pages/?fields=title&type%00=x", ["query", "type\x00"], NUL),
        ("/api/v3/redirects/?offset=9223372036854775808", ["query", "offset"], HUGE),
        ("/api/v2/pages/?limit=-0000099999999999999999999", ["query", "limit"], HUGE),
        ("/api/v3/pages/99999999999999999999/", ["path"], HUGE),
        ("/api/v2/pages/?offset=9_223_372_036_854_775_808", ["query", "offset"], HUGE),
    ],
)
def test_values_no_database_can_compare_are_refused_naming_the_parameter(
    client, ua_page, url, loc, message
):
    # PostgreSQL refuses both: Wagtail's APIs answered 500 there.
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["detail"]) == (400, message)
    assert problem["errors"] == [{"loc": loc, "msg": message}]


def test_the_largest_whole_number_is_compared_as_usual(client, ua_page):
    response = client.get("/api/v3/pages/?offset=9223372036854775807")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_long_numbers_in_text_parameters_are_searched_as_text(client, ua_page):
    # A case or file number: PostgreSQL compares it as text without trouble.
    assert client.get("/api/v2/pages/?search=12345678901234567890").status_code == 200


def test_pages_outside_the_apis_are_left_to_their_views(client, ua_page):
    assert client.get(ua_page.url + "?utm_source=%00").status_code == 200


@pytest.mark.parametrize("search", ['"', 'jane "doe', "NEAR(", "a:b", "*", "AND", "(x"])
@pytest.mark.parametrize("api", ["v2", "v3"])
def test_a_search_the_database_cannot_read_is_the_clients_mistake(
    client, ua_page, api, search
):
    """SQLite's full-text search parses the words: a stray quote was a 500."""
    response = client.get(f"/api/{api}/pages/", {"search": search})
    assert response.status_code in (200, 400)
    if search == '"' and connection.vendor == "sqlite":
        assert response.status_code == 400  # the case that was a 500
    if response.status_code == 400:
        [error] = response.json()["errors"]
        assert error["loc"] == ["query", "search"]
        assert "quotation marks" in error["msg"]
