"""What the editor should check in a draft made from a document.

Warnings, never refusals: an Urgent Action past its deadline may be imported to
be archived, a document in another language may be meant for that index, and a
second import of one number may be a corrected version. The editor decides.
"""

from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..languages import language_name
from ..pages.models import UrgentActionPage
from ..utils.dates import site_today
from ..utils.formatting import long_date
from .result import ParsedAction

#: Enough of the Urgent Actions with the same number to find them.
MAX_LISTED = 3


def import_warnings(parsed: ParsedAction, parent, user=None) -> list[str]:
    """The warnings for ``user`` drafting ``parsed`` below ``parent``, before it
    is saved (no user: the command line, which sees everything)."""
    return [
        *deadline_passed(parsed),
        *other_language(parsed, parent),
        *already_imported(parsed, parent, user),
    ]


def deadline_passed(parsed: ParsedAction) -> list[str]:
    if parsed.deadline is None or parsed.deadline >= site_today():
        return []
    return [
        _(
            "The deadline, %(date)s, has passed: once published, the Urgent Action "
            "shows as closed and takes no reports."
        )
        % {"date": long_date(parsed.deadline)}
    ]


def other_language(parsed: ParsedAction, parent) -> list[str]:
    """A document in another language than the index's (a Spanish document
    imported into the English index by mistake)."""
    index_language = parent.locale.language_code
    if not parsed.language or same_language(parsed.language, index_language):
        return []
    return [
        _(
            "The document seems to be in %(document)s, but “%(index)s” is in "
            "%(index_language)s. Import it into the index in %(document)s, or "
            "translate the Urgent Action instead."
        )
        % {
            "document": language_name(parsed.language),
            "index": parent.get_admin_display_title(),
            "index_language": language_name(index_language),
        }
    ]


def same_language(code: str, other: str) -> bool:
    """Whether two language codes name one language ("es" and "es-mx")."""
    return code.split("-")[0].casefold() == other.split("-")[0].casefold()


def already_imported(parsed: ParsedAction, parent, user=None) -> list[str]:
    """The Urgent Actions with this number and place in the series: imported
    twice, an update given the wrong number, or one already translated. Those
    ``user`` may not open are said to exist, without their title: a title can
    name a person at risk, or an action not yet public."""
    if not parsed.ua_number:
        return []
    same = (
        UrgentActionPage.objects.filter(
            ua_number=parsed.ua_number, update_number=parsed.update_number or 1
        )
        .select_related("locale")
        .order_by("path")[:MAX_LISTED]
    )
    visible = set(explorable(user).values_list("pk", flat=True)) if user else None
    return [
        already_there(page, parent)
        if visible is None or page.pk in visible
        else _("%(label)s already exists where you cannot see it.")
        % {"label": page.series_label}
        for page in same
    ]


def explorable(user):
    """The pages ``user`` may see in the admin's page explorer."""
    return PagePermissionPolicy().explorable_instances(user)


def already_there(page: UrgentActionPage, parent) -> str:
    if page.is_child_of(parent):
        return _(
            "This index already has %(label)s: “%(title)s”. Delete one of them if "
            "the document was imported twice."
        ) % {"label": page.series_label, "title": page.title}  # fmt: skip
    return _(
        "%(label)s already exists in %(language)s: “%(title)s”. If this document "
        "is its translation, translate that page instead."
    ) % {  # fmt: skip
        "label": page.series_label,
        "language": page.locale.get_display_name(),
        "title": page.title,
    }
