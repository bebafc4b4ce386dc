"""Staff: the report listing, export, bulk invalidation, delivery summary, adjustments."""

import csv
import io
from io import StringIO

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from ua_wagtail.models import ActionReport, ActionTally
from ua_wagtail.reports import recounting, tallies
from ua_wagtail.reports.rules import record_adjustment, submit_report
from ua_wagtail.reports.viewsets import LanguageColumn
from ua_wagtail.utils.exports import neutralise

from ..factories import TargetFactory
from .spreadsheets import xlsx_rows

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_ua_wagtail_actionreport:list"


@pytest.fixture
def reports(ua_page):
    hashed = {"client_hash": "f" * 64}
    return [
        submit_report(
            ua_page, {"letter": 2}, country="DE", language_code="en", **hashed
        ).report,
        submit_report(
            ua_page, {"email": 1}, country="FR", language_code="fr", **hashed
        ).report,
        submit_report(
            ua_page,
            {"letter": 1, "call": 1},
            language_code="ru",
            contact_name="Ana",
            contact_email="ana@example.org",
            **hashed,
        ).report,
    ]


def bulk_invalidate_url():
    return reverse(
        "wagtail_bulk_action", args=("ua_wagtail", "actionreport", "ua_invalidate")
    )


def summary_url(page):
    return reverse("ua_wagtail_admin:summary", args=[page.translation_key])


def staff(*perms):
    user = get_user_model().objects.create_user("staff", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        user.user_permissions.add(Permission.objects.get(codename=perm))
    return user


def listed_ids(client, query=""):
    soup = BeautifulSoup(client.get(reverse(LIST) + query).content, "html.parser")
    boxes = soup.select("input[data-bulk-action-checkbox]")
    return {int(box["data-object-id"]) for box in boxes}


def test_listing_filters(admin_client, reports):
    de, fr, ru = reports
    assert listed_ids(admin_client) == {de.pk, fr.pk, ru.pk}
    assert listed_ids(admin_client, "?country=FR") == {fr.pk}
    assert listed_ids(admin_client, "?language_code=ru") == {ru.pk}
    assert listed_ids(admin_client, "?action=letter") == {de.pk, ru.pk}
    key = de.translation_key
    assert listed_ids(admin_client, f"?translation_key={key}") == {de.pk, fr.pk, ru.pk}
    assert listed_ids(admin_client, "?is_valid=false") == set()


def test_listing_names_the_urgent_action_and_the_language(admin_client, reports):
    soup = BeautifulSoup(admin_client.get(reverse(LIST)).content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("tbody tr")
    ]
    title = reports[0].ua_title
    assert {(title, "English"), (title, "French"), (title, "Russian")} == {
        (row[2], row[3]) for row in rows
    }
    assert not any(reports[0].ua_number in cell for row in rows for cell in row)


def test_the_language_column_speaks_the_admin_language(reports):
    column = LanguageColumn("language_code")
    with translation.override("ar"):
        assert column.get_value(reports[2]) == "الروسيّة"


def test_listing_is_read_only(admin_client, reports):
    html = admin_client.get(reverse(LIST)).content.decode()
    assert "snippets/ua_wagtail/actionreport/add/" not in html
    edit = reverse("wagtailsnippets_ua_wagtail_actionreport:edit", args=[reports[0].pk])
    assert admin_client.get(edit).status_code in (302, 403)
    inspect = reverse(
        "wagtailsnippets_ua_wagtail_actionreport:inspect", args=[reports[0].pk]
    )
    response = admin_client.get(inspect)
    assert response.status_code == 200
    assert reports[0].client_hash not in response.content.decode()


def test_csv_and_xlsx_export(admin_client, reports):
    response = admin_client.get(reverse(LIST) + "?export=csv")
    csv = b"".join(response.streaming_content).decode()
    header = csv.splitlines()[0]
    assert header.startswith("ID,Reported at,UA number")
    assert "ana@example.org" in csv
    assert len(csv.strip().splitlines()) == 4
    assert len(xlsx_rows(admin_client)) == 3


# Text a spreadsheet would run as a formula, one per character that starts one.
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    '  =HYPERLINK("http://evil.example","click")',  # spaces some programs skip
]


