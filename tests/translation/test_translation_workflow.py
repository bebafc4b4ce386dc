"""Translate → review → publish, through the admin, with a user of each group."""

import inspect
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import resolve, reverse
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.translation import admin_views
from ua_wagtail.translation.workflow import REVIEWERS, TRANSLATORS, WORKFLOW

from ..localize import translate

pytestmark = pytest.mark.django_db
SUMMARY = "A woman is held in isolation."


@pytest.fixture
def pages(ua_page):
    ua_page.summary = SUMMARY
    ua_page.save_revision().publish()
    source = UrgentActionPage.objects.get(pk=ua_page.pk)
    french = translate(source, "fr")
    call_command("setup_translation_workflow", stdout=StringIO())
    return source, french


def member(name):
    user = get_user_model().objects.create_user(name.lower(), password="x")
    user.groups.add(Group.objects.get(name=name))
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit_url(page):
    return reverse("ua_wagtail_admin:submit_translation", args=[page.pk])


def review(client, page, action):
    """A reviewer's ``action`` ("approve", "reject") on the page's current task."""
    state = WorkflowState.objects.get(object_id=str(page.pk))
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state.pk],
    )
    return client.post(url)


def test_setting_up_twice_changes_nothing(pages):
    tables = [Group, GroupPagePermission, WorkflowPage, WorkflowTask]
    before = [model.objects.count() for model in tables]
    out = StringIO()
    call_command("setup_translation_workflow", stdout=out)
    assert [model.objects.count() for model in tables] == before
    assert "nothing changed" in out.getvalue()


def test_the_workflow_and_permissions_are_on_translated_indexes_only(pages):
    source, french = pages
    assert french.get_workflow().name == WORKFLOW
    assert (
        source.get_workflow().name != WORKFLOW
    )  # the editors' own (Wagtail's default)
    assert not GroupPagePermission.objects.filter(page=source.get_parent())
    assert GroupPagePermission.objects.filter(page=french.get_parent()).count() == 3


def test_a_workflow_the_site_chose_is_left_alone(pages):
    _source, french = pages
    index = french.get_parent()
    own = Workflow.objects.create(name="Legal review")
    WorkflowPage.objects.filter(page=index).update(workflow=own)
    out = StringIO()
    call_command("setup_translation_workflow", stdout=out)
    assert WorkflowPage.objects.get(page=index).workflow == own
    assert "keeps its workflow “Legal review”" in out.getvalue()


def test_a_translator_edits_translations_but_not_the_source(client, pages):
    source, french = pages
    translator = member(TRANSLATORS)
    assert french.permissions_for_user(translator).can_edit()
    assert not french.permissions_for_user(translator).can_publish()
    assert not source.permissions_for_user(translator).can_edit()

    client.force_login(translator)
    response = client.get(edit_url(french))
    assert response.status_code == 200
    assert b"wagtail-localize" in response.content  # the translation editor
    response = client.get(edit_url(source))
    assert response.status_code == 302 and "edit" not in response["Location"]


def test_a_translator_cannot_publish_from_the_translation_editor(client, pages):
    _source, french = pages
    client.force_login(member(TRANSLATORS))
    response = client.post(edit_url(french), {"action": "publish"})
    assert response.status_code in (302, 403)
    assert UrgentActionPage.objects.get(pk=french.pk).live_revision_id == (
        french.live_revision_id
    )


