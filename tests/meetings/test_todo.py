"""Meetings in the to-do inbox (``committees.todo``): the principal leader's agenda approvals
(M-N2), notices to acknowledge (M-N1), stances (M-D1) and ballots (M-V1) – each for the right
person only (never another member of the same committee), gone once done, then in the done list."""

import datetime

import pytest
import time_machine

from committees import todo
from committees.actors import system_user
from meetings.models import VoteChoice
from meetings.services.agenda import approve_item
from meetings.services.notice import acknowledge_notice
from meetings.services.session import record_stance, take_up_item
from meetings.services.votes import cast_ballot, open_vote
from tests.meetings.factories import _materials, discussed, login_of, make_item, make_meeting, notify, open_with, sh

pytestmark = pytest.mark.django_db


def of_kind(rows, kind):
    return [row for row in rows if row.kind == kind]


def waiting(person, kind):
    return of_kind(todo.waiting_for(login_of(person)), kind)


def done(person, kind):
    return of_kind(todo.done_by(login_of(person)), kind)


@pytest.fixture(autouse=True)
def _before_the_meeting():
    with time_machine.travel(sh(2026, 11, 20, 10), tick=False):
        yield


def test_m_n2_proposed_item_waits_for_the_principal_leader_only(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, approve=False)
    [row] = waiting(team.secretary, "agenda_approval")
    assert row.url == f"/meetings/{meeting.pk}/#item-{item.pk}"
    assert row.due_at == meeting.start_at
    assert row.group == "meetings"
    for colleague in (team.deputies[0], team.office, team.members[0]):
        assert waiting(colleague, "agenda_approval") == []

    approve_item(item, acting_user=login_of(team.secretary))
    assert waiting(team.secretary, "agenda_approval") == []
    [row] = done(team.secretary, "agenda_approval")
    assert row.url == f"/meetings/items/{item.pk}/"
    assert done(team.deputies[0], "agenda_approval") == []


def test_m_n2_a_confidential_item_is_named_by_its_category_only(team):
    meeting = make_meeting(team)
    make_item(team, meeting, "personnel", approve=False, title="张三任职")
    [row] = waiting(team.secretary, "agenda_approval")
    assert "张三" not in row.subject


def test_m_n1_notice_waits_for_each_recipient_until_they_acknowledge(team):
    meeting = make_meeting(team)
    notify(meeting, team, at=sh(2026, 11, 16, 10))
    member, colleague = team.members[0], team.members[1]
    [row] = waiting(member, "notice")
    recipient = meeting.notices.get().recipients.get(person=member)
    assert row.url == f"/meetings/notices/#notice-{recipient.pk}"
    assert len(waiting(colleague, "notice")) == 1

    acknowledge_notice(recipient, person=member, acting_user=login_of(member))
    assert waiting(member, "notice") == []
    assert len(waiting(colleague, "notice")) == 1  # the colleague still owes theirs
    assert len(done(member, "notice")) == 1
    assert done(colleague, "notice") == []


def test_m_n1_notice_of_a_meeting_that_is_over_no_longer_waits(team):
    meeting = make_meeting(team)
    notify(meeting, team, at=sh(2026, 11, 16, 10))
    with time_machine.travel(meeting.end_at + datetime.timedelta(minutes=1), tick=False):
        assert waiting(team.members[0], "notice") == []


def test_m_d1_stance_waits_for_the_present_member_who_has_not_stated(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting)
    _materials(item, meeting)
    open_with(meeting, team, team.everyone)
    at = meeting.start_at + datetime.timedelta(minutes=10)
    with time_machine.travel(at, tick=False):
        take_up_item(item, at=at, acting_user=system_user())
        member, colleague = team.members[0], team.members[1]
        record_stance(item, person=colleague, stance="agree", at=at, acting_user=system_user())
        [row] = waiting(member, "stance")
        assert row.url == f"/meetings/{meeting.pk}/#item-{item.pk}"
        assert waiting(colleague, "stance") == []
        assert waiting(team.office, "stance") == []

        record_stance(item, person=member, stance="agree", at=at, acting_user=login_of(member))
        assert waiting(member, "stance") == []
        assert len(done(member, "stance")) == 1


def test_m_v1_ballot_waits_for_a_present_member_until_they_vote(team):
    absent = team.members[2]
    present = [p for p in team.everyone if p != absent]
    meeting, item = discussed(team, "important", present=present)
    at = meeting.start_at + datetime.timedelta(minutes=30)
    with time_machine.travel(at, tick=False):
        vote = open_vote(item, at=at, acting_user=system_user())
        member, colleague = team.members[0], team.members[1]
        [row] = waiting(member, "ballot")
        assert row.url == f"/meetings/votes/{vote.pk}/#cast"
        assert len(waiting(colleague, "ballot")) == 1
        assert waiting(absent, "ballot") == []  # not present when the vote opened
        assert waiting(team.office, "ballot") == []

        cast_ballot(vote, person=member, choice=VoteChoice.YES, acting_user=login_of(member))
        assert waiting(member, "ballot") == []
        assert len(waiting(colleague, "ballot")) == 1
        assert len(done(member, "ballot")) == 1
        # The header counts what the inbox lists: the ballot and the notice not yet acknowledged.
        assert (
            todo.counts(login_of(colleague)).by_group
            == {"meetings": len(todo.waiting_for(login_of(colleague)))}
            == {"meetings": 2}
        )
