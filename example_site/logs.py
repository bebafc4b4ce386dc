"""The example site's log filter (settings.LOGGING)."""

import logging


class RequestPathOnly(logging.Filter):
    """Django's request logs carry the request, whose query string may hold a
    secret (a headless preview's token) or a reporter's details: log lines keep
    its method and path only."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if hasattr(request, "path") and hasattr(request, "method"):
            record.request = f"{request.method} {request.path}"
        return True
