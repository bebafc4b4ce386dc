"""The page script never drops a report: a report that does not get through is
sent again with the same Idempotency-Key, kept in the browser when it cannot be
sent at all, and sent on the next visit.

The network is cut and answers are lost with Playwright's routing. The page's
clock is stopped, so the script's waits between attempts pass only when a test
runs it on: no test waits for them in earnest.
"""

import datetime
import json

import pytest
from playwright.sync_api import expect

from ua_wagtail.models import ActionReport, UrgentActionPage

from .conftest import report, total

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = "**/ua/reports/"
STORE = "ua-wagtail-unsent"
#: More than the script ever waits between two attempts of its own accord.
LONGEST_BACKOFF = 10_000
RETRYING = "Your report has not reached us yet. Trying again…"
KEPT = (
    "We could not send your report. It is saved in this browser and will be "
    "sent the next time you open this page."
)
RESENT = (
    "A report you made earlier, which had not reached us, has now been sent. Thank you!"
)


@pytest.fixture
def seed(demo):
    return UrgentActionPage.objects.get(locale__language_code="en")


def open_paused(open_page, url):
    """``url``, its clock stopped from the start."""
    page, _, watch = open_page(url)
    page.clock.install()
    page.clock.pause_at(datetime.datetime.now() + datetime.timedelta(seconds=1))
    page.reload()
    return page, watch


def run_clock_until(page, done):
    """Runs the page's clock on, past one wait of the script at a time, until
    ``done()``: the attempt sent that a test waits for. (Not later: an attempt
    still unanswered times out by the same clock.)"""
    for _ in range(20):
        if done():
            return
        page.clock.run_for(LONGEST_BACKOFF)
        page.wait_for_timeout(50)  # the attempt the wait was for goes out
    pytest.fail("the script stopped trying")


def kept(page) -> list:
    return json.loads(page.evaluate(f"localStorage.getItem({STORE!r})") or "[]")


def kept_report(seed, key, actions, endpoint="/ua/reports/", hours_ago=0) -> dict:
    """A report as the script keeps it in ``localStorage``."""
    sent = datetime.datetime.now() - datetime.timedelta(hours=hours_ago)
    return {
        "endpoint": endpoint,
        "body": json.dumps({"page": seed.pk, "actions": actions}),
        "key": key,
        "time": sent.timestamp() * 1000,
        "ua": seed.translation_key.hex,
    }


def key(route) -> str:
    return route.request.header_value("Idempotency-Key")


def test_a_report_gets_through_once_the_network_is_back(open_page, seed):
    page, _ = open_paused(open_page, seed.url)
    keys = []

    def cut_twice(route):
        keys.append(key(route))
        if len(keys) <= 2:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(REPORTS, cut_twice)
    report(page, letter=1, email=1)
    delivery = page.locator("[data-ua-delivery]")
    expect(delivery).to_have_text(RETRYING)
    button = page.locator(".ua-report-form [type=submit]")
    expect(button).to_have_attribute("aria-disabled", "true")
    run_clock_until(page, lambda: len(keys) == 3)
    expect(page.locator(".ua-thanks")).to_be_focused()
    expect(delivery).to_be_empty()
    expect(button).not_to_have_attribute("aria-disabled", "true")
    assert total(page) == 2
    assert ActionReport.objects.count() == 1
    assert keys[0] and keys == [keys[0]] * 3  # one report, one key
    assert kept(page) == []


def test_a_report_that_cannot_get_through_is_sent_on_the_next_visit(open_page, seed):
    page, _ = open_paused(open_page, seed.url)
    attempts = []

    def cut(route):
        attempts.append(key(route))
        route.abort("internetdisconnected")

    page.route(REPORTS, cut)
    report(page, letter=2)
    delivery = page.locator("[data-ua-delivery]")
    run_clock_until(page, lambda: delivery.text_content() == KEPT)
    assert len(attempts) == 5
    (unsent,) = kept(page)
    assert unsent["key"] == attempts[0]
    assert json.loads(unsent["body"])["actions"] == {"letter": 2}
    # Kept and on its way: the form is emptied, lest it be sent twice.
    expect(page.locator("#id_action_letter")).to_have_value("")
    assert ActionReport.objects.count() == 0

    page.unroute(REPORTS)
    sent = []
    page.route(REPORTS, lambda route: (sent.append(key(route)), route.continue_()))
    page.reload()
    expect(delivery).to_have_text(RESENT)
    expect(page.locator("[data-ua-total]")).to_have_attribute("data-ua-total", "2")
    assert sent == [unsent["key"]]
    assert ActionReport.objects.count() == 1
    assert kept(page) == []


def test_a_lost_answer_is_not_counted_twice(open_page, seed):
    """The server stored the report, its answer never came back: the script
    sends it again with the same key, and the server says it has it already."""
    page, _ = open_paused(open_page, seed.url)
    keys, answers = [], []

    def lose_first_answer(route):
        keys.append(key(route))
        answers.append(route.fetch())
        if len(answers) == 1:
            route.abort("connectionreset")
        else:
            route.fulfill(response=answers[-1])

    page.route(REPORTS, lose_first_answer)
    report(page, letter=1, call=2)
    expect(page.locator("[data-ua-delivery]")).to_have_text(RETRYING)
    run_clock_until(page, lambda: len(keys) == 2)
    page.locator(".ua-thanks").wait_for()
    assert keys[0] == keys[1]
    first, second = answers
    assert first.status == second.status == 201
    assert second.headers.get("idempotent-replayed") == "true"
    assert second.json()["report"]["id"] == first.json()["report"]["id"]
    assert ActionReport.objects.count() == 1
    assert total(page) == 3
    assert kept(page) == []


