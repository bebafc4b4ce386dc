"""Links from any source are web addresses (audit finding 6): checked when stored
and again when shown, since some paths store without checking."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from ua_wagtail.importer.build import build_draft
from ua_wagtail.importer.parser import parse
from ua_wagtail.models import Target, UrgentActionPage

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..importer.documents import seed_text

pytestmark = pytest.mark.django_db
HOSTILE = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/ua.pdf",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_an_imported_link_that_is_not_a_web_address_is_left_out(index_page, url):
    text = seed_text().replace(
        "https://www.amnesty.org/en/documents/eur49/6920/2023/en/", url
    )
    imported = build_draft(parse(text), index_page)
    draft = UrgentActionPage.objects.get(pk=imported.page.pk)
    assert draft.previous_action_url == ""
    latest = draft.get_latest_revision_as_object()
    assert latest.previous_action_url == ""
    assert any("previous Urgent Action" in n for n in imported.left_for_editor)


@pytest.mark.parametrize("url", HOSTILE)
def test_editors_and_full_clean_refuse_them(index_page, url):
    page = UrgentActionPageFactory.build(previous_action_url=url)
    with pytest.raises(ValidationError) as refused:
        page.full_clean(exclude=["path", "depth", "translation_key", "locale"])
    assert "previous_action_url" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        TargetFactory.build(facebook=url).full_clean(exclude=["translation_key"])
    assert "facebook" in refused.value.message_dict


@pytest.fixture
def stored_unchecked(index_page):
    """A link stored by a path that skipped the checks (a bulk action, an older
    version): shown nowhere as a link."""
    target = TargetFactory()
    Target.objects.filter(pk=target.pk).update(facebook=HOSTILE[0])
    page = UrgentActionPageFactory(parent=index_page, body=targets_body([target]))
    UrgentActionPage.objects.filter(pk=page.pk).update(previous_action_url=HOSTILE[0])
    return UrgentActionPage.objects.get(pk=page.pk), target


def test_a_stored_link_that_is_not_a_web_address_is_never_shown(
    client, stored_unchecked
):
    page, target = stored_unchecked
    for url in (
        page.url,
        f"/api/v2/pages/{page.pk}/",
        f"/api/v3/pages/{page.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "javascript:" not in response.content.decode(), url
    admin = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(admin)
    revision = page.save_revision(clean=False)
    url = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])
    assert "javascript:" not in client.get(url).content.decode()
