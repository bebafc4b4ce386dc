"""gunicorn for the site's app servers (docs/deployment.md).

    gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8001 example_site.wsgi

Sync workers, as Django's ORM is synchronous: a slow client costs the load
balancer a buffer (``option http-buffer-request``), never a worker. Workers
default to two a core and one; ``WEB_CONCURRENCY`` sets them.
"""

import json
import multiprocessing
import os

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
# X-Forwarded-Proto is believed from the load balancer only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn 25's control socket is one path per user: app servers sharing a
# machine would take it from each other. systemd's reload (HUP) does its work.
control_socket_disable = True
errorlog = "-"
accesslog = "-" if os.environ.get("ACCESS_LOG", "true") == "true" else None


class JSONLogger(Logger):
    """Access log lines as JSON objects, like the site's own logs. No client
    address: the people who report actions are not logged (docs/security.md)."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        self.access_log.info(
            json.dumps(
                {
                    "time": self.now(),
                    "level": "INFO",
                    "name": "gunicorn.access",
                    "method": environ.get("REQUEST_METHOD"),
                    "path": environ.get("PATH_INFO"),
                    "status": resp.status_code,
                    "bytes": getattr(resp, "sent", None),
                    "ms": round(request_time.total_seconds() * 1000, 1),
                }
            )
        )


logger_class = JSONLogger
