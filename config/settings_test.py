"""Test settings: always PostgreSQL and a real Redis broker – never SQLite, never mocks.

``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` override the local defaults of this machine.
"""

import os

import dj_database_url

from .settings import *  # noqa: F403

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dangwei")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

DATABASES = {"default": dj_database_url.parse(TEST_DATABASE_URL)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The test suite runs on PostgreSQL only; TEST_DATABASE_URL must be postgres://…")
DATABASES["default"]["ENGINE"] = "config.postgresql"
DATABASES["default"]["TEST"] = {"TEMPLATE": "template0"}

CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by the fault tests writes real files instead.
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
DEBUG = False
