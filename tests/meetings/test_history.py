"""Who acted (``committees.actors``): every meeting service names the login that acted as the
author of the historical row it writes – a page's user, or the system for the demo."""

import datetime

import pytest

from committees.actors import system_user
from meetings.democratic_life import services as democratic_life
from meetings.management.commands.seed_demo_meetings import Demo
from meetings.models import AgendaCategory, MeetingKind, VoteChoice
from meetings.services.agenda import withdraw_item
from meetings.services.attendance import mark_absent
from meetings.services.decisions import decide_by_consensus, publish_decision
from meetings.services.emergencies import record_emergency_handling
from meetings.services.minutes import approve_minutes
from meetings.services.session import close_meeting
from meetings.services.votes import cast_ballot, close_vote, open_vote
from tests.meetings.factories import discussed, login_of, make_item, make_meeting, notify, sh

pytestmark = pytest.mark.django_db


def author(row):
    """The login named in the row's latest historical record."""
    return row.history.first().history_user


def test_scheduling_agenda_and_notice_name_who_acted(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting)
    assert author(meeting) == login_of(team.office)
    assert author(item) == login_of(team.secretary)  # the last step: the principal leader approved it
    notice = notify(meeting, team)
    assert author(notice) == login_of(team.office)
    assert author(withdraw_item(item, acting_user=login_of(team.deputies[0]))) == login_of(team.deputies[0])
    assert author(meeting.amendments.get()) == login_of(team.deputies[0])


def test_attendance_session_votes_and_decisions_name_who_acted(team):
    meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    assert author(meeting) == login_of(team.office)  # opened it
    assert author(meeting.attendances.filter(person=team.members[0]).get()) == login_of(team.office)
    vote = open_vote(item, at=meeting.start_at + datetime.timedelta(minutes=30), acting_user=login_of(team.office))
    assert author(vote) == login_of(team.office)
    cast_ballot(vote, person=team.members[0], choice=VoteChoice.YES, acting_user=login_of(team.office))
    assert author(vote.ballots.get()) == login_of(team.office)
    for person in team.everyone:
        if person != team.members[0]:
            cast_ballot(vote, person=person, choice=VoteChoice.YES, acting_user=login_of(team.office))
    vote = close_vote(vote, resolution="同意", acting_user=login_of(team.secretary))
    assert author(vote) == login_of(team.secretary)
    decision = publish_decision(vote.decision, acting_user=login_of(team.deputies[0]))
    assert author(decision) == login_of(team.deputies[0])


def test_consensus_minutes_and_absence_name_who_acted(team):
    meeting, item = discussed(team, present=team.everyone[:7])
    decision = decide_by_consensus(item, resolution="同意报告", acting_user=login_of(team.organization))
    assert author(decision) == login_of(team.organization)
    absent = meeting.attendances.get(person=team.everyone[7])
    assert author(absent) == login_of(team.office)  # recorded the leave
    mark_absent(absent, acting_user=login_of(team.deputies[1]))
    assert author(absent) == login_of(team.deputies[1])
    for row in meeting.attendances.filter(status="unrecorded"):
        mark_absent(row, acting_user=login_of(team.office))
    close_meeting(meeting, at=meeting.start_at + datetime.timedelta(hours=2), acting_user=login_of(team.office))
    minutes = meeting.minutes.get()
    assert author(minutes) == login_of(team.office)  # drafted when the meeting closed
    approve_minutes(minutes, acting_user=login_of(meeting.chair), at=meeting.start_at + datetime.timedelta(hours=3))
    assert author(minutes) == login_of(meeting.chair)


def test_an_emergency_names_who_recorded_it(team):
    emergency = record_emergency_handling(
        committee=team.committee,
        title="江堤管涌抢险",
        handled_by=team.members[0],
        principal_consulted=team.secretary,
        consulted_at=sh(2026, 11, 20, 2),
        handled_at=sh(2026, 11, 20, 3),
        actions="组织转移群众。",
        now=sh(2026, 11, 20, 8),
        acting_user=login_of(team.office),
    )
    assert author(emergency) == login_of(team.office)
    assert emergency.recorded_by == team.office


def test_the_democratic_life_record_names_who_acted(team):
    record = democratic_life.create_record(
        committee=team.committee, year=2026, theme="主题", acting_user=login_of(team.office)
    )
    assert author(record) == login_of(team.office)
    assert record.created_by == team.office


def test_the_demo_acts_as_the_system(team):
    meeting = Demo(team.committee, datetime.date(2026, 11, 2)).meeting(
        MeetingKind.STANDING, datetime.date(2026, 11, 30)
    )
    assert author(meeting) == system_user()
    assert meeting.created_by is None
