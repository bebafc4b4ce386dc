"""The JSON reports API: every rule refuses with a clear error and stores nothing."""

import datetime
import json
import uuid

import pytest

from ua_wagtail.models import ActionReport
from ua_wagtail.utils.dates import site_today

pytestmark = pytest.mark.django_db

URL = "/ua/reports/"


def post(client, body, content_type="application/json", **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type=content_type, **extra)


@pytest.fixture
def good(ua_page):
    return {"page": ua_page.pk, "actions": {"letter": 1, "email": 2}, "country": "DE"}


def with_(good, **changes):
    body = dict(good)
    for key, value in changes.items():
        if value is ...:
            body.pop(key)
        else:
            body[key] = value
    return body


# (id, body maker, content type, status, field, message fragment)
BAD_INPUTS = [
    (
        "text/plain",
        lambda g: json.dumps(g),
        "text/plain",
        415,
        "body",
        "Send the report as JSON",
    ),
    (
        "form-encoded",
        lambda g: "page=1",
        "application/x-www-form-urlencoded",
        415,
        "body",
        "Content-Type: application/json",
    ),
    (
        "malformed JSON",
        lambda g: '{"page": ',
        "application/json",
        400,
        "body",
        "Malformed JSON",
    ),
    (
        "not UTF-8",
        lambda g: b"\xff\xfe{}",
        "application/json",
        400,
        "body",
        "Malformed JSON",
    ),
    ("JSON array", lambda g: "[]", "application/json", 400, "body", "a JSON object"),
    (
        "too large",
        lambda g: json.dumps(with_(g, contact={"name": "x" * 5000})),
        "application/json",
        413,
        "body",
        "too large",
    ),
    ("unknown field", lambda g: with_(g, pages=1), None, 400, "pages", "Unknown field"),
    (
        "no UA named",
        lambda g: with_(g, page=...),
        None,
        400,
        "page",
        "Name the Urgent Action",
    ),
    (
        "page id as text",
        lambda g: with_(g, page="12"),
        None,
        400,
        "page",
        "whole number",
    ),
    (
        "unknown page",
        lambda g: with_(g, page=999999),
        None,
        400,
        "page",
        "No published Urgent Action",
    ),
    (
        "page id beyond any page",
        lambda g: with_(g, page=2**63),
        None,
        400,
        "page",
        "No published Urgent Action",
    ),
    (
        "page and translation key",
        lambda g: with_(g, translation_key=str(uuid.uuid4())),
        None,
        400,
        "page",
        "not both",
    ),
    (
        "bad translation key",
        lambda g: with_(g, page=..., translation_key="abc"),
        None,
        400,
        "translation_key",
        "UUID",
    ),
    (
        "unknown translation key",
        lambda g: with_(g, page=..., translation_key=str(uuid.uuid4())),
        None,
        400,
        "translation_key",
        "No published",
    ),
    (
        "no actions",
        lambda g: with_(g, actions=...),
        None,
        400,
        "actions",
        "object of counts",
    ),
    (
        "actions as a list",
        lambda g: with_(g, actions=["letter"]),
        None,
        400,
        "actions",
        "object of counts",
    ),
    (
        "no action at all",
        lambda g: with_(g, actions={}),
        None,
        400,
        "actions",
        "at least one action",
    ),
    (
        "unknown action type",
        lambda g: with_(g, actions={"tweet": 1}),
        None,
        400,
        "actions.tweet",
        "Unknown action type “tweet”",
    ),
    (
        "count zero",
        lambda g: with_(g, actions={"letter": 0}),
        None,
        400,
        "actions.letter",
        "between 1 and 10",
    ),
    (
        "count negative",
        lambda g: with_(g, actions={"letter": -1}),
        None,
        400,
        "actions.letter",
        "between 1 and 10",
    ),
    (
        "count over the bound",
        lambda g: with_(g, actions={"letter": 11}),
        None,
        400,
        "actions.letter",
        "between 1 and 10",
    ),
    (
        "count as text",
        lambda g: with_(g, actions={"letter": "2"}),
        None,
        400,
        "actions.letter",
        "whole number",
    ),
    (
        "count as fraction",
        lambda g: with_(g, actions={"letter": 1.5}),
        None,
        400,
        "actions.letter",
        "whole number",
    ),
    (
        "count as boolean",
        lambda g: with_(g, actions={"letter": True}),
        None,
        400,
        "actions.letter",
        "whole number",
    ),
    (
        "unknown country",
        lambda g: with_(g, country="XX"),
        None,
        400,
        "country",
        "two-letter code",
    ),
    (
        "country as number",
        lambda g: with_(g, country=49),
        None,
        400,
        "country",
        "two-letter code",
    ),
    (
        "unknown language",
        lambda g: with_(g, language="xx"),
        None,
        400,
        "language",
        "Unknown language",
    ),
    (
        "language as a list",
        lambda g: with_(g, language=["en"]),
        None,
        400,
        "language",
        "Unknown language",
    ),
    (
        "unknown contact field",
        lambda g: with_(g, contact={"phone": "123", "consent": True}),
        None,
        400,
        "contact.phone",
        "Unknown field",
    ),
    (
        "contact name as a list",
        lambda g: with_(g, contact={"name": ["Ana"], "consent": True}),
        None,
        400,
        "contact.name",
        "as text",
    ),
    (
        "contact without consent",
        lambda g: with_(g, contact={"email": "a@example.org"}),
        None,
        400,
        "contact.consent",
        "consent",
    ),
    (
        "contact with a bad email",
        lambda g: with_(g, contact={"email": "nope", "consent": True}),
        None,
        400,
        "contact.email",
        "valid email",
    ),
]


