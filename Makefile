# Two commands for a fresh machine (see README):
#   make run   – the app with demo data on embedded defaults (SQLite, filesystem broker):
#                config.settings.local, the default of manage.py and Celery
#   make test  – the whole suite on PostgreSQL and Redis: config.settings.test (pyproject.toml)
SHELL := /bin/bash
VENV := .venv
# Django 6.0 needs Python 3.12+: Debian 12 ships 3.11, so take a 3.12/3.13 from the system or pyenv.
PYTHON ?= $(firstword $(foreach v,3.12 3.13,$(wildcard /usr/bin/python$(v) /usr/local/bin/python$(v) /root/.pyenv/versions/$(v)*/bin/python$(v))) python3)
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint's Pango, CJK fonts (Noto for 宋/黑, LXGW WenKai for the 楷 of printed documents),
# HarfBuzz subsetting (10 s → 0.3 s per CJK page), gettext for translations; the tests also need
# poppler (to read PDFs), Chromium (browser journeys) and LibreOffice Writer without its GUI (a
# printed document's .docx must open and print in an office suite).
DEB_RUN := fonts-noto-cjk fonts-wqy-microhei fonts-lxgw-wenkai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext
DEB_TEST := $(DEB_RUN) poppler-utils chromium postgresql-client libreoffice-writer-nogui
ADDR ?= 127.0.0.1:8000
# Links in e-mails point at the address the server listens on (0.0.0.0: this machine's name).
SITE_URL ?= http://$(subst 0.0.0.0,$(shell hostname -f 2>/dev/null || hostname),$(ADDR))
# `make test TEST_TODAY=2027-02-15`: the whole suite as if that were today (tests/conftest.py).
TEST_TODAY ?=
# `make test-dates`: the suite on each of these days (New Year, Spring Festival, a leap day).
TEST_DATES ?= 2027-01-04 2027-02-15 2028-02-29
# Seconds since the epoch when make started: the phase timings count from here.
STARTED := $(shell date +%s)
elapsed = $$(( $$(date +%s) - $(STARTED) ))

# Installs the Debian packages of $(1) that are missing (apt-get update only when needed).
install_debs = missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing \
	  || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	fi

.PHONY: run test test-dates deps deps-test system-deps system-deps-test lint format messages bench

deps: system-deps $(VENV)/.installed
deps-test: system-deps-test $(VENV)/.installed-dev

system-deps:
	@$(call install_debs,$(DEB_RUN))

system-deps-test:
	@$(call install_debs,$(DEB_TEST))

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12+ is needed (Django 6.0); set PYTHON=/path/to/python3.12"; exit 1; }
	@test ! -x $(PY) || $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || rm -rf $(VENV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

messages: deps
	@$(PY) manage.py compilemessages --ignore=.venv -v0
	@echo "[$(elapsed) s] packages installed, translations compiled"

# The demo database is migrated and loaded once (var/dangwei.sqlite3); later runs only start.
# Stopping (Ctrl-C or SIGTERM) stops the web server and the worker, and nothing else.
run: deps messages
	@$(PY) manage.py load_demo
	@echo "[$(elapsed) s] Web: $(SITE_URL)/  (worker and beat run alongside; Ctrl-C stops all)"
	@export DJANGO_DEBUG=1 SITE_URL="$(SITE_URL)"; worker=; web=; \
	trap 'trap - INT TERM EXIT; kill $$web $$worker 2>/dev/null; wait' INT TERM EXIT; \
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 & worker=$$!; \
	$(PY) manage.py runserver --noreload $(ADDR) & web=$$!; \
	wait -n

test: deps-test messages
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@echo "[$(elapsed) s] lint done"
	TEST_TODAY="$(TEST_TODAY)" $(VENV)/bin/pytest
	@echo "[$(elapsed) s] make test done"

test-dates: deps-test messages
	@for day in $(TEST_DATES); do \
	  echo "== TEST_TODAY=$$day"; TEST_TODAY=$$day $(VENV)/bin/pytest -q || exit 1; \
	done

lint: deps-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (issue 19; not in CI; bench/RESULTS.md says what each table measures). One run: fill
# the scratch database BENCH_DATABASE_URL (default dangwei_bench) with BENCH_ROWS rows once
# (BENCH_RESET=1: drop it and fill anew), then the load against a bare page (wrk, installed
# here), the query counts, the reminder scan (its own database) and the minutes PDF. Each table
# is printed and written to var/bench/<step>.md (stdout; progress and warnings go to stderr); a step that fails (an empty list, a page that
# errs, a query count that grows) is named at the end and makes the target fail, after the others
# ran. Long: ~10 min of load plus the fill (~10 min at 100,000 rows) – on an idle machine.
BENCH_ROWS ?= 100000
DEB_BENCH := wrk
bench: deps-test messages
	@$(call install_debs,$(DEB_BENCH))
	@mkdir -p var/bench
	@set -o pipefail; failed=; \
	step() { name=$$1; shift; echo "== $$name: $$*"; "$$@" | tee var/bench/$$name.md || failed="$$failed $$name"; }; \
	step fill $(PY) bench/fill.py --rows $(BENCH_ROWS) $(if $(BENCH_RESET),--reset); \
	[ -z "$$failed" ] || { echo "bench: the fill failed; nothing measured"; exit 1; }; \
	step load $(PY) bench/load.py; \
	step queries $(PY) bench/queries.py; \
	step reminder_scan $(PY) bench/reminder_scan.py; \
	step minutes_pdf $(PY) bench/minutes_pdf.py; \
	echo "[$(elapsed) s] make bench done; tables in var/bench/*.md"; \
	[ -z "$$failed" ] || { echo "bench: failed:$$failed"; exit 1; }
