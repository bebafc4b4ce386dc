"""Editors work through Wagtail's admin: add-page form, tabs, Target snippets."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from ua_wagtail.models import Target, UrgentActionIndexPage, UrgentActionPage

from ..factories import (
    DEFAULT_BODY,
    TargetFactory,
    UrgentActionIndexPageFactory,
    page_form_data,
)


class TestEditorCreatesAnUrgentAction(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        home = HomePage.objects.first() or self._home()
        self.index = UrgentActionIndexPageFactory(parent=home, slug="ua")
        self.minister = TargetFactory(name="Ivan Kubrakou", email="m@example.org")
        self.embassy = TargetFactory(organisation="Embassy", email="e@example.org")

    @staticmethod
    def _home():
        from wagtail.models import Page, Site

        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
        return home

    def add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=("ua_wagtail", "urgentactionpage", self.index.pk),
        )

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(UrgentActionPage, {UrgentActionIndexPage})
        self.assertAllowedSubpageTypes(UrgentActionPage, set())

    def test_can_create_and_publish_through_the_add_form(self):
        data = page_form_data(self.minister, self.embassy)
        data["action-publish"] = "Publish"
        self.assertCanCreate(self.index, UrgentActionPage, data)
        page = UrgentActionPage.objects.get(slug="free-jane-doe")
        assert page.live
        assert page.preferred_languages == ["be", "ru", "en"]
        assert page.recipients == ([self.minister], [self.embassy])
        response = self.client.get(page.url)
        assert b"Release Jane Doe." in response.content

    def test_new_page_form_starts_with_every_block(self):
        response = self.client.get(self.add_url())
        assert response.status_code == 200
        body = response.context["form"]["body"].value()
        assert [child.block_type for child in body] == DEFAULT_BODY
        assert (
            body[0].value["open_text"] == "Please take action as soon as possible until"
        )

    def test_new_page_blocks_have_their_own_ids(self):
        # Without ids, every block's section shares one HTML id in the editor.
        response = self.client.get(self.add_url())
        body = response.context["form"]["body"].value()
        ids = [child.id for child in body]
        assert all(ids) and len(set(ids)) == len(ids)
        assert "block-null-section" not in response.content.decode()

    def test_a_draft_may_have_only_cc_targets_but_publishing_needs_a_target(self):
        data = page_form_data(self.minister, self.embassy)
        data["body-1-value-targets-0-value-role"] = "cc"
        response = self.client.post(self.add_url(), data)  # "Save draft"
        page = UrgentActionPage.objects.get(slug="free-jane-doe")
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
        data["action-publish"] = "Publish"
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        html = self.client.post(edit, data).content.decode()
        assert "Add at least one official with the role" in html
        page.refresh_from_db()
        assert not page.live

    def test_bulk_publish_refuses_a_draft_with_nobody_to_write_to(self):
        data = page_form_data(self.minister, self.embassy)
        data["body-1-value-targets-0-value-role"] = "cc"
        self.client.post(self.add_url(), data)  # a draft
        page = UrgentActionPage.objects.get(slug="free-jane-doe")
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        listing = reverse("wagtailadmin_explore", args=[self.index.pk])
        response = self.client.post(
            f"{url}?id={page.pk}&next={listing}", {"include_descendants": ""}
        )
        self.assertRedirects(response, listing)
        assert str(list(get_messages(response.wsgi_request))[-1]) == (
            "Nothing was published. Still without a target to write to: “Free Jane Doe”."
        )
        page.refresh_from_db()
        assert not page.live

    def test_bulk_publish_publishes_a_draft_with_a_target(self):
        self.client.post(self.add_url(), page_form_data(self.minister, self.embassy))
        page = UrgentActionPage.objects.get(slug="free-jane-doe")
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        self.client.post(f"{url}?id={page.pk}", {"include_descendants": ""})
        page.refresh_from_db()
        assert page.live

    def test_edit_view_groups_fields_in_tabs(self):
        data = page_form_data(self.minister, self.embassy)
        self.assertCanCreate(self.index, UrgentActionPage, data)
        page = UrgentActionPage.objects.get(slug="free-jane-doe")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        soup = BeautifulSoup(response.content, "html.parser")
        # Wagtail shows the settings fields (scheduling, comments) in side panels.
        tabs = [tab.contents[0].strip() for tab in soup.select("[role=tab]")]
        assert tabs == ["Action", "Person", "Letter", "Promote"]

    def post_invalid(self, **overrides):
        data = page_form_data(self.minister, self.embassy, **overrides)
        response = self.client.post(self.add_url(), data)
        assert response.status_code == 200  # the form again, with errors
        assert not UrgentActionPage.objects.filter(slug="free-jane-doe").exists()
        return response.content.decode()

    def test_deadline_before_issue_date_is_refused_with_a_clear_message(self):
        html = self.post_invalid(issued_on="2030-03-01", deadline="2030-02-01")
        assert (
            "The deadline (2030-02-01) is before the issue date (2030-03-01)." in html
        )

    def test_malformed_ua_number_is_refused(self):
        html = self.post_invalid(ua_number="147.20")
        assert (
            "Enter the UA number as number/two-digit year, for example 147/20." in html
        )

    def test_unknown_language_is_refused(self):
        html = self.post_invalid(preferred_languages="Belarusian, Klingon")
        assert "“Klingon” is not a language we know." in html

    def test_a_body_with_only_cc_targets_is_refused(self):
        data = page_form_data(self.minister, self.embassy)
        data["body-1-value-targets-0-value-role"] = "cc"
        data["action-publish"] = "Publish"
        response = self.client.post(self.add_url(), data)
        assert not UrgentActionPage.objects.filter(slug="free-jane-doe").exists()
        html = response.content.decode()
        assert "Add at least one official with the role" in html


@pytest.fixture
def targets(db):
    return [
        TargetFactory(name="Ivan Kubrakou", country="BY"),
        TargetFactory(name="Ali Khamenei", country="IR", organisation="Office"),
    ]


def test_target_listing_searches_and_filters(admin_client, targets):
    url = reverse("wagtailsnippets_ua_wagtail_target:list")
    response = admin_client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert {"Organisation", "Country", "Email"} <= set(headers)

    def names(query):
        html = admin_client.get(url + query).content.decode()
        return {t.name for t in targets if t.name in html}

    assert names("?q=Kubrakou") == {"Ivan Kubrakou"}
    assert names("?country=IR") == {"Ali Khamenei"}


def test_target_form_reports_bad_numbers(admin_client, db):
    url = reverse("wagtailsnippets_ua_wagtail_target:add")
    response = admin_client.post(
        url,
        {
            "name": "Ivan Kubrakou",
            "fax": "17 203 99 18",
            "email": "uzgs@mvd.gov.by",
            "preferred_languages": "",
            "locale": "",
        },
    )
    assert response.status_code == 200
    assert "Enter an international number starting with +" in response.content.decode()
    assert not Target.objects.exists()


def test_target_can_be_added_in_the_admin(admin_client, db):
    url = reverse("wagtailsnippets_ua_wagtail_target:add")
    response = admin_client.post(
        url,
        {
            "honorific": "Lt.-Gen.",
            "name": "Ivan Kubrakou",
            "position": "Minister of the Interior",
            "address": "Vul. Haradski Val 4,\nMinsk 220030, Belarus",
            "country": "BY",
            "fax": "+375 17 203 99 18",
            "email": "uzgs@mvd.gov.by",
            "salutation": "Dear Minister",
            "preferred_languages": "be, ru, en",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.preferred_languages == ["be", "ru", "en"]


def test_target_chooser_lists_name_position_and_organisation(admin_client, db):
    TargetFactory(
        honorific="Mr.", name="Pavel Shidlovsky", position="Chargé d'Affaires",
        organisation="Embassy of Belarus", email="usa@mfa.gov.by",
    )  # fmt: skip
    response = admin_client.get(
        reverse("wagtailsnippetchoosers_ua_wagtail_target:choose")
    )
    soup = BeautifulSoup(response.json()["html"], "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headers[:3] == ["Name", "Position", "Organisation"]
    cells = [td.get_text(strip=True) for td in soup.select("tbody tr td")]
    assert cells[:3] == [
        "Mr. Pavel Shidlovsky",
        "Chargé d'Affaires",
        "Embassy of Belarus",
    ]


def test_language_lists_are_labelled_in_sentence_case(admin_client, db):
    response = admin_client.get(reverse("wagtailsnippets_ua_wagtail_target:add"))
    soup = BeautifulSoup(response.content, "html.parser")
    label = soup.find("label", attrs={"for": "id_preferred_languages"})
    assert label.get_text(strip=True).startswith("Preferred languages")
