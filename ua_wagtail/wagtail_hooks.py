from wagtail.snippets.models import register_snippet

from .viewsets import TargetViewSet

register_snippet(TargetViewSet)