@pytest.mark.parametrize(
    ("make", "content_type", "status", "field", "message"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_refused_naming_the_field(
    client, good, stored, make, content_type, status, field, message
):
    before = stored()
    response = post(client, make(good), content_type=content_type or "application/json")
    assert response.status_code == status
    errors = response.json()["errors"]
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]
    assert stored() == before


def test_every_error_is_reported_at_once(client, good):
    body = with_(good, actions={"tweet": 1, "letter": 0}, country="XX")
    errors = post(client, body).json()["errors"]
    assert set(errors) == {"actions.tweet", "actions.letter", "country"}


def test_unpublished_action_is_refused(client, good, ua_page, stored):
    ua_page.unpublish()
    before = stored()
    response = post(client, good)
    assert response.status_code == 400
    assert "No published Urgent Action" in response.json()["errors"]["page"][0]
    assert stored() == before


def test_closed_action_is_refused(client, good, ua_page, stored):
    ua_page.deadline = site_today() - datetime.timedelta(days=1)
    ua_page.save_revision().publish()
    before = stored()
    response = post(client, good)
    assert response.status_code == 400
    assert "no longer accepts reports" in response.json()["errors"]["page"][0]
    assert stored() == before


def test_grace_period_keeps_a_closed_action_open_for_reports(
    client, good, ua_page, settings
):
    settings.UA_WAGTAIL_REPORT_GRACE_DAYS = 3
    ua_page.deadline = site_today() - datetime.timedelta(days=3)
    ua_page.save_revision().publish()
    assert post(client, good).status_code == 201


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_report_is_stored_once_and_totals_returned(client, good, ua_page):
    response = post(client, good)
    assert response.status_code == 201
    body = response.json()
    assert body["totals"] == {
        "total": 3,
        "by_action": {
            "letter": 1,
            "email": 2,
            "fax": 0,
            "call": 0,
            "social": 0,
            "other": 0,
        },
        "by_country": {"DE": 3},
    }
    report = ActionReport.objects.get()
    assert body["report"]["id"] == report.pk
    assert (report.letter, report.email, report.country) == (1, 2, "DE")
    assert report.source == "api"
    assert report.language_code == "en"
    assert report.translation_key == ua_page.translation_key
    assert report.ua_number == ua_page.ua_number
    assert len(report.client_hash) == 64
    assert "127.0.0.1" not in json.dumps(
        list(ActionReport.objects.values()), default=str
    )
    assert response.cookies["ua_reported"].value == ua_page.translation_key.hex


def test_report_by_translation_key_and_lowercase_country(client, good, ua_page):
    body = with_(
        good, page=..., translation_key=str(ua_page.translation_key), country="de"
    )
    assert post(client, body).status_code == 201
    assert ActionReport.objects.get().country == "DE"


def test_contact_details_kept_only_with_consent(client, good):
    contact = {"name": "Ana", "email": "ana@example.org", "consent": True}
    response = post(client, with_(good, contact=contact))
    assert response.status_code == 201
    report = ActionReport.objects.get()
    assert (report.contact_name, report.contact_email, report.contact_consent) == (
        "Ana",
        "ana@example.org",
        True,
    )
    assert "ana@example.org" not in response.content.decode()
    assert report.client_hash not in response.content.decode()


def test_rate_limit_answers_429_with_retry_after(client, good, settings, stored):
    settings.UA_WAGTAIL_REPORT_RATE = "2/m"
    assert post(client, good).status_code == 201
    assert post(client, good).status_code == 201
    before = stored()
    response = post(client, good)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Try again in" in response.json()["errors"]["__all__"][0]
    assert stored() == before


def test_rate_limit_is_per_client(client, good, settings):
    settings.UA_WAGTAIL_REPORT_RATE = "1/m"
    assert post(client, good, REMOTE_ADDR="10.0.0.1").status_code == 201
    assert post(client, good, REMOTE_ADDR="10.0.0.2").status_code == 201
    assert post(client, good, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_totals_endpoint(client, good, ua_page):
    post(client, good)
    post(client, with_(good, actions={"call": 1}, country=...))
    for url in [
        f"/ua/actions/{ua_page.pk}/totals/",
        f"/ua/actions/{ua_page.translation_key}/totals/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=10"
        body = response.json()
        assert body["total"] == 4
        assert body["by_action"]["call"] == 1
        assert body["by_country"] == {"DE": 3}
        assert body["ua_number"] == ua_page.ua_number


def test_totals_are_revalidated_by_etag(client, good, ua_page):
    url = f"/ua/actions/{ua_page.pk}/totals/"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["Cache-Control"] == "public, max-age=10"
    post(client, good)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    by_key = client.get(f"/ua/actions/{ua_page.translation_key}/totals/")
    assert by_key["ETag"] == response["ETag"]


@pytest.mark.parametrize("page_id", ["999999", str(2**63)])
def test_totals_of_an_unknown_action_are_a_json_404(client, page_id):
    response = client.get(f"/ua/actions/{page_id}/totals/")
    assert response.status_code == 404
    assert "page" in response.json()["errors"]


def test_unpublishing_and_new_deadlines_apply_at_once(client, good, ua_page):
    assert post(client, good).status_code == 201
    ua_page.deadline = site_today() - datetime.timedelta(days=1)
    ua_page.save_revision().publish()
    assert "no longer accepts reports" in post(client, good).json()["errors"]["page"][0]
    ua_page.deadline = site_today() + datetime.timedelta(days=5)
    ua_page.save_revision().publish()
    assert post(client, good).status_code == 201
    ua_page.unpublish()
    assert "No published" in post(client, good).json()["errors"]["page"][0]


def test_reports_for_a_deleted_page_are_refused(client, good, ua_page):
    assert post(client, good).status_code == 201
    ua_page.delete()
    assert post(client, good).status_code == 400


@pytest.mark.parametrize(
    "language, message",
    [
        ("fr", "Déclarez au moins une action que vous avez menée."),
        ("en", "Report at least one action you took."),
    ],
)
def test_errors_speak_the_language_the_client_asks_for(
    client, good, stored, language, message
):
    before = stored()
    response = post(client, with_(good, actions={}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["errors"]["actions"] == [message]
    assert response["Content-Language"] == language
    assert stored() == before


def test_a_whole_number_written_with_a_point_is_a_count(client, ua_page):
    response = post(client, {"page": ua_page.pk, "actions": {"letter": 2.0}})
    assert response.status_code == 201
    assert response.json()["report"]["actions"]["letter"] == 2
