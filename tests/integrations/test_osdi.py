"""OSDI 1.1 payloads: each valid against its JSON Schema, stable across
translations, plain text, and without personal data unless the reporter consented."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from ua_wagtail.integrations import osdi
from ua_wagtail.models import ActionReport, UrgentActionPage
from ua_wagtail.reports.rules import record_adjustment, submit_report

from ..factories import (
    TargetFactory,
    UrgentActionPageFactory,
    targets_body,
    translated_copy,
)

pytestmark = pytest.mark.django_db

#: Five weeks before the seed's own deadline (November 1, 2024): open.
SEED_TODAY = datetime.datetime(2024, 10, 20, 12, tzinfo=datetime.UTC)
API = "https://crm.example.org/osdi/v1/"


def registry() -> Registry:
    resources = [Resource.from_contents(osdi.schema(name)) for name in osdi.SCHEMAS]
    return Registry().with_resources(
        (resource.contents["$id"], resource) for resource in resources
    )


def validate(name: str, payload: dict) -> None:
    """Valid against the schema, formats (date-time, email, date) checked."""
    validator = Draft202012Validator(
        osdi.schema(name),
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(payload), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    # Plain JSON: what the outbox will store and send.
    assert json.loads(json.dumps(payload)) == payload


@pytest.fixture
def seed(monkeypatch):
    """The demo's seed UA with its French and Arabic translations, on a fixed day."""
    monkeypatch.setattr(timezone, "now", lambda: SEED_TODAY)
    call_command(
        "demo", "--original-dates", "--languages", "fr", "ar", "--base-url",
        "http://testserver", stdout=StringIO(),
    )  # fmt: skip
    return {p.locale.language_code: p for p in UrgentActionPage.objects.live()}


def report_on(page, **fields):
    fields.setdefault("letter", 1)
    report = ActionReport(
        translation_key=page.translation_key,
        page=page,
        ua_number=page.ua_number,
        ua_title=page.title,
        language_code=page.locale.language_code,
        **fields,
    )
    report.save()
    return report