def test_a_busy_server_is_asked_again_when_it_says(open_page, seed):
    """A 503 with Retry-After: the script waits that long, then sends the report
    again. The activist's double click sends one report."""
    page, _ = open_paused(open_page, seed.url)
    attempts = []

    def busy_once(route):
        attempts.append(key(route))
        if len(attempts) > 1:
            route.continue_()
            return
        route.fulfill(
            status=503,
            headers={"Retry-After": "1"},
            json={"errors": {"__all__": ["The database is unavailable."]}},
        )

    page.route(REPORTS, busy_once)
    page.locator("#id_action_letter").fill("1")
    page.locator(".ua-report-form [type=submit]").dblclick()
    expect(page.locator("[data-ua-delivery]")).to_have_text(RETRYING)
    page.clock.run_for(900)
    page.wait_for_timeout(200)
    assert len(attempts) == 1  # not before the second the server asked for
    page.clock.run_for(700)
    page.locator(".ua-thanks").wait_for()
    assert len(attempts) == 2
    assert ActionReport.objects.count() == 1
    assert total(page) == 1


def test_a_report_kept_too_long_is_dropped_and_said_so(open_page, seed):
    """Past the day the server remembers its key, a kept report could be counted
    twice: it is not sent, and the activist is asked to report again."""
    page, _, _ = open_page(seed.url)
    day_old = kept_report(seed, "a-day-old", {"letter": 1}, hours_ago=24)
    page.evaluate(f"localStorage.setItem({STORE!r}, {json.dumps([day_old])!r})")
    page.reload()
    expect(page.locator("[data-ua-delivery]")).to_contain_text(
        "could not be sent in time"
    )
    assert kept(page) == []
    assert ActionReport.objects.count() == 0


def test_without_local_storage_the_activist_is_told_to_try_again(open_page, seed):
    page, _ = open_paused(open_page, seed.url)
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {"
        " get() { throw new DOMException('denied', 'SecurityError'); } })"
    )
    page.reload()
    page.route(REPORTS, lambda route: route.abort("internetdisconnected"))
    report(page, letter=1)
    delivery = page.locator("[data-ua-delivery]")
    run_clock_until(page, lambda: "check your connection" in delivery.text_content())
    # Nothing kept: the report stays in the form, to be sent again.
    expect(page.locator("#id_action_letter")).to_have_value("1")


def test_a_refused_report_is_said_so_and_not_kept(open_page, seed):
    """A rate limit too long to wait for is shown as the server words it; a kept
    report the server refuses is dropped, and the activist told why."""
    page, _, _ = open_page(seed.url)
    attempts = []

    def limited(route):
        attempts.append(key(route))
        route.fulfill(
            status=429,
            headers={"Retry-After": "3600"},
            json={"errors": {"__all__": ["Too many reports. Try again in 1 hour."]}},
        )

    page.route(REPORTS, limited)
    report(page, letter=1)
    expect(page.locator("[data-ua-errors]")).to_have_text(
        "Too many reports. Try again in 1 hour."
    )
    assert len(attempts) == 1
    assert kept(page) == []
    expect(page.locator("#id_action_letter")).to_have_value("1")  # to send later

    page.unroute(REPORTS)
    too_many = kept_report(seed, "too-many-letters", {"letter": 11})
    page.evaluate(f"localStorage.setItem({STORE!r}, {json.dumps([too_many])!r})")
    page.reload()
    delivery = page.locator("[data-ua-delivery]")
    expect(delivery).to_contain_text("A report you made earlier could not be counted.")
    expect(delivery).to_contain_text("between 1 and 10")
    assert kept(page) == []
    assert ActionReport.objects.count() == 0


def test_what_another_script_left_in_storage_is_ignored(open_page, seed):
    """Entries the script did not write (null, a number, half a report) change
    nothing, and a kept report goes to this page's API whatever it names."""
    page, _, _ = open_page(seed.url)
    elsewhere = []
    page.route("https://elsewhere.example/**", lambda route: elsewhere.append(route))
    redirected = kept_report(
        seed, "kept-once", {"letter": 1}, endpoint="https://elsewhere.example/collect"
    )
    junk = [None, 7, {"key": "half"}, redirected]
    page.evaluate(f"localStorage.setItem({STORE!r}, {json.dumps(junk)!r})")
    page.reload()
    expect(page.locator("[data-ua-delivery]")).to_have_text(RESENT)
    assert elsewhere == []
    assert ActionReport.objects.count() == 1
    # The form still thanks for a new report.
    report(page, email=1)
    page.locator(".ua-thanks").wait_for()
    assert ActionReport.objects.count() == 2
    assert kept(page) == []
