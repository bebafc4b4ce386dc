"""The reports API holds to its OpenAPI document (checked with schemathesis), and the
document and its docs page are served from this site alone."""

import copy
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

pytestmark = pytest.mark.django_db

OPENAPI = "/ua/openapi.json"
REPORTS = ("/ua/reports/", "POST")
OPERATIONS = [
    REPORTS,
    ("/ua/actions/{page_id}/totals/", "GET"),
    ("/ua/actions/{translation_key}/totals/", "GET"),
]
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            # Valid-looking reports may still be refused: unknown country, closed action.
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"expected-statuses": ["4XX"]},
        }
    }
)
EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def naming_the_live_page(document, ua_page):
    """The document narrowed to requests that name the live Urgent Action, so that
    valid reports can be stored, not only refused as naming no page."""
    document = copy.deepcopy(document)
    key = str(ua_page.translation_key)
    report = document["components"]["schemas"]["Report"]["properties"]
    report["page"] = {"enum": [ua_page.pk]}
    report["translation_key"] = {"enum": [key]}
    for path, method in OPERATIONS[1:]:
        for parameter in document["paths"][path][method.lower()]["parameters"]:
            if parameter["in"] == "path":
                value = ua_page.pk if parameter["name"] == "page_id" else key
                parameter["schema"] = {"enum": [value]}
    return document


@pytest.fixture
def api(wsgi_app, ua_page, settings):
    settings.UA_WAGTAIL_REPORT_RATE = settings.UA_WAGTAIL_REPORT_NETWORK_RATE = None
    return schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app, config=CONFIG)


@pytest.fixture
def live_api(api, ua_page):
    document = naming_the_live_page(api.raw_schema, ua_page)
    return schemathesis.openapi.from_dict(document, config=CONFIG)


def test_every_operation_is_tested(api):
    documented = {
        (path, method.upper())
        for path, methods in api.raw_schema["paths"].items()
        for method in methods
    }
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_answer_is_documented(wsgi_app, api, live_api, stored, path, method):
    """No 5xx; status, headers and bodies as documented; a report is stored only
    when it is answered 201, and not when that 201 replays an earlier request
    with its Idempotency-Key."""

    @given(
        case=st.one_of(
            api[path][method].as_strategy(GenerationMode.POSITIVE),
            live_api[path][method].as_strategy(GenerationMode.POSITIVE),
        )
    )
    @EXAMPLES
    def check(case):
        before = stored()
        response = case.call(app=wsgi_app)
        case.validate_response(response)
        seen.add(response.status_code)
        reports = len(stored()[0]) - len(before[0])
        if response.status_code == 201:  # a replay of its key stores nothing
            assert reports == (0 if "Idempotent-Replayed" in response.headers else 1)
        else:
            assert stored() == before

    seen = set()
    check()
    assert seen >= ({201, 400} if (path, method) == REPORTS else {200, 404})


def test_bad_reports_are_refused_and_store_nothing(wsgi_app, api, stored):
    @given(case=api[REPORTS[0]][REPORTS[1]].as_strategy(GenerationMode.NEGATIVE))
    @EXAMPLES
    def check(case):
        before = stored()
        response = case.call(app=wsgi_app)
        case.validate_response(response)
        assert 400 <= response.status_code < 500
        assert stored() == before

    check()


def test_the_docs_page_loads_nothing_from_other_sites(client):
    response = client.get("/ua/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/static/") for url in urls), urls
    assert "://" not in html
    assert '"url": "/ua/openapi.json"' in html
