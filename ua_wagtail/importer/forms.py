from django import forms
from django.utils.translation import gettext_lazy as _

from ..pages.models import UrgentActionIndexPage
from .errors import DocumentError
from .readers import upload_data


def all_indexes():
    """Every Urgent Action index, in tree order, with its locale (for its label)."""
    return UrgentActionIndexPage.objects.select_related("locale").order_by("path")


def indexes_open_to(user) -> list[UrgentActionIndexPage]:
    """The Urgent Action indexes ``user`` may add a draft to, in tree order."""
    return [i for i in all_indexes() if i.permissions_for_user(user).can_add_subpage()]


class ImportDocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Urgent Action document"),
        help_text=_("A .txt, .docx or .pdf file. Nothing is published."),
    )
    parent = forms.ModelChoiceField(
        queryset=UrgentActionIndexPage.objects.none(),
        label=_("Add the draft to"),
        empty_label=None,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = all_indexes().filter(
            pk__in=[index.pk for index in indexes_open_to(user)]
        )
        self.fields["parent"].label_from_instance = lambda index: (
            f"{index.get_admin_display_title()} ({index.locale.get_display_name()})"
        )

    def clean_document(self):
        """The upload, once its size and type are acceptable (its reading waits
        for the task: :mod:`.document_imports`); its name and content are
        ``self.upload``."""
        upload = self.cleaned_data["document"]
        try:
            self.upload = upload_data(upload)
        except DocumentError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
