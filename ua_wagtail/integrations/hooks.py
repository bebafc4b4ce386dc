"""The integrations' place in Wagtail's admin: the OSDI API tokens."""

from wagtail import hooks

from .api_token_views import ApiTokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    return ApiTokenViewSet("ua_api_tokens")