def test_the_schemas_are_valid_draft_2020_12():
    for name in osdi.SCHEMAS:
        schema = osdi.schema(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_seed_as_an_advocacy_campaign(seed):
    page = seed["en"]
    data = osdi.advocacy_campaign(page, base_url=API)
    validate("advocacy_campaign", data)
    key = page.translation_key
    assert data["identifiers"] == [f"ua_wagtail:{key}"]
    assert data["origin_system"] == "ua_wagtail"
    assert data["title"] == page.title
    assert data["description"] == page.summary
    assert data["browser_url"] == page.get_full_url()
    assert data["browser_url"].startswith("http://testserver/")
    assert data["ua_wagtail:ua_number"] == "147/20"
    assert data["ua_wagtail:deadline_date"] == "2024-11-01"
    # The end of the deadline day in the site's time zone (London, GMT then).
    assert data["ua_wagtail:deadline"] == "2024-11-01T23:59:59+00:00"
    assert sorted(data["ua_wagtail:languages"]) == ["ar", "en", "fr"]
    assert data["_links"] == {
        "self": {"href": f"{API}advocacy_campaigns/{key}"},
        "osdi:outreaches": {"href": f"{API}advocacy_campaigns/{key}/outreaches"},
    }
    minister, embassy = data["targets"]
    assert minister["ua_wagtail:role"] == "primary"
    assert minister["title"] == "Minister of the Interior"
    assert minister["ua_wagtail:honorific"] == "Lt.-Gen."
    assert minister["ua_wagtail:name"] == "Ivan Kubrakou"
    assert minister["email_addresses"] == [
        {"primary": True, "address": "uzgs@mvd.gov.by", "address_type": "work"}
    ]
    assert {"number": "375172039918", "number_type": "Fax"}.items() <= (
        minister["phone_numbers"][0].items()
    )
    assert minister["postal_addresses"][0]["address_lines"][-1] == (
        "Minsk 220030, Belarus"
    )
    assert embassy["ua_wagtail:role"] == "cc"
    assert embassy["organization"] == "Embassy of Belarus in the United States"


def test_without_a_base_url_there_are_no_links(seed):
    data = osdi.advocacy_campaign(seed["en"])
    validate("advocacy_campaign", data)
    assert "_links" not in data


def test_translations_are_one_campaign_with_one_total(seed):
    english, french, arabic = seed["en"], seed["fr"], seed["ar"]
    submit_report(english, {"letter": 2, "email": 1})
    submit_report(french, {"fax": 4})
    submit_report(arabic, {"call": 1}, country="EG")
    payloads = {
        code: osdi.advocacy_campaign(page, base_url=API) for code, page in seed.items()
    }
    for code, data in payloads.items():
        validate("advocacy_campaign", data)
        assert data["ua_wagtail:language"] == code
        assert data["total_outreaches"] == 8
        assert data["ua_wagtail:total_by_action"]["fax"] == 4
    for field in (
        "identifiers",
        "_links",
        "ua_wagtail:ua_number",
        "ua_wagtail:deadline",
    ):
        assert len({json.dumps(d[field]) for d in payloads.values()}) == 1, field
    # Targets are the same officials in every language.
    assert (
        len(
            {
                json.dumps([t["identifiers"] for t in d["targets"]])
                for d in payloads.values()
            }
        )
        == 1
    )
    assert payloads["fr"]["title"] == french.title != english.title


def test_arabic_text_passes_through_intact(seed):
    arabic = seed["ar"]
    data = osdi.advocacy_campaign(arabic)
    validate("advocacy_campaign", data)
    assert data["title"] == arabic.title
    assert data["summary"] == arabic.summary
    assert any("\u0600" <= c <= "\u06ff" for c in data["title"])
    # Right to left, unescaped when written without ASCII escapes.
    assert arabic.title in json.dumps(data, ensure_ascii=False)


def test_hostile_text_is_sent_as_plain_text(index_page):
    target = TargetFactory(
        name='<img src=x onerror="alert(1)">Jane <b>Roe</b>',
        position="<script>alert(1)</script>Minister",
        salutation="Dear <i>Minister</i>",
        address="<p>1 Example Street</p>\nCapital City",
    )
    page = UrgentActionPageFactory(
        parent=index_page,
        title="Free <em>her</em>",
        summary='<a href="javascript:alert(1)">Act</a> now & then',
        body=targets_body([target]),
    )
    data = osdi.advocacy_campaign(page)
    validate("advocacy_campaign", data)
    text = json.dumps(data, ensure_ascii=False)
    assert "<" not in text and ">" not in text
    (official,) = data["targets"]
    assert official["ua_wagtail:name"] == "Jane Roe"
    assert official["title"] == "alert(1)Minister"
    assert official["postal_addresses"][0]["address_lines"] == [
        "1 Example Street",
        "Capital City",
    ]
    assert data["title"] == "Free her"
    assert data["description"] == "Act now & then"
    validate("target", osdi.target(target))


def test_a_target_on_its_own(index_page):
    target = TargetFactory(
        phone="+375 17 222 33 44",
        x_handle="@minister",
        facebook="https://www.facebook.com/minister",
    )
    data = osdi.target(target)
    validate("target", data)
    assert data["identifiers"] == [f"ua_wagtail:{target.translation_key}"]
    assert data["phone_numbers"] == [
        {
            "primary": True,
            "number": "375172223344",
            "number_type": "Work",
            "country": "BY",
        },
        {
            "primary": False,
            "number": "375172039918",
            "number_type": "Fax",
            "country": "BY",
        },
    ]
    assert data["ua_wagtail:x_handle"] == "@minister"
    assert data["ua_wagtail:facebook"] == "https://www.facebook.com/minister"
    assert data["ua_wagtail:salutation"] == "Dear Minister"
    assert "ua_wagtail:role" not in data


def test_an_office_without_a_name_or_contact_details(index_page):
    office = TargetFactory(
        honorific="", name="", organisation="Embassy", address="", email="", fax=""
    )
    data = osdi.target(office)
    validate("target", data)
    assert data["ua_wagtail:display_name"] == "Embassy"
    for field in ("postal_addresses", "email_addresses", "phone_numbers"):
        assert field not in data


def test_a_target_translation_keeps_its_identifier(index_page):
    from wagtail.models import Locale

    target = TargetFactory()
    french = target.copy_for_translation(Locale.objects.create(language_code="fr"))
    french.position = "Ministre de la Justice"
    french.save()
    source, translated = osdi.target(target), osdi.target(french)
    validate("target", translated)
    assert source["identifiers"] == translated["identifiers"]
    assert translated["title"] == "Ministre de la Justice"
    assert translated["ua_wagtail:language"] == "fr"


def test_one_outreach_per_action_type(seed):
    page = seed["fr"]
    stored = submit_report(page, {"letter": 2, "fax": 1}, country="FR")
    data = osdi.outreaches(stored.report, base_url=API)
    for outreach in data:
        validate("outreach", outreach)
    letter, fax = data
    report = stored.report
    assert letter["identifiers"] == [f"ua_wagtail:report-{report.pk}-letter"]
    assert fax["identifiers"] == [f"ua_wagtail:report-{report.pk}-fax"]
    assert (letter["type"], letter["ua_wagtail:count"]) == ("postal mail", 2)
    assert (fax["type"], fax["ua_wagtail:count"]) == ("fax", 1)
    assert letter["ua_wagtail:advocacy_campaign"] == (
        f"ua_wagtail:{page.translation_key}"
    )
    assert letter["ua_wagtail:language"] == "fr"
    assert letter["ua_wagtail:country"] == "FR"
    assert letter["created_date"] == "2024-10-20T12:00:00Z"
    assert [t["ua_wagtail:role"] for t in letter["targets"]] == ["primary", "cc"]
    campaign = osdi.advocacy_campaign(page)
    assert [t["identifiers"] for t in letter["targets"]] == [
        t["identifiers"] for t in campaign["targets"]
    ]
    # Targets by reference: no contact details.
    assert "email_addresses" not in json.dumps(letter["targets"])
    key = page.translation_key
    assert letter["_links"] == {
        "self": {
            "href": f"{API}advocacy_campaigns/{key}/outreaches/report-{report.pk}-letter"
        },
        "osdi:advocacy_campaign": {"href": f"{API}advocacy_campaigns/{key}"},
    }
    # The same each time: these identifiers become the events' ids.
    assert osdi.outreaches(ActionReport.objects.get(pk=report.pk), base_url=API) == (
        data
    )


def test_every_action_type_has_an_osdi_type(ua_page):
    counts = dict.fromkeys(osdi.OUTREACH_TYPES, 1)
    data = osdi.outreaches(report_on(ua_page, **counts))
    assert [o["ua_wagtail:action_type"] for o in data] == list(osdi.OUTREACH_TYPES)
    assert [o["type"] for o in data] == [
        "postal mail", "email", "fax", "phone", "social media", "other",
    ]  # fmt: skip
    for outreach in data:
        validate("outreach", outreach)


def test_no_personal_data_without_consent(ua_page):
    # Stored without consent (as neither the form nor the API would store it).
    report = report_on(
        ua_page,
        contact_name="Ann Activist",
        contact_email="ann@example.org",
        contact_consent=False,
        country="GB",
        client_hash="f" * 64,
        note="Seen at the stall",
    )
    (outreach,) = osdi.outreaches(report)
    validate("outreach", outreach)
    assert "person" not in outreach
    text = json.dumps(outreach)
    for private in ("Ann Activist", "ann@example.org", "f" * 64, "Seen at the stall"):
        assert private not in text


def test_the_reporter_with_their_consent(ua_page):
    stored = submit_report(
        ua_page,
        {"email": 3},
        country="AR",
        contact_name="سلمى <b>Ann</b>",
        contact_email="ann@example.org",
    )
    assert stored.report.contact_consent
    (outreach,) = osdi.outreaches(stored.report)
    validate("outreach", outreach)
    assert outreach["person"] == {
        "email_addresses": [
            {"primary": True, "address": "ann@example.org", "address_type": "personal"}
        ],
        "postal_addresses": [{"primary": True, "country": "AR"}],
        "ua_wagtail:name": "سلمى Ann",
    }


def test_an_adjustment_and_an_invalidated_report(ua_page, admin_user):
    report = record_adjustment(
        ua_page, {"letter": 40}, note="Letters from the stall", user=admin_user
    ).report
    (outreach,) = osdi.outreaches(report)
    validate("outreach", outreach)
    assert outreach["ua_wagtail:source"] == "adjustment"
    assert "person" not in outreach
    invalid = report_on(
        ua_page, is_valid=False, invalidated_at=timezone.now() + datetime.timedelta(1)
    )
    (outreach,) = osdi.outreaches(invalid)
    validate("outreach", outreach)
    assert outreach["ua_wagtail:counted"] is False
    assert outreach["modified_date"] > outreach["created_date"]


def test_a_report_whose_page_was_deleted(ua_page, index_page):
    french = translated_copy(ua_page, "fr")
    report = report_on(french)
    french.delete()
    report.refresh_from_db()
    assert report.page is None
    (outreach,) = osdi.outreaches(report)
    validate("outreach", outreach)
    # The source page's targets stand in for the deleted translation's.
    assert len(outreach["targets"]) == 1
    ua_page.delete()
    (outreach,) = osdi.outreaches(report)
    validate("outreach", outreach)
    assert "targets" not in outreach
