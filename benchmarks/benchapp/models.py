"""Baselines: what a Wagtail team would use today, and the floor of this stack."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page


class BenchFormField(AbstractFormField):
    page = ParentalKey(
        "BenchFormPage", related_name="form_fields", on_delete=models.CASCADE
    )


class BenchFormPage(AbstractForm):
    """A wagtail.contrib.forms form page with the report's fields."""

    template = "benchapp/form_page.html"
    landing_page_template = "benchapp/form_page_landing.html"


class BareReport(models.Model):
    letter = models.PositiveIntegerField(default=0)
    email = models.PositiveIntegerField(default=0)
    country = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class BareCounter(models.Model):
    count = models.BigIntegerField(default=0)


class PlainPage(Page):
    """The plainest Wagtail page: a title and one rich text body, on a bare layout."""

    body = RichTextField(blank=True)

    template = "benchapp/plain_page.html"
