"""Keep cached page facts in step with the pages they describe."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import UrgentActionPage
from .reports import forget_report_target


def forget(sender, instance, **kwargs):
    forget_report_target(instance)


def register_signal_handlers():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget, sender=UrgentActionPage)
    post_delete.connect(forget, sender=UrgentActionPage)
