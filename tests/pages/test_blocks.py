import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import blocks

from ua_wagtail.blocks import UrgentActionBodyBlock
from ua_wagtail.models import UrgentActionPage
from ua_wagtail.utils.dates import site_today

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

pytestmark = pytest.mark.django_db

BODY = UrgentActionPage.body.field.stream_block
BLOCK_NAMES = list(BODY.child_blocks)


def render(page, block_type):
    child = next(child for child in page.body if child.block_type == block_type)
    return BeautifulSoup(child.render_as_block({"page": page}), "html.parser")


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_every_block_is_described_for_the_block_picker(name):
    block = BODY.child_blocks[name]
    assert block.meta.icon not in ("", "placeholder")
    assert block.label
    assert block.meta.help_text
    assert block.get_description()
    assert block.is_previewable


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_every_block_preview_renders_in_the_admin(admin_client, name):
    block = BODY.child_blocks[name]
    url = reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"
    response = admin_client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main section, main .ua-deadline") is not None
    assert soup.find("link", href="/static/ua_wagtail/css/urgent-action.css")


def seed_like_page():
    minister = TargetFactory(email="minister@example.org", salutation="Dear Minister")
    embassy = TargetFactory(organisation="Embassy", email="embassy@example.org")
    page = UrgentActionPageFactory.build(
        title="Free Jane",
        deadline=site_today() + datetime.timedelta(days=20),
        body=[
            ("deadline_banner", {}),
            (
                "take_action",
                {
                    "heading": "Take action",
                    "steps": [
                        {"kind": "letter", "text": "<p>Write a letter.</p>"},
                        {"kind": "report", "text": "<p>Tell us.</p>"},
                    ],
                },
            ),
            *targets_body([minister], cc=[embassy]),
            (
                "sample_letter",
                {
                    "heading": "Sample letter",
                    "salutation": "Dear Minister,",
                    "body": "<p>Release Jane &amp; end her isolation.</p>",
                    "closing": "Yours sincerely,",
                },
            ),
            (
                "additional_information",
                {"heading": "Additional information", "body": "<p>Background.</p>"},
            ),
        ],
    )
    return page, minister, embassy


def test_take_action_block_lists_steps_in_order():
    page, *_ = seed_like_page()
    html = render(page, "take_action")
    assert [li.get_text(strip=True) for li in html.select("ol li")] == [
        "Write a letter.",
        "Tell us.",
    ]
    assert html.select_one("li")["class"] == ["ua-step", "ua-step-letter"]


def test_targets_block_separates_cc():
    page, minister, embassy = seed_like_page()
    html = render(page, "targets")
    primary = html.select(".ua-target-primary")
    cc = html.select(".ua-target-cc")
    assert len(primary) == len(cc) == 1
    assert minister.fax in primary[0].get_text()
    assert primary[0].find("a", href="tel:+375172039918")
    assert primary[0].find("a", href="mailto:minister@example.org")
    assert "Embassy" in cc[0].get_text()
    assert html.find("h3", string="Send a copy to (CC)")


def test_letter_block_offers_an_email_per_primary_target_copying_cc():
    page, minister, _ = seed_like_page()
    html = render(page, "sample_letter")
    letter = html.select_one(".ua-letter-text").get_text(" ", strip=True)
    assert letter == (
        "Dear Minister, Release Jane & end her isolation. Yours sincerely,"
    )
    links = html.select('a[href^="mailto:"]')
    assert len(links) == 1
    href = links[0]["href"]
    assert href.startswith("mailto:minister@example.org?cc=embassy%40example.org")
    assert "subject=Free%20Jane" in href
    assert "Release%20Jane%20%26%20end%20her%20isolation." in href
    copy = html.select_one("button[data-ua-copy]")
    assert copy.has_attr("hidden")  # shown by the script only
    assert copy["data-ua-copy"] == html.select_one(".ua-letter-text")["id"]


def test_additional_information_block_renders_rich_text():
    page, *_ = seed_like_page()
    html = render(page, "additional_information")
    assert html.h2.get_text() == "Additional information"
    assert html.p.get_text() == "Background."


@pytest.mark.parametrize(
    ("offset", "status", "text"),
    [
        (20, "open", "Please take action as soon as possible until"),
        (3, "closing_soon", "Closing soon: 3 days left"),
        (-1, "closed", "This Urgent Action has closed."),
    ],
)
def test_deadline_banner_reads_the_page_deadline(offset, status, text):
    page, *_ = seed_like_page()
    page.deadline = site_today() + datetime.timedelta(days=offset)
    html = render(page, "deadline_banner")
    banner = html.select_one(".ua-deadline")
    assert f"ua-deadline-{status}" in banner["class"]
    assert banner["role"] == "status"
    assert text in banner.get_text(" ", strip=True)
    if status != "closed":
        assert banner.time["datetime"] == page.deadline.isoformat()


def test_body_needs_a_primary_target():
    target = TargetFactory()
    value = BODY.to_python(
        [
            {
                "type": "targets",
                "value": {
                    "heading": "To",
                    "targets": [{"target": target.pk, "role": "cc"}],
                },
            }
        ]
    )
    with pytest.raises(blocks.StreamBlockValidationError) as error:
        BODY.clean(value)
    assert "at least one official with the role “Write to”" in str(
        error.value.non_block_errors
    )


def empty_targets_body():
    return BODY.to_python(
        [{"type": "targets", "value": {"heading": "To", "targets": []}}]
    )


def test_an_empty_targets_block_is_refused_on_publish():
    with pytest.raises(blocks.StreamBlockValidationError) as error:
        BODY.clean(empty_targets_body())
    [targets_error] = error.value.block_errors.values()
    assert targets_error.block_errors["targets"].non_block_errors.as_data()[
        0
    ].messages == ["Choose at least one official."]


def test_a_draft_may_leave_the_targets_block_empty():
    cleaned = BODY.clean_deferred(empty_targets_body())
    assert list(cleaned[0].value["targets"]) == []


def test_a_new_urgent_action_has_no_minimum_the_editor_would_see_before_acting():
    """The editor's script shows a list block's minimum as an error as soon as
    the block appears; the targets block starts empty, so it has none."""
    targets = BODY.child_blocks["targets"].child_blocks["targets"]
    assert targets.meta.min_num is None


def test_the_editor_names_block_item_chooser_and_role_apart():
    block = BODY.child_blocks["targets"]
    item = block.child_blocks["targets"].child_block
    labels = [
        block.label,
        item.label,
        item.child_blocks["target"].label,
        item.child_blocks["role"].label,
    ]
    assert labels == ["Officials to write to", "Official", "UA target", "Role"]
    assert [str(label) for _, label in item.child_blocks["role"].field.choices] == [
        "Write to",
        "Send a copy to",
    ]


def test_action_types_are_checkboxes():
    report_form = BODY.child_blocks["report_form"]
    widget = report_form.child_blocks["action_types"].field.widget
    assert widget.input_type == "checkbox"


def test_body_needs_a_targets_block():
    with pytest.raises(blocks.StreamBlockValidationError):
        UrgentActionBodyBlock().clean(BODY.to_python([]))
