"""The site as production runs it, on loopback (``make cluster``).

Two app servers (gunicorn, started as deploy/systemd/ua-wagtail-web@.service
starts them, each with a ``MEDIA_ROOT`` of its own that must stay empty), one
task worker (RQ, as ua-wagtail-worker@.service starts it), HAProxy with
deploy/haproxy/haproxy.cfg in front of them, Varnish with
deploy/varnish/default.vcl in front of HAProxy, and moto's S3 server for media
and exports; PostgreSQL and Redis as they run on this machine. The database is
made afresh and the demo loaded into it.

    python -m benchmarks.cluster              # until Ctrl+C (CLUSTER_PORT=8100)

``benchmarks.cluster_bench`` starts one of its own and checks it.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from benchmarks.servers import recreate_database

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SBIN = "/usr/local/sbin:/usr/sbin:/sbin"
BUCKET = "ua-wagtail-media"
#: Straight to the address asked, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=SBIN)
    if not found:
        raise SystemExit(f"{name} is missing: `make cluster-tools` installs it")
    return found


def unit_command(unit: str, instance: str) -> list[str]:
    """The ``ExecStart`` of one of deploy/systemd's units, for this checkout:
    /srv/ua-wagtail is this tree, ``%i`` the instance."""
    text = (UNITS / unit).read_text()
    line = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE)[1]
    return [
        word.replace("/srv/ua-wagtail", str(ROOT)).replace("%i", instance)
        for word in shlex.split(line)
    ]


def wait_for(url: str, timeout: float = 60, status: int = 200) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with DIRECT.open(url, timeout=2) as answer:
                if answer.status == status:
                    return
        except urllib.error.HTTPError as error:
            if error.code == status:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer {status} in {timeout:.0f} s")
        time.sleep(0.2)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    """Every part's process, started and stopped together; ``app(i)`` and
    ``kill_app(i)`` start and kill one app server."""

    def __init__(self, base_port=8100, database="ua_cluster", redis_db=7, env=None):
        self.varnish_port, self.lb_port, self.stats_port = (
            base_port,
            base_port + 1,
            base_port + 5,
        )
        self.app_ports = [base_port + 2, base_port + 3]
        self.s3_port = base_port + 4
        self.database, self.redis_db = database, redis_db
        self.extra_env = env or {}
        self.app_env: dict[str, str] = {}  # added for the app servers, restarts too
        self.workdir = Path(tempfile.mkdtemp(prefix="ua-cluster-"))
        self.processes: dict[str, subprocess.Popen] = {}

    # Addresses
    @property
    def url(self) -> str:
        """The public site: through Varnish."""
        return f"http://127.0.0.1:{self.varnish_port}"

    @property
    def lb_url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def app_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[i]}"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def media_root(self, i: int) -> Path:
        return self.workdir / f"app{i + 1}" / "media"

    def env(self, **more) -> dict:
        """The settings every process of the site reads (docs/deployment.md)."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "DEBUG": "false",
            "SECRET_KEY": "cluster-only-" + "c" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: a real site is HTTPS-only.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "TASKS_BACKEND": "rq",
            "TRUSTED_PROXY_HOPS": "2",  # Varnish, then HAProxy
            "FRONTEND_CACHE_URL": self.url,
            "WAGTAILADMIN_BASE_URL": self.url,
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_url,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster",  # moto takes any
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "worker" / "media"),
            "WEB_CONCURRENCY": "2",
            "ACCESS_LOG": "false",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
            **more,
        }

    # Processes
    def start(self, name: str, command: list[str], env=None, cwd=ROOT):
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=cwd,
            env=env or self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str, sig=signal.SIGTERM, wait=15) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def log(self, name: str, tail=3000) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-tail:]

    def manage(self, *args, **env) -> str:
        done = subprocess.run(  # noqa: S603 - this interpreter, manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def app(self, i: int, wait=True) -> None:
        """App server ``i`` (0 or 1), started as its systemd unit starts it."""
        port = str(self.app_ports[i])
        self.media_root(i).mkdir(parents=True, exist_ok=True)
        self.start(
            f"app{i + 1}",
            unit_command("ua-wagtail-web@.service", port),
            env=self.env(MEDIA_ROOT=str(self.media_root(i)), **self.app_env),
        )
        if wait:
            wait_for(f"{self.app_url(i)}/ua/health/")

    def kill_app(self, i: int) -> None:
        """As a machine that dies: no goodbye to the load balancer."""
        self.stop(f"app{i + 1}", sig=signal.SIGKILL)

    def restart_apps(self, **env) -> None:
        """Both app servers again, with ``env`` added to their settings."""
        self.app_env.update(env)
        for i in (0, 1):
            self.stop(f"app{i + 1}")
        for i in (0, 1):
            self.app(i)

    def up(self) -> "Cluster":
        varnishd, haproxy = tool("varnishd"), tool("haproxy")
        taken = [p for p in self.ports() if listening(p)]
        if taken:
            raise SystemExit(f"ports {taken} are taken: set CLUSTER_PORT to another")
        print(f"Starting the cluster in {self.workdir}", flush=True)
        recreate_database(self.database)
        self.flush_redis()
        self.s3()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.demo = self.manage("demo", "--base-url", self.url)
        for i in (0, 1):
            self.app(i, wait=False)
        for i in (0, 1):
            wait_for(f"{self.app_url(i)}/ua/health/")
        self.start("worker", unit_command("ua-wagtail-worker@.service", "rqworker"))
        self.haproxy(haproxy)
        self.varnish(varnishd)
        wait_for(f"{self.url}/ua/health/")
        return self

    def ports(self) -> list[int]:
        ports = [self.varnish_port, self.lb_port, self.stats_port, self.s3_port]
        return ports + self.app_ports

    def flush_redis(self) -> None:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=self.redis_db).flushdb()

    def s3(self) -> None:
        """moto's S3 server and the site's bucket in it."""
        self.start(
            "s3",
            [
                sys.executable,
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                str(self.s3_port),
            ],
        )
        wait_for(f"{self.s3_url}/moto-api/")
        self.s3_client().create_bucket(Bucket=BUCKET)

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster",  # noqa: S106 - moto takes any
        )

    def bucket_keys(self) -> list[str]:
        listed = self.s3_client().list_objects_v2(Bucket=BUCKET)
        return [item["Key"] for item in listed.get("Contents", [])]

    def haproxy(self, haproxy: str) -> None:
        config = DEPLOY / "haproxy" / "haproxy.cfg"
        subprocess.run(
            [haproxy, "-c", "-q", "-f", str(config)], check=True, env=self.haproxy_env()
        )  # noqa: S603
        self.start(
            "haproxy", [haproxy, "-db", "-f", str(config)], env=self.haproxy_env()
        )
        wait_for(f"http://127.0.0.1:{self.stats_port}/")

    def haproxy_env(self) -> dict:
        return {
            **os.environ,
            "LB_BIND": f"127.0.0.1:{self.lb_port}",
            "STATS_BIND": f"127.0.0.1:{self.stats_port}",
            "APP1": f"127.0.0.1:{self.app_ports[0]}",
            "APP2": f"127.0.0.1:{self.app_ports[1]}",
        }

    def varnish(self, varnishd: str) -> None:
        """deploy/varnish/default.vcl, its backend at HAProxy's port."""
        vcl, found = re.subn(
            r'\.port = "\d+";',
            f'.port = "{self.lb_port}";',
            (DEPLOY / "varnish" / "default.vcl").read_text(),
        )
        if found != 1:
            raise SystemExit("deploy/varnish/default.vcl: no backend port to set")
        (self.workdir / "default.vcl").write_text(vcl)
        self.varnish_dir = self.workdir / "varnish"
        self.start(
            "varnish",
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.varnish_dir),
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-f",
                str(self.workdir / "default.vcl"),
                "-s",
                "malloc,128m",
            ],
        )

    def app_server_stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's status page's row of each app server, by its name."""
        with DIRECT.open(
            f"http://127.0.0.1:{self.stats_port}/;csv", timeout=5
        ) as answer:
            rows = answer.read().decode().splitlines()
        header = rows[0].lstrip("# ").split(",")
        stats = {}
        for row in rows[1:]:
            values = dict(zip(header, row.split(","), strict=False))
            if values.get("pxname") == "app" and values["svname"].startswith("app"):
                stats[values["svname"]] = values
        return stats

    def server_states(self) -> dict[str, str]:
        """HAProxy's view of the app servers: {"app1": "UP", "app2": "DOWN"}."""
        stats = self.app_server_stats()
        return {name: row["status"].split()[0] for name, row in stats.items()}

    def wait_for_state(self, server: str, state: str, timeout: float) -> float:
        """Seconds until HAProxy says ``server`` is ``state`` ("UP", "DOWN"),
        or ``timeout`` if it never does."""
        started = time.monotonic()
        while self.server_states().get(server) != state:
            if time.monotonic() - started > timeout:
                break
            time.sleep(0.2)
        return time.monotonic() - started

    def answers(self, kind: str) -> Counter:
        """The answers each app server gave, of a kind ("2xx", "4xx"…), by
        HAProxy's count (Varnish's probe's among them, one each 2 s)."""
        stats = self.app_server_stats()
        return Counter({name: int(row[f"hrsp_{kind}"]) for name, row in stats.items()})

    def down(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        shutil.rmtree(self.workdir, ignore_errors=True)


def stop_on_sigterm() -> None:
    """``kill`` stops the cluster as Ctrl+C does: every part with it."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main():
    stop_on_sigterm()
    cluster = Cluster(base_port=int(os.environ.get("CLUSTER_PORT", 8100)))
    try:
        cluster.up()
        print(cluster.demo, end="")
        print(
            f"Public site (Varnish): {cluster.url}/\n"
            f"Load balancer (HAProxy): {cluster.lb_url}/, its status page "
            f"http://127.0.0.1:{cluster.stats_port}/\n"
            f"App servers: {cluster.app_url(0)}/ and {cluster.app_url(1)}/\n"
            f"S3 (moto): {cluster.s3_url}/, bucket {BUCKET}\n"
            f"Logs: {cluster.workdir}/*.log. Ctrl+C stops everything.",
            flush=True,
        )
        while all(p.poll() is None for p in cluster.processes.values()):
            time.sleep(1)
        stopped = [n for n, p in cluster.processes.items() if p.poll() is not None]
        print(f"{', '.join(stopped)} stopped:\n{cluster.log(stopped[0])}")
    except KeyboardInterrupt:
        pass
    finally:
        cluster.down()


if __name__ == "__main__":
    main()
