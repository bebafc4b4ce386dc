from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..languages import language_name
from ..letters import letter_text, mailto_url
from .base import UAStructBlock


class SampleLetterBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Sample letter"), label=_("Heading"))
    salutation = blocks.CharBlock(
        label=_("Salutation"),
        help_text=_("How the letter opens, e.g. “Dear Minister,”."),
    )
    body = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"], label=_("Letter")
    )
    closing = blocks.CharBlock(
        default=_("Yours sincerely,"),
        label=_("Closing"),
        help_text=_("How the letter ends, before the writer's name."),
    )

    class Meta:
        icon = "mail"
        label = _("Sample letter")
        template = "ua_wagtail/blocks/sample_letter.html"
        help_text = _(
            "A letter readers can copy or adapt. Each target with an email gets a "
            "ready-made email link."
        )
        description = _(
            "The sample letter with its salutation and closing, a copy button and "
            "email links prefilled for each target."
        )
        preview_value = {
            "heading": _("Sample letter"),
            "salutation": _("Dear Minister,"),
            "body": _(
                "<p>I urge you to release the prisoner of conscience immediately "
                "and unconditionally.</p>"
            ),
            "closing": _("Yours sincerely,"),
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        text = letter_text(value["salutation"], value["body"].source, value["closing"])
        context["letter_text"] = text
        page = context.get("page")
        if hasattr(page, "targets"):
            primary, cc = page.targets
            cc_emails = [t.email for t in cc if t.email]
            context["email_links"] = [
                (target, mailto_url([target.email], cc_emails, page.title, text))
                for target in primary
                if target.email
            ]
            context["letter_languages"] = letter_languages(page, primary)
        return context


def letter_languages(page, targets) -> list[tuple[str, str, str]]:
    """(code, name, url) of the page's live translations in the targets' preferred
    languages (else the page's), this page's own excepted.

    Writing to officials in their own language is what Urgent Actions recommend.
    """
    wanted = [code for target in targets for code in target.preferred_languages]
    wanted = list(dict.fromkeys(wanted or page.preferred_languages))
    if not wanted:
        return []
    versions = page.get_translations().live().select_related("locale")
    urls = {version.locale.language_code: version.url for version in versions}
    return [(code, language_name(code), urls[code]) for code in wanted if code in urls]
