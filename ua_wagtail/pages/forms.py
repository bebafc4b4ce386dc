"""The index's filter: by status and by country, submitted with GET."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..utils.dates import site_today


class UrgentActionFilterForm(forms.Form):
    """Narrows an index by status and by country; submitted with GET, no JS needed."""

    STATUS_CHOICES = [
        ("", _("Open and closed")),
        ("open", _("Open")),
        ("closed", _("Closed")),
    ]

    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        codes = set(actions.exclude(country="").values_list("country", flat=True))
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in codes), key=lambda c: c[1]
        )

    def filter(self, actions):
        if not self.is_bound or not self.is_valid():
            return actions
        today = site_today()
        status = self.cleaned_data["status"]
        if status == "open":
            actions = actions.filter(deadline__gte=today)
        elif status == "closed":
            actions = actions.filter(deadline__lt=today)
        if country := self.cleaned_data["country"]:
            actions = actions.filter(country=country)
        return actions
