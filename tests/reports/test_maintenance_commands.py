"""The maintenance commands at scale: batched, interruptible and rerunnable,
exact while reports keep arriving."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ua_wagtail.models import ActionReport, ActionTally, DailyTally, ReportKey
from ua_wagtail.reports import idempotency, recounting, retention, tallies
from ua_wagtail.reports.rules import (
    invalidate_reports,
    record_adjustment,
    submit_report,
)

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from .test_tallies import postgres_only, run_threads

pytestmark = pytest.mark.django_db


def new_ua(index_page):
    return UrgentActionPageFactory(
        parent=index_page, body=targets_body([TargetFactory()])
    )


@pytest.fixture
def uas(index_page):
    """Three Urgent Actions with reports in several countries and languages, a
    staff adjustment and a report no longer counted; in translation key order."""
    user = get_user_model().objects.create_user("staff")
    pages = sorted((new_ua(index_page) for _ in range(3)), key=translation_key)
    for n, page in enumerate(pages):
        submit_report(page, {"letter": 1 + n}, country="DE", client_hash="a" * 64)
        submit_report(page, {"email": 2, "call": 1}, language_code="fr")
        record_adjustment(page, {"letter": 10}, note="Stall", user=user, country="DE")
        spam = submit_report(page, {"social": 50}, country="BY").report
        invalidate_reports(ActionReport.objects.filter(pk=spam.pk), user)
    return pages


def translation_key(page):
    return page.translation_key


def tally_rows():
    """Every tally and daily tally that counts something."""
    counts = [
        (t.translation_key, t.action_type, t.country, t.count)
        for t in ActionTally.objects.exclude(count=0)
    ]
    days = [
        (d.translation_key, d.day, d.language_code, *(getattr(d, c) for c in COUNTS))
        for d in DailyTally.objects.all()
        if any(getattr(d, c) for c in COUNTS)
    ]
    return sorted(counts, key=str), sorted(days, key=str)


COUNTS = tallies.DAILY_COUNTS


def recount(*args) -> str:
    out = StringIO()
    call_command("recount_action_tallies", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_recount_rebuilds_both_tallies_as_the_reports_kept_them(uas):
    kept = tally_rows()
    ActionTally.objects.all().delete()
    DailyTally.objects.all().delete()
    assert "in 3 Urgent Actions (not fixed: --dry-run)" in recount("--dry-run")
    assert tally_rows() == ([], [])  # a dry run changes nothing
    out = recount()
    assert "in 3 Urgent Actions and were fixed" in out
    # An adjustment's actions count, but it is no report; an invalid report
    # counts nowhere.
    today = tallies.day_of(timezone.now())
    key = uas[0].translation_key
    assert f"{key} {today} en reports: daily tally 0, reports 1" in out
    assert f"{key} {today} en letter: daily tally 0, reports 11" in out
    assert f"{key} letter DE: tally 0, reports 11" in out
    assert "social" not in out
    assert tally_rows() == kept
    assert "Tallies match the reports of 3 Urgent Actions." in recount()


def test_drift_is_found_and_fixed_in_both_tallies(uas):
    key = uas[1].translation_key
    ActionTally.objects.filter(translation_key=key, action_type="email").update(count=7)
    DailyTally.objects.filter(translation_key=key, language_code="fr").update(reports=5)
    DailyTally.objects.create(
        translation_key=key, day=datetime.date(2020, 1, 1), letter=3
    )
    drift = recounting.recount(fix=False)
    assert [str(d) for d in drift] == [
        f"{key} email (no country): tally 7, reports 2",
        f"{key} 2020-01-01 (no language) letter: daily tally 3, reports 0",
        f"{key} {tallies.day_of(timezone.now())} fr reports: daily tally 5, reports 1",
    ]
    assert recounting.recount(key) == drift
    assert recounting.recount(fix=False) == []
    assert tallies.totals(key).by_action["email"] == 2


def test_tallies_of_reports_gone_drift_to_zero(uas):
    key = uas[2].translation_key
    ActionReport.objects.filter(translation_key=key).delete()
    out = recount()
    assert f"{key} letter DE: tally 13, reports 0" in out
    assert tallies.totals(key).total == 0
    assert not DailyTally.objects.filter(translation_key=key).exclude(reports=0)
    assert recounting.recount(fix=False) == []


def test_the_day_is_the_sites_as_the_reports_kept_it(ua_page):
    """Europe/London: 23:30 UTC on 30 June is 1 July on the site."""
    report = submit_report(ua_page, {"letter": 1}).report
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    ActionReport.objects.filter(pk=report.pk).update(created_at=moment)
    DailyTally.objects.all().delete()
    recount()
    assert DailyTally.objects.get().day == datetime.date(2026, 7, 1)


def test_an_interrupted_recount_leaves_no_urgent_action_half_done(uas, monkeypatch):
    kept = tally_rows()
    ActionTally.objects.update(count=99)
    DailyTally.objects.update(letter=99)
    writes = []
    write_days = recounting._write_days

    def interrupted_on_the_second(*args):
        writes.append(args)
        if len(writes) == 2:  # its tallies written, its daily tallies not yet
            raise KeyboardInterrupt
        write_days(*args)

    monkeypatch.setattr(recounting, "_write_days", interrupted_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        recount()
    first, second, third = (page.translation_key for page in uas)
    assert recounting.recount_one(first, fix=False) == []
    for key in (second, third):  # as they were: all 99
        assert set(
            ActionTally.objects.filter(translation_key=key).values_list(
                "count", flat=True
            )
        ) == {99}
        assert {d.letter for d in DailyTally.objects.filter(translation_key=key)} == {
            99
        }
    monkeypatch.undo()
    recount()
    assert recounting.recount(fix=False) == []
    assert tally_rows() == kept


def test_recount_of_one_urgent_action(uas):
    ActionTally.objects.update(count=99)
    key = uas[0].translation_key
    assert "were fixed" in recount("--ua", str(key))
    assert recounting.recount_one(key, fix=False) == []
    assert recounting.recount_one(uas[1].translation_key, fix=False) != []


def test_the_urgent_actions_recounted_are_those_with_reports_or_tallies(uas):
    reported_only, tallied_only = uas[0].translation_key, uas[1].translation_key
    ActionTally.objects.filter(translation_key=reported_only).delete()
    DailyTally.objects.filter(translation_key=reported_only).delete()
    ActionReport.objects.filter(translation_key=tallied_only).delete()
    assert recounting.translation_keys() == [page.translation_key for page in uas]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_on_a_terminal_only(uas):
    terminal, file = Terminal(), StringIO()
    call_command("recount_action_tallies", stdout=StringIO(), stderr=terminal)
    assert "Recounting:   0%|          | 0/3" in terminal.getvalue()
    call_command(
        "purge_action_reports", "--older-than", "0", stdout=StringIO(), stderr=terminal
    )
    assert "Erasing: 0 reports" in terminal.getvalue()
    call_command("recount_action_tallies", stdout=StringIO(), stderr=file)
    assert file.getvalue() == ""


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_action_reports", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def interrupting(module, monkeypatch, on_batch: int):
    """Make ``module``'s batches stop with Ctrl-C in the middle of the
    ``on_batch``-th one: its change made, not committed."""
    in_batches = module.in_batches

    def stopped(rows, size, change):
        calls = []

        def change_then_stop(batch):
            calls.append(change(batch))
            if len(calls) == on_batch:
                raise KeyboardInterrupt
            return calls[-1]

        return in_batches(rows, size, change_then_stop)

    monkeypatch.setattr(module, "in_batches", stopped)


def test_an_interrupted_purge_keeps_whole_batches_and_a_rerun_finishes(
    ua_page, monkeypatch
):
    old = timezone.now() - datetime.timedelta(days=40)
    for n in range(7):
        submit_report(ua_page, {"letter": 1}, contact_email=f"{n}@example.org")
    ActionReport.objects.update(created_at=old)
    recent = submit_report(ua_page, {"email": 1}, client_hash="b" * 64).report
    counts = tally_rows()

    assert "7 reports hold personal data" in purge("--older-than", "30", "--dry-run")
    assert retention.holding_personal_data(timezone.now()).count() == 8
    interrupting(retention, monkeypatch, on_batch=3)
    with pytest.raises(KeyboardInterrupt):
        purge("--older-than", "30", "--batch-size", "2")
    old_ones = ActionReport.objects.filter(created_at__lt=recent.created_at)
    erased = old_ones.filter(contact_email="").order_by("pk")
    oldest = old_ones.order_by("pk")[:4]
    assert list(erased) == list(oldest)  # two whole batches, the third undone
    monkeypatch.undo()
    assert "Erased personal data from 3 reports" in purge(
        "--older-than", "30", "--batch-size", "2"
    )
    assert not old_ones.exclude(contact_email="")
    recent.refresh_from_db()
    assert recent.client_hash == "b" * 64
    assert ActionReport.objects.count() == 8
    assert tally_rows() == counts
    assert "from 0 reports" in purge("--older-than", "30")


def test_expired_keys_are_deleted_in_batches(ua_page, monkeypatch):
    past = idempotency.kept_since() - datetime.timedelta(minutes=1)
    for n in range(5):
        ReportKey.objects.create(
            translation_key=ua_page.translation_key,
            key=f"old {n}",
            fingerprint="x",
            created_at=past,
        )
    ReportKey.objects.create(
        translation_key=ua_page.translation_key,
        key="new",
        fingerprint="x",
        created_at=timezone.now(),
    )
    interrupting(idempotency, monkeypatch, on_batch=2)
    with pytest.raises(KeyboardInterrupt):
        purge("--older-than", "30", "--batch-size", "2")
    assert ReportKey.objects.count() == 4
    monkeypatch.undo()
    assert "Deleted 3 Idempotency-Keys" in purge(
        "--older-than", "30", "--batch-size", "2"
    )
    assert list(ReportKey.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--older-than", "30", "--batch-size", "0"], "--batch-size must be 1"),
        (["--older-than", "-1"], "--older-than must be 0"),
    ],
)
def test_purge_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        purge(*args)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_recount_is_exact_while_reports_arrive(settings, index_page):
    settings.UA_WAGTAIL_REPORT_RATE = settings.UA_WAGTAIL_REPORT_NETWORK_RATE = None
    pages = [new_ua(index_page) for _ in range(3)]
    for page in pages:
        submit_report(page, {"letter": 1})
    ActionTally.objects.update(count=99)
    DailyTally.objects.update(reports=99)
    user = get_user_model().objects.create_user("staff")
    reporting = set(range(1, 5))

    def worker(n):
        if n == 0:  # recounts until the reports stop, once at least
            recount()
            while reporting:
                recount()
            return
        try:
            report(n)
        finally:
            reporting.discard(n)

    def report(n):
        for i in range(30):
            page = pages[(n + i) % len(pages)]
            stored = submit_report(
                page,
                {"letter": 1 + i % 2, "email": n},
                country=["DE", "FR", ""][i % 3],
                language_code=["en", "fr"][n % 2],
            )
            if i % 10 == 0:
                invalidate_reports(
                    ActionReport.objects.filter(pk=stored.report.pk), user
                )

    run_threads(5, worker)
    assert recounting.recount(fix=False) == []
    for page in pages:
        counted = ActionReport.objects.filter(
            translation_key=page.translation_key, is_valid=True
        )
        assert tallies.totals(page.translation_key).total == sum(
            r.total for r in counted
        )