def export_csv(client, url):
    """The export's rows as dicts keyed by heading."""
    response = client.get(url + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export_xlsx(client, url):
    """The export's rows as dicts of openpyxl cells keyed by heading."""
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())
    headings = [cell.value for cell in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_report_export_neutralises_formulas(client, ua_page, hostile):
    client.force_login(staff("view_actionreport"))
    report, _totals = submit_report(
        ua_page, {"letter": 2}, country="DE", contact_name=hostile
    )
    ActionReport.objects.filter(pk=report.pk).update(note=hostile, ua_title=hostile)
    submit_report(ua_page, {"email": 1}, country="FR", contact_name="Ana")
    columns = ("Contact name", "Note", "Urgent Action title")

    rows = {int(row["ID"]): row for row in export_csv(client, reverse(LIST))}
    hostile_row, normal_row = rows.pop(report.pk), rows.popitem()[1]
    assert [hostile_row[column] for column in columns] == ["'" + hostile] * 3
    assert normal_row["Contact name"] == "Ana"
    assert normal_row["Reporter's country"] == "FR"

    rows = {row["ID"].value: row for row in xlsx_rows(client)}
    hostile_row, normal_row = rows.pop(report.pk), rows.popitem()[1]
    for column in columns:
        assert hostile_row[column].data_type == "s"  # not "f", a formula
        assert hostile_row[column].value.startswith("'")
    assert normal_row["Contact name"].value == "Ana"
    assert (hostile_row["Letters"].data_type, hostile_row["Letters"].value) == ("n", 2)


def test_target_export_neutralises_formulas(client):
    client.force_login(staff("view_target"))
    TargetFactory(name=HOSTILE[0], organisation="@x")
    url = reverse("wagtailsnippets_ua_wagtail_target:list")

    (row,) = export_csv(client, url)
    assert row["Name"] == "'" + HOSTILE[0]
    assert row["Organisation"] == "'@x"
    assert row["Position"] == "Minister of Justice"
    # The rule has no exceptions: a number such as +375 … is kept as text too.
    assert row["Fax"] == "'+375 17 203 99 18"

    (row,) = export_xlsx(client, url)
    assert row["Name"].data_type == "s"
    assert row["Name"].value.startswith("'=")
    assert row["Position"].value == "Minister of Justice"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("Ana", "Ana"),
        ("", ""),
        ("a=b", "a=b"),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise_only_touches_text_that_starts_a_formula(value, expected):
    assert neutralise(value) == expected


def test_bulk_stop_counting_keeps_totals_exact(admin_client, reports, ua_page):
    url = bulk_invalidate_url()
    query = f"?id={reports[0].pk}&id={reports[1].pk}"
    confirm = admin_client.get(url + query)
    assert confirm.status_code == 200
    assert "Stop counting these 2 reports?" in confirm.content.decode()
    response = admin_client.post(url + query)
    assert response.status_code == 302
    assert ActionReport.objects.filter(is_valid=False).count() == 2
    assert tallies.totals(ua_page.translation_key).total == 2
    assert recounting.recount(fix=False) == []


def test_stop_counting_needs_the_change_permission(client, reports):
    """Without the permission the confirmation lists no report, and nothing changes."""
    client.force_login(staff("view_actionreport"))
    url = bulk_invalidate_url() + f"?id={reports[0].pk}&id={reports[2].pk}"
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.redirect_chain or response.status_code == 403
        html = response.content.decode()
        assert "Stop counting these" not in html
        assert str(reports[0]) not in html
        assert str(reports[2]) not in html
    assert ActionReport.objects.filter(is_valid=False).count() == 0


def test_stop_counting_with_the_change_permission(client, reports, ua_page):
    user = staff("view_actionreport", "change_actionreport")
    client.force_login(user)
    url = bulk_invalidate_url() + f"?id={reports[0].pk}"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert str(reports[0]) in confirm.content.decode()
    assert client.post(url).status_code == 302
    assert tallies.totals(ua_page.translation_key).total == 3
    invalidated = ActionReport.objects.get(pk=reports[0].pk)
    assert (invalidated.is_valid, invalidated.invalidated_by) == (False, user)
    entry = ModelLogEntry.objects.get(action="ua_wagtail.invalidate")
    assert (entry.object_id, entry.user) == (str(reports[0].pk), user)


@pytest.fixture
def flood(ua_page, reports):
    """Three reports from one client, on top of the three others'."""
    return [
        submit_report(ua_page, {"letter": 1, "email": 1}, client_hash="a" * 64).report
        for _ in range(3)
    ]


def client_links(client, query=""):
    """The listing's links to each client's reports, by report id."""
    soup = BeautifulSoup(client.get(reverse(LIST) + query).content, "html.parser")
    return {
        int(row.select_one("input[data-bulk-action-checkbox]")["data-object-id"]): (
            row.select_one("[data-ua-client] a")
        )
        for row in soup.select("tbody tr")
    }


def test_listing_filters_by_client(admin_client, reports, flood):
    assert listed_ids(admin_client, "?client_hash=" + "a" * 64) == {
        report.pk for report in flood
    }
    assert listed_ids(admin_client, "?client_hash=" + "a" * 10) == set()


def test_listing_links_each_report_to_its_clients_reports(admin_client, ua_page, flood):
    adjustment = record_adjustment(
        ua_page, {"letter": 5}, note="Stall", user=None
    ).report
    links = client_links(admin_client)
    assert links[adjustment.pk] is None  # staff adjustments have no client
    link = links[flood[0].pk]
    assert link.get_text(strip=True) == "aaaaaaaaaa…"
    query = link["href"][link["href"].index("?") :]
    assert listed_ids(admin_client, query) == {report.pk for report in flood}
    soup = BeautifulSoup(admin_client.get(reverse(LIST) + query).content, "html.parser")
    pill = soup.select_one(".w-active-filters").get_text(" ", strip=True)
    assert pill == "Client fingerprint: aaaaaaaaaa…"


def test_stopping_a_flood_from_the_filtered_listing(admin_client, reports, flood):
    """ "Select all" on the filtered listing sends the filters with ``id=all``: only
    that client's reports stop counting, and the totals drop by their actions."""
    key = flood[0].translation_key
    before = tallies.totals(key).total
    query = "?client_hash=" + "a" * 64 + "&id=all"
    confirm = admin_client.get(bulk_invalidate_url() + query)
    assert "Stop counting these 3 reports?" in confirm.content.decode()
    assert admin_client.post(bulk_invalidate_url() + query).status_code == 302
    assert set(ActionReport.objects.filter(is_valid=False)) == set(flood)
    assert tallies.totals(key).total == before - 6
    assert recounting.recount(fix=False) == []


def test_select_all_with_a_bad_filter_selects_nothing(admin_client, reports):
    query = "?country=XX&id=all"
    assert admin_client.post(bulk_invalidate_url() + query).status_code == 404
    assert not ActionReport.objects.filter(is_valid=False).exists()


def test_delivery_summary(admin_client, reports, ua_page):
    response = admin_client.get(summary_url(ua_page))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    sentence = soup.select_one("[data-ua-summary-sentence]").get_text(strip=True)
    assert sentence == (
        "3 letters, 1 email, and 1 phone call, from 2 countries in 3 languages."
    )
    printable = admin_client.get(summary_url(ua_page) + "?print=1")
    assert sentence in printable.content.decode()
    assert b"<nav" not in printable.content  # no admin chrome on paper
    # Styled from the site, as the page's Content-Security-Policy allows.
    paper = BeautifulSoup(printable.content, "html.parser")
    assert paper.find("style") is None
    assert paper.select_one('link[href$="delivery-summary.css"]')


def test_summary_is_linked_from_the_edit_view_and_listing(admin_client, ua_page):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[ua_page.pk]))
    assert summary_url(ua_page) in edit.content.decode()
    listing = admin_client.get(
        reverse("wagtailadmin_explore", args=[ua_page.get_parent().pk])
    )
    assert summary_url(ua_page) in listing.content.decode()


