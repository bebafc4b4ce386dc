"""The targets' place in Wagtail's admin: the "UA targets" snippets."""

from wagtail.snippets.models import register_snippet

from .admin import TargetViewSet

register_snippet(TargetViewSet)
