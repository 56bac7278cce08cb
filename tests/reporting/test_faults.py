"""Faults with a real Redis broker, a real Celery worker and a real PostgreSQL.

The worker is killed in the middle of sending, Redis is flushed (every queued message lost), and
two scans run at once; the database still ends with one notification per step and recipient,
and the outbox holds every notification's e-mail – once, or (delivery is at least once) twice for
one that was being sent when the worker died, under the same Message-ID.

The database connection of a request is terminated in the middle of a service's transaction: the
user gets the error page and the database holds nothing of the half-done action.
"""

import collections
import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from committees.actors import system_user
from committees.models import Level, Role
from reporting import deadlines
from reporting.models import Notification, NotificationState
from reporting.periodic import services as periodic
from reporting.periodic.models import PeriodicObligation, PeriodicReportKind
from reporting.schedules import hours_schedule
from reporting.tasks import scan_deadlines, send_notifications
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, user_with_role
from tests.reporting.accounts import clerk

ROOT = Path(__file__).resolve().parents[2]
DEADLINES = 12
EMAILS_PER_DEADLINE = 5  # owner: start, half, three-quarters, due; principal leader: escalation level 1


def start_worker(tmp_path: Path, name: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        # Not PYTEST_XDIST_WORKER: the broker URL below is already this worker's own Redis database.
        **{key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
        "TEST_EMAIL_BACKEND": "tests.reporting.backends.SlowFileBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "outbox"),
        "DANGWEI_TEST_SEND_DELAY": "0.15",
        "DANGWEI_TEST_MARKERS": str(tmp_path / "markers"),
        "NOTIFICATION_SENDING_TIMEOUT": "3",
    }
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-c",
            "2",
            "-n",
            f"{name}@%h",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while "ready." not in (tmp_path / f"{name}.log").read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError((tmp_path / f"{name}.log").read_text()[-3000:])
        time.sleep(0.2)
    return process


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)


def outbox_ids(tmp_path: Path) -> collections.Counter:
    ids = collections.Counter()
    for path in (tmp_path / "outbox").glob("*.log"):
        ids.update(int(found) for found in re.findall(r"X-Dangwei-Notification: (\d+)", path.read_text()))
    return ids


@pytest.mark.real_clock  # the worker is another process, on the machine's clock
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_r_1_killed_worker_and_flushed_redis_lose_and_repeat_no_reminder(tmp_path):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()
    county = CommitteeFactory(level=Level.COUNTY)
    town = CommitteeFactory(level=Level.TOWN, parent=county)
    RoleFactory(committee=town, role=Role.SECRETARY, person__email="secretary@example.org")
    now = timezone.now()
    for _n in range(DEADLINES):
        deadlines.register(
            subject=town,
            committee=town,
            title="突发事件报告",
            due_at=now - datetime.timedelta(minutes=1),
            rule_id="R-1",
            schedule=hours_schedule(datetime.timedelta(hours=2)),
            owner=PersonFactory(email="owner@example.org"),
            now=now - datetime.timedelta(hours=3),
            acting_user=system_user(),
        )
    expected = DEADLINES * EMAILS_PER_DEADLINE

    first = start_worker(tmp_path, "first")
    try:
        scan_deadlines.delay()
        scan_deadlines.delay()  # two beats at once
        markers = tmp_path / "markers"
        give_up = time.monotonic() + 60

        def mid_send() -> bool:
            """A few went out and a send is under way (its marker exists until it is written)."""
            return len(outbox_ids(tmp_path)) >= 5 and markers.exists() and any(markers.iterdir())

        while not mid_send():
            assert time.monotonic() < give_up, (tmp_path / "first.log").read_text()[-3000:]
            time.sleep(0.02)
        kill(first)
    finally:
        if first.poll() is None:
            kill(first)
    sent_before = Notification.objects.filter(channel="email", state=NotificationState.SENT).count()
    assert 0 < sent_before < expected
    in_flight = set(
        Notification.objects.filter(channel="email", state=NotificationState.SENDING).values_list("pk", flat=True)
    )
    assert in_flight
    broker.flushdb()  # every queued message is lost

    second = start_worker(tmp_path, "second")
    try:
        give_up = time.monotonic() + 90
        while Notification.objects.filter(channel="email").exclude(state=NotificationState.SENT).exists():
            assert time.monotonic() < give_up, (tmp_path / "second.log").read_text()[-3000:]
            scan_deadlines.delay()  # what beat does every minute
            send_notifications.delay()
            time.sleep(2)
    finally:
        kill(second)

    emails = Notification.objects.filter(channel="email")
    assert emails.count() == expected
    assert set(emails.values_list("state", flat=True)) == {NotificationState.SENT}
    keys = emails.values_list("deadline_id", "step_key", "recipient_id")
    assert len(set(keys)) == expected
    sent = outbox_ids(tmp_path)
    assert set(sent) == set(emails.values_list("pk", flat=True))
    repeated = {pk: n for pk, n in sent.items() if n > 1}
    # At least once: only a notification handed to the mail server as the worker died may repeat.
    assert set(repeated) <= in_flight and max(sent.values()) <= 2, repeated


def terminate_backend(pid: int) -> None:
    """What a PostgreSQL restart does to one connection, without touching anybody else's."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        # The second argument waits until the backend is gone (PostgreSQL 14+).
        assert other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_m_c5_database_lost_mid_submission_shows_the_error_page_and_keeps_nothing(time_machine):
    """A report's submission writes the report and settles its deadline in one transaction; the
    connection dies between the two."""
    time_machine.move_to(datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC), tick=False)
    county = CommitteeFactory(level=Level.COUNTY)
    town = CommitteeFactory(level=Level.TOWN, parent=county)
    branch = CommitteeFactory(level=Level.BRANCH, parent=town)
    periodic.generate_obligations(acting_user=clerk())
    obligation = PeriodicObligation.objects.get(kind=PeriodicReportKind.BRANCH_QUARTERLY, reporting_committee=branch)
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(branch, Role.SECRETARY))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    killed = []

    def connection_dies(sender, instance, **kwargs):
        if instance.pk == obligation.pk and not killed:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                killed.append(cursor.fetchone()[0])
            terminate_backend(killed[0])

    post_save.connect(connection_dies, sender=PeriodicObligation, dispatch_uid="test-connection-dies")
    try:
        response = client.post(reverse("periodic_submit", args=[obligation.pk]), {"text": "第四季度汇报"})
    finally:
        post_save.disconnect(dispatch_uid="test-connection-dies", sender=PeriodicObligation)
        connection.close()  # the test's own connection was the one terminated
    assert killed
    assert response.status_code == 500
    page = response.content.decode()
    with translation.override("en"):
        assert translation.gettext("Server error") in page
    assert "Traceback" not in page and "OperationalError" not in page and "psycopg" not in page
    obligation.refresh_from_db()
    assert obligation.submitted_at is None and obligation.text == ""
    assert deadlines.for_subject(obligation).get().state != "met"
    # The application works again at once: a new connection, and the same submission goes through.
    periodic.submit(obligation, text="第四季度汇报", acting_user=clerk())
    assert deadlines.for_subject(obligation).get().state == "met"
