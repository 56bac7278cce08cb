"""The Docker image (web, worker, beat of docker-compose.yml): PostgreSQL and Redis, which it
refuses to start without; docker-compose.yml also sets ``DJANGO_REQUIRE_SECRET_KEY``. HTTPS
redirect, HSTS and Secure cookies are on (``base``, unless ``DJANGO_DEBUG``)."""

from .base import *  # noqa: F403
from .base import cache_settings, database, env

DATABASES = {"default": database(env.db("DATABASE_URL"))}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
CACHES = cache_settings(env.str("DANGWEI_CACHE_URL", default=CELERY_BROKER_URL))
