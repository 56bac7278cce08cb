"""The deadline engine isolates a bad row (issue 18): a due time the database could not give back
is never written, and one deadline or notification that fails is set aside with its error while
every other reminder goes out once.

The clock is passed explicitly (``now=T0``), as in ``test_engine.py``: nothing depends on today.
"""

import collections
import datetime
import logging
import zoneinfo
from importlib import import_module

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from committees.actors import system_user
from committees.bounds import EARLIEST, LATEST_COMPUTED
from committees.models import Level, Role
from committees.phrases import render
from reporting import deadlines
from reporting.channels import EmailChannel
from reporting.models import Deadline, DeadlineState, Notification, NotificationState
from reporting.schedules import hours_schedule
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
NORMAL = 30
POISON = "毒"  # the poisoned owner's name
CHANNELS = ["reporting.channels.InAppChannel", "reporting.channels.EmailChannel"]


@pytest.fixture
def town():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    RoleFactory(committee=town, role=Role.SECRETARY, person__email="sec@example.org")
    return town


def register(town, *, due_at=T0 + 2 * H, title="突发事件报告", owner=None, now=T0):
    return deadlines.register(
        subject=town,
        committee=town,
        title=title,
        due_at=due_at,
        rule_id="R-1",
        schedule=hours_schedule(2 * H),
        owner=owner or PersonFactory(email="owner@example.org"),
        now=now,
        acting_user=system_user(),
    )


def many(town, count=NORMAL) -> list[Deadline]:
    return [register(town, owner=PersonFactory(name=f"责任人{n}", email=f"owner{n}@example.org")) for n in range(count)]


def outbox_ids() -> collections.Counter:
    return collections.Counter(int(message.extra_headers["X-Dangwei-Notification"]) for message in mail.outbox)


def assert_every_other_email_sent_once(poisoned: Deadline) -> None:
    others = Notification.objects.filter(channel="email").exclude(deadline=poisoned)
    assert others.count() == NORMAL
    assert set(others.values_list("state", flat=True)) == {NotificationState.SENT}
    sent = outbox_ids()
    assert {pk: sent[pk] for pk in others.values_list("pk", flat=True)} == dict.fromkeys(
        others.values_list("pk", flat=True), 1
    )


# ------------------------------------------------------------------ register: the bounds


@pytest.mark.parametrize(
    "due_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=SHANGHAI),  # year 0 in UTC: psycopg cannot read it back
        datetime.datetime.combine(EARLIEST, datetime.time.min, tzinfo=SHANGHAI) - M,
        datetime.datetime.combine(LATEST_COMPUTED, datetime.time.min, tzinfo=SHANGHAI) + 24 * H,
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
    ],
    ids=["year-1", "a-minute-before-the-earliest", "the-day-after-the-latest", "year-9999"],
)
def test_r_1_register_refuses_a_due_time_outside_the_bounds_and_writes_nothing(town, due_at):
    with pytest.raises(ValidationError) as refused:
        register(town, due_at=due_at, now=T0)
    assert refused.value.code == "date_out_of_range"
    assert not Deadline.objects.exists()


@pytest.mark.parametrize(
    "due_at",
    [
        datetime.datetime.combine(EARLIEST, datetime.time.min, tzinfo=SHANGHAI),
        datetime.datetime.combine(LATEST_COMPUTED, datetime.time(23, 59), tzinfo=SHANGHAI),
    ],
    ids=["the-earliest", "the-last-minute-of-the-latest-day"],
)
def test_r_1_register_accepts_a_due_time_on_the_bounds(town, due_at):
    deadline = register(town, due_at=due_at, now=T0)
    deadline.refresh_from_db()
    assert deadline.due_at == due_at


def test_r_1_extend_refuses_a_due_time_outside_the_bounds(town):
    deadline = register(town)
    with pytest.raises(ValidationError) as refused:
        deadlines.extend(
            deadline,
            new_due_at=datetime.datetime(1, 1, 1, tzinfo=SHANGHAI),
            reason="延期",
            now=T0,
            acting_user=system_user(),
        )
    assert refused.value.code == "date_out_of_range"
    deadline.refresh_from_db()
    assert deadline.due_at == T0 + 2 * H and deadline.revision == 0


