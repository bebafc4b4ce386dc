from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..languages import language_name
from ..rich_text import RichTextBlock, as_json
from ..utils.blocks import UAStructBlock
from ..utils.json import absolute_url
from .text import letter_text, mailto_url


class SampleLetterBlock(UAStructBlock):
    heading = blocks.CharBlock(default=_("Sample letter"), label=_("Heading"))
    salutation = blocks.CharBlock(
        label=_("Salutation"),
        help_text=_("How the letter opens, e.g. “Dear Minister,”."),
    )
    body = RichTextBlock(
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
        text = self.text(value)
        page = context.get("page")
        if hasattr(page, "recipients"):
            context["email_links"] = [
                (target, url) for target, _cc, url in email_links(page, text)
            ]
            context["letter_languages"] = letter_languages(page, page.recipients.to)
        return context

    def get_api_representation(self, value, context=None):
        page = (context or {}).get("page")
        text = self.text(value)
        has_targets = hasattr(page, "recipients")
        links = email_links(page, text) if has_targets else []
        languages = letter_languages(page, page.recipients.to) if has_targets else []
        return {
            "heading": value["heading"],
            "salutation": value["salutation"],
            "body": as_json(value["body"]),
            "closing": value["closing"],
            "text": text,
            "email_links": [
                {
                    "target_id": target.pk,
                    "to": target.email,
                    "cc": cc,
                    "subject": page.title,
                    "url": url,
                }
                for target, cc, url in links
            ],
            "other_languages": [
                {
                    "code": code,
                    "name": name,
                    "url": absolute_url(url, context, page),
                }
                for code, name, url in languages
            ],
        }

    @staticmethod
    def text(value) -> str:
        return letter_text(value["salutation"], value["body"].source, value["closing"])


def email_links(page, text: str) -> list[tuple]:
    """(target, cc addresses, ``mailto:`` URL) for each primary target with an email."""
    to, cc = page.recipients
    cc_emails = [t.email for t in cc if t.email]
    return [
        (target, cc_emails, mailto_url([target.email], cc_emails, page.title, text))
        for target in to
        if target.email
    ]


def letter_languages(page, targets) -> list[tuple[str, str, str]]:
    """(code, name, url) of the page's live translations in the targets' preferred
    languages (else the page's), this page's own excepted.

    Writing to officials in their own language is what Urgent Actions recommend.
    """
    wanted = [code for target in targets for code in target.preferred_languages]
    wanted = list(dict.fromkeys(wanted or page.preferred_languages))
    if not wanted:
        return []
    versions = page.get_translations().live().public().select_related("locale")
    urls = {version.locale.language_code: version.url for version in versions}
    return [(code, language_name(code), urls[code]) for code in wanted if code in urls]
