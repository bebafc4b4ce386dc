"""Forms of reports: the public report form and the staff's offline actions."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..choices import ACTION_TYPES, ActionType
from ..conf import ua_settings
from . import rules

#: Labels of the count fields: "how many ... did you send?"
ACTION_LABELS = {
    ActionType.LETTER: _("Letters"),
    ActionType.EMAIL: _("Emails"),
    ActionType.FAX: _("Faxes"),
    ActionType.CALL: _("Phone calls"),
    ActionType.SOCIAL: _("Social media posts"),
    ActionType.OTHER: _("Other actions"),
}


class CountrySelect(forms.Select):
    """The country select, its options built once per language.

    Rendered through Django's templates, one per option, its 250 countries cost
    about 30 ms a page, more than the rest of an Urgent Action page. They are the
    same for every visitor in a language, so their HTML is built once; only the
    selected option and the select's own attributes change per form.
    """

    def __init__(self, blank_label, attrs=None):
        super().__init__(attrs)
        self.blank_label = blank_label

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options, codes = country_options(
            translation.get_language(), str(self.blank_label)
        )
        selected = str(value or "")
        if selected in codes:
            plain = format_html('<option value="{}">', selected)
            chosen = format_html('<option value="{}" selected>', selected)
            # Both parts escaped by format_html; replace() returns a plain str.
            options = mark_safe(options.replace(plain, chosen, 1))  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), options
        )


@functools.lru_cache(maxsize=32)
def country_options(language: str, blank_label: str) -> tuple[str, frozenset]:
    """The options' HTML in ``language``'s order, none selected, and their codes."""
    with translation.override(language):
        choices = [("", blank_label), *countries]
        options = format_html_join("", '<option value="{}">{}</option>', choices)
    return options, frozenset(code for code, _name in choices)


def clean_country_code(code: str) -> str:
    """A country of the select: the JSON API's rule, in a select's words."""
    try:
        return rules.country_code(code)
    except forms.ValidationError:
        raise forms.ValidationError(
            _("Select a valid country."), code="invalid_choice"
        ) from None


class ActionReportForm(forms.Form):
    """The public report form: how many of each action, and optionally who and where.

    Counts left empty or at 0 mean "not taken"; a count of a type the Urgent
    Action does not ask about (``action_types``) is refused. Contact details are
    kept only with explicit consent. ``website`` is a honeypot: people never see it.
    """

    country = forms.CharField(
        label=_("Your country"),
        required=False,
        widget=CountrySelect(blank_label=_("Prefer not to say")),
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=255)
    # The column's length: PostgreSQL would otherwise cut a longer address short.
    contact_email = forms.EmailField(
        label=_("Your email"),
        required=False,
        max_length=254,
        # Typed and shown left to right on a right-to-left page too.
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    contact_consent = forms.BooleanField(
        label=_("You may keep my name and email to tell me about this case."),
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, action_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit = ua_settings.MAX_ACTIONS_PER_TYPE
        offered = set(action_types or ACTION_TYPES)
        self.action_types = [a for a in ACTION_TYPES if a in offered]
        for action in self.action_types:
            self.fields[f"action_{action}"] = forms.IntegerField(
                label=ACTION_LABELS[action],
                required=False,
                min_value=0,
                max_value=limit,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.order_fields([f"action_{action}" for action in self.action_types])

    def clean_country(self):
        return clean_country_code(self.cleaned_data["country"])

    @property
    def action_fields(self):
        return [self[f"action_{action}"] for action in self.action_types]

    def posted_types(self) -> list[str]:
        """The action types the request gives a count for, asked about or not."""
        return [
            action
            for action in ACTION_TYPES
            if self.data.get(self.add_prefix(f"action_{action}")) not in (None, "", "0")
        ]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))

    def clean(self):
        cleaned = super().clean()
        self.actions = {
            action: cleaned[f"action_{action}"]
            for action in self.action_types
            if cleaned.get(f"action_{action}")
        }
        for message in rules.not_offered(
            self.posted_types(), self.action_types
        ).values():
            self.add_error(None, message)
        if not self.actions and not self.errors:
            raise forms.ValidationError(
                _("Tell us at least one action you took: enter how many."),
                code="no_action",
            )
        most = ua_settings.MAX_ACTIONS_PER_REPORT
        if sum(self.actions.values()) > most:
            raise forms.ValidationError(rules.too_many_actions(most), code="too_many")
        wants_contact = cleaned.get("contact_name") or cleaned.get("contact_email")
        if wants_contact and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _(
                    "Tick this box to let us keep your name and email, or leave "
                    "them empty."
                ),
            )
        if not cleaned.get("contact_consent"):
            cleaned["contact_name"] = cleaned["contact_email"] = ""
        return cleaned


class AdjustmentForm(forms.Form):
    """Staff: actions taken offline, e.g. letters collected at an event."""

    country = forms.CharField(
        label=_("Country"),
        required=False,
        widget=CountrySelect(blank_label=_("Several or unknown")),
    )
    note = forms.CharField(
        label=_("Where these actions come from"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Letters signed at the Berlin street stall, 12 October”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for action in ActionType:
            self.fields[action.value] = forms.IntegerField(
                label=ACTION_LABELS[action],
                required=False,
                min_value=0,
                max_value=ua_settings.MAX_ADJUSTMENT,
            )
        self.order_fields(ACTION_TYPES)

    def clean_country(self):
        return clean_country_code(self.cleaned_data["country"])

    def clean(self):
        cleaned = super().clean()
        self.actions = {a: cleaned[a] for a in ACTION_TYPES if cleaned.get(a)}
        if not self.actions and not self.errors:
            raise forms.ValidationError(_("Enter at least one action."))
        return cleaned
