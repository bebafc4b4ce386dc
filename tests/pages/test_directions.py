"""Web addresses, email addresses and phone numbers are written left to right on
every page, so an Arabic page does not scramble them (``dir="ltr"``)."""

import re

import pytest
from bs4 import BeautifulSoup

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body

pytestmark = pytest.mark.django_db

LEFT_TO_RIGHT_TEXT = re.compile(
    r"^(https?://\S+|[^@\s]+@[^@\s]+\.\w+|\+?[\d ()-]{7,}|@\w+)$"
)


@pytest.fixture
def page(index_page):
    official = TargetFactory(
        phone="+375 17 218 84 25",
        x_handle="@mvd_by",
        facebook="https://www.facebook.com/mvd.by",
    )
    return UrgentActionPageFactory(
        parent=index_page,
        previous_action_url="https://www.amnesty.org/en/documents/eur49/6920/2023/en/",
        body=targets_body([official], cc=[TargetFactory()])
        + [("report_form", {"goal": 100})],
    )


def direction(element):
    """The direction an element's text is laid out in: its own or its nearest
    ancestor's ``dir``."""
    while element is not None:
        if element.get("dir"):
            return element["dir"]
        element = element.parent
    return None


def test_every_address_and_number_shown_is_left_to_right(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    shown = [
        text
        for text in soup.find("main").find_all(string=True)
        if LEFT_TO_RIGHT_TEXT.match(text.strip())
    ]
    texts = {text.strip() for text in shown}
    # Each kind is there: the check below looked at them all.
    assert {
        "https://www.amnesty.org/en/documents/eur49/6920/2023/en/",
        "+375 17 218 84 25",
        "+375 17 203 99 18",
        "@mvd_by",
        "https://www.facebook.com/mvd.by",
    } <= texts
    assert any("@example.org" in text for text in texts)
    assert {text.strip(): direction(text.parent) for text in shown} == dict.fromkeys(
        texts, "ltr"
    )


def test_the_email_a_visitor_types_is_left_to_right(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.find("input", type="email")["dir"] == "ltr"
