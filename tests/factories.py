import datetime

import factory
import wagtail_factories
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from ua_wagtail.models import Target, UrgentActionIndexPage, UrgentActionPage


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    locale = factory.LazyFunction(Locale.get_default)
    honorific = "Mr."
    name = factory.Sequence(lambda n: f"Official {n}")
    position = "Minister of Justice"
    address = "1 Example Street\nCapital City"
    country = "BY"
    email = factory.Sequence(lambda n: f"official{n}@example.org")
    fax = "+375 17 203 99 18"
    salutation = "Dear Minister"


class UrgentActionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = UrgentActionIndexPage

    title = "Urgent Actions"
    slug = factory.Sequence(lambda n: f"urgent-actions-{n}")


#: The blocks a new Urgent Action page starts with, in order.
DEFAULT_BODY = [
    "deadline_banner",
    "take_action",
    "targets",
    "sample_letter",
    "report_form",
    "additional_information",
]


def targets_body(primary, cc=()):
    """A minimal valid body: one targets block with these targets."""
    items = [{"target": t, "role": "primary"} for t in primary]
    items += [{"target": t, "role": "cc"} for t in cc]
    return [("targets", {"heading": "Write to", "targets": items})]


class UrgentActionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = UrgentActionPage

    title = factory.Sequence(lambda n: f"Free prisoner {n}")
    slug = factory.Sequence(lambda n: f"free-prisoner-{n}")
    ua_number = factory.Sequence(lambda n: f"{n + 1}/24")
    update_number = 1
    deadline = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=30)
    )
    subject_name = "Jane Doe"
    subject_pronoun = "she/her"
    country = "BY"
    summary = "Jane Doe is detained for peaceful protest."
    preferred_languages = factory.LazyFunction(lambda: ["ru", "en"])
    body = factory.LazyFunction(lambda: targets_body([TargetFactory()]))


def translated_copy(page, language_code):
    """A published copy of ``page`` in another locale (Wagtail's own copy, without
    wagtail-localize's sync: see ``tests/localize.py`` for that)."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    # Published from the database: the copy itself declines to be, as a new
    # translation starts as a draft (ua_wagtail.pages.models.NewTranslationsAreDrafts).
    translation = UrgentActionPage.objects.get(pk=translation.pk)
    translation.save_revision().publish()
    return UrgentActionPage.objects.get(pk=translation.pk)


def list_block(items):
    """ListBlock form data: like a stream, but every child is an "item"."""
    return streamfield([("item", item) for item in items])


def page_form_data(minister, embassy, **overrides):
    data = {
        "title": "Free Jane Doe",
        "slug": "free-jane-doe",
        "ua_number": "12/24",
        "update_number": "1",
        "document_index": "",
        "issued_on": "2030-01-01",
        "deadline": "2030-02-01",
        "summary": "Jane Doe is detained for a peaceful protest.",
        "subject_name": "Jane Doe",
        "subject_pronoun": "she/her",
        "country": "BY",
        "preferred_languages": "Belarusian, Russian, English",
        "own_language_welcome": "on",
        "previous_action_page": "",
        "previous_action_url": "",
        "body": streamfield(
            [
                (
                    "deadline_banner",
                    {"open_text": "Act until", "closed_text": "Closed"},
                ),
                (
                    "targets",
                    {
                        "heading": "Write to",
                        "targets": list_block(
                            [
                                {"target": str(minister.pk), "role": "primary"},
                                {"target": str(embassy.pk), "role": "cc"},
                            ]
                        ),
                    },
                ),
                (
                    "sample_letter",
                    {
                        "heading": "Sample letter",
                        "salutation": "Dear Minister,",
                        "body": rich_text("<p>Release Jane Doe.</p>"),
                        "closing": "Yours sincerely,",
                    },
                ),
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)
