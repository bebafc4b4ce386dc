"""Translation review cannot be bypassed through wagtail-localize: "Sync translated
pages" with "Publish immediately" sends a reviewed translation to its reviewers
instead of publishing it, and only those who may publish it stop its sync."""

import datetime
import inspect
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils.html import escape
from wagtail.models import GroupPagePermission, Page, WorkflowPage, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

from ua_wagtail.models import UrgentActionIndexPage, UrgentActionPage
from ua_wagtail.translation import admin_views
from ua_wagtail.translation.workflow import REVIEWERS, TRANSLATORS

from ..localize import translate
from .test_translation_workflow import (
    SUMMARY,
    edit_url,
    member,
    submit_url,
    translate_string,
)

pytestmark = pytest.mark.django_db
REVIEWED = "Une femme est détenue à l’isolement."
UNREVIEWED = "Une femme est isolée, PAS ENCORE RELU."


@pytest.fixture
def pages(ua_page):
    """The source and its live French translation, reviewed."""
    ua_page.summary = SUMMARY
    ua_page.save_revision().publish()
    source = UrgentActionPage.objects.get(pk=ua_page.pk)
    french = translate(source, "fr", strings={SUMMARY: REVIEWED})
    call_command("setup_translation_workflow", stdout=StringIO())
    return source, french


def editor(page):
    """The source's editor: may sync its translations, edit and publish the source,
    and nothing in other languages."""
    user = get_user_model().objects.create_user("editor", password="x")
    group = Group.objects.create(name="Source editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="submit_translation"),
    )
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=page.get_parent(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user.groups.add(group)
    return user


def sync_url(page):
    source = TranslationSource.objects.get(
        object_id=page.translation_key, locale=page.locale
    )
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def sync(client, page, publish=True):
    """The editor's "Sync translated pages" on ``page``, with "Publish immediately"
    checked or not."""
    data = {"publish_translations": "on"} if publish else {}
    response = client.post(sync_url(page), data, follow=True)
    assert response.redirect_chain[0][1] == 302
    return shown(response)


def shown(response):
    """The messages shown on the page a redirect led to."""
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    html = response.content.decode()
    assert all(escape(message) in html for message in messages)
    return messages


def correct_deadline(source):
    """A corrected deadline, published on the source."""
    source.deadline += datetime.timedelta(days=14)
    source.save_revision().publish()
    return UrgentActionPage.objects.get(pk=source.pk)


def approve(client, page):
    state = UrgentActionPage.objects.get(pk=page.pk).current_workflow_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(url).status_code in (200, 302)


def submitted(client, french, translator, reviewer):
    client.force_login(translator)
    assert client.post(submit_url(french), follow=True).status_code == 200
    return UrgentActionPage.objects.get(pk=french.pk).current_workflow_state


def sent_back(client, french, translator, reviewer):
    state = submitted(client, french, translator, reviewer)
    client.force_login(reviewer)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[french.pk, "reject", state.current_task_state.pk],
    )
    assert client.post(url, follow=True).status_code == 200  # messages read
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    return state


def not_in_review(client, french, translator, reviewer):
    return None


@pytest.mark.parametrize("before", [not_in_review, submitted, sent_back])
def test_sync_and_publish_sends_a_reviewed_translation_to_review(client, pages, before):
    source, french = pages
    translator, reviewer = member(TRANSLATORS), member(REVIEWERS)
    translate_string(french, SUMMARY, UNREVIEWED, translator)
    earlier = before(client, french, translator, reviewer)
    source = correct_deadline(source)

    client.force_login(editor(source))
    messages = sync(client, source)

    page = UrgentActionPage.objects.get(pk=french.pk)
    assert page.live_revision_id == french.live_revision_id
    assert (page.summary, page.deadline) == (REVIEWED, french.deadline)
    html = client.get(page.url).content.decode()
    assert REVIEWED in html and UNREVIEWED not in html
    draft = page.get_latest_revision_as_object()
    assert (draft.summary, draft.deadline) == (UNREVIEWED, source.deadline)
    assert messages == [
        f"Synced the translations of “{source.title}”. 1 translation (French) was "
        "saved as a draft and sent for review: its live page is unchanged until a "
        "reviewer approves it."
    ]
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == page.latest_revision_id
    if before is sent_back:
        assert state.pk == earlier.pk  # resumed
    if before is submitted:  # restarted on the new revision
        earlier.refresh_from_db()
        assert earlier.status == WorkflowState.STATUS_CANCELLED

    client.force_login(reviewer)
    approve(client, page)
    page = UrgentActionPage.objects.get(pk=french.pk)
    assert (page.summary, page.deadline) == (UNREVIEWED, source.deadline)
    assert page.live and not page.has_unpublished_changes