def test_summary_needs_the_view_permission(client, ua_page):
    client.force_login(staff())
    assert client.get(summary_url(ua_page)).status_code in (302, 403)


def test_staff_record_offline_actions(admin_client, ua_page, reports):
    url = reverse("ua_wagtail_admin:adjust", args=[ua_page.translation_key])
    response = admin_client.post(url, {"letter": "120", "note": "Street stall, Berlin"})
    assert response.status_code == 302
    adjustment = ActionReport.objects.get(source="adjustment")
    assert adjustment.note == "Street stall, Berlin"
    assert adjustment.created_by.username == "admin"
    assert tallies.totals(ua_page.translation_key).total == 125
    html = admin_client.get(summary_url(ua_page)).content.decode()
    assert "Street stall, Berlin" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"letter": "10"}, "This field is required."),
        ({"note": "Stall"}, "Enter at least one action."),
        ({"letter": "-5", "note": "Stall"}, "greater than or equal to 0"),
        ({"letter": "100001", "note": "Stall"}, "less than or equal to 100000"),
    ],
)
def test_bad_adjustments_are_refused(admin_client, ua_page, stored, data, message):
    before = stored()
    url = reverse("ua_wagtail_admin:adjust", args=[ua_page.translation_key])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored() == before


def test_adjustments_need_the_add_permission(client, ua_page):
    client.force_login(staff("view_actionreport"))
    url = reverse("ua_wagtail_admin:adjust", args=[ua_page.translation_key])
    assert client.post(url, {"letter": "5", "note": "x"}).status_code in (302, 403)
    assert not ActionReport.objects.exists()


