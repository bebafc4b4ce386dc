"""The webhook worker: sends report events to webhook endpoints (see
:mod:`ua_wagtail.integrations.webhooks`). Run one or more beside the app
servers; they share the work through the database."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from ...conf import ua_settings
from ...integrations import webhooks
from ...integrations.connections import Connections

logger = logging.getLogger("ua_wagtail.integrations.webhooks")


class Command(BaseCommand):
    help = (
        "Send report events to the webhook endpoints set up in the admin, in "
        "order per Urgent Action, retrying failures. Runs until stopped (SIGTERM "
        "or SIGINT: it finishes the request it is making), or with --once until "
        "nothing is due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help=(
                "Send what is due, then stop once a round delivers nothing "
                "(for cron and tests)."
            ),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            metavar="SECONDS",
            help="How long to wait when nothing is due (default 1).",
        )

    def handle(self, *args, once=False, interval=1.0, **options):
        if not 0 < interval <= 3600:
            raise CommandError("--interval must be more than 0 and at most 3600.")
        self.stopping = False
        if not once:
            for stop in (signal.SIGTERM, signal.SIGINT):
                signal.signal(stop, self.stop)
        connections = Connections(ua_settings.WEBHOOK_TIMEOUT)
        while not self.stopping:
            if not once:
                close_old_connections()  # a database restarted meanwhile
            try:
                done = webhooks.dispatch()
                done += webhooks.send_due(connections, stopping=lambda: self.stopping)
            except Exception:  # the database gone, a bug: logged, tried again
                if once:
                    raise
                logger.exception("The webhook worker's round failed.")
                done = 0
            if not done:
                if once:
                    break
                time.sleep(interval)
        connections.close()

    def stop(self, signum, frame):
        self.stopping = True
