"""REST API: meetings, agenda items with their quorum, attendance, stances, written opinions."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from committees.actors import system_user
from committees.models import Role
from meetings.models import AgendaCategory, MeetingStatus
from meetings.services.attendance import add_observer
from meetings.services.session import take_up_item
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import make_item, make_meeting, make_team, notify, open_with, sh, with_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


def login(client, person):
    client.force_login(person.user)
    return client


def test_api_meetings_are_filtered_by_visible_committees(client, town):
    mine = make_meeting(town)
    other = make_meeting(make_team(5))
    login(client, town.members[0])
    ids = {row["id"] for row in client.get("/api/meetings/").json()["results"]}
    assert ids == {mine.pk}
    assert client.get(f"/api/meetings/{other.pk}/").status_code == 404


def test_api_meeting_detail_lists_members_due_and_observers_apart(client, town):
    meeting = make_meeting(town)
    add_observer(meeting, kind="delegate", person=town.delegate, acting_user=system_user())
    data = login(client, town.members[0]).get(f"/api/meetings/{meeting.pk}/").json()
    assert {row["person"] for row in data["members_due"]} == {p.pk for p in town.everyone}
    assert [row["person"] for row in data["observers"]] == [town.delegate.pk]


def test_api_item_representation_carries_the_quorum(client):
    team = make_team(8, logins=True)
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    open_with(meeting, team, team.everyone[:4])
    data = login(client, team.office).get(f"/api/agenda-items/{item.pk}/").json()
    assert data["quorum"]["due"] == 8 and data["quorum"]["needed"] == 5 and data["quorum"]["rule"] == "M-Q1"
    assert data["quorum"]["present"] == 4 and data["quorum"]["may_proceed"] is False


def test_api_take_up_without_quorum_is_409_with_the_rule(client):
    team = make_team(8, logins=True)
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    open_with(meeting, team, team.everyone[:4])
    with time_machine.travel(meeting.start_at, tick=False):
        response = login(client, team.office).post(f"/api/agenda-items/{item.pk}/take-up/")
    assert response.status_code == 409
    assert response.json()["rule"] == "M-Q1" and "[M-Q1]" in response.json()["detail"]


def test_api_send_notice_too_late_is_409_m_n1(client, town):
    meeting = with_agenda(make_meeting(town, start=sh(2026, 11, 30, 9)), town)
    with time_machine.travel(sh(2026, 11, 28, 9), tick=False):
        response = login(client, town.office).post(f"/api/meetings/{meeting.pk}/send-notice/")
    assert (response.status_code, response.json()["rule"]) == (409, "M-N1")


def test_api_send_notice_in_time(client, town):
    meeting = with_agenda(make_meeting(town, start=sh(2026, 11, 30, 9)), town)
    with time_machine.travel(sh(2026, 11, 27, 9), tick=False):
        response = login(client, town.office).post(f"/api/meetings/{meeting.pk}/send-notice/")
    assert response.status_code == 200 and response.json()["status"] == MeetingStatus.NOTICE_SENT


@pytest.mark.parametrize(("role", "status"), [(Role.OFFICE_STAFF, 201), (Role.MEMBER, 400)])
def test_api_only_managers_create_meetings(client, team, role, status):
    client.force_login(user_with_role(team.committee, role))
    response = client.post(
        "/api/meetings/",
        {
            "committee": team.committee.pk,
            "kind": "standing",
            "title": "常委会",
            "start_at": "2026-12-07T09:00:00+08:00",
            "end_at": "2026-12-07T11:00:00+08:00",
        },
        content_type="application/json",
    )
    assert response.status_code == status


def test_api_member_cannot_send_a_notice(client, town):
    meeting = make_meeting(town)
    assert login(client, town.members[0]).post(f"/api/meetings/{meeting.pk}/send-notice/").status_code == 403


def test_api_other_committee_cannot_touch_the_meeting(client, town):
    meeting = make_meeting(town)
    client.force_login(user_with_role(CommitteeFactory(), Role.OFFICE_STAFF))
    assert client.post(f"/api/meetings/{meeting.pk}/send-notice/").status_code == 404


def test_api_m_d2_chair_stance_first_is_409(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting, AgendaCategory.REPORT)
    open_with(meeting, town, town.everyone)
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    with time_machine.travel(meeting.start_at + datetime.timedelta(minutes=10), tick=False):
        response = login(client, town.office).post(
            "/api/stances/", {"item": item.pk, "person": town.secretary.pk, "stance": "agree"}
        )
        assert (response.status_code, response.json()["rule"]) == (409, "M-D2")
        ok = client.post("/api/stances/", {"item": item.pk, "person": town.members[0].pk, "stance": "disagree"})
        listed = client.get(f"/api/stances/?item={item.pk}")  # the session began at the meeting
    assert ok.status_code == 201 and ok.json()["stance"] == "disagree"
    assert [row["person"] for row in listed.json()["results"]] == [town.members[0].pk]


def test_api_written_opinion_and_its_confidentiality(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting, AgendaCategory.PERSONNEL)
    with time_machine.travel(sh(2026, 11, 27, 9), tick=False):
        response = login(client, town.members[0]).post(
            "/api/written-opinions/", {"item": item.pk, "person": town.members[0].pk, "text": "同意该人选"}
        )
    assert response.status_code == 201
    login(client, town.delegate)
    assert client.get("/api/written-opinions/").json()["results"][0]["text"] is None
    assert client.get(f"/api/agenda-items/{item.pk}/").json()["description"] is None


def test_api_attendance_record_leave_with_the_wrong_approver_is_409(client, town):
    meeting = make_meeting(town)
    notify(meeting, town)
    row = meeting.attendances.get(person=town.members[0])
    response = login(client, town.office).post(
        f"/api/attendance/{row.pk}/record/",
        {"action": "leave", "reason": "出差", "approved_by": town.deputies[0].pk},
    )
    assert (response.status_code, response.json()["rule"]) == (409, "M-N4")


def test_api_item_list_query_count_is_fixed(client, django_assert_max_num_queries):
    team = make_team(9, logins=True)
    meeting = make_meeting(team)
    for n in range(3):
        make_item(team, meeting, AgendaCategory.REPORT, title=f"{n}")
    login(client, team.office)
    client.get("/api/agenda-items/")
    with django_assert_max_num_queries(40) as captured:
        client.get("/api/agenda-items/")
    for n in range(20):
        make_item(team, meeting, AgendaCategory.REPORT, title=f"x{n}")
    with django_assert_max_num_queries(len(captured)):
        client.get("/api/agenda-items/")


def test_api_create_item_and_approve_by_principal_only(client, town):
    meeting = make_meeting(town)
    response = login(client, town.office).post(
        "/api/agenda-items/",
        {"meeting": meeting.pk, "title": "年度预算调整", "category": "large_funds", "proposed_by": town.members[0].pk},
    )
    assert response.status_code == 201
    item_id = response.json()["id"]
    denied = client.post(f"/api/agenda-items/{item_id}/approve/")
    assert (denied.status_code, denied.json()["rule"]) == (409, "M-N2")
    approved = login(client, town.secretary).post(f"/api/agenda-items/{item_id}/approve/")
    assert approved.json()["status"] == "approved"


def test_api_root_lists_the_routes(client, town):
    login(client, town.office)
    assert client.get(reverse("meeting-list")).status_code == 200
    assert client.get(reverse("agendaitem-list")).status_code == 200