def test_recount_command(reports, ua_page):
    ActionTally.objects.filter(action_type="letter", country="DE").update(count=99)
    out = StringIO()
    call_command("recount_action_tallies", "--dry-run", stdout=out)
    assert "letter DE: tally 99, reports 2" in out.getvalue()
    assert "not fixed" in out.getvalue()
    call_command("recount_action_tallies", stdout=StringIO())
    out = StringIO()
    call_command(
        "recount_action_tallies", "--ua", str(ua_page.translation_key), stdout=out
    )
    assert "Tallies match the reports of 1 Urgent Action." in out.getvalue()


def test_recount_command_refuses_a_bad_key():
    with pytest.raises(CommandError, match="translation key"):
        call_command("recount_action_tallies", "--ua", "nope")


def test_purge_erases_personal_data_and_keeps_counts(reports, ua_page):
    ActionReport.objects.update(created_at="2020-01-01T00:00:00Z")
    out = StringIO()
    call_command("purge_action_reports", "--older-than", "30", stdout=out)
    assert "Erased personal data from 3 reports" in out.getvalue()
    assert not ActionReport.objects.exclude(contact_email="").exists()
    assert not ActionReport.objects.exclude(client_hash="").exists()
    assert ActionReport.objects.count() == 3
    assert tallies.totals(ua_page.translation_key).total == 5


def test_purge_keeps_recent_data(reports):
    call_command("purge_action_reports", "--older-than", "30", stdout=StringIO())
    assert ActionReport.objects.get(contact_name="Ana").contact_email


def test_purge_refuses_negative_days():
    with pytest.raises(CommandError, match="0 or more"):
        call_command("purge_action_reports", "--older-than", "-1")


def test_reports_group_permissions_can_be_granted():
    group = Group.objects.create(name="Campaigners")
    group.permissions.add(Permission.objects.get(codename="view_actionreport"))
    user = get_user_model().objects.create_user("c")
    user.groups.add(group)
    from ua_wagtail.reports.permissions import can_record_adjustments, can_view_reports

    assert can_view_reports(user) and not can_record_adjustments(user)
