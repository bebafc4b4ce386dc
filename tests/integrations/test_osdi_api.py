"""The read-only OSDI API: a token on every request, HAL pages that a CRM can
walk, payloads valid against the schemas, only public Urgent Actions, no
reporter without consent; and the admin that makes tokens."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import PageViewRestriction

from ua_wagtail.integrations import api_tokens, osdi_api
from ua_wagtail.models import ActionReport, ApiToken
from ua_wagtail.reports.rules import submit_report

from ..factories import UrgentActionPageFactory, translated_copy
from .test_osdi import report_on, validate

pytestmark = pytest.mark.django_db

ROOT = "http://testserver/ua/osdi/v1/"


@pytest.fixture
def raw_token(db):
    _token, raw = api_tokens.make_token("CRM")
    return raw


@pytest.fixture
def api(client, raw_token):
    """GET with the token, answers read as JSON."""

    def get(path, **params):
        url = path if path.startswith("http") else ROOT + path
        return client.get(url, params, HTTP_OSDI_API_TOKEN=raw_token)

    return get


def key_of(page):
    return str(page.translation_key)


def outreaches_path(page):
    return f"advocacy_campaigns/{key_of(page)}/outreaches"


def hal_ok(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/hal+json"
    assert response["Cache-Control"] == "private, no-store"
    assert "OSDI-API-Token" in response["Vary"]
    return response.json()


def refused_on(response, status, field):
    assert response.status_code == status, response.content
    assert field in response.json()["errors"], response.json()
    return response.json()["errors"][field][0]


# Tokens


def test_a_token_is_kept_as_its_hash_only():
    token, raw = api_tokens.make_token("CRM")
    assert len(raw) >= 40
    assert token.token_hash == api_tokens.token_hash(raw) != raw
    assert token.prefix == raw[:8]
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_every_endpoint_needs_an_active_token(client, ua_page, raw_token):
    report = report_on(ua_page)
    paths = [
        "",
        "advocacy_campaigns",
        f"advocacy_campaigns/{key_of(ua_page)}",
        outreaches_path(ua_page),
        f"{outreaches_path(ua_page)}/report-{report.pk}-letter",
    ]
    inactive, inactive_raw = api_tokens.make_token("Old CRM")
    inactive.is_active = False
    inactive.save()
    for path in paths:
        for headers in (
            {},
            {"HTTP_OSDI_API_TOKEN": ""},
            {"HTTP_OSDI_API_TOKEN": "wrong"},
            {"HTTP_OSDI_API_TOKEN": raw_token[:-1]},
            {"HTTP_OSDI_API_TOKEN": inactive_raw},
            {"HTTP_AUTHORIZATION": f"Bearer {raw_token}"},
        ):
            response = client.get(ROOT + path, **headers)
            refused_on(response, 401, "OSDI-API-Token")
            assert response["Cache-Control"] == "private, no-store"
        hal_ok(client.get(ROOT + path, HTTP_OSDI_API_TOKEN=raw_token))


def test_the_last_use_is_written_at_most_once_a_minute(api, raw_token, monkeypatch):
    token = ApiToken.objects.get(token_hash=api_tokens.token_hash(raw_token))
    assert token.last_used_at is None
    hal_ok(api(""))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    later = first + datetime.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    hal_ok(api(""))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    much_later = first + datetime.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: much_later)
    hal_ok(api(""))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == much_later


def test_only_get_is_answered(client, raw_token):
    response = client.post(ROOT, HTTP_OSDI_API_TOKEN=raw_token)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# Entry point and campaigns


def test_the_entry_point(api):
    data = hal_ok(api(""))
    assert data["osdi_version"] == "1.1"
    assert data["vendor_name"] and data["product_name"] and data["motd"]
    assert data["_links"]["self"]["href"] == ROOT
    assert data["_links"]["osdi:advocacy_campaigns"]["href"] == (
        f"{ROOT}advocacy_campaigns"
    )


def test_campaigns_page_by_page(api, index_page):
    pages = [UrgentActionPageFactory(parent=index_page) for _ in range(5)]
    first = hal_ok(api("advocacy_campaigns", per_page=2))
    assert (first["total_records"], first["total_pages"]) == (5, 3)
    assert (first["page"], first["per_page"]) == (1, 2)
    assert "prev" not in first["_links"]
    seen, data = [], first
    while True:
        embedded = data["_embedded"]["osdi:advocacy_campaigns"]
        for campaign in embedded:
            validate("advocacy_campaign", campaign)
        seen += [c["identifiers"][0] for c in embedded]
        assert [link["href"] for link in data["_links"]["osdi:advocacy_campaigns"]] == [
            c["_links"]["self"]["href"] for c in embedded
        ]
        if "next" not in data["_links"]:
            break
        data = hal_ok(api(data["_links"]["next"]["href"]))
    assert data["page"] == 3 and len(embedded) == 1
    assert data["_links"]["prev"]["href"].endswith("page=2&per_page=2")
    assert seen == [f"ua_wagtail:{p.translation_key}" for p in pages]
    # Past the last page: nothing, and the way back.
    beyond = hal_ok(api("advocacy_campaigns", per_page=2, page=9))
    assert beyond["_embedded"]["osdi:advocacy_campaigns"] == []
    assert beyond["_links"]["prev"]["href"].endswith("page=3&per_page=2")
    assert hal_ok(api("advocacy_campaigns"))["per_page"] == 25


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("page", "abc"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "1.5"),
        ("page", "99999999999999999999"),
        ("per_page", "0"),
        ("per_page", "101"),
        ("per_page", "1000"),
        ("per_page", ""),
        ("language", "xx"),
    ],
)
def test_bad_parameters_are_named(api, ua_page, field, value):
    for path in ("advocacy_campaigns", outreaches_path(ua_page)):
        response = api(path, **{field: value})
        refused_on(response, 400, field)
        assert response["Cache-Control"] == "private, no-store"


def test_translations_are_one_campaign(api, ua_page):
    french = translated_copy(ua_page, "fr")
    data = hal_ok(api("advocacy_campaigns"))
    (campaign,) = data["_embedded"]["osdi:advocacy_campaigns"]
    assert data["total_records"] == 1
    assert campaign["ua_wagtail:language"] == "en"
    assert sorted(campaign["ua_wagtail:languages"]) == ["en", "fr"]
    in_french = hal_ok(api("advocacy_campaigns", language="fr"))
    assert in_french["_embedded"]["osdi:advocacy_campaigns"][0]["title"] == (
        french.title
    )
    assert "language=fr" in in_french["_links"]["self"]["href"]
    one = hal_ok(api(f"advocacy_campaigns/{key_of(ua_page)}", language="fr"))
    validate("advocacy_campaign", one)
    assert one["ua_wagtail:language"] == "fr"
    # A language without a version: the default language's.
    assert (
        hal_ok(api(f"advocacy_campaigns/{key_of(ua_page)}", language="ar"))[
            "ua_wagtail:language"
        ]
        == "en"
    )


def test_a_live_translation_alone_stands_for_its_campaign(api, ua_page):
    french = translated_copy(ua_page, "fr")
    ua_page.unpublish()
    data = hal_ok(api(f"advocacy_campaigns/{key_of(ua_page)}"))
    assert data["title"] == french.title
    assert data["ua_wagtail:language"] == "fr"


def test_drafts_and_restricted_urgent_actions_are_not_there(api, index_page, ua_page):
    draft = UrgentActionPageFactory(parent=index_page, live=False)
    private = UrgentActionPageFactory(parent=index_page)
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    hidden = UrgentActionPageFactory(parent=index_page)
    hidden.unpublish()
    report_on(private)
    data = hal_ok(api("advocacy_campaigns"))
    assert data["total_records"] == 1
    assert [c["title"] for c in data["_embedded"]["osdi:advocacy_campaigns"]] == [
        ua_page.title
    ]
    for page in (draft, private, hidden):
        for path in (f"advocacy_campaigns/{key_of(page)}", outreaches_path(page)):
            refused_on(api(path), 404, "__all__")
    refused_on(api(f"advocacy_campaigns/{uuid.uuid4()}"), 404, "__all__")
    refused_on(api("advocacy_campaigns/not-a-key"), 404, "__all__")


# Outreaches


def test_outreaches_walked_by_next_links_and_by_page_numbers(api, ua_page, index_page):
    other = UrgentActionPageFactory(parent=index_page)
    report_on(other, email=1)
    reports = [
        report_on(ua_page, letter=1, email=2, fax=1),
        report_on(ua_page, letter=0, call=1),
        report_on(ua_page, letter=0, social=3, other=1),
        report_on(ua_page, letter=2),
        report_on(ua_page, letter=1, email=1),
    ]
    expected = [
        f"ua_wagtail:report-{r.pk}-{action}" for r in reports for action in r.actions
    ]
    assert len(expected) == 9
    data = hal_ok(api(outreaches_path(ua_page), per_page=2))
    assert (data["total_records"], data["total_pages"]) == (9, 5)
    walked, numbered = [], []
    while True:
        for outreach in data["_embedded"]["osdi:outreaches"]:
            validate("outreach", outreach)
        walked += [o["identifiers"][0] for o in data["_embedded"]["osdi:outreaches"]]
        if "next" not in data["_links"]:
            break
        assert "after=report-" in data["_links"]["next"]["href"]
        data = hal_ok(api(data["_links"]["next"]["href"]))
    assert walked == expected
    assert data["page"] == 5
    assert data["_links"]["prev"]["href"].endswith("page=4&per_page=2")
    for number in range(1, 6):
        page = hal_ok(api(outreaches_path(ua_page), per_page=2, page=number))
        numbered += [o["identifiers"][0] for o in page["_embedded"]["osdi:outreaches"]]
        assert ("next" in page["_links"]) == (number < 5)
    assert numbered == expected
    everything = hal_ok(api(outreaches_path(ua_page), per_page=100))
    assert len(everything["_embedded"]["osdi:outreaches"]) == 9
    assert "next" not in everything["_links"]


def test_reports_of_one_moment_keep_their_order(api, ua_page):
    moment = timezone.now()
    reports = [report_on(ua_page, letter=1, email=1) for _ in range(4)]
    ActionReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        created_at=moment
    )
    walked, data = [], hal_ok(api(outreaches_path(ua_page), per_page=3))
    while True:
        walked += [o["identifiers"][0] for o in data["_embedded"]["osdi:outreaches"]]
        if "next" not in data["_links"]:
            break
        data = hal_ok(api(data["_links"]["next"]["href"]))
    assert walked == [
        f"ua_wagtail:report-{r.pk}-{a}" for r in reports for a in ("letter", "email")
    ]


def test_page_numbers_stop_at_the_limit_and_next_links_go_on(api, ua_page, monkeypatch):
    monkeypatch.setattr(osdi_api, "PAGE_NUMBER_LIMIT", 4)
    for _ in range(8):
        report_on(ua_page)
    refused = api(outreaches_path(ua_page), per_page=2, page=3)
    assert "next" in refused_on(refused, 400, "page")
    data = hal_ok(api(outreaches_path(ua_page), per_page=2, page=2))
    data = hal_ok(api(data["_links"]["next"]["href"]))
    assert data["page"] == 3 and len(data["_embedded"]["osdi:outreaches"]) == 2
    assert "prev" in data["_links"]
    data = hal_ok(api(data["_links"]["next"]["href"]))
    assert data["page"] == 4 and len(data["_embedded"]["osdi:outreaches"]) == 2
    assert "next" not in data["_links"]
    # No numbered link to a page past the limit.
    assert "prev" not in data["_links"]


def test_an_unknown_position_is_refused(api, ua_page, index_page):
    other = report_on(UrgentActionPageFactory(parent=index_page))
    mine = report_on(ua_page)
    for after in (
        f"report-{other.pk}-letter",
        f"report-{mine.pk}-fax",
        "report-999999-letter",
        "nonsense",
    ):
        refused_on(api(outreaches_path(ua_page), after=after), 400, "after")


def test_one_outreach(api, ua_page, index_page):
    report = report_on(ua_page, letter=1, fax=2)
    path = f"{outreaches_path(ua_page)}/report-{report.pk}-fax"
    data = hal_ok(api(path))
    validate("outreach", data)
    assert data["ua_wagtail:count"] == 2
    assert data["_links"]["self"]["href"] == ROOT + path
    refused_on(
        api(f"{outreaches_path(ua_page)}/report-{report.pk}-email"), 404, "__all__"
    )
    other = UrgentActionPageFactory(parent=index_page)
    refused_on(api(f"{outreaches_path(other)}/report-{report.pk}-fax"), 404, "__all__")


def test_the_reporter_only_with_their_consent(api, ua_page):
    report_on(
        ua_page,
        contact_name="Ann Activist",
        contact_email="ann@example.org",
        contact_consent=False,
    )
    submit_report(
        ua_page,
        {"email": 1},
        country="AR",
        contact_name="Bea Consenting",
        contact_email="bea@example.org",
    )
    data = hal_ok(api(outreaches_path(ua_page)))
    without, consented = data["_embedded"]["osdi:outreaches"]
    assert "person" not in without
    assert "Ann Activist" not in str(data) and "ann@example.org" not in str(data)
    assert consented["person"]["ua_wagtail:name"] == "Bea Consenting"


def test_a_page_of_outreaches_reads_each_page_once(
    api, ua_page, django_assert_max_num_queries
):
    french = translated_copy(ua_page, "fr")
    for index in range(30):
        report_on(french if index % 2 else ua_page, letter=1, email=1)
    with django_assert_max_num_queries(30):
        data = hal_ok(api(outreaches_path(ua_page), per_page=50))
    assert len(data["_embedded"]["osdi:outreaches"]) == 50


# The admin


def make_user(name, *permissions):
    user = get_user_model().objects.create_user(name, password="x")
    codenames = ["access_admin", *permissions]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def token_admin(client, home):
    client.force_login(
        make_user(
            "keeper",
            "add_apitoken",
            "change_apitoken",
            "delete_apitoken",
            "view_actionreport",  # a token reads consented contact details
        )
    )
    return client


def test_making_a_token_shows_it_once(token_admin, caplog):
    response = token_admin.post("/admin/ua_api_tokens/new/", {"name": "CiviCRM"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="CiviCRM")
    raw = response.context["raw_token"]
    assert api_tokens.token_hash(raw) == token.token_hash
    assert raw in response.content.decode()
    assert token.created_by.username == "keeper"
    assert raw not in caplog.text
    # Nowhere after that: not in the listing, the edit form or a message.
    for url in ("/admin/ua_api_tokens/", f"/admin/ua_api_tokens/edit/{token.pk}/"):
        page = token_admin.get(url)
        assert page.status_code == 200
        assert raw not in page.content.decode()
        assert token.prefix in page.content.decode() or "edit" in url
    # The token works.
    assert token_admin.get(ROOT, HTTP_OSDI_API_TOKEN=raw).status_code == 200


def test_the_listing_and_switching_a_token_off(token_admin):
    token, raw = api_tokens.make_token("Action Network")
    listing = token_admin.get("/admin/ua_api_tokens/")
    assert listing.status_code == 200
    text = listing.content.decode()
    for label in ("Action Network", token.prefix, "Starts with", "Last used"):
        assert label in text
    edit = token_admin.get(f"/admin/ua_api_tokens/edit/{token.pk}/")
    assert set(edit.context["form"].fields) == {"name", "is_active"}
    response = token_admin.post(
        f"/admin/ua_api_tokens/edit/{token.pk}/",
        {"name": "Action Network (old)", "token_hash": "0" * 64},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert (token.name, token.is_active) == ("Action Network (old)", False)
    assert token.token_hash == api_tokens.token_hash(raw)
    refused_on(token_admin.get(ROOT, HTTP_OSDI_API_TOKEN=raw), 401, "OSDI-API-Token")


def test_an_editor_may_not_see_or_make_tokens(client, home):
    editor = make_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    for response in (
        client.get("/admin/ua_api_tokens/"),
        client.post("/admin/ua_api_tokens/new/", {"name": "Mine"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert not ApiToken.objects.exists()
    assert "API tokens" not in client.get("/admin/").content.decode()
