"""The reminder scan in SQL (issue 19) writes exactly what the Python path writes: the same
notifications (recipient, channel, step, words, state) and the same new positions, over every
kind of step, recipient rule and malformed row; and falls back to Python where SQL cannot say it.

Both paths run on the same PostgreSQL data: each inside a savepoint rolled back afterwards.
"""

import datetime
import logging
import unicodedata

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from committees.actors import system_user
from committees.models import Level, Role
from reporting import deadlines
from reporting.channels import _BREAKING, ONE_LINE_SPACES, ONE_LINE_SQL_PATTERN, EmailChannel, accepts_in_sql, one_line
from reporting.models import Deadline, DeadlineState, Notification
from reporting.schedules import days_schedule, hours_schedule
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # 17:00 on the 25th in Beijing
H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)
#: The scans both paths run, in order: the start alerts, reminders, due, escalations, then late repeats.
SCANS = [T0, T0 + 60 * M, T0 + 2 * H, T0 + 3 * H, T0 + 2 * D, T0 + 9 * D, T0 + 60 * D, T0 + 400 * D]
FIELDS = ("deadline_id", "recipient_id", "channel", "step_key", "step_kind", "title", "body", "url", "state", "sent_at")
POSITION = ("pk", "next_step_index", "next_step_at", "state", "last_error")


def register(committee, *, due_at=T0 + 2 * H, schedule=None, now=T0, title="突发事件报告", rule_id="R-1", **kwargs):
    return deadlines.register(
        subject=committee,
        committee=committee,
        title=title,
        due_at=due_at,
        rule_id=rule_id,
        schedule=schedule or hours_schedule(2 * H),
        now=now,
        acting_user=system_user(),
        **kwargs,
    )


@pytest.fixture
def mix():
    """Every case the scan distinguishes, in one town under one county."""
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    secretary = RoleFactory(committee=town, role=Role.SECRETARY, person__email="sec@example.org").person
    RoleFactory(committee=town, role=Role.SECRETARY, person__email="")  # a second principal leader
    RoleFactory(committee=town, role=Role.OFFICE_STAFF, person__email="office@example.org")
    RoleFactory(committee=town, role=Role.OFFICE_STAFF, end_date=datetime.date(2026, 11, 24))  # left the day before
    RoleFactory(committee=town, role=Role.OFFICE_STAFF, start_date=datetime.date(2026, 11, 27))  # starts later
    organiser = RoleFactory(committee=town, role=Role.ORGANIZATION_MEMBER, person__email="org@example.org").person
    RoleFactory(committee=town, role=Role.ORGANIZATION_STAFF, person=organiser)  # holds both: told once
    RoleFactory(committee=county, role=Role.ORGANIZATION_STAFF, person__email="county-org@example.org")
    RoleFactory(committee=county, role=Role.OFFICE_STAFF, person__email="county-office@example.org")
    RoleFactory(committee=county, role=Role.SECRETARY)
    unparented = CommitteeFactory(name="直属党委", level=Level.COUNTY)
    RoleFactory(committee=unparented, role=Role.SECRETARY, person__email="top@example.org")

    # an owner whose name would break a header, notified twice over, and one without e-mail
    owner = PersonFactory(name="李\u2028四\t\u3000（值班）", email="owner@example.org")
    register(town, owner=owner, notify=[owner, PersonFactory(email=""), PersonFactory(email="n@example.org")])
    register(town, owner=secretary, title="标题\u3000含全角空格 %(due)s 100%")  # the principal owes it
    register(town)  # a unit's obligation: the office on the day
    register(town, notify=[PersonFactory(email="only@example.org")], url="/reports/7/")
    register(town, owner=PersonFactory(), due_at=T0 - H)  # R-1 registered late: due and escalations at once
    extended = register(town, owner=PersonFactory(email="ext@example.org"))
    deadlines.extend(extended, new_due_at=T0 + 4 * H, reason="延期", now=T0, acting_user=system_user())
    register(unparented, owner=PersonFactory(), rule_id="R-4")  # no parent: level 2 reaches nobody
    register(town, owner=PersonFactory(), escalation=[])
    register(town, owner=PersonFactory(), escalation=["unknown", deadlines.PARENT_OFFICE])
    # private, escalated to the organisation department only, its member owing it
    register(
        town,
        title="个人有关事项报告",
        rule_id="R-2",
        due_at=T0 + D,
        schedule=days_schedule(),
        owner=organiser,
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        is_private=True,
        now=T0 - 30 * D,
    )
    # R-2 catching up: daily repeats up to their limit, and weekly ones past it at the first scan
    register(
        town, rule_id="R-2", due_at=T0 - 3 * D, schedule=days_schedule(repeat_days=1, repeat_limit=5), now=T0 - 40 * D
    )
    register(town, rule_id="R-2", due_at=T0 - 200 * D, schedule=days_schedule(), owner=secretary, now=T0 - 240 * D)
    # rows the statement leaves to Python: fired there, or set aside there with its error
    malformed = {
        "float offsets": {"steps": [["start", -7200.0, "reminder", 0], ["due", 0, "due", 0]], "repeat_every": None},
        "offset out of range": {
            "steps": [["start", -(10**11), "reminder", 0]],
            "repeat_every": None,
            "repeat_limit": 0,
        },
        "repeat as text": {"steps": [["due", 0, "due", 0]], "repeat_every": "3600", "repeat_limit": 2},
        "not an object": [["due", 0, "due", 0]],
        "escalation level 0": {"steps": [["due", 0, "due", 0], ["escalate", 0, "escalation", 0]]},
    }
    for schedule in malformed.values():
        deadline = register(town, owner=PersonFactory(email="m@example.org"))
        Deadline.objects.filter(pk=deadline.pk).update(schedule=schedule)
    return {"town": town, "county": county}


