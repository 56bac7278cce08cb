"""Suite-wide set-up: the suite needs a real PostgreSQL and a real Redis, and says how to start them."""

from __future__ import annotations

import pytest

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
    "--dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def pytest_sessionstart(session):
    from django.conf import settings

    problems = []
    db = settings.DATABASES["default"]
    try:
        import psycopg

        psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        problems.append(
            f"PostgreSQL at {db['HOST']}:{db['PORT']} is unreachable ({error}).\n  Start it: {START_POSTGRES}"
        )
    try:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=5).ping()
    except redis.exceptions.RedisError as error:
        problems.append(f"Redis at {settings.CELERY_BROKER_URL} is unreachable ({error}).\n  Start it: {START_REDIS}")
    if problems:
        pytest.exit("The test suite needs real services:\n" + "\n".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With ``--nomigrations`` the data migrations do not run: load their data the same way."""
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        from committees.models import RuleSet

        if not RuleSet.objects.filter(is_default=True).exists():
            data = importlib.import_module("committees.migrations.0002_trigram_calendar_default_rules")
            data.create_default_rule_set(apps, None)
            data.import_calendar(apps, None)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table. Run alone, pytest orders those tests
    last; under pytest-xdist a worker may get more files after one, so put back what the test
    database held when it was made (content types, permissions, the default rule set, the
    calendar) – the same rows serialized rollback restores."""
    yield
    if nextitem is None or not _is_transactional(item):
        return  # the last test: the session's fixtures have already dropped the test database
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
