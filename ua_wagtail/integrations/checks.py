"""System checks of the webhook settings: a setting the worker cannot read is
an error at start-up, not a failed delivery at 3 a.m."""

import ipaddress

from django.core import checks

from ..conf import ua_settings

#: The settings that are a number of seconds, hours or days, and their least.
NUMBERS = {
    "WEBHOOK_TIMEOUT": 1,
    "WEBHOOK_RETRY_HOURS": 0,
    "WEBHOOK_FIRST_RETRY": 0,
    "WEBHOOK_LONGEST_RETRY": 0,
    "WEBHOOK_KEEP_DAYS": 0,
}


@checks.register()
def check_webhook_settings(app_configs, **kwargs):
    return [*_networks_errors(), *_number_errors()]


def _networks_errors():
    listed = ua_settings.WEBHOOK_ALLOWED_NETWORKS
    if isinstance(listed, str):
        listed = [listed]  # a single network, or a typo: checked as one
        yield _error(
            "UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS is a string; it is a list.",
            'E.g. ["10.0.0.0/8"].',
        )
    for network in listed:
        try:
            ipaddress.ip_network(network, strict=False)
        except (TypeError, ValueError):
            yield _error(
                f"UA_WAGTAIL_WEBHOOK_ALLOWED_NETWORKS: {network!r} is not a network.",
                'Write networks as CIDR, e.g. "10.0.0.0/8" or "fd00::/8".',
            )


def _number_errors():
    for name, least in NUMBERS.items():
        value = getattr(ua_settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield _error(f"UA_WAGTAIL_{name} is not a number: {value!r}.")
        elif value < least:
            yield _error(f"UA_WAGTAIL_{name} is less than {least}: {value!r}.")


def _error(message: str, hint: str | None = None):
    return checks.Error(message, hint=hint, id="ua_wagtail.E008")
