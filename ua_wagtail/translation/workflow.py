"""Translate → review → publish: groups, permissions and the Wagtail workflow.

Translators edit the translations of Urgent Actions (in wagtail-localize's
editor) and submit them for review; Reviewers approve, which publishes. Neither
may edit the source: their page permissions cover only the translated Urgent
Action indexes and the pages below them.

wagtail-localize's editor can publish but cannot submit to a workflow, so
:func:`submit_for_review` saves the translation as a draft revision and starts
the page's workflow (offered as "Submit translation for review" in the page
listing). Its "Sync translated pages" with "Publish immediately" would publish
the translators' strings unreviewed: :func:`sync_and_publish` sends those that
go live through review to their reviewers instead.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import copy_for_translation_done
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import Translation
from wagtail_localize.segments.ingest import ingest_segments

from ..pages.models import UrgentActionIndexPage, UrgentActionPage

TRANSLATORS = "Translators"
REVIEWERS = "Reviewers"
WORKFLOW = "Translate, review and publish"
REVIEW_TASK = "Review the translation"
PAGE_PERMISSIONS = {
    TRANSLATORS: ["change_page"],
    REVIEWERS: ["change_page", "publish_page"],
}


@transaction.atomic
def set_up() -> list[str]:
    """Create or complete the groups and the workflow; safe to run again.

    Returns what it did, one line per change, for the management command.
    """
    done = []
    groups = {}
    for name in (TRANSLATORS, REVIEWERS):
        groups[name], created = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
        if created:
            done.append(_("Created the group “%(name)s”.") % {"name": name})
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW)
    if created:
        done.append(_("Created the workflow “%(name)s”.") % {"name": WORKFLOW})
    task = review_task(groups[REVIEWERS])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for index in UrgentActionIndexPage.objects.all():
        done += assign(index, workflow, groups)
    return done


@receiver(copy_for_translation_done)
def set_up_new_index(sender, target_obj, **kwargs):
    """A new language's Urgent Action index, made when a page is first translated
    into it, gets the workflow and the groups' permissions at once, so translators
    need not wait for :func:`set_up` to be run again. Nothing if it never was."""
    if not isinstance(target_obj, UrgentActionIndexPage):
        return
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    groups = {
        group.name: group for group in Group.objects.filter(name__in=PAGE_PERMISSIONS)
    }
    if workflow is not None and len(groups) == len(PAGE_PERMISSIONS):
        assign(target_obj, workflow, groups)


def review_task(reviewers) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(reviewers)
    return task


def assign(index, workflow, groups) -> list[str]:
    """The workflow and the groups' page permissions on a translated UA index.

    The source index keeps its own workflow: it is the editors'. A workflow the
    site has already set on a translated index is left alone, and said so.
    """
    if index.locale_id == Locale.get_default().pk:
        return []
    done = []
    current = WorkflowPage.objects.filter(page=index).first()
    if current is None:
        WorkflowPage.objects.create(page=index, workflow=workflow)
        done.append(
            _("“%(workflow)s” now applies below “%(page)s” (%(locale)s).")
            % {"workflow": WORKFLOW, "page": index, "locale": index.locale}
        )
    elif current.workflow_id != workflow.pk:
        done.append(
            _("“%(page)s” (%(locale)s) keeps its workflow “%(other)s”.")
            % {"page": index, "locale": index.locale, "other": current.workflow}
        )
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            _permission, created = GroupPagePermission.objects.get_or_create(
                group=groups[name],
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
            if created:
                done.append(
                    _("%(group)s: %(permission)s on “%(page)s” (%(locale)s).")
                    % {
                        "group": name,
                        "permission": codename,
                        "page": index,
                        "locale": index.locale,
                    }
                )
    return done


def translation_of(page) -> Translation | None:
    """The synced wagtail-localize translation whose target is this page, if any."""
    return translations_into(page).filter(enabled=True).first()


def translations_into(page):
    """wagtail-localize's translations whose target is this page, synced or stopped."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    )


def can_submit_for_review(page, user) -> bool:
    """A translated Urgent Action the user may edit, not in review (sent back for
    changes is fine: it is resubmitted)."""
    if not issubclass(page.specific_class or object, UrgentActionPage):
        return False  # cheap checks first: this runs for every row of a listing
    return (
        translation_of(page) is not None  # one query, and sources stop here
        and page.permissions_for_user(user).can_edit()
        and not locked_for(page, user)
        and not page.workflow_in_progress
        and page.get_workflow() is not None
    )


def locked_for(page, user) -> bool:
    lock = page.get_lock()
    return bool(lock and lock.for_user(user))


