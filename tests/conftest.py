"""Suite-wide set-up: the suite needs a real PostgreSQL and a real Redis, and says how to start them;
``TEST_TODAY`` moves the whole run to another day."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine

from tests.clock import SHANGHAI, parse_test_today

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
    "--dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


# ---------------------------------------------------------------------------------------------- clock
# ``TEST_TODAY=2027-02-15 make test`` (or ``2027-02-15T23:30``, Beijing time; a date alone means 10:00)
# runs every test as if the machine's clock showed that moment and went on ticking from it. No test
# may depend on the day it runs: ``make test-dates`` runs the suite on several such days. A test that
# talks to something outside this process's clock (a Celery worker started as a subprocess) carries
# ``@pytest.mark.real_clock`` and runs on the machine's clock, building its data relative to now.

_traveller: time_machine.travel | None = None


def pytest_configure(config):
    global _traveller
    config.addinivalue_line("markers", "real_clock: runs on the machine's clock even when TEST_TODAY moves the run")
    value = os.environ.get("TEST_TODAY", "")
    if value.strip():
        _traveller = time_machine.travel(parse_test_today(value), tick=True)
        _traveller.start()


def pytest_report_header(config):
    if _traveller is not None:
        return f"TEST_TODAY: the clock starts at {datetime.datetime.now(SHANGHAI):%Y-%m-%d %H:%M} (Asia/Shanghai)"
    return None


@pytest.fixture(autouse=True)
def _real_clock_when_marked(request):
    """Leave the moved clock for a ``real_clock`` test; come back afterwards where it had got to."""
    global _traveller
    if _traveller is None or request.node.get_closest_marker("real_clock") is None:
        yield
        return
    moved_now = datetime.datetime.now(SHANGHAI)
    _traveller.stop()
    try:
        yield
    finally:
        _traveller = time_machine.travel(moved_now, tick=True)
        _traveller.start()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist starts its workers
def pytest_sessionstart(session):
    from django.conf import settings

    problems = []
    db = settings.DATABASES["default"]
    try:
        import psycopg

        from tests.template_db import admin_connection

        admin_connection(db, connect_timeout=5).close()
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
    if not hasattr(session.config, "workerinput"):  # the controller, or a run without xdist
        _build_template(session.config, db)


# ---------------------------------------------------------------------------------- test databases
# Migrated once per change of the migrations into a template, cloned for each xdist worker
# (tests/template_db.py). Phase timings are printed at the end of the run.

_phases: dict[str, str] = {}


def _build_template(config, db: dict) -> None:
    from tests import template_db

    name, seconds = template_db.ensure_template(db, rebuild=bool(config.getoption("create_db", False)))
    _phases["database template"] = (
        f"{name}: migrated in {seconds:.1f} s" if seconds is not None else f"{name}: up to date, reused"
    )


@pytest.fixture(scope="session")
def django_db_keepdb() -> bool:
    """The worker's database exists already – a fresh clone of the template – so Django keeps it
    (its ``migrate`` then has nothing to do); ``django_db_setup`` drops it at the end."""
    return True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    from django.db import connections

    from tests import template_db

    connection = connections["default"]
    template_db.clone(
        connection.settings_dict,
        template_db.template_name(connection.settings_dict),
        connection.creation._get_test_db_name(),
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _phases and not hasattr(config, "workerinput"):
        terminalreporter.write_sep("-", "phases")
        for phase, text in _phases.items():
            terminalreporter.write_line(f"{phase}: {text}")


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With ``--nomigrations`` the data migrations do not run: load their data the same way. At the
    end, drop this worker's clone of the template."""
    import importlib

    from django.apps import apps
    from django.db import connections

    from tests import template_db

    with django_db_blocker.unblock():
        from committees.models import RuleSet

        if not RuleSet.objects.filter(is_default=True).exists():
            data = importlib.import_module("committees.migrations.0002_trigram_calendar_default_rules")
            data.create_default_rule_set(apps, None)
            data.import_calendar(apps, None)
    yield
    with django_db_blocker.unblock():
        connection = connections["default"]
        name = connection.settings_dict["NAME"]
        connections.close_all()
        template_db.drop(connection.settings_dict, name)


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
