"""Restricted Urgent Actions (audit finding 10) and malformed requests (finding 11)."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from ua_wagtail.models import ActionReport

pytestmark = pytest.mark.django_db
URL = "/ua/reports/"


@pytest.fixture(params=["page", "index"])
def restricted(request, ua_page):
    """The Urgent Action behind a password, on itself or on its index."""
    protected = ua_page if request.param == "page" else ua_page.get_parent()
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return ua_page


class TestRestrictedUrgentActions:
    def test_the_json_api_refuses_reports(self, client, restricted, stored):
        before = stored()
        for name in ("page", "translation_key"):
            ua = getattr(restricted, "pk" if name == "page" else "translation_key")
            body = {name: str(ua) if name != "page" else ua, "actions": {"letter": 1}}
            response = client.post(URL, json.dumps(body), "application/json")
            assert response.status_code == 400
            assert list(response.json()["errors"]) == [name]
        assert stored() == before

    def test_the_form_refuses_reports_and_shows_nothing(self, client, restricted):
        url = reverse("ua_wagtail:report-form", args=[restricted.pk])
        response = client.post(url, {"action_letter": "1", "actions_email": "x"})
        assert response.status_code == 404
        assert restricted.title not in response.content.decode()
        assert not ActionReport.objects.exists()

    def test_totals_are_hidden(self, client, restricted):
        for name, arg in (
            ("ua_wagtail:totals", restricted.pk),
            ("ua_wagtail:totals-by-key", restricted.translation_key),
        ):
            response = client.get(reverse(name, args=[arg]))
            assert response.status_code == 404
            assert "total" not in response.json()

    def test_the_home_page_does_not_list_it(self, client, restricted):
        content = client.get("/").content.decode()
        assert restricted.title not in content and restricted.url not in content

    def test_a_viewer_with_the_password_sees_no_form(self, restricted):
        """Those let in read the page; it still takes no reports."""
        client = Client()
        restriction = PageViewRestriction.objects.get()
        session = client.session
        session[PageViewRestriction.passed_view_restrictions_session_key] = [
            restriction.pk
        ]
        session.save()
        response = client.get(restricted.url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "not public: it accepts no reports" in content
        assert '<form class="ua-report-form"' not in content


class TestMalformedRequests:
    @pytest.mark.parametrize("length", ["abc", "1e3", "-1", "1.5", "²", "0" * 5000])
    def test_a_bad_content_length_is_a_400(self, client, ua_page, length):
        body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
        response = client.post(URL, body, "application/json", CONTENT_LENGTH=length)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["body"]

    def test_a_content_length_with_spaces_is_read(self, client, ua_page):
        body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
        length = f" {len(body)} "
        response = client.post(URL, body, "application/json", CONTENT_LENGTH=length)
        assert response.status_code == 201

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ('{"page": ', "Malformed JSON at line 1, column 10."),
            (
                b'{"page": 1, "country": "\xe9"}',
                "Malformed JSON: send the report as UTF-8 text.",
            ),
            (
                '{"page": 1, "actions": {"letter": 1}, "actions": {"fax": 9}}',
                "The JSON names a field twice.",
            ),
        ],
    )
    def test_bodies_that_are_not_json_say_why_in_the_api_s_words(
        self, client, ua_page, stored, body, message
    ):
        before = stored()
        response = client.post(URL, body, "application/json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json()["errors"] == {"body": [message]}
        assert stored() == before

    def test_a_lone_surrogate_in_contact_details_is_refused(
        self, client, ua_page, stored
    ):
        before = stored()
        body = (
            f'{{"page": {ua_page.pk}, "actions": {{"letter": 1}}, '
            '"contact": {"consent": true, "name": "Jo\\ud800"}}'
        )
        response = client.post(URL, body, "application/json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"contact.name": ["Give this as text."]}
        assert stored() == before

    def test_json_nested_too_deeply_is_a_400(self, client, ua_page):
        response = client.post(URL, "[" * 1000 + "]" * 1000, "application/json")
        assert response.status_code == 400
        assert response.json()["errors"]["body"] == ["The JSON is nested too deeply."]

    def test_an_oversized_body_is_a_413(self, client, ua_page):
        body = json.dumps({"page": ua_page.pk, "note": "x" * 3_000_000})
        response = client.post(URL, body, "application/json")
        assert response.status_code == 413
        assert list(response.json()["errors"]) == ["body"]

    @pytest.mark.parametrize(
        ("method", "path", "status"),
        [
            ("get", "/ua/reports/", 405),
            ("put", "/ua/reports/", 405),
            ("delete", "/ua/actions/1/totals/", 405),
            ("get", "/ua/reports/nothing/", 404),
            ("get", "/ua/actions/999999/reminder.ics", 404),
            ("get", "/ua/actions/nothing/", 404),
            ("post", "/ua/actions/1/reminder.ics", 405),
        ],
    )
    def test_every_error_is_json(self, client, ua_page, method, path, status):
        response = getattr(client, method)(path)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"]["__all__"]
        if status == 405:
            assert response["Allow"]

    def test_a_crash_is_a_json_500(self, ua_page, monkeypatch):
        from ua_wagtail.reports import api

        def crash(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(api, "submit_report", crash)
        client = Client(raise_request_exception=False)
        body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
        response = client.post(URL, body, "application/json")
        assert response.status_code == 500
        assert "try again later" in response.json()["errors"]["__all__"][0]


class TestStrictJSON:
    """JSON as RFC 8259 has it, so that every reader of a report reads the same."""

    @pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
    def test_another_charset_is_a_415(self, client, ua_page, stored, charset):
        before = stored()
        body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
        response = client.post(URL, body, f"application/json; charset={charset}")
        assert response.status_code == 415
        assert stored() == before

    def test_utf_8_named_is_read(self, client, ua_page):
        body = json.dumps({"page": ua_page.pk, "actions": {"letter": 1}})
        response = client.post(URL, body, "application/json; charset=UTF-8")
        assert response.status_code == 201

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_nan_and_infinity_are_not_json(self, client, ua_page, constant):
        body = f'{{"page": {ua_page.pk}, "actions": {{"letter": 1}}, "website": {constant}}}'
        response = client.post(URL, body, "application/json")
        assert response.status_code == 400
        assert "is not a JSON number" in response.json()["errors"]["body"][0]

    def test_a_translation_key_is_a_string(self, client, ua_page):
        body = {
            "translation_key": ua_page.translation_key.int,
            "actions": {"letter": 1},
        }
        response = client.post(URL, json.dumps(body), "application/json")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["translation_key"]

    def test_contact_details_that_are_no_object_are_named(self, client, ua_page):
        body = {"page": ua_page.pk, "actions": {"letter": 1}, "contact": "Jo"}
        response = client.post(URL, json.dumps(body), "application/json")
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "contact": ["Give the contact details as an object."]
        }

    def test_a_wrong_method_is_answered_in_the_client_s_language(self, client):
        response = client.put(URL, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 405
        assert response["Content-Language"] == "fr"
        assert "PUT" in response.json()["errors"]["__all__"][0]
        assert "This address" not in response.json()["errors"]["__all__"][0]