@transaction.atomic
def submit_for_review(page, user):
    """Save the translation as a draft revision of the page and start its workflow,
    or resume it where a reviewer asked for changes."""
    if not can_submit_for_review(page, user):
        raise PermissionDenied
    return send_to_review(page, translation_of(page), user)


@transaction.atomic
def send_to_review(page, translation, user):
    """Save the translation as a draft revision of its page and put it before the
    reviewers: start the page's workflow, resume it where a reviewer asked for
    changes, or restart one in progress.

    Restarted rather than left running: approving publishes the page's latest
    revision, so a review begun on the previous one would publish this one
    unseen.
    """
    save_draft(translation, user)
    page = page.specific_class.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:
        state.cancel(user=user)
    return page.get_workflow().start(page, user)


def save_draft(translation, user):
    """The translation as a new revision of its page, leaving the live page alone.

    wagtail-localize's ``save_target(publish=False)`` also writes the page's row,
    which is what visitors of a live page see: a translation under review would
    be public at once. This does its steps (synchronised fields, then translated
    segments) on the page in memory and keeps only the revision.
    """
    source, locale = translation.source, translation.target_locale
    original = source.as_instance()
    draft = source.get_translated_instance(locale)
    copy_synchronised_fields(original, draft)
    segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, draft, source.locale, locale, segments)
    # As wagtail-localize does: a translated slug ("Une femme détenue") made valid.
    draft.slug = find_available_slug(
        draft.get_parent(), slugify(draft.slug), ignore_page_id=draft.pk
    )
    return draft.save_revision(user=user)


def may_edit_freely(page, user) -> bool:
    """Whether ``user`` may use Wagtail's own editor on this page.

    A translation that is no longer synced (wagtail-localize's "Stop synced
    translation") opens in Wagtail's editor, where the synchronised facts (the
    deadline, the UA number) become editable: only users who may publish the
    page may edit it there, so translators cannot change the facts that way.
    """
    if not issubclass(page.specific_class or object, UrgentActionPage):
        return True
    if page.locale_id == Locale.get_default().pk:
        return True
    if page.permissions_for_user(user).can_publish():
        return True
    translations = translations_into(page)
    stopped = translations.exists() and not translations.filter(enabled=True).exists()
    return not stopped


def in_urgent_actions(page) -> bool:
    """Whether the page is an Urgent Action index or below one."""
    return UrgentActionIndexPage.objects.ancestor_of(page, inclusive=True).exists()


def may_convert_to_alias(page, user) -> bool:
    """Whether ``user`` may use wagtail-localize's "Convert to alias page" here.

    The alias serves the source's content at once (live if the source is) and
    the translation is deleted: among the Urgent Actions, that is publishing, so
    it takes the permission to publish the page. Elsewhere wagtail-localize's
    own rule (the user may edit the page) stands.
    """
    return not in_urgent_actions(page) or page.permissions_for_user(user).can_publish()


def may_stop_sync(page, user) -> bool:
    """Whether ``user`` may use wagtail-localize's "Stop synced translation" here.

    A translation no longer synced stops receiving the source's corrections (a
    new deadline, a fax number) while its live page goes on asking readers to
    act on the old ones: among the Urgent Actions it takes the permission to
    publish the page, as converting it to an alias does. Elsewhere
    wagtail-localize's own rule (the user may edit the page) stands.
    """
    return not in_urgent_actions(page) or page.permissions_for_user(user).can_publish()


def page_under_review(translation):
    """The translation's page if it reaches visitors only through its review
    workflow (it is among the Urgent Actions and a workflow applies to it), else
    None: a snippet, a page elsewhere or without a workflow, or no page yet."""
    try:
        page = translation.get_target_instance()
    except ObjectDoesNotExist:
        return None
    if isinstance(page, Page) and in_urgent_actions(page) and page.get_workflow():
        return page
    return None


SENT_FOR_REVIEW, PUBLISHED, NOT_SAVED = "sent_for_review", "published", "not_saved"


def sync_and_publish(translation, user) -> str:
    """wagtail-localize's "Sync translated pages" with "Publish immediately", for
    one translation: published with the source's facts and the strings as they
    stand, unless its page goes live through review (:func:`send_to_review`).

    Returns which it was: ``SENT_FOR_REVIEW``, ``PUBLISHED``, or ``NOT_SAVED``
    when the result does not validate (wagtail-localize skips those silently).
    """
    page = page_under_review(translation)
    try:
        with transaction.atomic():
            if page is not None:
                send_to_review(page, translation, user)
                return SENT_FOR_REVIEW
            translation.save_target(user=user, publish=True)
            return PUBLISHED
    except ValidationError:
        return NOT_SAVED
