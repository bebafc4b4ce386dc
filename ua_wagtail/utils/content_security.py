"""The Content-Security-Policy of the package's own pages.

Urgent Action pages, their indexes and the package's admin screens load scripts,
styles and images from the site only, run no inline script, and post forms and
reports to the site: a browser told so refuses anything injected into them
(such as an ``onerror`` handler in rich text) even where the cleaning of
:mod:`ua_wagtail.rich_text` were to miss it. The policy goes with every such
response that has none yet, Wagtail's previews and revision views in the admin
included (they show the public template).

The policy is ``UA_WAGTAIL_CONTENT_SECURITY_POLICY``: a dict of directives in
django-csp's form (a site can give django-csp the same for its other pages), or
``None`` for a site that sets its own policy on these pages too.
"""

from ..conf import ua_settings

HEADER = "Content-Security-Policy"


def header_value(directives: dict) -> str:
    """``default-src 'self'; img-src 'self' data:; …``"""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def protect(response):
    """Give ``response`` the package's policy, unless it has one already."""
    directives = ua_settings.CONTENT_SECURITY_POLICY
    if directives and HEADER not in response:
        response[HEADER] = header_value(directives)
    return response


class ContentSecurityPolicyMixin:
    """For the package's admin views."""

    def dispatch(self, request, *args, **kwargs):
        return protect(super().dispatch(request, *args, **kwargs))
