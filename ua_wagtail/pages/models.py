"""Page types: an index of Urgent Actions and the Urgent Action itself."""

import datetime
import math
import uuid
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import BooleanField, Case, F, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..choices import ActionStatus
from ..conf import ua_settings
from ..languages import LanguageListField
from ..reports.blocks import THANKS_PARAMETER, fill_in_totals
from ..rich_text import RichTextField
from ..targets.blocks import Recipients, recipients
from ..utils.content_security import protect
from ..utils.dates import days_left, deadline_status, next_midnight, site_today
from ..utils.links import validate_web_url, web_url
from .blocks import UrgentActionBodyBlock, default_body
from .caching import SharedCachePageMixin
from .forms import UrgentActionFilterForm
from .preview import HeadlessPreviewModes

validate_ua_number = RegexValidator(
    r"^\d{1,4}/\d{2}$",
    _("Enter the UA number as number/two-digit year, for example 147/20."),
)

#: How each Urgent Action in a series is named, by its place in the series.
SERIES_LABELS = {
    1: _("Urgent Action %(number)s"),
    2: _("Second Urgent Action %(number)s"),
    3: _("Third Urgent Action %(number)s"),
    4: _("Fourth Urgent Action %(number)s"),
    5: _("Fifth Urgent Action %(number)s"),
    6: _("Sixth Urgent Action %(number)s"),
    7: _("Seventh Urgent Action %(number)s"),
    8: _("Eighth Urgent Action %(number)s"),
    9: _("Ninth Urgent Action %(number)s"),
    10: _("Tenth Urgent Action %(number)s"),
}


class UrgentActionQuerySet(PageQuerySet):
    def published(self):
        """Live pages that anyone may read: none behind a password or a login.
        Only those are listed, take reports and have public totals."""
        return self.live().public()

    def named_by(self, ua):
        """The page ``ua`` names: a page or its id, or a translation key, which
        names the first of its translations (by id); ``.first()`` gives it."""
        if isinstance(ua, uuid.UUID):
            return self.filter(translation_key=ua).order_by("pk")
        return self.filter(pk=getattr(ua, "pk", ua))

    def with_status(self, status: str):
        """The actions whose ``status`` is ``status`` today (as
        :func:`..utils.dates.deadline_status` decides it)."""
        today = site_today()
        soon = today + datetime.timedelta(days=ua_settings.CLOSING_SOON_DAYS)
        if status == ActionStatus.CLOSED:
            return self.filter(deadline__lt=today)
        if status == ActionStatus.CLOSING_SOON:
            return self.filter(deadline__gte=today, deadline__lte=soon)
        return self.filter(deadline__gt=soon)


class NewTranslationsAreDrafts:
    """A page copied for translation stays a draft until someone publishes it.

    wagtail-localize's "Translate this page" copies the page (a draft), saves a
    revision of the copy and, when ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE``
    is True (its default) and the source is live, publishes that revision once
    the transaction commits, through the copy it made: a page in the source's
    words, live before anyone translated or reviewed it. The copy made here
    declines that one publication; the translation goes live when a reviewer
    approves it, or an editor publishes it, from the page as the database holds
    it (so a copy reloaded and published is published).
    """

    def copy_for_translation(self, locale, *args, alias=False, **kwargs):
        copy = super().copy_for_translation(locale, *args, alias=alias, **kwargs)
        if not alias:  # an alias is live by design: it shows the source
            copy._ua_unreviewed_copy = True
        return copy

    def publish(self, revision, *args, **kwargs):
        if self.__dict__.pop("_ua_unreviewed_copy", False):
            return None
        return super().publish(revision, *args, **kwargs)


