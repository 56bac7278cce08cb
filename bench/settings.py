"""Settings of the load benchmark's server: production's (``config.settings.production``), with one
bench-only page added by ``bench/urls.py`` – nothing else changes."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