def test_a_translation_is_submitted_and_a_reviewer_publishes_it(client, pages):
    source, french = pages
    translator, reviewer = member(TRANSLATORS), member(REVIEWERS)
    # The translator types the French summary in wagtail-localize's editor.
    segment = StringSegment.objects.get(string__data=SUMMARY)
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=french.locale,
        context=segment.context,
        data="Une femme est détenue à l’isolement.",
        translation_type="manual",
        last_translated_by=translator,
    )

    client.force_login(translator)
    url = submit_url(french)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    french = UrgentActionPage.objects.get(pk=french.pk)
    state = WorkflowState.objects.get(object_id=str(french.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert french.summary == SUMMARY  # not published yet
    assert client.get(url).status_code == 302  # already in review: refused

    client.force_login(reviewer)
    assert review(client, french, "approve").status_code in (200, 302)
    french = UrgentActionPage.objects.get(pk=french.pk)
    assert french.summary == "Une femme est détenue à l’isolement."
    assert french.live and not french.has_unpublished_changes
    assert UrgentActionPage.objects.get(pk=source.pk).summary == SUMMARY


def test_the_source_cannot_be_submitted_as_a_translation(client, pages):
    source, _french = pages
    client.force_login(member(TRANSLATORS))
    url = submit_url(source)
    assert client.post(url).status_code in (302, 403)
    assert not WorkflowState.objects.exists()


def translate_string(french, source_text, text, user):
    """What the translator's typing in wagtail-localize's editor stores."""
    segment = StringSegment.objects.get(string__data=source_text)
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=french.locale,
        context=segment.context,
        defaults={
            "data": text,
            "translation_type": "manual",
            "last_translated_by": user,
        },
    )


def test_a_translation_sent_back_for_changes_is_resubmitted(client, pages):
    _source, french = pages
    translator, reviewer = member(TRANSLATORS), member(REVIEWERS)
    url = submit_url(french)
    client.force_login(translator)
    client.post(url)
    state = WorkflowState.objects.get(object_id=str(french.pk))

    client.force_login(reviewer)
    review(client, french, "reject")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(translator)
    translate_string(french, SUMMARY, "Une femme est isolée.", translator)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(french.pk)).count() == 1
    latest = UrgentActionPage.objects.get(pk=french.pk).get_latest_revision_as_object()
    assert latest.summary == "Une femme est isolée."


def test_a_translated_slug_is_made_valid(client, pages):
    source, french = pages
    translator = member(TRANSLATORS)
    translate_string(french, source.slug, "Une femme détenue", translator)
    client.force_login(translator)
    url = submit_url(french)
    assert client.post(url).status_code == 302
    latest = UrgentActionPage.objects.get(pk=french.pk).get_latest_revision_as_object()
    assert latest.slug == "une-femme-detenue"


def test_a_translator_cannot_reach_the_facts_of_a_stopped_translation(client, pages):
    """A reviewer stopped the sync (translators may not: see
    test_translation_review_guards.py); Wagtail's editor would show the facts."""
    _source, french = pages
    reviewer, translator = member(REVIEWERS), member(TRANSLATORS)
    client.force_login(reviewer)
    translation = Translation.objects.get(target_locale=french.locale, enabled=True)
    client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
    assert not Translation.objects.get(pk=translation.pk).enabled

    client.force_login(translator)
    response = client.get(edit_url(french))
    assert response.status_code == 302 and "edit" not in response["Location"]
    deadline = french.deadline
    client.post(edit_url(french), {"deadline": "2099-01-01", "action-submit": "1"})
    assert UrgentActionPage.objects.get(pk=french.pk).deadline == deadline

    client.force_login(reviewer)
    assert client.get(edit_url(french)).status_code == 200  # may edit, or restart sync


def test_the_message_names_the_submitted_title(client, pages):
    source, french = pages
    translator = member(TRANSLATORS)
    translate_string(french, source.title, "Une femme détenue", translator)
    client.force_login(translator)
    url = submit_url(french)
    response = client.post(url)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "“Une femme détenue” was submitted for review."
    ]


def convert_url(page):
    return reverse("wagtail_localize:convert_to_alias", args=[page.pk])


def unchanged(french):
    """The French page is still itself, and still a synced translation."""
    page = UrgentActionPage.objects.get(pk=french.pk)
    return (
        page.alias_of_id is None
        and page.live_revision_id == french.live_revision_id
        and Translation.objects.filter(
            target_locale=french.locale, source__object_id=french.translation_key
        ).exists()
    )


