"""Running a meeting: members due (O-4, O-5, M-M1), attendance and leave (M-N4), quorum per item
at the moment it is taken up (M-Q*), stances (M-D1, M-D2), written opinions (M-D3), recusal (M-D4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from committees.actors import system_user
from committees.models import Level, Role
from committees.rules import RuleViolation
from meetings.models import (
    AgendaCategory,
    AttendanceStatus,
    ItemStatus,
    MeetingKind,
    MeetingStatus,
    ObserverKind,
    RecusalReason,
    StanceChoice,
)
from meetings.selectors.agenda import agenda_pool
from meetings.selectors.attendance import absences_without_leave, members_due
from meetings.selectors.console import item_context, item_quorum
from meetings.services.agenda import defer_item, move_item, schedule_item, update_item
from meetings.services.attendance import (
    MSG_MEMBER_DUE_ATTEND_NOT_OBSERVER,
    add_observer,
    mark_absent,
    mark_left,
    mark_present,
    record_leave,
)
from meetings.services.session import (
    MSG_RECORD_ATTENDANCE_FIRST,
    MSG_WRITE_OPINION_ATTACH,
    close_discussion,
    close_meeting,
    open_meeting,
    record_stance,
    recuse,
    submit_written_opinion,
    take_up_item,
)
from reporting.leave import services as leave_services
from reporting.leave.models import LeaveKind
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory
from tests.meetings.factories import TEAM_START, login_of, make_item, make_meeting, make_team, notify, open_with, sh
from tests.reporting.accounts import clerk, user_of

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def due_names(meeting):
    return {a.person.name for a in members_due(meeting)}


def ready(team, category=AgendaCategory.REPORT, kind=MeetingKind.STANDING, present=None, **item_kwargs):
    """A notified meeting with one approved item, opened with ``present`` (default: everyone due)."""
    meeting = make_meeting(team, kind=kind)
    item = make_item(team, meeting, category, **item_kwargs)
    notify(meeting, team)
    due = [a.person for a in members_due(meeting)]
    open_with(meeting, team, due if present is None else present)
    item.refresh_from_db()
    return meeting, item


def attendance(meeting, person):
    return meeting.attendances.get(person=person)


def state_all(item, people, at, stance=StanceChoice.AGREE):
    """Every listed member states a stance, the chair (secretary) last (M-D2)."""
    for person in sorted(people, key=lambda p: p == item.meeting.chair):
        record_stance(item, person=person, stance=stance, at=at, acting_user=system_user())


# ------------------------------------------------------------------ members due (O-4, O-5) and M-M1


def test_members_due_at_a_standing_meeting_are_the_team(team):
    meeting = make_meeting(team)
    assert due_names(meeting) == {p.name for p in team.everyone}


def test_m_q4_members_due_at_the_secretary_office_are_secretary_and_deputies(team):
    meeting = make_meeting(team, kind=MeetingKind.SECRETARY_OFFICE)
    assert due_names(meeting) == {team.secretary.name, *(d.name for d in team.deputies)}


def test_o_4_members_due_at_the_five_person_group(team):
    meeting = make_meeting(team, kind=MeetingKind.FIVE_PERSON)
    assert due_names(meeting) == {p.name for p in team.five}


def test_party_congress_session_includes_the_delegates(team):
    assert team.delegate.name in due_names(make_meeting(team, kind=MeetingKind.CONGRESS))
    assert team.delegate.name not in due_names(make_meeting(team))


def test_o_2_members_due_follow_the_role_history_on_the_meeting_date(team):
    left = RoleFactory(
        committee=team.committee, role=Role.MEMBER, start_date=TEAM_START, end_date=datetime.date(2026, 11, 29)
    )
    joined = RoleFactory(committee=team.committee, role=Role.MEMBER, start_date=datetime.date(2026, 12, 1))
    names = due_names(make_meeting(team, start=sh(2026, 11, 30)))
    assert left.person.name not in names and joined.person.name not in names
    assert joined.person.name in due_names(make_meeting(team, start=sh(2026, 12, 1)))


def test_a_member_holding_two_roles_is_due_once(team):
    RoleFactory(committee=team.committee, person=team.secretary, role=Role.MEMBER, start_date=TEAM_START)
    assert len(members_due(make_meeting(team))) == 9


def test_m_m1_deputy_secretary_records_the_secretary_office_meeting(team):
    assert make_meeting(team, kind=MeetingKind.SECRETARY_OFFICE).recorder == team.deputies[0]


def test_m_m1_organisation_member_records_the_five_person_group(team):
    assert make_meeting(team, kind=MeetingKind.FIVE_PERSON).recorder == team.organization


def test_chair_defaults_to_the_secretary(team):
    assert make_meeting(team).chair == team.secretary


def test_o_5_observers_never_count_for_quorum(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    notify(meeting, team)
    delegate = add_observer(meeting, kind=ObserverKind.DELEGATE, person=team.delegate, acting_user=system_user())
    guest = add_observer(meeting, kind=ObserverKind.INVITED, name="市委督导组组长", acting_user=system_user())
    open_with(meeting, team, team.everyone[:4])  # 4 of 9: no quorum
    mark_present(delegate, acting_user=system_user())
    mark_present(guest, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1"
    due_ids, attendances, recused_ids = item_context(item)
    quorum = item_quorum(item, meeting.start_at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    assert quorum.present == 4


def test_o_5_a_member_due_cannot_be_listed_as_observer(team):
    with pytest.raises(ValidationError) as refused:
        add_observer(make_meeting(team), kind=ObserverKind.INVITED, person=team.members[0], acting_user=system_user())
    assert refused.value.messages == [MSG_MEMBER_DUE_ATTEND_NOT_OBSERVER % {"person": team.members[0]}]


def test_o_5_observer_has_no_stance(team):
    meeting, item = ready(team)
    mark_present(
        add_observer(meeting, kind=ObserverKind.DELEGATE, person=team.delegate, acting_user=system_user()),
        acting_user=system_user(),
    )
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        record_stance(
            item, person=team.delegate, stance=StanceChoice.AGREE, at=meeting.start_at + H, acting_user=system_user()
        )
    assert refused.value.rule_id == "O-5"


# ------------------------------------------------------------------ leave (M-N4)


def test_m_n4_secretary_approves_leave_from_a_standing_meeting(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    row = record_leave(
        attendance(meeting, team.members[0]), reason="出差", approved_by=team.secretary, acting_user=system_user()
    )
    assert (row.status, row.leave_approved_by) == (AttendanceStatus.LEAVE, team.secretary)


def test_m_n4_a_deputy_cannot_approve_leave_from_a_standing_meeting(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    with pytest.raises(RuleViolation) as refused:
        record_leave(
            attendance(meeting, team.members[0]), reason="出差", approved_by=team.deputies[0], acting_user=system_user()
        )
    assert refused.value.rule_id == "M-N4"


def test_m_n4_deputy_secretary_approves_leave_from_the_five_person_group(team):
    meeting = make_meeting(team, kind=MeetingKind.FIVE_PERSON)
    notify(meeting, team)
    row = record_leave(
        attendance(meeting, team.discipline), reason="病假", approved_by=team.deputies[1], acting_user=system_user()
    )
    assert row.status == AttendanceStatus.LEAVE


def test_m_n4_the_secretary_cannot_approve_leave_from_the_five_person_group(team):
    meeting = make_meeting(team, kind=MeetingKind.FIVE_PERSON)
    notify(meeting, team)
    with pytest.raises(RuleViolation) as refused:
        record_leave(
            attendance(meeting, team.discipline), reason="病假", approved_by=team.secretary, acting_user=system_user()
        )
    assert refused.value.rule_id == "M-N4"


def test_m_n4_nobody_approves_their_own_leave(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    with pytest.raises(RuleViolation) as refused:
        record_leave(
            attendance(meeting, team.secretary), reason="出差", approved_by=team.secretary, acting_user=system_user()
        )
    assert refused.value.rule_id == "M-N4"
    row = record_leave(
        attendance(meeting, team.secretary), reason="出差", approved_by=team.deputies[0], acting_user=system_user()
    )
    assert row.status == AttendanceStatus.LEAVE


def test_m_n4_a_stand_in_approves_leave_while_the_secretary_is_away():
    city = CommitteeFactory(level=Level.CITY)
    city_secretary = RoleFactory(committee=city, role=Role.SECRETARY, start_date=TEAM_START).person
    team = make_team(9, committee=CommitteeFactory(level=Level.COUNTY, parent=city))
    meeting = make_meeting(team)
    notify(meeting, team)
    away = leave_services.submit(
        person=team.secretary,
        committee=team.committee,
        kind=LeaveKind.PRIVATE_LEAVE,
        reason="家中有事",
        destination="省城",
        start_date=meeting.date,
        end_date=meeting.date,
        contact="13800000000",
        covered_by=team.organization,
        now=meeting.start_at - 14 * DAY,
        acting_user=clerk(),
    )
    [step] = [s for s in leave_services.current_steps(away) if s.is_deciding]
    leave_services.decide(
        step, acting_user=user_of(city_secretary), decision="approve", now=meeting.start_at - 13 * DAY
    )
    row = record_leave(
        attendance(meeting, team.members[0]), reason="出差", approved_by=team.organization, acting_user=system_user()
    )
    assert (row.status, row.leave_approved_by) == (AttendanceStatus.LEAVE, team.organization)


def test_m_n4_leave_request_without_approver_waits(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    row = record_leave(attendance(meeting, team.members[1]), reason="培训", approved_by=None, acting_user=system_user())
    assert row.status == AttendanceStatus.UNRECORDED and row.leave_requested_at is not None


def test_m_n4_absence_without_leave_warns_and_counts_for_the_annual_report(team):
    meeting, _item = ready(team, present=team.everyone[:8])
    row = attendance(meeting, team.members[-1])
    row.status = AttendanceStatus.UNRECORDED
    row.leave_approved_by = None
    row.save()
    warning = mark_absent(row, acting_user=system_user())
    assert warning.startswith("M-N4") and team.members[-1].name in warning
    assert absences_without_leave(team.committee, 2026) == [(team.members[-1], 1)]


# ------------------------------------------------------------------ quorum at the moment an item is taken up


def test_m_q1_take_up_refused_with_exactly_half_present():
    team = make_team(8)
    meeting, item = ready(team, present=team.everyone[:4])
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1" and "4" in str(refused.value)
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.taken_up_at is None


def test_m_q1_take_up_with_more_than_half_stores_the_snapshot():
    team = make_team(8)
    meeting, item = ready(team, present=team.everyone[:5])
    result = take_up_item(item, at=meeting.start_at, acting_user=login_of(team.office))
    item.refresh_from_db()
    assert result.may_proceed
    assert (item.quorum_due, item.quorum_present, item.quorum_needed, item.quorum_rule_id) == (8, 5, 5, "M-Q1")
    assert sorted(item.quorum_present_ids) == sorted(p.pk for p in team.everyone[:5])
    assert item.status == ItemStatus.IN_DISCUSSION


def test_m_q2_personnel_item_with_exactly_two_thirds_present(team):
    meeting, item = ready(team, AgendaCategory.PERSONNEL, present=team.everyone[:6])
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).rule_id == "M-Q2"


def test_m_q2_personnel_item_with_a_bare_majority_is_refused(team):
    meeting, item = ready(team, AgendaCategory.PERSONNEL, present=team.everyone[:5])
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q2"


def test_m_q4_secretary_office_meeting_with_two_of_three(team):
    meeting, item = ready(team, kind=MeetingKind.SECRETARY_OFFICE, present=[team.secretary, team.deputies[0]])
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).rule_id == "M-Q4"


def test_m_q4_secretary_office_meeting_with_one_of_three_is_refused(team):
    meeting, item = ready(team, kind=MeetingKind.SECRETARY_OFFICE, present=[team.secretary])
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q4"


def test_m_q5_five_person_group_with_three_present_is_refused(team):
    meeting, item = ready(team, AgendaCategory.PERSONNEL, kind=MeetingKind.FIVE_PERSON, present=team.five[:3])
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q5"


def test_m_q5_five_person_group_with_four_present(team):
    meeting, item = ready(team, AgendaCategory.PERSONNEL, kind=MeetingKind.FIVE_PERSON, present=team.five[:4])
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).rule_id == "M-Q5"


def test_m_q3_member_in_charge_absent_blocks_the_item(team):
    absent = team.members[0]
    meeting, item = ready(team, in_charge=absent, present=[p for p in team.everyone if p != absent])
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q3"


def test_m_q3_recorded_special_reason_lets_the_item_proceed(team):
    absent = team.members[0]
    meeting, item = ready(team, in_charge=absent, present=[p for p in team.everyone if p != absent])
    update_item(item, member_in_charge_absence_reason="受命赴灾区指挥抢险", acting_user=system_user())
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_m_q6_a_member_leaving_before_a_later_item_costs_that_item_its_quorum():
    team = make_team(8)
    meeting = make_meeting(team)
    first = make_item(team, meeting, AgendaCategory.REPORT, title="第一项")
    second = make_item(team, meeting, AgendaCategory.REPORT, title="第二项")
    notify(meeting, team)
    open_with(meeting, team, team.everyone[:5])
    take_up_item(first, at=meeting.start_at, acting_user=system_user())
    state_all(first, team.everyone[:5], meeting.start_at + H / 2)
    close_discussion(first, at=meeting.start_at + H, acting_user=system_user())
    mark_left(attendance(meeting, team.discipline), left_at=meeting.start_at + H, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        take_up_item(second, at=meeting.start_at + 2 * H, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1"
    first.refresh_from_db()
    assert first.quorum_present == 5  # the earlier item keeps its own quorum


def test_m_q6_a_member_arriving_late_counts_only_from_arrival():
    team = make_team(8)
    meeting, item = ready(team, present=team.everyone[:4])
    late = attendance(meeting, team.everyone[4])
    late.status, late.leave_approved_by, late.leave_reason = AttendanceStatus.UNRECORDED, None, ""
    late.save()
    mark_present(late, arrived_at=meeting.start_at + H, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at + H / 2, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1"
    assert take_up_item(item, at=meeting.start_at + H, acting_user=system_user()).present == 5


def test_m_q6_a_recusal_can_cost_the_item_its_quorum():
    team = make_team(8)
    meeting, item = ready(team, present=team.everyone[:5])
    recuse(
        item, person=team.discipline, reason=RecusalReason.RELATIVE, details="配偶任职单位", acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1"


def test_m_q6_quorum_is_checked_again_when_the_discussion_closes():
    team = make_team(8)
    meeting, item = ready(team, present=team.everyone[:5])
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    state_all(item, team.everyone[:5], meeting.start_at + H / 4)
    mark_left(attendance(meeting, team.discipline), left_at=meeting.start_at + H / 2, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        close_discussion(item, at=meeting.start_at + H, acting_user=system_user())
    assert refused.value.rule_id == "M-Q1"


def test_m_v1_items_are_taken_up_one_by_one(team):
    meeting = make_meeting(team)
    first = make_item(team, meeting, AgendaCategory.REPORT)
    second = make_item(team, meeting, AgendaCategory.REPORT)
    open_with(meeting, team, team.everyone)
    take_up_item(first, at=meeting.start_at, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        take_up_item(second, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-V1"


def test_meeting_cannot_open_before_its_notice(team):
    meeting = make_meeting(team)
    with pytest.raises(RuleViolation) as refused:
        open_meeting(meeting, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N1"


# ------------------------------------------------------------------ stances (M-D1, M-D2)


def discussing(team, present=None):
    meeting, item = ready(team, present=present)
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    return meeting, item, meeting.start_at + H / 2


def test_m_d1_present_member_records_a_stance_with_a_reason(team):
    _meeting, item, at = discussing(team)
    stance = record_stance(
        item,
        person=team.members[0],
        stance=StanceChoice.DISAGREE,
        reason="资金来源不明",
        at=at,
        acting_user=system_user(),
    )
    assert (stance.stance, stance.reason) == (StanceChoice.DISAGREE, "资金来源不明")


def test_m_d1_discussion_cannot_close_until_every_present_member_has_a_stance(team):
    _meeting, item, at = discussing(team)
    for person in team.everyone[1:-1]:
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        close_discussion(item, at=at, acting_user=system_user())
    assert refused.value.rule_id == "M-D1" and team.everyone[-1].name in str(refused.value)


def test_m_d1_discussion_closes_when_everyone_has_stated(team):
    _meeting, item, at = discussing(team)
    for person in team.everyone[1:]:
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())
    item.refresh_from_db()
    assert item.status == ItemStatus.DISCUSSED


def test_m_d2_chair_cannot_state_before_the_others(team):
    _meeting, item, at = discussing(team)
    record_stance(item, person=team.members[0], stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    assert refused.value.rule_id == "M-D2" and team.members[1].name in str(refused.value)


def test_m_d2_chair_states_last_after_all_others(team):
    _meeting, item, at = discussing(team)
    for person in team.everyone[1:]:
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    assert record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user()).pk


def test_m_d2_absent_and_recused_members_do_not_hold_up_the_chair(team):
    absent = team.members[-1]
    meeting, item = ready(team, present=[p for p in team.everyone if p != absent])
    recuse(item, person=team.members[0], reason=RecusalReason.SELF, acting_user=system_user())
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    at = meeting.start_at + H
    for person in team.everyone[1:]:
        if person not in (absent, team.members[0]):
            record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    assert record_stance(item, person=team.secretary, stance=StanceChoice.DEFER, at=at, acting_user=system_user()).pk


def test_m_d2_no_stance_changes_after_the_chair_spoke_last(team):
    _meeting, item, at = discussing(team)
    for person in team.everyone[1:]:
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        record_stance(item, person=team.members[0], stance=StanceChoice.DISAGREE, at=at, acting_user=system_user())
    assert refused.value.rule_id == "M-D2"


def test_m_d3_absent_member_cannot_state_a_stance(team):
    absent = team.members[-1]
    _meeting, item, at = discussing(team, present=[p for p in team.everyone if p != absent])
    with pytest.raises(RuleViolation) as refused:
        record_stance(item, person=absent, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    assert refused.value.rule_id == "M-D3"


# ------------------------------------------------------------------ written opinions (M-D3)


def test_m_d3_written_opinion_before_the_meeting_is_attached_and_is_not_a_stance(team):
    absent = team.members[-1]
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    notify(meeting, team)
    opinion = submit_written_opinion(
        item,
        person=absent,
        text="同意，建议加强督查。",
        submitted_at=meeting.start_at - H,
        acting_user=login_of(team.office),
    )
    open_with(meeting, team, [p for p in team.everyone if p != absent])
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    at = meeting.start_at + H
    for person in team.everyone[1:]:
        if person != absent:
            record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())  # the absent member's stance is not required
    assert item.written_opinions.get() == opinion
    assert not item.stances.filter(person=absent).exists()


def test_m_d3_written_opinion_after_the_start_is_refused(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    with pytest.raises(RuleViolation) as refused:
        submit_written_opinion(
            item, person=team.members[0], text="意见", submitted_at=meeting.start_at + H, acting_user=system_user()
        )
    assert refused.value.rule_id == "M-D3"


def test_m_d3_a_present_member_gives_a_stance_not_a_written_opinion(team):
    meeting, item = ready(team)
    with pytest.raises(RuleViolation) as refused:
        submit_written_opinion(
            item, person=team.members[0], text="意见", submitted_at=meeting.start_at - H, acting_user=system_user()
        )
    assert refused.value.rule_id == "M-D3"


def test_m_d3_written_opinion_needs_content(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    with pytest.raises(ValidationError) as refused:
        submit_written_opinion(
            item, person=team.members[0], text=" ", submitted_at=meeting.start_at - H, acting_user=system_user()
        )
    assert refused.value.messages == [MSG_WRITE_OPINION_ATTACH]


# ------------------------------------------------------------------ recusal (M-D4)


def test_m_d4_recused_member_cannot_state_a_stance(team):
    _meeting, item, at = discussing(team)
    recuse(
        item, person=team.members[0], reason=RecusalReason.RELATIVE, details="其子为拟任人选", acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        record_stance(item, person=team.members[0], stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    assert refused.value.rule_id == "M-D4"


def test_m_d4_recusal_withdraws_a_stance_already_stated_and_records_who_and_why(team):
    _meeting, item, at = discussing(team)
    record_stance(item, person=team.members[0], stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    recusal = recuse(
        item,
        person=team.members[0],
        reason=RecusalReason.CONFLICT,
        details="持有相关企业股份",
        acting_user=system_user(),
    )
    assert not item.stances.filter(person=team.members[0]).exists()
    assert (recusal.person, recusal.get_reason_display()) == (team.members[0], RecusalReason.CONFLICT.label)


def test_m_d4_recused_member_is_not_waited_for_when_closing(team):
    _meeting, item, at = discussing(team)
    recuse(item, person=team.members[0], reason=RecusalReason.SELF, acting_user=system_user())
    for person in team.everyone[1:]:
        if person != team.members[0]:
            record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    record_stance(item, person=team.secretary, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())


# ------------------------------------------------------------------ closing; deferral


def test_closing_requires_every_member_s_attendance(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    open_meeting(meeting, at=meeting.start_at, acting_user=system_user())
    with pytest.raises(ValidationError) as refused:
        close_meeting(meeting, at=meeting.start_at + H, acting_user=system_user())
    assert refused.value.messages == [MSG_RECORD_ATTENDANCE_FIRST % {"names": "、".join(p.name for p in team.everyone)}]


def test_items_not_reached_return_to_the_pool_when_the_meeting_closes(team):
    meeting, item = ready(team)
    warnings = close_meeting(meeting, at=meeting.start_at + H, acting_user=system_user())
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED and warnings == []
    assert (item.meeting, item.status, item.deferred_count) == (None, ItemStatus.DEFERRED, 1)
    assert item in agenda_pool(team.committee)


def test_deferred_item_comes_back_on_a_later_meeting(team):
    meeting, item = ready(team)
    with translation.override("en"):  # the office works in English; the record keeps Chinese
        close_meeting(meeting, at=meeting.start_at + H, acting_user=system_user())
    item.refresh_from_db()
    assert (item.status, item.deferred_reason) == (ItemStatus.DEFERRED, "未及审议")
    later = make_meeting(team, start=sh(2026, 12, 14, 9))
    item = schedule_item(item, meeting=later, acting_user=system_user())
    assert (item.meeting, item.status, item.is_on_notified_agenda) == (later, ItemStatus.APPROVED, False)
    assert item.deferred_reason == ""  # a later deferral gives its own reason, never this stale one


def test_deferring_during_discussion_keeps_the_record_and_creates_a_follow_up(team):
    meeting, item, at = discussing(team)
    record_stance(item, person=team.members[0], stance=StanceChoice.DEFER, at=at, acting_user=system_user())
    follow_up = defer_item(item, reason="需进一步调研", acting_user=system_user())
    item.refresh_from_db()
    assert item.status == ItemStatus.DEFERRED and item.meeting == meeting and item.stances.count() == 1
    assert (follow_up.meeting, follow_up.status, follow_up.deferred_count) == (None, ItemStatus.DEFERRED, 1)


def test_agenda_order_can_change(team):
    meeting = make_meeting(team)
    first = make_item(team, meeting, title="一")
    second = make_item(team, meeting, title="二")
    move_item(second, offset=-1, acting_user=system_user())
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == ["二", "一"]
    assert first.pk


def test_another_person_outside_the_team_is_not_due(team):
    outsider = PersonFactory()
    meeting = make_meeting(team)
    assert outsider.name not in due_names(meeting)
