"""Emergency reports (R-1): the two-hour limit, its reminders and escalation, and the report."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees import services as committee_services
from committees.actors import system_user
from committees.models import Level, Role, RuleSet
from reporting import deadlines
from reporting.emergencies import rules, services
from reporting.emergencies.models import EmergencyKind
from reporting.emergencies.selectors import overdue_emergencies
from reporting.models import DeadlineState, Notification
from tests.factories import CommitteeFactory, RoleFactory
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # 17:00 in Shanghai
M = datetime.timedelta(minutes=1)


@pytest.fixture
def town():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    return {
        "county": county,
        "committee": town,
        "secretary": RoleFactory(committee=town, role=Role.SECRETARY, person__name="书记").person,
        "deputy": RoleFactory(committee=town, role=Role.DEPUTY_SECRETARY, person__name="副书记").person,
        "office": RoleFactory(committee=town, role=Role.OFFICE_STAFF, person__name="办公室").person,
        "member": RoleFactory(committee=town, role=Role.MEMBER, person__name="委员").person,
        "county_office": RoleFactory(committee=county, role=Role.OFFICE_STAFF, person__name="区委办").person,
    }


def record(town, known_at=T0, recorded_by="office", now=None):
    return services.record_emergency(
        committee=town["committee"],
        title="桃源村山体滑坡",
        kind=EmergencyKind.NATURAL_DISASTER,
        place="桃源村三组",
        occurred_at=known_at - 20 * M,
        known_at=known_at,
        known_by="村支书电话报告",
        recorded_by=town[recorded_by] if recorded_by else None,
        now=now or known_at,
        acting_user=clerk(),
    )


def report(emergency, sent_at):
    return services.send_report(
        emergency, sent_at=sent_at, recipient="区委值班室", text="已组织转移群众。", now=sent_at, acting_user=clerk()
    )


def recipients(deadline, step):
    return {n.recipient.name for n in Notification.objects.filter(deadline=deadline, step_key=f"r0:{step}")}


# ------------------------------------------------------------------ the limit


def test_r_1_report_is_due_exactly_120_minutes_after_it_became_known(town):
    emergency = record(town)
    assert emergency.due_at == T0 + 120 * M
    deadline = deadlines.for_subject(emergency).get()
    assert (deadline.rule_id, deadline.due_at) == ("R-1", T0 + 120 * M)
    assert deadline.rule_set_version == emergency.rule_set_version


def test_r_1_the_limit_follows_the_rule_set_version_in_force(town):
    before = record(town)
    version = committee_services.publish_rule_set_version(
        RuleSet.objects.get(is_default=True), emergency_report_minutes=60, acting_user=system_user()
    )
    after = record(town)
    assert after.due_at == T0 + 60 * M
    assert after.rule_set_version == version
    before.refresh_from_db()
    assert before.due_at == T0 + 120 * M  # made under the old version, unchanged


def test_r_1_the_clock_starts_when_it_became_known_not_when_it_was_recorded(town):
    emergency = record(town, known_at=T0, now=T0 + 45 * M)
    assert emergency.due_at == T0 + 120 * M


def test_r_1_reported_at_119_minutes_is_on_time(town):
    emergency = record(town)
    assert not report(emergency, T0 + 119 * M).is_late
    assert list(overdue_emergencies(T0 + 5 * 60 * M)) == []


def test_r_1_reported_exactly_at_120_minutes_is_on_time(town):
    assert not report(record(town), T0 + 120 * M).is_late


def test_r_1_reported_at_121_minutes_is_late_and_a_ground_for_accountability(town):
    emergency = record(town)
    assert report(emergency, T0 + 121 * M).is_late
    assert list(overdue_emergencies(T0 + 5 * 60 * M)) == [emergency]


def test_r_1_unreported_is_overdue_only_after_the_due_time(town):
    emergency = record(town)
    assert list(overdue_emergencies(T0 + 120 * M)) == []
    assert list(overdue_emergencies(T0 + 121 * M)) == [emergency]


def test_r_1_known_at_in_the_future_is_refused(town):
    with pytest.raises(ValidationError) as error:
        record(town, known_at=T0 + M, now=T0)
    assert error.value.message_dict["known_at"] == [services.MSG_KNOWN_IN_FUTURE]


def test_r_1_an_incident_cannot_be_known_before_it_occurred(town):
    with pytest.raises(ValidationError) as error:
        services.record_emergency(
            committee=town["committee"],
            title="事故",
            kind=EmergencyKind.ACCIDENT,
            place="镇中心",
            occurred_at=T0,
            known_at=T0 - M,
            now=T0,
            acting_user=clerk(),
        )
    assert error.value.message_dict["occurred_at"] == [services.MSG_OCCURRED_AFTER_KNOWN]


def test_r_1_countdown_minutes_left_and_overdue():
    due = T0 + 120 * M
    assert rules.countdown(due, T0 + 30 * M).minutes_left == 90
    assert rules.countdown(due, T0 + 119 * M + 30 * datetime.timedelta(seconds=1)).minutes_left == 1
    at_due = rules.countdown(due, due)
    assert (at_due.state, at_due.minutes_left) == ("open", 0)
    late = rules.countdown(due, due + 5 * M)
    assert (late.state, late.minutes_overdue) == ("overdue", 5)
    assert rules.countdown(due, due + 10 * M, sent_at=due + 3 * M).state == "reported_late"


# ------------------------------------------------------------------ reminders and escalation


def test_r_1_alerts_the_recorder_and_the_secretaries_at_once(town):
    deadline = deadlines.for_subject(record(town)).get()
    deadlines.scan(T0)
    assert recipients(deadline, "start") == {"办公室", "书记", "副书记"}


def test_r_1_reminds_the_recorder_and_the_secretaries_at_60_and_90_minutes(town):
    deadline = deadlines.for_subject(record(town)).get()
    deadlines.scan(T0 + 59 * M)
    assert recipients(deadline, "half") == set()  # only the alert that the clock started
    deadlines.scan(T0 + 60 * M)
    assert recipients(deadline, "half") == {"办公室", "书记", "副书记"}
    deadlines.scan(T0 + 89 * M)
    assert recipients(deadline, "three-quarters") == set()
    deadlines.scan(T0 + 90 * M)
    assert recipients(deadline, "three-quarters") == {"办公室", "书记", "副书记"}


def test_r_1_escalates_to_the_secretary_at_expiry_and_to_the_parent_office_later(town):
    deadline = deadlines.for_subject(record(town)).get()
    deadlines.scan(T0 + 120 * M)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OVERDUE
    assert recipients(deadline, "escalate-1") == {"书记"}
    assert recipients(deadline, "escalate-2") == set()
    deadlines.scan(T0 + 150 * M)
    assert recipients(deadline, "escalate-2") == {"区委办"}


def test_r_1_owed_by_the_secretary_when_nobody_is_recorded(town):
    deadline = deadlines.for_subject(record(town, recorded_by=None)).get()
    assert deadline.owner == town["secretary"]
    assert set(deadline.notify.all()) == {town["secretary"], town["deputy"]}


def test_r_1_report_settles_the_deadline_and_stops_reminders(town):
    emergency = record(town)
    deadlines.scan(T0 + 60 * M)
    report(emergency, T0 + 70 * M)
    deadline = deadlines.for_subject(emergency).get()
    assert (deadline.state, deadline.met_at) == (DeadlineState.MET, T0 + 70 * M)
    count = deadline.notifications.count()
    deadlines.scan(T0 + 5 * 60 * M)
    assert deadline.notifications.count() == count


def test_r_1_late_report_still_settles_the_deadline(town):
    emergency = record(town)
    deadlines.scan(T0 + 130 * M)
    report(emergency, T0 + 140 * M)
    assert deadlines.for_subject(emergency).get().state == DeadlineState.MET


# ------------------------------------------------------------------ the report and follow-ups


def test_r_1_report_goes_to_the_higher_level_committee(town):
    sent = report(record(town), T0 + 30 * M)
    assert sent.recipient_committee == town["county"]


def test_second_first_report_is_refused(town):
    emergency = record(town)
    report(emergency, T0 + 30 * M)
    with pytest.raises(ValidationError) as error:
        report(emergency, T0 + 40 * M)
    assert error.value.messages == [services.MSG_ALREADY_REPORTED]


def test_report_cannot_be_sent_before_the_incident_became_known(town):
    with pytest.raises(ValidationError) as error:
        report(record(town), T0 - M)
    assert error.value.message_dict["sent_at"] == [services.MSG_SENT_BEFORE_KNOWN]


def test_follow_up_needs_the_first_report(town):
    emergency = record(town)
    with pytest.raises(ValidationError) as error:
        services.add_follow_up(emergency, at=T0 + 10 * M, text="续报", now=T0 + 10 * M, acting_user=clerk())
    assert error.value.messages == [services.MSG_FIRST_REPORT_FIRST]
    report(emergency, T0 + 30 * M)
    follow_up = services.add_follow_up(
        emergency, at=T0 + 90 * M, text="伤亡情况续报", now=T0 + 90 * M, acting_user=clerk()
    )
    assert list(emergency.follow_ups.all()) == [follow_up]


def test_follow_up_cannot_precede_the_first_report(town):
    emergency = record(town)
    report(emergency, T0 + 30 * M)
    with pytest.raises(ValidationError) as error:
        services.add_follow_up(emergency, at=T0 + 20 * M, text="续报", now=T0 + 40 * M, acting_user=clerk())
    assert error.value.message_dict["at"] == [services.MSG_FOLLOW_UP_BEFORE_REPORT]


def test_every_change_is_kept_in_the_history(town):
    emergency = record(town)
    emergency.place = "桃源村四组"
    emergency.save()
    assert emergency.history.count() == 2


def test_owner_is_a_person_not_the_committee(town):
    emergency = record(town, recorded_by="deputy")
    assert deadlines.for_subject(emergency).get().owner == town["deputy"]