def test_wagtail_localize_s_convert_url_reaches_the_guard_first():
    match = resolve(reverse("wagtail_localize:convert_to_alias", args=[1]))
    assert inspect.unwrap(match.func) is inspect.unwrap(admin_views.convert_to_alias)


def test_a_translator_cannot_convert_a_translation_to_an_alias(client, pages):
    _source, french = pages
    client.force_login(member(TRANSLATORS))
    for method in client.get, client.post:  # the confirmation, the conversion
        response = method(convert_url(french), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "you do not have permission" in response.content.decode()
    assert unchanged(french)

    # Wagtail's editor posts its button to the edit view: wagtail-localize only
    # redirects that to the URL above.
    data = {"localize-convert-to-alias": "1"}
    response = client.post(edit_url(french), data, follow=True)
    assert response.redirect_chain[-1] == (reverse("wagtailadmin_home"), 302)
    assert unchanged(french)


def test_a_translator_cannot_convert_the_translated_index(client, pages):
    source, french = pages
    index = translate(source.get_parent().specific, "fr")
    client.force_login(member(TRANSLATORS))
    client.post(convert_url(index))
    assert UrgentActionIndexPage.objects.get(pk=index.pk).alias_of_id is None


def test_a_reviewer_may_convert_a_translation_to_an_alias(client, pages):
    source, french = pages
    client.force_login(member(REVIEWERS))
    assert client.post(convert_url(french)).status_code == 302
    assert UrgentActionPage.objects.get(pk=french.pk).alias_of_id == source.pk


def test_the_button_is_hidden_from_translators_only(client, pages):
    """Wagtail's editor, shown for a translation whose sync was stopped (of the
    index: a translator may edit it), offers "Convert to alias page"."""
    source, _french = pages
    index = translate(source.get_parent().specific, "fr")
    Translation.objects.filter(source__object_id=index.translation_key).update(
        enabled=False
    )
    client.force_login(member(TRANSLATORS))
    response = client.get(edit_url(index))
    assert response.status_code == 200
    assert b"localize-convert-to-alias" not in response.content
    client.force_login(member(REVIEWERS))
    assert b"localize-convert-to-alias" in client.get(edit_url(index)).content


def translate_in_admin(client, page, language_code):
    """An admin's "Translate this page" into a language the site did not have."""
    locale = Locale.objects.create(language_code=language_code)
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.post(url, {"locales": [locale.pk]}).status_code == 302
    return UrgentActionPage.objects.get(
        translation_key=page.translation_key, locale=locale
    )


def test_a_new_language_is_reviewed_before_it_goes_live(client, ua_page):
    call_command("setup_translation_workflow", stdout=StringIO())
    french = translate_in_admin(client, ua_page, "fr")
    assert not french.live  # WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    index = french.get_parent()
    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW
    assert GroupPagePermission.objects.filter(page=index).count() == 3

    translator, reviewer = member(TRANSLATORS), member(REVIEWERS)
    translate_string(french, ua_page.title, "Une femme détenue", translator)
    client.force_login(translator)
    url = submit_url(french)
    assert client.post(url).status_code == 302
    client.force_login(reviewer)
    assert review(client, french, "approve").status_code in (200, 302)
    french = UrgentActionPage.objects.get(pk=french.pk)
    assert french.live and french.title == "Une femme détenue"


def test_a_new_language_gets_nothing_without_the_set_up(client, ua_page):
    french = translate_in_admin(client, ua_page, "fr")
    assert not Workflow.objects.filter(name=WORKFLOW).exists()
    assert not WorkflowPage.objects.filter(page=french.get_parent()).exists()
    assert not GroupPagePermission.objects.filter(page=french.get_parent()).exists()


def test_a_check_warns_while_new_translations_go_live_at_once(settings):
    assert "ua_wagtail.W005" not in {m.id for m in run_checks()}
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    assert "ua_wagtail.W005" in {m.id for m in run_checks()}
