"""Test settings: always PostgreSQL and a real Redis broker – never SQLite, never mocks.

``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` override the local defaults of this machine.
"""

import uuid

from .base import *  # noqa: F403
from .base import cache_settings, database, env

TEST_DATABASE_URL = env.str("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/dangwei")
TEST_REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
# pytest-xdist: each worker gets its own Redis database (15, 14, …), as pytest-django gives each
# its own PostgreSQL database, so a fault test flushing Redis touches no other worker's queue.
_xdist_worker = env.str("PYTEST_XDIST_WORKER", default="")
_redis_base, _, _redis_db = TEST_REDIS_URL.rpartition("/")
if _xdist_worker.startswith("gw") and _redis_db.isdigit():
    TEST_REDIS_URL = f"{_redis_base}/{int(_redis_db) - int(_xdist_worker[2:])}"

_database = env.db_url_config(TEST_DATABASE_URL)
if _database["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The test suite runs on PostgreSQL only; TEST_DATABASE_URL must be postgres://…")
DATABASES = {"default": database(_database, conn_max_age=0)}

CELERY_BROKER_URL = TEST_REDIS_URL
# The cache in the worker's Redis database, as production keeps it in Redis; a prefix of its own per
# run, so a run never reads what an earlier one left (the ids of a new test database start over).
CACHES = cache_settings(TEST_REDIS_URL, prefix=f"test-{uuid.uuid4().hex[:12]}")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by the fault tests writes real files instead.
EMAIL_BACKEND = env.str("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
DEBUG = False
# The test client and the browser tests (live server) speak plain http: no redirect to https and
# cookies that a browser keeps over http. tests/security/test_hardening.py checks the production
# values in a subprocess with production-like environment variables.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Many page tests log in once and then travel days ahead with time-machine: the session lifetime
# limits are off here and switched on by the tests that check them (tests/security/test_hardening.py).
DANGWEI_SESSION_IDLE_TIMEOUT = 0
DANGWEI_SESSION_MAX_AGE = 0
# …and the session itself lives two weeks, as with Django's default (pages tests travel days ahead).
SESSION_COOKIE_AGE = 14 * 24 * 3600
# Every test sees the holiday schedules it entered, also after a rollback (committees.calendar).
DANGWEI_CALENDAR_YEARS_SECONDS = 0