def outcome(in_sql: bool, batch: int = 4):
    """Run every scan of ``SCANS`` on one path; what it wrote; then undo it."""
    savepoint = transaction.savepoint()
    try:
        created = [deadlines.scan(at, batch=batch, in_sql=in_sql) for at in SCANS]
        rows = sorted(Notification.objects.values_list(*FIELDS))
        positions = sorted(Deadline.objects.values_list(*POSITION))
    finally:
        transaction.savepoint_rollback(savepoint)
    return created, rows, positions


def test_r_1_r_2_the_statement_writes_what_the_python_path_writes(mix, caplog):
    with caplog.at_level(logging.WARNING, logger="reporting.deadlines"):
        python = outcome(in_sql=False)
        sql = outcome(in_sql=True)
    assert not [r for r in caplog.records if "statement failed" in r.getMessage()]
    assert sql[0] == python[0]
    assert sql[1] == python[1]
    assert sql[2] == python[2]
    # the mix is what it says: every kind of step fired, and the malformed rows set aside
    kinds = {row[FIELDS.index("step_kind")] for row in python[1]}
    assert kinds == {"reminder", "due", "overdue", "escalation"}
    assert len({row[-1] for row in python[2] if row[-1]}) == 3  # offset out of range, repeat as text, not an object


def test_r_1_the_statement_writes_what_the_python_path_writes_in_one_batch(mix):
    assert outcome(in_sql=True, batch=500) == outcome(in_sql=False, batch=500)


def test_r_1_a_batch_is_one_statement_however_many_deadlines_it_holds(mix):
    Deadline.objects.filter(owner__email="m@example.org").delete()  # the malformed rows go to Python
    with CaptureQueriesContext(connection) as queries:
        deadlines.scan(T0 + 60 * M, in_sql=True)  # every row readable: no Python path
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) == 1


def test_r_1_the_statement_leaves_a_malformed_schedule_to_python_which_sets_it_aside(mix):
    deadlines.scan(T0, in_sql=True)
    aside = Deadline.objects.exclude(last_error="")
    assert {d.last_error.split(":")[0] for d in aside} == {"OverflowError", "TypeError"}
    assert all(d.next_step_at == T0 + deadlines.SET_ASIDE_FOR and d.next_step_index == 0 for d in aside)
    assert not Notification.objects.filter(deadline__in=aside).exists()


def test_the_one_line_pattern_is_what_one_line_replaces():
    """``one_line`` in PostgreSQL turns into one space exactly what Python does."""
    spaces = {code for low, high in ONE_LINE_SPACES for code in range(low, high + 1)}
    python = {
        code for code in range(1, 0x110000) if unicodedata.category(chr(code)) in _BREAKING or chr(code).isspace()
    }
    assert spaces == python
    text = " 甲" + "".join(map(chr, sorted(spaces))) + "乙\u3000丙\r\n "
    with connection.cursor() as cursor:
        cursor.execute("SELECT btrim(regexp_replace(%s, %s, ' ', 'g'), ' ')", [text, ONE_LINE_SQL_PATTERN])
        assert cursor.fetchone()[0] == one_line(text) == "甲 乙 丙"


class PickyEmailChannel(EmailChannel):
    """Overrides ``accepts`` and says nothing in SQL: asked in Python."""

    def accepts(self, person) -> bool:
        return super().accepts(person) and not person.email.endswith("@example.org")


class PickyEmailChannelInSql(PickyEmailChannel):
    sql_accepts = "p.email <> '' AND p.email NOT LIKE '%%@example.org'"


class BrokenSqlEmailChannel(EmailChannel):
    sql_accepts = "p.no_such_column <> ''"


def test_a_channel_that_overrides_accepts_without_sql_is_asked_in_python():
    assert accepts_in_sql(EmailChannel()) == "p.email <> ''"
    assert accepts_in_sql(PickyEmailChannel()) is None
    assert accepts_in_sql(PickyEmailChannelInSql()) == PickyEmailChannelInSql.sql_accepts


def test_r_1_a_channel_without_sql_keeps_the_scan_in_python_and_in_sql_is_refused(mix, settings):
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.PickyEmailChannel"]
    with pytest.raises(ImproperlyConfigured):
        deadlines.scan(T0, in_sql=True)
    assert deadlines.scan(T0) > 0
    assert not Notification.objects.filter(channel="email").exists()  # accepts was asked


def test_r_1_a_channel_with_its_own_sql_gives_what_its_accepts_gives(mix, settings):
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.PickyEmailChannelInSql"]
    assert outcome(in_sql=True) == outcome(in_sql=False)


def test_r_1_a_statement_that_fails_leaves_the_batch_to_python(mix, settings, caplog):
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", f"{__name__}.BrokenSqlEmailChannel"]
    with caplog.at_level(logging.ERROR, logger="reporting.deadlines"):
        broken = outcome(in_sql=True)
    assert any("statement failed" in r.getMessage() for r in caplog.records)
    settings.NOTIFICATION_CHANNELS = ["reporting.channels.InAppChannel", "reporting.channels.EmailChannel"]
    assert broken == outcome(in_sql=False)
    assert Deadline.objects.filter(state=DeadlineState.OPEN).exists()  # undone after each path
