"""A translator's override of the CC target (a section copies its own embassy):
one that names no target is refused in the editor and never breaks a preview, a
submission or a sync (found by an attack review of the hardening)."""

from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation

from ua_wagtail.models import UrgentActionPage
from ua_wagtail.translation.workflow import TRANSLATORS

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..localize import translate
from .test_translation_workflow import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(index_page):
    minister, embassy = TargetFactory(), TargetFactory(name="Embassy of Belarus")
    source = UrgentActionPageFactory(
        parent=index_page, body=targets_body([minister], cc=[embassy])
    )
    french = translate(source, "fr")
    call_command("setup_translation_workflow", stdout=StringIO())
    return french, embassy


def override(client, page, value):
    """What wagtail-localize's editor sends when the translator picks a target."""
    translation = Translation.objects.get(target_locale=page.locale)
    segment = OverridableSegment.objects.get(context__path__endswith=".target")
    url = reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk])
    return client.put(
        url, urlencode({"value": value}), "application/x-www-form-urlencoded"
    )


def cc_of(page):
    return page.get_latest_revision_as_object().recipients.cc


@pytest.mark.parametrize("value", ["abc", "999999", "1e3", "-1", ""])
def test_an_override_that_names_no_target_is_refused_and_breaks_nothing(
    client, french, value
):
    page, embassy = french
    client.force_login(member(TRANSLATORS))
    response = override(client, page, value)
    assert response.json()["error"] == "Choose a target that exists."
    assert SegmentOverride.objects.get().has_error

    translation = Translation.objects.get(target_locale=page.locale)
    preview = reverse("wagtail_localize:preview_translation", args=[translation.pk])
    assert client.get(preview).status_code == 200
    submit = reverse("ua_wagtail_admin:submit_translation", args=[page.pk])
    assert client.post(submit).status_code == 302
    assert cc_of(UrgentActionPage.objects.get(pk=page.pk)) == [embassy]

    admin = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(admin)
    sync = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert client.post(sync, {"publish_translations": "on"}).status_code == 302


def test_a_sections_own_embassy_is_kept_and_a_corrected_override_clears(client, french):
    page, _embassy = french
    paris = TargetFactory(name="Embassy of Belarus in Paris")
    client.force_login(member(TRANSLATORS))
    assert override(client, page, "abc").json()["error"]
    response = override(client, page, str(paris.pk))
    assert response.json()["error"] is None
    assert not SegmentOverride.objects.get().has_error
    submit = reverse("ua_wagtail_admin:submit_translation", args=[page.pk])
    assert client.post(submit).status_code == 302
    assert cc_of(UrgentActionPage.objects.get(pk=page.pk)) == [paris]