def unreadable_row_sql(town) -> tuple[str, list]:
    """A deadline due at 0001-01-01 in Beijing local mean time (+08:06): year 0 in UTC."""
    owner = PersonFactory()
    template = register(town, owner=owner)
    return (
        """
        INSERT INTO reporting_deadline (content_type_id, object_id, committee_id, title, url, owner_id,
            escalation, is_private, rule_id, rule_set_version_id, due_at, original_due_at, revision,
            schedule, next_step_index, next_step_at, state, waived_reason, created_at, last_error)
        SELECT content_type_id, object_id, committee_id, title, url, owner_id, escalation, is_private,
            rule_id, rule_set_version_id, '0001-01-01 00:00:00+08:06', '0001-01-01 00:00:00+08:06', 0,
            schedule, 0, '0001-01-01 00:00:00+08:06', 'open', '', created_at, ''
        FROM reporting_deadline WHERE id = %s
        """,
        [template.pk],
    )


def test_r_1_the_database_refuses_a_due_time_it_could_not_give_back(town):
    sql, params = unreadable_row_sql(town)
    with (
        pytest.raises(IntegrityError, match="deadline_due_within_bounds"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    assert Deadline.objects.count() == 1


def test_the_migration_waives_rows_already_out_of_bounds_so_the_constraint_holds(town):
    """A database that took such a row before the constraint: the migration sets it aside."""
    repair = import_module("reporting.migrations.0004_deadline_engine_isolation").WAIVE_OUT_OF_BOUNDS
    (constraint,) = [c for c in Deadline._meta.constraints if c.name == "deadline_due_within_bounds"]
    sql, params = unreadable_row_sql(town)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before ALTER TABLE
    with connection.schema_editor() as editor:
        editor.remove_constraint(Deadline, constraint)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(repair)
        cursor.execute("SELECT state, waived_reason, next_step_at FROM reporting_deadline ORDER BY id")
        (_, _, _), (state, reason, next_step_at) = cursor.fetchall()
    assert state == DeadlineState.WAIVED and "0001-12-31 15:54:00+00 BC" in reason and next_step_at is None
    with connection.schema_editor() as editor:
        editor.add_constraint(Deadline, constraint)  # validates every row
    assert len(list(Deadline.objects.all())) == 2  # and every row reads back


# ------------------------------------------------------------------ titles never reach a header with a line break


def test_r_1_a_title_with_line_breaks_is_one_line_in_the_deadline_and_its_notifications(town):
    deadline = register(town, title="桥梁垮塌\r\nBcc: everyone@example.org\x00\t事件")
    assert deadline.title == "桥梁垮塌 Bcc: everyone@example.org 事件"
    deadlines.scan(T0)
    titles = [
        render(n.title, language)
        for n in Notification.objects.filter(deadline=deadline)
        for language in ("en", "zh-hans")
    ]
    assert titles and not any(ch in title for title in titles for ch in "\r\n\x00\t")


def test_r_1_the_email_subject_is_one_line_even_for_a_title_stored_with_line_breaks(town):
    register(town)
    deadlines.scan(T0)
    notification = Notification.objects.get(channel="email")
    stored = Notification.objects.filter(pk=notification.pk)
    stored.update(title="提醒\r\nBcc: everyone@example.org", body="第一行\n第二行")
    notification.refresh_from_db()
    notification.state = NotificationState.SENDING
    EmailChannel().deliver(notification)
    (message,) = mail.outbox
    assert message.subject == "提醒 Bcc: everyone@example.org"
    assert message.bcc == []
    assert "第一行\n第二行" in message.body  # the plain-text body keeps its line breaks


def test_r_1_one_title_with_a_line_break_loses_no_other_email(town):
    """The finding: 1 poisoned deadline + 30 normal; the sender claims 10 at a time."""
    many(town)
    poisoned = register(town, owner=PersonFactory(name=POISON, email="poison@example.org"))
    deadlines.scan(T0)
    Notification.objects.filter(deadline=poisoned).update(title="突发\r\nBcc: everyone@example.org")
    deadlines.send_pending(T0 + M)
    assert_every_other_email_sent_once(poisoned)
    assert Notification.objects.get(deadline=poisoned, channel="email").state == NotificationState.SENT


# ------------------------------------------------------------------ sending: one notification fails alone


class ExplodingEmailChannel(EmailChannel):
    """E-mail, except that the poisoned person's message raises something nobody expected."""

    def deliver(self, notification) -> None:
        if notification.recipient.name == POISON:
            raise RuntimeError("the channel broke on this one")
        super().deliver(notification)


def test_r_1_a_channel_that_raises_anything_fails_that_notification_alone(town, settings, caplog):
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.ExplodingEmailChannel"]
    many(town)
    poisoned = register(town, owner=PersonFactory(name=POISON, email="poison@example.org"))
    deadlines.scan(T0)
    with caplog.at_level(logging.ERROR, logger="reporting.deadlines"):
        deadlines.send_pending(T0 + M)
    assert_every_other_email_sent_once(poisoned)
    failed = Notification.objects.get(deadline=poisoned, channel="email")
    assert failed.state == NotificationState.FAILED
    assert "RuntimeError: the channel broke on this one" in failed.last_error
    assert any(record.exc_info for record in caplog.records)  # logged with its traceback
    assert deadlines.send_pending(T0 + 2 * M) == 0  # not retried in a loop


# ------------------------------------------------------------------ scanning: one deadline fails alone


class ExplodingAcceptsChannel(EmailChannel):
    """Raises while the scan decides who gets the poisoned person's step."""

    def accepts(self, person) -> bool:
        if person.name == POISON:
            raise RuntimeError("accepts broke on this one")
        return super().accepts(person)


class DatabaseErrorChannel(EmailChannel):
    """A query that fails in PostgreSQL for the poisoned person: the scan's transaction must survive."""

    def accepts(self, person) -> bool:
        if person.name == POISON:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        return super().accepts(person)


def overflowing_schedule(deadline: Deadline) -> None:
    """A stored schedule whose step lies beyond what a date can hold."""
    Deadline.objects.filter(pk=deadline.pk).update(
        schedule={"steps": [["start", -(10**11), "reminder", 0]], "repeat_every": None, "repeat_limit": 0}
    )


@pytest.mark.parametrize(
    "poison",
    ["bad-date", "channel-raises", "database-error"],
)
def test_r_1_one_deadline_that_fails_to_scan_is_set_aside_and_every_other_reminder_goes_out_once(
    town, settings, caplog, poison
):
    if poison == "channel-raises":
        settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.ExplodingAcceptsChannel"]
    elif poison == "database-error":
        settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.DatabaseErrorChannel"]
    first = many(town, NORMAL // 2)
    poisoned = register(town, owner=PersonFactory(name=POISON, email="poison@example.org"))
    many(town, NORMAL - NORMAL // 2)
    if poison == "bad-date":
        overflowing_schedule(poisoned)
    with caplog.at_level(logging.ERROR, logger="reporting.deadlines"):
        created = deadlines.scan(T0, batch=7)  # the poisoned row is in the middle of a batch
    assert created == NORMAL * 2  # the start alert, in-app and e-mail, for everyone else
    assert not Notification.objects.filter(deadline=poisoned).exists()
    poisoned.refresh_from_db()
    assert poisoned.last_error and poisoned.state == DeadlineState.OPEN
    assert poisoned.next_step_index == 0  # nothing it owes is skipped …
    assert poisoned.next_step_at > T0  # … but it waits instead of failing on every tick
    assert any(record.exc_info for record in caplog.records)
    first[0].refresh_from_db()
    assert first[0].last_error == "" and first[0].next_step_index == 1
    deadlines.send_pending(T0 + M)
    assert_every_other_email_sent_once(poisoned)
    assert deadlines.scan(T0 + M) == 0  # set aside: not retried at the next tick


def test_r_1_a_deadline_set_aside_fires_the_steps_it_missed_once_it_can(town, settings):
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.ExplodingAcceptsChannel"]
    poisoned = register(town, owner=PersonFactory(name=POISON, email="poison@example.org"))
    deadlines.scan(T0)
    settings.NOTIFICATION_CHANNELS = CHANNELS  # the channel is fixed
    deadlines.scan(T0 + H)
    poisoned.refresh_from_db()
    assert poisoned.last_error == ""
    keys = set(Notification.objects.filter(deadline=poisoned).values_list("step_key", flat=True))
    assert keys == {"r0:start", "r0:half"}


def test_the_scan_takes_no_savepoint_per_deadline_when_none_fails(town, django_assert_num_queries):
    """Isolation costs nothing on the common path: the queries of a batch do not grow with it."""
    many(town, 3)
    with CaptureQueriesContext(connection) as few:
        deadlines.scan(T0)
    Notification.objects.all().delete()
    Deadline.objects.all().delete()
    many(town, 12)
    with django_assert_num_queries(len(few)):
        assert deadlines.scan(T0) == 12 * 2
