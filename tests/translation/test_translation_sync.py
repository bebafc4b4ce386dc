"""Syncing translations with wagtail-localize: facts follow the source, words stay
the translator's, and a section's own CC survives."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import WorkflowPage
from wagtail_localize.models import TranslationSource

from ua_wagtail.models import Target, UrgentActionPage

from ..factories import TargetFactory, UrgentActionPageFactory, targets_body
from ..localize import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister():
    return TargetFactory(name="Ivan Kubrakou", position="Minister of Internal Affairs")


@pytest.fixture
def embassy():
    return TargetFactory(name="Embassy of Belarus", position="Ambassador")


@pytest.fixture
def source(index_page, minister, embassy):
    return UrgentActionPageFactory(
        parent=index_page,
        slug="kalesnikava",
        summary="Maryia Kalesnikava is held in isolation.",
        body=targets_body([minister], cc=[embassy]),
    )


FRENCH = {"Maryia Kalesnikava is held in isolation.": "Maryia Kalesnikava est isolée."}


def publish(page):
    page.save_revision().publish()
    return UrgentActionPage.objects.get(pk=page.pk)


def test_a_new_deadline_reaches_the_translation_and_the_words_stay(source):
    french = translate(source, "fr", strings=FRENCH)
    assert french.summary == "Maryia Kalesnikava est isolée."
    source.deadline += datetime.timedelta(days=14)
    source.ua_number = "148/20"
    source = publish(source)

    french = translate(source, "fr")  # sync: no new strings from the translator
    assert (french.deadline, french.ua_number) == (source.deadline, "148/20")
    assert french.summary == "Maryia Kalesnikava est isolée."


def test_a_new_email_reaches_the_targets_translation_and_its_words_stay(minister):
    french = translate(
        minister,
        "fr",
        strings={"Minister of Internal Affairs": "Ministre de l’Intérieur"},
    )
    minister.email = "press@mvd.gov.by"
    minister.fax = "+375 17 218 78 00"
    minister.save()

    french = translate(minister, "fr")
    assert (french.email, french.fax) == ("press@mvd.gov.by", "+375 17 218 78 00")
    assert french.position == "Ministre de l’Intérieur"
    assert french.locale.language_code == "fr" and french.pk != minister.pk


def test_a_sections_own_cc_survives_a_sync(source, embassy):
    paris = TargetFactory(name="Ambassade du Bélarus en France", position="Ambassadeur")
    french = translate(source, "fr", overrides={".target": paris.pk})
    assert [t.pk for t in french.recipients.cc] == [paris.pk]
    assert [t.pk for t in source.recipients.cc] == [embassy.pk]

    source.deadline += datetime.timedelta(days=7)
    source = publish(source)
    french = translate(source, "fr")
    assert [t.pk for t in french.recipients.cc] == [paris.pk]
    assert french.deadline == source.deadline


def test_the_primary_target_cannot_be_overridden(source, minister):
    other = TargetFactory(name="Someone else")
    french = translate(source, "fr", overrides={".target": other.pk})
    assert [t.pk for t in french.recipients.to] == [minister.pk]


def test_pages_show_targets_in_their_own_language(client, source, minister):
    translate(
        minister,
        "fr",
        strings={"Minister of Internal Affairs": "Ministre de l’Intérieur"},
    )
    french = translate(source, "fr", strings=FRENCH)
    html = client.get(french.url).content.decode()
    assert "Ministre de l’Intérieur" in html
    assert "Minister of Internal Affairs" not in html
    english = client.get(source.url).content.decode()
    assert "Minister of Internal Affairs" in english


def test_a_target_without_a_translation_shows_in_the_source_language(client, source):
    french = translate(source, "fr", strings=FRENCH)
    assert Target.objects.filter(locale__language_code="fr").count() == 0
    assert "Minister of Internal Affairs" in client.get(french.url).content.decode()


def test_syncing_in_the_admin_brings_a_new_deadline_to_every_translation(
    client, source
):
    # Without a workflow (Wagtail's default one is on the root): with one, sync
    # sends translations to review (test_translation_review_guards.py).
    WorkflowPage.objects.all().delete()
    french = translate(source, "fr", strings=FRENCH)
    russian = translate(source, "ru")
    source.deadline += datetime.timedelta(days=21)
    source = publish(source)

    admin = get_user_model().objects.create_superuser("editor", "", "x")
    client.force_login(admin)
    translation_source = TranslationSource.objects.get(object_id=source.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[translation_source.pk])
    assert client.post(url, {"publish_translations": "on"}).status_code == 302

    for page in (french, russian):
        assert UrgentActionPage.objects.get(pk=page.pk).deadline == source.deadline
    assert UrgentActionPage.objects.get(pk=french.pk).summary == (
        "Maryia Kalesnikava est isolée."
    )
