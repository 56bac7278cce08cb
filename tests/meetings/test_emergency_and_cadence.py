"""M-E1 emergencies handled without a meeting, and the cadences M-C1..M-C3."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.actors import system_user
from committees.models import Level, RuleSetVersion
from committees.rules import RuleViolation
from meetings import rules
from meetings.models import AgendaCategory, MeetingKind
from meetings.rules import HeldMeeting
from meetings.selectors import cadence as cadence_selectors
from meetings.selectors.emergencies import pending_emergency_reports
from meetings.services.agenda import approve_item
from meetings.services.attendance import mark_left
from meetings.services.emergencies import (
    MSG_AFTER_REPORT_MADE_TEAM_STANDING_COMMITTEE,
    MSG_HANDLING_CANNOT_BE_IN_FUTURE,
    record_emergency_handling,
    table_emergency_report,
)
from meetings.services.session import close_discussion, record_stance, take_up_item
from reporting import deadlines
from reporting.models import DeadlineState
from tests.meetings.factories import login_of, make_meeting, make_team, notify, open_with, sh

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


def handle(team, **kwargs):
    values = {
        "committee": team.committee,
        "title": "江堤管涌抢险",
        "handled_by": team.members[0],
        "principal_consulted": team.secretary,
        "consulted_at": sh(2026, 11, 20, 2),
        "handled_at": sh(2026, 11, 20, 3),
        "actions": "组织转移群众 300 人，调集抢险队伍。",
        "acting_user": login_of(team.office),
        "now": sh(2026, 11, 20, 8),
    }
    values.update(kwargs)
    return record_emergency_handling(**values)


def test_m_e1_recording_registers_the_after_report_obligation(team):
    emergency = handle(team)
    deadline = deadlines.for_subject(emergency).get()
    assert (deadline.rule_id, deadline.owner, deadline.state) == ("M-E1", team.members[0], DeadlineState.OPEN)
    assert list(deadline.notify.all()) == [team.secretary]
    assert deadline.due_at == emergency.report_due_at == sh(2026, 12, 20, 23, 59)


def test_m_e1_the_principal_consulted_must_be_a_principal_leader(team):
    with pytest.raises(RuleViolation) as refused:
        handle(team, principal_consulted=team.members[1])
    assert refused.value.rule_id == "M-E1"


def test_m_e1_consultation_comes_before_the_handling(team):
    with pytest.raises(RuleViolation) as refused:
        handle(team, consulted_at=sh(2026, 11, 20, 4))
    assert refused.value.rule_id == "M-E1"


def test_m_e1_the_handling_cannot_be_in_the_future(team):
    with pytest.raises(ValidationError) as refused:
        handle(team, handled_at=sh(2026, 11, 21, 3))
    assert refused.value.messages == [MSG_HANDLING_CANNOT_BE_IN_FUTURE]


def test_m_e1_stays_pending_until_the_report_item_closes(team):
    emergency = handle(team)
    meeting = make_meeting(team)
    item = table_emergency_report(emergency, meeting=meeting, acting_user=login_of(team.office))
    approve_item(item, acting_user=login_of(team.secretary))
    assert item.category == AgendaCategory.EMERGENCY
    notify(meeting, team)
    open_with(meeting, team, team.everyone)
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert emergency in pending_emergency_reports(team.secretary.user or _superuser())
    at = meeting.start_at + H
    for person in team.everyone[1:]:
        record_stance(item, person=person, stance="agree", at=at, acting_user=system_user())
    record_stance(item, person=team.secretary, stance="agree", at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())
    emergency.refresh_from_db()
    assert emergency.reported_item == item and emergency.reported_at == at
    assert deadlines.for_subject(emergency).get().state == DeadlineState.MET


def test_m_e1_is_reported_to_the_team_not_to_the_five_person_group(team):
    with pytest.raises(ValidationError) as refused:
        table_emergency_report(
            handle(team), meeting=make_meeting(team, kind=MeetingKind.FIVE_PERSON), acting_user=system_user()
        )
    assert refused.value.messages == [MSG_AFTER_REPORT_MADE_TEAM_STANDING_COMMITTEE]


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True)


# ------------------------------------------------------------------ cadence (pure)


def d(month, day):
    return datetime.date(2026, month, day)


def held(kind, *dates, days=1):
    return [HeldMeeting(kind, day, day + datetime.timedelta(days=days - 1)) for day in dates]


def row(rows, key):
    return next(r for r in rows if r.key == key)


VERSION = RuleSetVersion()


def test_m_c1_a_month_without_a_standing_meeting_is_missing():
    meetings = held(MeetingKind.STANDING, *(d(m, 10) for m in range(1, 11) if m != 4))
    result = row(rules.cadence(2026, d(11, 25), False, False, VERSION, meetings), "standing")
    assert result.is_met is False and result.missing == ["2026-04"]


def test_m_c1_the_current_month_is_not_yet_missed():
    meetings = held(MeetingKind.STANDING, *(d(m, 10) for m in range(1, 11)))
    assert row(rules.cadence(2026, d(11, 25), False, False, VERSION, meetings), "standing").is_met is True


def test_m_c1_briefings_every_15_days_longest_gap():
    dates = [d(1, 1) + datetime.timedelta(days=15 * n) for n in range(22)]  # up to 11-18
    result = row(rules.cadence(2026, d(11, 25), False, False, VERSION, held(MeetingKind.BRIEFING, *dates)), "briefing")
    assert result.is_met is True
    gap = [*dates[:5], *dates[6:]]
    assert (
        row(rules.cadence(2026, d(11, 25), False, False, VERSION, held(MeetingKind.BRIEFING, *gap)), "briefing").is_met
        is False
    )


def test_m_c1_town_briefings_are_weekly():
    dates = [d(1, 1) + datetime.timedelta(days=14 * n) for n in range(24)]
    assert (
        row(rules.cadence(2026, d(11, 25), True, False, VERSION, held(MeetingKind.BRIEFING, *dates)), "briefing").is_met
        is False
    )


def test_m_c2_a_quarter_without_central_study_is_missing():
    meetings = held(MeetingKind.CENTRAL_STUDY, d(2, 10), d(8, 10))
    result = row(rules.cadence(2026, d(11, 25), False, False, VERSION, meetings), "study_quarters")
    assert result.is_met is False and result.missing == ["2026 Q2"]


def test_m_c2_twelve_study_days_a_year():
    meetings = held(MeetingKind.CENTRAL_STUDY, d(3, 2), d(6, 1), d(9, 7), days=3) + held(
        MeetingKind.CENTRAL_STUDY, d(11, 2), days=2
    )
    days = row(rules.cadence(2026, d(11, 25), False, False, VERSION, meetings), "study_days")
    assert ("11" in days.actual, days.is_met) == (True, None)  # not yet judged before the year ends
    assert (
        row(rules.cadence(2026, datetime.date(2027, 1, 5), False, False, VERSION, meetings), "study_days").is_met
        is False
    )
    more = meetings + held(MeetingKind.CENTRAL_STUDY, d(12, 1))
    assert row(rules.cadence(2026, d(12, 2), False, False, VERSION, more), "study_days").is_met is True


def test_m_c3_democratic_life_meeting_held_this_year():
    assert row(rules.cadence(2026, d(11, 25), False, False, VERSION, []), "democratic_life").is_met is None
    assert (
        row(rules.cadence(2026, datetime.date(2027, 1, 2), False, False, VERSION, []), "democratic_life").is_met
        is False
    )
    meetings = held(MeetingKind.DEMOCRATIC_LIFE, d(1, 20))
    assert row(rules.cadence(2026, d(11, 25), False, False, VERSION, meetings), "democratic_life").is_met is True


def test_m_c4_party_congress_annual_session():
    late = datetime.date(2027, 1, 2)
    assert row(rules.cadence(2026, d(11, 25), False, False, VERSION, []), "congress").is_met is None
    assert row(rules.cadence(2026, late, False, False, VERSION, []), "congress").is_met is False
    assert row(rules.cadence(2026, late, False, False, VERSION, held(MeetingKind.CONGRESS, d(3, 2))), "congress").is_met
    # a session of the previous year does not count for this one
    last_year = held(MeetingKind.CONGRESS, datetime.date(2025, 12, 30))
    assert row(rules.cadence(2026, late, False, False, VERSION, last_year), "congress").is_met is False
    # the rule set says how many sessions a year
    twice = RuleSetVersion(congress_sessions_per_year=2)
    one = held(MeetingKind.CONGRESS, d(3, 2))
    assert row(rules.cadence(2026, late, False, False, twice, one), "congress").is_met is False
    # branches hold member meetings, not congress sessions
    assert all(r.key != "congress" for r in rules.cadence(2026, late, False, True, VERSION, []))


def test_m_c2_study_hours_per_member_for_a_town():
    team = make_team(7, deputies=1, level=Level.TOWN)
    meeting = make_meeting(team, kind=MeetingKind.CENTRAL_STUDY, start=sh(2026, 11, 16, 14), title="中心组学习")
    open_with(meeting, team, team.everyone[:3])
    mark_left(
        meeting.attendances.get(person=team.everyone[0]), left_at=sh(2026, 11, 16, 15, 30), acting_user=system_user()
    )
    _rows, hours = cadence_selectors.cadence(team.committee, 2026, d(11, 25))
    by_name = {h.person.name: h.hours for h in hours}
    assert by_name[team.everyone[0].name] == 1.5 and by_name[team.everyone[1].name] == 3.0
    assert hours[0].required == 47 * 4
