"""The deadline engine: schedules, scanning, one notification per step, sending, escalation."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection

from committees.actors import system_user
from committees.models import Level, Role
from reporting import deadlines
from reporting.models import Deadline, DeadlineState, Notification, NotificationState
from reporting.schedules import days_schedule, hours_schedule
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)


@pytest.fixture
def town():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    secretary = RoleFactory(committee=town, role=Role.SECRETARY, person__email="sec@example.org").person
    county_office = RoleFactory(committee=county, role=Role.OFFICE_STAFF, person__email="office@example.org").person
    town_office = RoleFactory(committee=town, role=Role.OFFICE_STAFF).person
    return {"committee": town, "secretary": secretary, "county_office": county_office, "town_office": town_office}


def emergency_deadline(town, owner, known_at=T0):
    return deadlines.register(
        subject=town["committee"],
        committee=town["committee"],
        title="突发事件报告",
        due_at=known_at + 2 * H,
        rule_id="R-1",
        schedule=hours_schedule(2 * H),
        owner=owner,
        now=known_at,
        acting_user=system_user(),
    )


def fired(deadline):
    return sorted({n.step_key for n in Notification.objects.filter(deadline=deadline)})


def test_r_1_two_hour_schedule_alerts_at_once_reminds_at_60_and_90_minutes_then_escalates(town):
    owner = PersonFactory(email="owner@example.org")
    deadline = emergency_deadline(town, owner)
    deadlines.scan(T0)
    assert fired(deadline) == ["r0:start"]  # the clock started: told at once
    assert deadlines.scan(T0 + 59 * M) == 0
    deadlines.scan(T0 + 60 * M)
    assert fired(deadline) == ["r0:half", "r0:start"]
    deadlines.scan(T0 + 89 * M)
    assert fired(deadline) == ["r0:half", "r0:start"]
    deadlines.scan(T0 + 90 * M)
    assert fired(deadline) == ["r0:half", "r0:start", "r0:three-quarters"]
    deadlines.scan(T0 + 120 * M)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OVERDUE
    escalated = Notification.objects.filter(deadline=deadline, step_key="r0:escalate-1")
    assert {n.recipient for n in escalated} == {town["secretary"]}  # level 1: the principal leader
    deadlines.scan(T0 + 150 * M)
    parent = Notification.objects.filter(deadline=deadline, step_key="r0:escalate-2")
    assert {n.recipient for n in parent} == {town["county_office"]}  # level 2: the parent's office
    assert deadline.notifications.filter(recipient=owner, channel="email").count() == 4


def test_reminders_go_to_in_app_always_and_email_when_the_person_has_one(town):
    with_mail, without = PersonFactory(email="a@example.org"), PersonFactory(email="")
    for person in (with_mail, without):
        emergency_deadline(town, person)
    deadlines.scan(T0 + 60 * M)
    assert set(Notification.objects.filter(recipient=with_mail).values_list("channel", flat=True)) == {
        "in_app",
        "email",
    }
    assert set(Notification.objects.filter(recipient=without).values_list("channel", flat=True)) == {"in_app"}


def test_scanning_twice_sends_nothing_twice(town):
    deadline = emergency_deadline(town, PersonFactory(email="a@example.org"))
    deadlines.scan(T0 + 60 * M)
    count = Notification.objects.count()
    deadlines.scan(T0 + 60 * M)
    deadline.next_step_index = 0  # even a scanner that lost its place cannot repeat a step
    deadline.next_step_at = T0
    deadline.save()
    deadlines.scan(T0 + 60 * M)
    assert Notification.objects.count() == count


def test_a_scanner_that_was_down_fires_every_step_it_missed_once(town):
    deadline = emergency_deadline(town, PersonFactory())
    deadlines.scan(T0 + 3 * H)
    assert fired(deadline) == ["r0:due", "r0:escalate-1", "r0:escalate-2", "r0:half", "r0:start", "r0:three-quarters"]


def test_r_2_thirty_day_schedule_seven_and_one_day_before_due_then_weekly(town):
    owner = PersonFactory()
    due = T0 + 30 * D
    deadline = deadlines.register(
        subject=owner,
        committee=town["committee"],
        title="个人有关事项报告",
        due_at=due,
        rule_id="R-2",
        schedule=days_schedule(before=(7, 1)),
        owner=owner,
        now=T0,
        acting_user=system_user(),
    )
    deadlines.scan(due - 7 * D - M)
    assert fired(deadline) == []
    deadlines.scan(due - 7 * D)
    deadlines.scan(due - D)
    deadlines.scan(due)
    assert fired(deadline) == ["r0:before-1d", "r0:before-7d", "r0:due"]
    deadlines.scan(due + 14 * D)
    assert "r0:repeat-1" in fired(deadline)  # weekly after the last escalation step (+7 days)
    assert "r0:repeat-2" not in fired(deadline)
    deadlines.scan(due + 21 * D)
    assert "r0:repeat-2" in fired(deadline)


def test_the_history_of_a_deadline_names_who_registered_extended_and_settled_it(town):
    office = UserFactory(username="town-office")
    deadline = deadlines.register(
        subject=town["committee"],
        committee=town["committee"],
        title="突发事件报告",
        due_at=T0 + 2 * H,
        rule_id="R-1",
        schedule=hours_schedule(2 * H),
        now=T0,
        acting_user=office,
    )
    deadlines.extend(deadline, new_due_at=T0 + 4 * H, reason="延期", now=T0 + H, acting_user=office)
    deadlines.met(town["committee"], at=T0 + 2 * H, acting_user=system_user())
    authors = [row.history_user for row in deadline.history.order_by("history_date", "history_id")]
    assert authors == [office, office, system_user()]


def test_met_stops_reminders_at_once_and_cancels_unsent(town):
    owner = PersonFactory(email="a@example.org")
    deadline = emergency_deadline(town, owner)
    deadlines.scan(T0 + 60 * M)
    assert Notification.objects.filter(state=NotificationState.PENDING).exists()
    deadlines.met(town["committee"], at=T0 + 61 * M, acting_user=system_user())
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET
    assert not Notification.objects.filter(state=NotificationState.PENDING).exists()
    deadlines.scan(T0 + 5 * H)
    assert fired(deadline) == ["r0:half", "r0:start"]


def test_extension_moves_the_due_time_keeps_history_and_restarts_reminders(town):
    owner = PersonFactory()
    deadline = emergency_deadline(town, owner)
    deadlines.scan(T0 + 2 * H)
    deadline = deadlines.extend(
        deadline, new_due_at=T0 + 6 * H, reason="延期", now=T0 + 2 * H, acting_user=system_user()
    )
    assert deadline.state == DeadlineState.OPEN
    assert deadline.original_due_at == T0 + 2 * H
    assert deadline.history.filter(due_at=T0 + 2 * H).exists()
    deadlines.scan(T0 + 5 * H + 30 * M)  # the same offsets before the new due time
    assert "r1:half" in fired(deadline) and "r1:three-quarters" in fired(deadline)
    assert "r1:due" not in fired(deadline)


def test_waiving_needs_a_reason(town):
    deadline = emergency_deadline(town, PersonFactory())
    with pytest.raises(ValueError):
        deadlines.waive(deadline, reason=" ", acting_user=system_user())
    assert (
        deadlines.waive(deadline, reason="事件已由上级直接处置", acting_user=system_user()).state
        == DeadlineState.WAIVED
    )


def test_escalation_skips_the_principal_when_they_owe_it(town):
    deadline = emergency_deadline(town, town["secretary"])
    deadlines.scan(T0 + 2 * H)
    assert not Notification.objects.filter(deadline=deadline, step_key="r0:escalate-1").exists()


def test_unit_obligation_without_owner_reminds_the_office(town):
    deadline = emergency_deadline(town, None)
    deadlines.scan(T0 + 60 * M)
    assert {n.recipient for n in deadline.notifications.all()} == {town["town_office"]}


def test_registered_late_skips_superseded_reminders(town):
    deadline = emergency_deadline(town, PersonFactory(), known_at=T0)
    deadline.delete()
    late = deadlines.register(
        subject=town["committee"],
        committee=town["committee"],
        title="迟报",
        due_at=T0 + 2 * H,
        rule_id="R-1",
        schedule=hours_schedule(2 * H),
        owner=PersonFactory(),
        now=T0 + 100 * M,
        acting_user=system_user(),
    )
    deadlines.scan(T0 + 100 * M)
    assert fired(late) == ["r0:three-quarters"]


# ---------------------------------------------------------------- sending


def test_sender_delivers_email_with_the_notification_id_as_idempotency_key(town):
    owner = PersonFactory(email="owner@example.org")
    emergency_deadline(town, owner)
    deadlines.scan(T0)  # only the start alert is due
    assert deadlines.send_pending(T0 + 61 * M) == 1
    notification = Notification.objects.get(channel="email")
    assert notification.state == NotificationState.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Dangwei-Notification"] == str(notification.pk)
    assert f"notification-{notification.pk}@" in mail.outbox[0].extra_headers["Message-ID"]
    assert deadlines.send_pending(T0 + 62 * M) == 0
    assert len(mail.outbox) == 1


def test_failed_delivery_is_retried_and_capped_in_the_database(town, settings):
    settings.EMAIL_BACKEND = "tests.reporting.backends.FailingBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    emergency_deadline(town, PersonFactory(email="owner@example.org"))
    deadlines.scan(T0)  # only the start alert is due
    for minute in range(61, 66):
        deadlines.send_pending(T0 + minute * M)
    notification = Notification.objects.get(channel="email")
    assert notification.state == NotificationState.FAILED
    assert notification.attempts == 3
    assert "refused" in notification.last_error


def test_stuck_sending_is_reclaimed_after_the_timeout(town, settings):
    settings.NOTIFICATION_SENDING_TIMEOUT = 300
    emergency_deadline(town, PersonFactory(email="owner@example.org"))
    deadlines.scan(T0)  # only the start alert is due
    _token, claimed = deadlines.claim(T0 + 60 * M, 10)  # a worker claims it, then dies
    assert len(claimed) == 1
    assert deadlines.claim(T0 + 64 * M, 10)[1] == []  # still within the timeout
    assert deadlines.send_pending(T0 + 66 * M) == 1
    assert Notification.objects.get(pk=claimed[0]).attempts == 2


def test_scan_query_uses_the_partial_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM reporting_deadline WHERE state IN ('open','overdue') "
            "AND next_step_at IS NOT NULL AND next_step_at <= now() ORDER BY next_step_at LIMIT 500"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "deadline_due_steps" in plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scanners_at_once_create_each_notification_once():
    county = CommitteeFactory(level=Level.COUNTY)
    town = CommitteeFactory(level=Level.TOWN, parent=county)
    for _n in range(40):
        emergency_deadline({"committee": town}, PersonFactory(email="x@example.org"))

    def run():
        try:
            return deadlines.scan(T0 + 3 * H, batch=5)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        created = [future.result() for future in [pool.submit(run) for _n in range(4)]]
    assert sum(created) == Notification.objects.count()
    # 40 deadlines × 4 owner steps (start, half, three-quarters, due) × 2 channels; no principal, no parent office.
    assert Notification.objects.count() == 40 * 4 * 2
    assert not Deadline.objects.filter(next_step_index__lt=5).exists()


def test_a_sender_whose_claim_was_taken_over_does_not_send(town, settings):
    settings.NOTIFICATION_SENDING_TIMEOUT = 300
    emergency_deadline(town, PersonFactory(email="owner@example.org"))
    deadlines.scan(T0 + 60 * M)
    slow_token, ids = deadlines.claim(T0 + 60 * M, 10)  # a slow sender
    fast_token, again = deadlines.claim(T0 + 66 * M, 10)  # reclaimed after the timeout
    assert ids == again
    assert deadlines.deliver(ids[0], fast_token, T0 + 66 * M) == NotificationState.SENT
    assert deadlines.deliver(ids[0], slow_token, T0 + 67 * M) == "lost"
    assert len(mail.outbox) == 1


def test_registered_after_expiry_still_says_due_and_escalates(town):
    late = deadlines.register(
        subject=town["committee"],
        committee=town["committee"],
        title="迟报",
        due_at=T0 + 2 * H,
        rule_id="R-1",
        schedule=hours_schedule(2 * H),
        owner=PersonFactory(),
        now=T0 + 3 * H,
        acting_user=system_user(),
    )
    deadlines.scan(T0 + 3 * H)
    assert fired(late) == ["r0:due", "r0:escalate-1", "r0:escalate-2"]


def test_private_obligations_escalate_to_the_organisation_department_only(town):
    county = town["committee"].parent
    town_org = RoleFactory(committee=town["committee"], role=Role.ORGANIZATION_MEMBER).person
    county_org = RoleFactory(committee=county, role=Role.ORGANIZATION_STAFF).person
    deadline = deadlines.register(
        subject=town["committee"],
        committee=town["committee"],
        title="个人有关事项报告",
        due_at=T0,
        rule_id="R-2",
        schedule=days_schedule(),
        owner=PersonFactory(),
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        is_private=True,
        now=T0 - 30 * D,
        acting_user=system_user(),
    )
    deadlines.scan(T0 + 2 * D)
    escalated = {n.recipient for n in deadline.notifications.filter(step_kind="escalation")}
    assert escalated == {town_org, county_org}