class UrgentActionIndexPage(
    NewTranslationsAreDrafts, SharedCachePageMixin, HeadlessPreviewModes, Page
):
    """Lists the Urgent Actions below it: open ones first, soonest deadline first."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["ua_wagtail.UrgentActionPage"]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("intro"),
    ]

    class Meta:
        verbose_name = _("Urgent Action index")
        verbose_name_plural = _("Urgent Action indexes")

    def urgent_actions(self):
        """Live actions below this index: open first by deadline, then closed, newest first."""
        today = site_today()
        return (
            UrgentActionPage.objects.child_of(self)
            .published()
            .annotate(
                is_closed=Case(
                    When(deadline__lt=today, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                open_deadline=Case(When(deadline__gte=today, then=F("deadline"))),
            )
            .order_by(
                "is_closed",
                F("open_deadline").asc(nulls_last=True),
                "-deadline",
                "pk",
            )
        )

    def get_cached_paths(self):
        """The index and each page of its listing, for a front-end cache to purge
        (``wagtail.contrib.frontend_cache``): ``/``, then ``/?page=1`` (the
        "Previous" link's) to one page past the last, which covers an action
        that has just been unpublished. Filtered listings are not listed: they
        expire on their own, or with the path (docs/caching.md). Live actions
        are counted, private ones too: one query, and a page too many at worst."""
        actions = UrgentActionPage.objects.child_of(self).live().count()
        pages = math.ceil((actions + 1) / ua_settings.INDEX_PAGE_SIZE)
        return ["/", *(f"/?page={number}" for number in range(1, pages + 1))]

    def route(self, request, path_components):
        """Find an Urgent Action below in one query (Wagtail's takes two: the
        page, then its type's row), falling back to Wagtail's for any other."""
        if len(path_components) != 1:
            return super().route(request, path_components)
        child = UrgentActionPage.objects.child_of(self).filter(slug=path_components[0])
        subpage = child.first()
        if subpage is None:
            return super().route(request, path_components)
        subpage._cached_parent_obj = self
        return subpage.route(request, [])

    def copy_query(self, request) -> str:
        """The listing's page and filters: tracking parameters share a copy."""
        read = ["page", *UrgentActionFilterForm.base_fields]
        return urlencode(sorted((k, v) for k in read for v in request.GET.getlist(k)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        actions = self.urgent_actions()
        form = UrgentActionFilterForm(request.GET or None, actions=actions)
        actions = form.filter(actions)
        paginator = Paginator(actions, ua_settings.INDEX_PAGE_SIZE)
        context.update(
            filter_form=form,
            actions=paginator.get_page(request.GET.get("page")),
        )
        return context

    def serve(self, request, *args, **kwargs):
        return protect(super().serve(request, *args, **kwargs))


class UrgentActionPage(
    NewTranslationsAreDrafts, SharedCachePageMixin, HeadlessPreviewModes, Page
):
    """One Urgent Action: a person at risk, the officials to write to, a deadline."""

    objects = PageManager.from_queryset(UrgentActionQuerySet)()

    ua_number = models.CharField(
        _("UA number"),
        max_length=8,
        validators=[validate_ua_number],
        help_text=_("Number and year of the first Urgent Action, e.g. 147/20."),
    )
    update_number = models.PositiveSmallIntegerField(
        _("place in the series"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("1 for the first Urgent Action on this case, 3 for the third."),
    )
    document_index = models.CharField(
        _("document index"),
        max_length=32,
        blank=True,
        help_text=_("The document's index number, e.g. EUR 49/6920/2023."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    deadline = models.DateField(
        _("deadline"),
        help_text=_("The last day on which to take action."),
    )
    subject_name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("The person or group at risk."),
    )
    subject_pronoun = models.CharField(
        _("pronoun"), max_length=64, blank=True, help_text=_("E.g. she/her.")
    )
    country = CountryField(_("country"), blank=True)
    summary = models.TextField(
        _("summary"),
        help_text=_("One paragraph: who is at risk, and why act now."),
    )
    preferred_languages = LanguageListField(
        _("languages to write in"),
        help_text=_(
            "Languages to address the targets in, most preferred first, e.g. "
            "“Belarusian, Russian, English”."
        ),
    )
    own_language_welcome = models.BooleanField(
        _("letters in the writer's own language are welcome"), default=True
    )
    previous_action_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("previous Urgent Action (page)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_action_url = models.URLField(
        _("previous Urgent Action (link)"),
        blank=True,
        validators=[validate_web_url],
        help_text=_("When the previous Urgent Action is not on this site."),
    )
    body = StreamField(UrgentActionBodyBlock(), default=default_body)

    parent_page_types = ["ua_wagtail.UrgentActionIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("subject_name"),
        index.SearchField("ua_number"),
        index.SearchField("body"),
        index.FilterField("deadline"),
        index.FilterField("country"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("ua_number"),
                        FieldPanel("update_number"),
                        FieldPanel("document_index"),
                    ]
                ),
                # One under the other: side by side, Wagtail's date fields do not
                # shrink, and the deadline ran off the form with the preview open.
                FieldPanel("issued_on"),
                FieldPanel("deadline"),
            ],
            heading=_("Identity and dates"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    person_panels = [
        FieldRowPanel([FieldPanel("subject_name"), FieldPanel("subject_pronoun")]),
        FieldPanel("country"),
    ]
    letter_panels = [
        FieldPanel("preferred_languages"),
        FieldPanel("own_language_welcome"),
        MultiFieldPanel(
            [
                PageChooserPanel("previous_action_page", "ua_wagtail.UrgentActionPage"),
                FieldPanel("previous_action_url"),
            ],
            heading=_("Previous Urgent Action"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Action")),
            ObjectList(person_panels, heading=_("Person")),
            ObjectList(letter_panels, heading=_("Letter")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("ua_number", overridable=False),
        SynchronizedField("update_number", overridable=False),
        SynchronizedField("document_index", overridable=False),
        SynchronizedField("issued_on", overridable=False),
        SynchronizedField("deadline", overridable=False),
        SynchronizedField("subject_name", overridable=True),
        TranslatableField("subject_pronoun"),
        SynchronizedField("country", overridable=False),
        TranslatableField("summary"),
        SynchronizedField("preferred_languages", overridable=False),
        SynchronizedField("own_language_welcome", overridable=False),
        SynchronizedField("previous_action_page", overridable=False),
        SynchronizedField("previous_action_url", overridable=False),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("Urgent Action")
        verbose_name_plural = _("Urgent Actions")

    def clean(self):
        super().clean()
        errors = {}
        if self.issued_on and self.deadline and self.deadline < self.issued_on:
            errors["deadline"] = _(
                "The deadline (%(deadline)s) is before the issue date (%(issued)s)."
            ) % {"deadline": self.deadline, "issued": self.issued_on}
        if self.previous_action_page_id and self.previous_action_url:
            errors["previous_action_url"] = _(
                "Choose the previous Urgent Action as a page or give its link, "
                "not both."
            )
        if self.previous_action_page_id and self.previous_action_page_id == self.pk:
            errors["previous_action_page"] = _(
                "An Urgent Action cannot be its own previous action."
            )
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        return protect(super().serve(request, *args, **kwargs))

    def is_personal(self, request) -> bool:
        """The thank-you after a report without JavaScript: it shows the total
        just after this visitor's report."""
        return THANKS_PARAMETER in request.GET

    def fill_in(self, html: str) -> str:
        return fill_in_totals(html, self.translation_key)

    def copy_query(self, request) -> str:
        """None of it: ``?reported`` is personal (never kept), the rest unread."""
        return ""

    def changes_at(self):
        """Midnight, while the days left, the status or the acceptance of reports
        can change; nothing changes by itself once reports have closed."""
        if self.days_left < -ua_settings.REPORT_GRACE_DAYS:
            return None
        return next_midnight()

    @property
    def series_label(self) -> str:
        """E.g. "Third Urgent Action 147/20"."""
        label = SERIES_LABELS.get(self.update_number)
        if label is None:
            return _("Urgent Action %(number)s, document %(sequence)d") % {
                "number": self.ua_number,
                "sequence": self.update_number,
            }
        return label % {"number": self.ua_number}

    @property
    def status(self):
        return deadline_status(self.deadline)

    @property
    def days_left(self) -> int:
        return days_left(self.deadline)

    @property
    def previous_action_href(self) -> str:
        if self.previous_action_page_id:
            page = self.previous_action_page
            public = page and page.live and not page.get_view_restrictions()
            return page.url if public else ""
        return web_url(self.previous_action_url)

    @cached_property
    def recipients(self) -> Recipients:
        """Everyone the body's targets blocks name: ``.to`` (the targets written
        to) and ``.cc`` (who gets a copy), localized."""
        return recipients(
            item
            for child in self.body
            if child.block_type == "targets"
            for item in child.value["targets"]
        )
