"""gunicorn for the site's app servers (docs/deployment.md).

    gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8001 example_site.wsgi

Sync workers, as Django's ORM is synchronous: a slow client costs the load
balancer a buffer (``option http-buffer-request``), never a worker. Workers
default to 2 × cores + 1; ``WEB_CONCURRENCY`` sets them. Logs go to stdout as
JSON objects, one per line, like the site's own.
"""

import multiprocessing
import os
import traceback

from gunicorn.glogging import Logger

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# Longer than any page or report takes; an import or an export runs in a task.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# A worker is replaced after this many requests (give or take the jitter, so
# they are not all replaced at once): whatever a request left in memory goes.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn's own advice
# No request header may set the WSGI environment: the load balancer passes the
# client's headers on, and gunicorn would otherwise take SCRIPT_NAME (which
# moves every link of a page a cache then keeps) and X-Forwarded-Proto (which
# makes plain HTTP pass for HTTPS) from it. Django's SECURE_PROXY_SSL_HEADER
# alone says which scheme the TLS proxy saw (BEHIND_HTTPS_PROXY).
forwarder_headers = ""
secure_scheme_headers = {}
# gunicorn 25's control socket is one path per user: app servers sharing a
# machine would take it from each other. systemd's reload (HUP) does its work.
control_socket_disable = True
accesslog = "-" if os.environ.get("ACCESS_LOG", "true") == "true" else None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        name: {"handlers": ["stdout"], "level": "INFO", "propagate": False}
        for name in ("gunicorn.error", "gunicorn.access")
    },
}


class JSONAccessLogger(Logger):
    """An access log line with its parts as fields of the JSON object. No
    client address: the people who report actions are not logged."""

    def access(self, resp, req, environ, request_time):
        if not self.cfg.accesslog:
            return
        try:
            atoms = self.atoms(resp, req, environ, request_time)
            self.access_log.info(
                "%s %s %s",
                atoms["m"],
                atoms["U"],
                atoms["s"],
                extra={
                    "method": atoms["m"],
                    "path": atoms["U"],
                    "status": int(atoms["s"]),
                    "bytes": atoms["B"],
                    "ms": round(request_time.total_seconds() * 1000, 1),
                },
            )
        except Exception:  # as gunicorn's own: a log line never ends a worker
            self.error(traceback.format_exc())


logger_class = JSONAccessLogger
