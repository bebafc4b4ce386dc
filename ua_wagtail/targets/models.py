"""Officials that Urgent Actions ask people to write to, reused across actions."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..languages import LanguageListField
from ..phones import tel_uri, validate_phone_number
from ..utils.links import validate_web_url, web_url

validate_social_handle = RegexValidator(
    r"^@[A-Za-z0-9_]{1,15}$",
    _("Enter a handle such as @name: letters, digits or underscores after the @."),
)


class Target(TranslatableMixin, index.Indexed, models.Model):
    """An official, or an office such as an embassy, with every way to reach them.

    Names, addresses and numbers are facts that translators must not change, so they
    are synchronised from the source locale; titles, positions and the salutation are
    prose and are translated.
    """

    honorific = models.CharField(
        _("honorific"),
        max_length=64,
        blank=True,
        help_text=_("As printed before the name, e.g. “Lt.-Gen.” or “Mr.”."),
    )
    name = models.CharField(
        _("name"),
        max_length=255,
        blank=True,
        help_text=_("The person's name. Leave empty for an office such as an embassy."),
    )
    position = models.CharField(
        _("position"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Minister of the Interior” or “Chargé d'Affaires”."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Embassy of Belarus in the United States”."),
    )
    address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("One line per line of the envelope, including the country."),
    )
    country = CountryField(_("country"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    fax = models.CharField(
        _("fax"), max_length=32, blank=True, validators=[validate_phone_number]
    )
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, validators=[validate_phone_number]
    )
    x_handle = models.CharField(
        _("X (Twitter) handle"),
        max_length=16,
        blank=True,
        validators=[validate_social_handle],
    )
    facebook = models.URLField(
        _("Facebook page"), blank=True, validators=[validate_web_url]
    )
    salutation = models.CharField(
        _("salutation"),
        max_length=255,
        blank=True,
        help_text=_("How a letter opens, e.g. “Dear Minister”."),
    )
    preferred_languages = LanguageListField(
        _("preferred languages"),
        help_text=_(
            "Languages to write in, most preferred first, e.g. “Belarusian, "
            "Russian, English”."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("honorific"), FieldPanel("name")]),
                FieldPanel("position"),
                FieldPanel("organisation"),
                FieldPanel("salutation"),
            ],
            heading=_("Who"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("country")],
            heading=_("Postal address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldRowPanel([FieldPanel("fax"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("x_handle"), FieldPanel("facebook")]),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("preferred_languages"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.SearchField("position"),
        index.SearchField("email"),
        index.AutocompleteField("name"),
        index.AutocompleteField("organisation"),
        index.FilterField("country"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("honorific"),
        SynchronizedField("name", overridable=True),
        TranslatableField("position"),
        TranslatableField("organisation"),
        SynchronizedField("address", overridable=False),
        SynchronizedField("country", overridable=False),
        SynchronizedField("email", overridable=False),
        SynchronizedField("fax", overridable=False),
        SynchronizedField("phone", overridable=False),
        SynchronizedField("x_handle", overridable=False),
        SynchronizedField("facebook", overridable=False),
        TranslatableField("salutation"),
        SynchronizedField("preferred_languages", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["organisation", "name"]

    def __str__(self):
        who = " ".join(filter(None, [self.honorific, self.name])) or self.organisation
        what = self.position if who != self.organisation else ""
        return ", ".join(filter(None, [who, what])) or str(_("Unnamed target"))

    def clean(self):
        super().clean()
        if not (self.name or self.organisation):
            raise ValidationError(
                {"name": _("Give the person's name or the organisation.")}
            )
        if not any([self.address, self.email, self.fax, self.phone, self.x_handle]):
            raise ValidationError(
                _(
                    "Add at least one way to reach this target: a postal address, "
                    "email, fax, phone or X handle."
                )
            )

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def fax_uri(self) -> str:
        return tel_uri(self.fax)

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    @property
    def x_url(self) -> str:
        return f"https://x.com/{self.x_handle.lstrip('@')}" if self.x_handle else ""

    @property
    def facebook_url(self) -> str:
        return web_url(self.facebook)

    @property
    def display_name(self) -> str:
        return " ".join(filter(None, [self.honorific, self.name]))