def test_a_language_without_a_workflow_is_published_as_wagtail_localize_does(
    client, pages, django_capture_on_commit_callbacks
):
    source, french = pages
    spanish = translate(source, "es")
    WorkflowPage.objects.filter(page=spanish.get_parent()).delete()
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).delete()
    assert spanish.get_workflow() is None and french.get_workflow() is not None
    translator = member(TRANSLATORS)
    translate_string(french, SUMMARY, UNREVIEWED, translator)
    translate_string(spanish, SUMMARY, "Una mujer está aislada.", translator)
    source = correct_deadline(source)

    client.force_login(editor(source))
    with django_capture_on_commit_callbacks(execute=True):
        messages = sync(client, source)
    assert UrgentActionPage.objects.get(pk=french.pk).summary == REVIEWED
    spanish = UrgentActionPage.objects.get(pk=spanish.pk)
    assert (spanish.summary, spanish.deadline) == (
        "Una mujer está aislada.",
        source.deadline,
    )
    assert spanish.live and not spanish.has_unpublished_changes
    assert messages == [
        f"Synced the translations of “{source.title}”. 1 translation (French) was "
        "saved as a draft and sent for review: its live page is unchanged until a "
        "reviewer approves it. 1 translation (Spanish) was published."
    ]


def test_the_index_is_reviewed_and_a_page_elsewhere_published(client, pages, home):
    source, _french = pages
    source_index = source.get_parent().specific
    index = translate(source_index, "fr")
    home_fr = translate(home, "fr")
    translator = member(TRANSLATORS)
    translate_string(index, source_index.title, "Actions urgentes", translator)
    translate_string(home_fr, home.title, "Accueil", translator)

    client.force_login(get_user_model().objects.create_superuser("admin", "", "x"))
    messages = sync(client, source_index)
    index = UrgentActionIndexPage.objects.get(pk=index.pk)
    assert index.title != "Actions urgentes"
    assert index.get_latest_revision_as_object().title == "Actions urgentes"
    assert index.workflow_in_progress
    assert messages[0].endswith(
        "1 translation (French) was saved as a draft and sent for review: its live "
        "page is unchanged until a reviewer approves it."
    )

    assert sync(client, home)[0].endswith("1 translation (French) was published.")
    assert Page.objects.get(pk=home_fr.pk).title == "Accueil"


def test_a_translation_that_does_not_validate_is_named_and_left_alone(client, pages):
    source, french = pages
    too_long = "elle/la " * 10  # a pronoun has 64 characters at most
    translate_string(french, source.subject_pronoun, too_long, member(TRANSLATORS))
    revisions = french.revisions.count()

    client.force_login(editor(source))
    messages = sync(client, source)
    page = UrgentActionPage.objects.get(pk=french.pk)
    assert page.revisions.count() == revisions and not page.workflow_in_progress
    assert messages == [
        f"Synced the translations of “{source.title}”.",
        "1 translation (French) was left as it was: its content does not validate.",
    ]


def test_a_sync_without_publishing_writes_no_page(client, pages):
    source, french = pages
    translate_string(french, SUMMARY, UNREVIEWED, member(TRANSLATORS))
    source = correct_deadline(source)
    revisions = french.revisions.count()

    client.force_login(editor(source))
    sync(client, source, publish=False)
    page = UrgentActionPage.objects.get(pk=french.pk)
    assert (page.summary, page.deadline) == (REVIEWED, french.deadline)
    assert page.revisions.count() == revisions
    assert not page.workflow_in_progress


def test_the_form_says_reviewed_translations_go_to_review(client, pages):
    source, _french = pages
    client.force_login(editor(source))
    html = client.get(sync_url(source)).content.decode()
    assert "saved as drafts and sent for review instead" in html


def test_wagtail_localize_s_urls_reach_the_guards_first():
    sync_match = resolve(reverse("wagtail_localize:update_translations", args=[1]))
    assert sync_match.func.view_class is admin_views.SyncTranslationsView
    stop = resolve(reverse("wagtail_localize:stop_translation", args=[1]))
    assert inspect.unwrap(stop.func) is inspect.unwrap(admin_views.stop_translation)


def stop(client, page):
    """wagtail-localize's "Stop Synced translation", posted from its editor."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    url = reverse("wagtail_localize:stop_translation", args=[translation.pk])
    response = client.post(url, {"next": edit_url(page)}, follow=True)
    assert response.redirect_chain == [(edit_url(page), 302)]
    translation.refresh_from_db()
    return translation.enabled, shown(response)


REFUSED = (
    "The translation is still synced: only a reviewer can stop it, since "
    "corrections to the source (a new deadline, a fax number) would no longer "
    "reach it."
)


def test_a_translator_cannot_stop_the_sync(client, pages):
    source, french = pages
    index = translate(source.get_parent().specific, "fr")
    client.force_login(member(TRANSLATORS))
    assert stop(client, french) == (True, [REFUSED])
    assert stop(client, index) == (True, [REFUSED])


def test_a_reviewer_may_stop_the_sync(client, pages):
    _source, french = pages
    client.force_login(member(REVIEWERS))
    assert stop(client, french) == (False, ["Translation has been stopped."])


def member_of_home_editors(page):
    """A user who may edit ``page`` but not publish it."""
    user = get_user_model().objects.create_user("section", password="x")
    group = Group.objects.create(name="Home editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=page,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user.groups.add(group)
    return user


def test_elsewhere_editing_is_enough_to_stop_the_sync(client, home):
    """wagtail-localize's own rule, outside the Urgent Actions."""
    home_fr = translate(home, "fr")
    client.force_login(member_of_home_editors(home_fr))
    assert stop(client, home_fr) == (False, ["Translation has been stopped."])
