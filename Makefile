# Two commands for a fresh machine (see README):
#   make run   – the app with demo data on embedded defaults (SQLite, filesystem broker)
#   make test  – the whole suite on PostgreSQL and Redis
SHELL := /bin/bash
VENV := .venv
# Django 6.0 needs Python 3.12+: Debian 12 ships 3.11, so take a 3.12/3.13 from the system or pyenv.
PYTHON ?= $(firstword $(foreach v,3.12 3.13,$(wildcard /usr/bin/python$(v) /usr/local/bin/python$(v) /root/.pyenv/versions/$(v)*/bin/python$(v))) python3)
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint's Pango is on the machine; CJK fonts, HarfBuzz subsetting (10 s → 0.3 s per CJK
# page), gettext for translations, poppler to look at PDFs.
DEB_PACKAGES := fonts-noto-cjk fonts-wqy-microhei libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext poppler-utils chromium
ADDR ?= 127.0.0.1:8000

.PHONY: run test deps system-deps lint format messages bench

deps: system-deps $(VENV)/.installed

system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing \
	  || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	fi

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12+ is needed (Django 6.0); set PYTHON=/path/to/python3.12"; exit 1; }
	@test ! -x $(PY) || $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || rm -rf $(VENV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

messages: deps
	$(PY) manage.py compilemessages --ignore=.venv -v0

run: deps messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_reporting_demo
	$(PY) manage.py seed_demo_meetings
	$(PY) manage.py seed_democratic_life_demo
	$(PY) manage.py seed_supervision_demo
	$(PY) manage.py seed_evaluation_demo
	@echo "Web: http://$(ADDR)/  (worker and beat run alongside; Ctrl-C stops all)"
	@trap 'kill 0' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 & \
	DJANGO_DEBUG=1 $(PY) manage.py runserver --noreload $(ADDR)

test: deps messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (issue 8; not in CI): fill the scratch database dangwei_bench (PostgreSQL at
# BENCH_DATABASE_URL) once, then print figures; copy them into bench/RESULTS.md. ~15 min.
bench: deps $(VENV)/.bench-installed
	$(PY) bench/fill.py
	$(PY) bench/minutes_pdf.py
	$(PY) bench/reminder_scan.py
	$(PY) bench/load.py
	$(PY) bench/queries.py

$(VENV)/.bench-installed: pyproject.toml
	$(PY) -m pip install -q -e ".[dev,bench]"
	touch $@
