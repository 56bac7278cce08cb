"""DL-2 in the to-do inbox: a postponement request waits for the higher-level committee's
recorders only, and moves to the done list of whoever decided it."""

import datetime

import pytest
import time_machine

from committees import todo
from committees.actors import system_user
from meetings.democratic_life import services
from meetings.democratic_life.models import DecidedAs
from tests.meetings.factories import login_of, sh

pytestmark = pytest.mark.django_db


def postponements(rows):
    return [row for row in rows if row.kind == "postponement"]


def test_dl_2_postponement_waits_for_the_parent_committee_not_its_plain_member(record, team, parent):
    with time_machine.travel(sh(2026, 11, 20, 10), tick=False):
        request = services.request_postponement(
            record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
        )
        [row] = postponements(todo.waiting_for(parent.secretary.user))
        assert row.url == f"/meetings/democratic-life/postponements/#postponement-{request.pk}"
        assert row.due_at == todo.end_of_day(datetime.date(2026, 11, 30))
        assert len(postponements(todo.waiting_for(parent.office.user))) == 1
        assert postponements(todo.waiting_for(parent.member.user)) == []
        assert postponements(todo.waiting_for(team.secretary.user)) == []

        services.decide_postponement(
            request, approve=True, decided_as=DecidedAs.PRINCIPAL_LEADER, acting_user=login_of(parent.secretary)
        )
        assert postponements(todo.waiting_for(parent.secretary.user)) == []
        assert postponements(todo.waiting_for(parent.office.user)) == []
        assert len(postponements(todo.done_by(parent.secretary.user))) == 1
        assert postponements(todo.done_by(parent.office.user)) == []
