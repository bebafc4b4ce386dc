"""Django's development server with a listen queue long enough for a burst.

Django's server queues 10 connections; the 11th of a burst (a campaign mail
opened at once, the burst test of docs/reports.md) is reset before any view
runs. The demo serves with this one."""

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.core.servers.basehttp import WSGIServer


class BurstWSGIServer(WSGIServer):
    request_queue_size = 1024


class Command(RunserverCommand):
    server_cls = BurstWSGIServer
