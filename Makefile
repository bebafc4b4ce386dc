# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What is installed, for this pyproject.toml: everything (`.[dev]`, for the tests)
# or only the example site (`.[example]`, for the demo); `.[dev]` includes it.
CKSUM := $(shell cksum < pyproject.toml | cut -d' ' -f1)
STAMP := $(VENV)/.installed-dev-$(CKSUM)
DEMO_STAMP := $(VENV)/.installed-example-$(CKSUM)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=
# The browser tests `make test-browser` runs (CI runs a few on PostgreSQL).
BROWSER_TESTS ?= tests/e2e

.PHONY: install browser proxies cluster-tools cluster bench-cluster bench-webhooks demo test test-fast test-browser test-install lint format docs messages screenshots bench bench-import bench-pages bench-serve bench-soak bench-admin clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@ $(DEMO_STAMP)

# Quieter still (errors only): the demo's set-up prints a few lines, no more.
$(DEMO_STAMP): pyproject.toml
	@echo "Installing ua_wagtail and the example site into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) --quiet -e ".[example]"
	@rm -f $(VENV)/.installed-example-*
	@touch $@

install: $(STAMP)

# Browser tests drive Debian's Chromium through Playwright: `playwright install`
# cannot download browsers here, so the system package is used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# The caching tests (tests/caching) put Debian's Varnish in front of the site;
# varnishd lives in /usr/sbin, often outside a user's PATH.
proxies:
	@PATH="$$PATH:/usr/sbin" command -v varnishd >/dev/null 2>&1 || { \
		echo "Installing Debian's varnish for the caching tests"; \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=300 update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=300 \
			install -y -qq varnish >/dev/null; }

# make cluster and make bench-cluster put Debian's HAProxy and Varnish in front
# of the app servers, and load them with wrk.
cluster-tools:
	@PATH="$$PATH:/usr/sbin" command -v haproxy >/dev/null 2>&1 && \
	PATH="$$PATH:/usr/sbin" command -v varnishd >/dev/null 2>&1 && \
	command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's haproxy, varnish and wrk for the cluster"; \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=300 update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=300 \
			install -y -qq haproxy varnish wrk >/dev/null; }

# The site as production runs it, on loopback, until Ctrl+C (docs/deployment.md):
# two app servers, a task worker, HAProxy, Varnish and an S3 server (moto), on
# this machine's PostgreSQL and Redis; ports from CLUSTER_PORT (8100) on.
cluster: install cluster-tools
	$(BIN)/python -m benchmarks.cluster

# A cluster of its own, checked: reports counted once across both app servers and
# shared rate limits, purges, S3, an app server killed under load, throughput
# with one and two app servers. BENCH_CLUSTER_SHORT=1: the checks, shorter loads.
bench-cluster: install cluster-tools
	$(BIN)/python -m benchmarks.cluster_bench

# Webhooks (needs PostgreSQL, Redis and Debian's wrk): report intake with and
# without a delivering worker, a receiver down for a minute with 2 workers
# (nothing lost, misdirected, duplicated or out of order), deliveries per second
# with 1 and 2 workers and in OSDI. BENCH_WEBHOOKS_SHORT=1: the checks, shorter.
bench-webhooks: install
	command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m benchmarks.webhooks_bench

# The example site runs with DEBUG off unless told (see example_site/settings.py).
# Only what the demo needs, and a short summary: `manage.py demo -v 2` says more.
# The task worker (XLSX exports of reports, Wagtail's tasks) and the webhook
# worker (reports sent on to the admin's webhook endpoints) run beside the
# server and are stopped with it, Ctrl+C included.
demo: export DEBUG = true
demo: $(DEMO_STAMP)
	@echo "Migrating the SQLite database and loading the demo"
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py demo --base-url http://127.0.0.1:$(PORT)
	@$(BIN)/python manage.py db_worker --no-reload -v 0 & worker=$$!; \
		$(BIN)/python manage.py ua_wagtail_webhooks & webhooks=$$!; \
		trap 'kill $$worker $$webhooks 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install browser proxies
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the browser tests (tests/e2e): a few minutes, no Chromium.
test-fast: install proxies
	$(BIN)/python -m pytest --ignore=tests/e2e $(PYTEST_ARGS)

test-browser: install browser
	$(BIN)/python -m pytest $(BROWSER_TESTS) $(PYTEST_ARGS)

# The quickstart followed literally: wheel and sdist built and checked, a new
# `wagtail start` project with the wheel and docs/quickstart.md's settings and
# URLs, then an Urgent Action made, reported on and translated in Chromium.
test-install: install browser
	$(BIN)/python tests/install/quickstart_check.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the plugin's catalogs from the code, then compile them (translate in between).
messages: export DEBUG = true
messages: install
	cd ua_wagtail && DJANGO_SETTINGS_MODULE=example_site.settings PYTHONPATH=.. \
		../$(BIN)/django-admin makemessages -l es -l fr -l ar -l ru -l be --no-obsolete --no-location
	cd ua_wagtail && ../$(BIN)/django-admin compilemessages

docs: install
	$(BIN)/mkdocs build --strict --site-dir site

screenshots: install browser
	$(BIN)/python -m pytest tests/e2e -q
	$(BIN)/python docs/update_screenshots.py

# Throughput of action reports and cost of reading totals (needs PostgreSQL, Redis
# and Debian's wrk); prints figures and ratios against baselines from the same run.
bench: install bench-import bench-pages bench-serve
	command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m benchmarks.reports_throughput

# Documents imported per second (text, DOCX, PDF) and the parser's field accuracy.
bench-import: install
	$(BIN)/python -m benchmarks.import_speed

# The public pages' weight in Chromium: HTML+CSS+JS over gzip against the budgets
# (seed UA page 30 KB, index with 50 UAs 60 KB), other hosts, blocking scripts.
bench-pages: install browser
	$(BIN)/python -m benchmarks.page_budget

# Public pages served per second and their p99: the seed UA page, index, home, API
# v2/v3 detail and totals at the origin against a plain Wagtail page, and through
# Varnish against Django's cache_page (needs PostgreSQL, Redis, wrk and Varnish).
bench-serve: install
	{ command -v wrk && { command -v varnishd || test -x /usr/sbin/varnishd; }; } >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk varnish >/dev/null; }
	$(BIN)/python -m benchmarks.pages_throughput

# The staff screens, CSV export and maintenance commands at 1,000,000 reports made
# with generate_series (BENCH_ADMIN_REPORTS=5000000 for 5M), against bars and an
# admin screen reading no reports (needs PostgreSQL).
bench-admin: install
	$(BIN)/python -m benchmarks.admin_screens

# A steady mix of page views, reports and totals reads for SOAK_MINUTES (5):
# errors (none), p99 minute by minute, the workers' memory (PostgreSQL, Redis, wrk).
SOAK_MINUTES ?= 5
bench-soak: install
	command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	SOAK_MINUTES=$(SOAK_MINUTES) $(BIN)/python -m benchmarks.soak

clean:
	rm -rf $(VENV) site artifacts db.sqlite3 .pytest_cache .ruff_cache
