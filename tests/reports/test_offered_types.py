"""A report of an action type the Urgent Action does not ask about is refused, by
the HTML form and by the JSON API alike, and nothing is stored (issue 15)."""

import json

import pytest

from ua_wagtail.reports.offered import offered_action_types

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters_only(index_page):
    return UrgentActionPageFactory(
        parent=index_page,
        body=targets_body([TargetFactory()])
        + [("report_form", {"action_types": ["letter", "email"]})],
    )


def post_json(client, body):
    return client.post(
        "/ua/reports/", json.dumps(body), content_type="application/json"
    )


def test_the_json_api_names_the_type_not_asked_for(client, letters_only, stored):
    before = stored()
    response = post_json(
        client, {"page": letters_only.pk, "actions": {"letter": 1, "fax": 2}}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"actions.fax"}
    assert "does not ask for “fax”" in errors["actions.fax"][0]
    assert "Report one of: letter or email." in errors["actions.fax"][0]
    assert stored() == before


def test_by_translation_key_too(client, letters_only, stored):
    before = stored()
    key = str(letters_only.translation_key)
    response = post_json(client, {"translation_key": key, "actions": {"call": 1}})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"actions.call"}
    assert stored() == before


def test_types_asked_for_are_stored(client, letters_only, stored):
    response = post_json(client, {"page": letters_only.pk, "actions": {"email": 2}})
    assert response.status_code == 201


def test_the_form_refuses_a_count_of_a_type_not_asked_for(client, letters_only, stored):
    before = stored()
    response = client.post(
        f"/ua/reports/form/{letters_only.pk}/",
        {"action_letter": "1", "action_fax": "3"},
    )
    assert response.status_code == 400
    assert "does not ask for “fax”" in response.content.decode()
    assert stored() == before


def test_the_form_ignores_an_empty_or_zero_count_of_another_type(
    client, letters_only, stored
):
    response = client.post(
        f"/ua/reports/form/{letters_only.pk}/",
        {"action_letter": "1", "action_fax": "0", "action_call": ""},
    )
    assert response.status_code == 302
    assert len(stored()[0]) == 1


def test_a_page_with_no_report_form_asks_about_every_type(index_page):
    page = UrgentActionPageFactory(
        parent=index_page, body=targets_body([TargetFactory()])
    )
    assert offered_action_types(page.pk) == (
        "letter",
        "email",
        "fax",
        "call",
        "social",
        "other",
    )


def test_publishing_new_types_applies_at_once(client, letters_only):
    assert offered_action_types(letters_only.pk) == ("letter", "email")
    body = letters_only.body.raw_data
    for block in body:
        if block["type"] == "report_form":
            block["value"]["action_types"] = ["fax"]
    letters_only.body = body
    letters_only.save_revision().publish()
    assert offered_action_types(letters_only.pk) == ("fax",)
    assert offered_action_types(letters_only.translation_key) == ("fax",)
    response = post_json(client, {"page": letters_only.pk, "actions": {"fax": 1}})
    assert response.status_code == 201


def test_a_page_behind_a_password_keeps_its_types_when_it_becomes_public(
    client, letters_only, stored
):
    """Asked while private (refused as not public), the types must not be
    remembered as "every type" once the password goes, with no publish between."""
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=letters_only, restriction_type="password", password="launch"
    )
    body = {"page": letters_only.pk, "actions": {"fax": 5}}
    assert post_json(client, body).status_code == 400
    restriction.delete()
    before = stored()
    response = post_json(client, body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"actions.fax"}
    assert stored() == before


def test_an_unknown_page_is_not_remembered(client, index_page):
    assert offered_action_types(999_999) == offered_action_types(999_999)
    from django.core.cache import cache

    assert cache.get("ua_wagtail:offered:999999") is None
