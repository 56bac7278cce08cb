"""Pages: permissions, running a meeting in the browser, refusals shown with their rule, query
counts, confidential materials, the calendar feed."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.actors import system_user
from committees.models import Role
from committees.paging import PAGE_SIZE
from meetings.models import (
    AgendaCategory,
    AttachmentKind,
    AttendanceStatus,
    ItemStatus,
    MeetingKind,
    MeetingStatus,
    RecusalReason,
    StanceChoice,
)
from meetings.services.agenda import add_attachment
from meetings.services.session import record_stance, recuse, submit_written_opinion, take_up_item
from tests.factories import CommitteeFactory, UserFactory, user_with_role
from tests.meetings.factories import make_item, make_meeting, make_team, notify, open_with, sh

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


def login(client, person):
    client.force_login(person.user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ------------------------------------------------------------------ permissions table


@pytest.mark.parametrize(
    ("role", "own", "detail", "agenda"),
    [
        (Role.OFFICE_STAFF, True, 200, 200),
        (Role.SECRETARY, True, 200, 200),
        (Role.DEPUTY_SECRETARY, True, 200, 200),
        (Role.MEMBER, True, 200, 403),
        (Role.DELEGATE, True, 200, 403),
        (Role.OFFICE_STAFF, False, 404, 404),
        (Role.SECRETARY, False, 404, 404),
    ],
)
def test_permissions_by_role_and_committee(client, team, role, own, detail, agenda):
    meeting = make_meeting(team)
    committee = team.committee if own else CommitteeFactory()
    client.force_login(user_with_role(committee, role))
    assert client.get(reverse("meetings_detail", args=[meeting.pk])).status_code == detail
    assert client.get(reverse("meetings_agenda", args=[meeting.pk])).status_code == agenda
    listed = client.get(reverse("meetings_list")).context["page"].object_list
    assert (meeting in listed) == own


@pytest.mark.parametrize(("role", "status"), [(Role.OFFICE_STAFF, 200), (Role.MEMBER, 403)])
def test_only_managers_create_meetings(client, team, role, status):
    client.force_login(user_with_role(team.committee, role))
    assert client.get(reverse("meetings_create")).status_code == status


def test_anonymous_users_are_sent_to_log_in(client, team):
    response = client.get(reverse("meetings_detail", args=[make_meeting(team).pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ------------------------------------------------------------------ a whole meeting in the browser


def test_a_whole_meeting_runs_in_the_browser_up_to_the_vote(client, town):
    office = login(client, town.office)
    with time_machine.travel(sh(2026, 11, 24, 10), tick=False):
        response = office.post(
            reverse("meetings_create"),
            {
                "committee": town.committee.pk,
                "kind": MeetingKind.STANDING,
                "title": "第12次常委会",
                "start_at": "2026-11-30T09:00",
                "end_at": "2026-11-30T12:00",
                "place": "常委会议室",
            },
        )
        assert response.status_code == 302
        meeting = town.committee.meetings.get()
        response = office.post(
            reverse("meetings_agenda", args=[meeting.pk]),
            {"title": "关于干部任免的议题", "category": AgendaCategory.PERSONNEL, "proposed_by": town.organization.pk},
        )
        assert response.status_code == 302
        item = meeting.items.get()
        assert item.is_confidential
        response = office.post(reverse("meetings_notice", args=[meeting.pk]), follow=True)
        assert any("[M-N2]" in m for m in messages_of(response))  # not yet approved
        secretary = login(client, town.secretary)
        secretary.post(reverse("meetings_item_approve", args=[item.pk]))
        office = login(client, town.office)
        office.post(reverse("meetings_notice", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTICE_SENT
    with time_machine.travel(sh(2026, 11, 30, 9), tick=False):
        office.post(reverse("meetings_open", args=[meeting.pk]))
        for row in meeting.attendances.filter(role="member"):
            office.post(reverse("meetings_attendance", args=[meeting.pk]), {"attendance": row.pk, "action": "present"})
        page = office.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
        assert "M-Q2" in page
        office.post(reverse("meetings_item_take_up", args=[item.pk]))
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_DISCUSSION and item.quorum_rule_id == "M-Q2"
        response = office.post(
            reverse("meetings_item_stance", args=[item.pk]),
            {"person": town.secretary.pk, "stance": StanceChoice.AGREE},
            follow=True,
        )
        assert any("[M-D2]" in m for m in messages_of(response))
        for person in town.everyone[1:]:
            office.post(reverse("meetings_item_stance", args=[item.pk]), {"person": person.pk, "stance": "agree"})
        office.post(reverse("meetings_item_stance", args=[item.pk]), {"person": town.secretary.pk, "stance": "agree"})
        office.post(reverse("meetings_item_close", args=[item.pk]))
        office.post(reverse("meetings_close", args=[meeting.pk]))
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.status == ItemStatus.DISCUSSED and item.stances.count() == 9
    assert meeting.status == MeetingStatus.CLOSED


def test_m_n1_late_notice_is_refused_on_the_page_with_the_rule(client, town):
    meeting = make_meeting(town, start=sh(2026, 11, 30, 9))
    with time_machine.travel(sh(2026, 11, 29, 10), tick=False):
        response = login(client, town.office).post(reverse("meetings_notice", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert any(m.startswith("[M-N1]") for m in messages_of(response))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_m_q1_take_up_without_quorum_shows_the_rule(client):
    team = make_team(8, logins=True)
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    open_with(meeting, team, team.everyone[:4])
    with time_machine.travel(meeting.start_at, tick=False):
        response = login(client, team.office).post(reverse("meetings_item_take_up", args=[item.pk]), follow=True)
    assert any("[M-Q1]" in m for m in messages_of(response))


def test_m_n4_wrong_approver_is_refused_on_the_attendance_page(client, town):
    meeting = make_meeting(town)
    notify(meeting, town)
    row = meeting.attendances.get(person=town.members[0])
    response = login(client, town.office).post(
        reverse("meetings_attendance", args=[meeting.pk]),
        {"attendance": row.pk, "action": "leave", "reason": "出差", "approved_by": town.deputies[0].pk},
        follow=True,
    )
    assert any("[M-N4]" in m for m in messages_of(response))
    row.refresh_from_db()
    assert row.status == AttendanceStatus.UNRECORDED


def test_bad_meeting_input_is_a_form_error_and_the_input_is_kept(client, town):
    response = login(client, town.office).post(
        reverse("meetings_create"),
        {
            "committee": town.committee.pk,
            "kind": MeetingKind.STANDING,
            "title": "倒着开的会",
            "start_at": "2026-11-30T12:00",
            "end_at": "2026-11-30T09:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_at"]
    assert 'value="倒着开的会"' in response.content.decode()


def test_m_n2_department_item_without_consent_is_a_form_error(client, town):
    meeting = make_meeting(town)
    response = login(client, town.office).post(
        reverse("meetings_agenda", args=[meeting.pk]),
        {
            "title": "城区道路改造",
            "category": AgendaCategory.MAJOR_CONSTRUCTION,
            "proposing_department": "住建局",
            "member_in_charge": town.members[0].pk,
        },
    )
    assert response.status_code == 200
    assert "[M-N2]" in str(response.context["form"].non_field_errors())


def test_written_opinion_after_the_start_is_a_form_error(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting, AgendaCategory.REPORT)
    response = login(client, town.members[0]).post(
        reverse("meetings_item", args=[item.pk]),
        {"form": "opinion", "person": town.members[0].pk, "text": "意见", "submitted_at": "2026-11-30T10:00"},
    )
    assert response.status_code == 200
    assert "[M-D3]" in str(response.context["opinion_form"].non_field_errors())


def test_member_records_their_own_stance_but_not_another_s(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting, AgendaCategory.REPORT)
    open_with(meeting, town, town.everyone)
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    member = login(client, town.members[0])
    with time_machine.travel(meeting.start_at + datetime.timedelta(minutes=5), tick=False):
        member.post(reverse("meetings_item_stance", args=[item.pk]), {"person": town.members[0].pk, "stance": "agree"})
        other = member.post(
            reverse("meetings_item_stance", args=[item.pk]), {"person": town.members[1].pk, "stance": "agree"}
        )
    assert other.status_code == 403
    assert list(item.stances.values_list("person", flat=True)) == [town.members[0].pk]


def test_recusal_is_recorded_from_the_console(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting)
    login(client, town.office).post(
        reverse("meetings_item_recuse", args=[item.pk]),
        {"person": town.members[0].pk, "reason": RecusalReason.RELATIVE, "details": "其配偶为申请单位负责人"},
    )
    page = client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert "其配偶为申请单位负责人" in page


# ------------------------------------------------------------------ confidential materials


def confidential_item(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.PERSONNEL, description="拟任人选考察情况：李四")
    add_attachment(
        item,
        file=SimpleUploadedFile("考察材料.pdf", b"%PDF-1.4"),
        kind=AttachmentKind.MATERIAL,
        acting_user=system_user(),
    )
    return meeting, item


@pytest.mark.parametrize(("who", "sees"), [("members", True), ("office", True), ("delegate", False)])
def test_confidential_materials_only_for_members_due_and_managers(client, town, who, sees):
    meeting, item = confidential_item(town)
    person = town.members[0] if who == "members" else getattr(town, who)
    login(client, person)
    page = client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert ("拟任人选考察情况" in page) == sees
    attachment = item.attachments.get()
    assert client.get(reverse("meetings_attachment", args=[attachment.pk])).status_code == (200 if sees else 404)


# ------------------------------------------------------------------ query counts


def busy_meeting(size: int, items: int):
    """A meeting in session with ``items`` items (attachments, a recusal, a written opinion) and
    ``size`` members due, the first item under discussion with stances."""
    team = make_team(size, deputies=2 if size > 6 else 0, logins=True)
    meeting = make_meeting(team)
    made = []
    for n in range(items):
        item = make_item(team, meeting, AgendaCategory.REPORT, title=f"议题{n}", in_charge=team.members[0])
        add_attachment(
            item, file=SimpleUploadedFile(f"m{n}.pdf", b"x"), kind=AttachmentKind.MATERIAL, acting_user=system_user()
        )
        recuse(item, person=team.members[-1], reason=RecusalReason.SELF, acting_user=system_user())
        made.append(item)
    submit_written_opinion(
        made[1], person=team.members[1], text="书面意见", submitted_at=sh(2026, 11, 29), acting_user=system_user()
    )
    notify(meeting, team)
    open_with(meeting, team, [p for p in team.everyone if p != team.members[1]])
    take_up_item(made[0], at=meeting.start_at, acting_user=system_user())
    for person in team.everyone[1:3]:
        record_stance(made[0], person=person, stance="agree", at=meeting.start_at, acting_user=system_user())
    return team, meeting


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_console_query_count_does_not_grow_with_items_and_members(client, django_assert_num_queries):
    small_team, small = busy_meeting(5, 3)
    big_team, big = busy_meeting(15, 30)
    with time_machine.travel(small.start_at, tick=False):
        login(client, small_team.office)
        baseline = count_queries(client, reverse("meetings_detail", args=[small.pk]))
        login(client, big_team.office)
        client.get(reverse("meetings_detail", args=[big.pk]))
        with django_assert_num_queries(baseline):
            client.get(reverse("meetings_detail", args=[big.pk]))
    assert baseline <= 30, baseline


def test_meeting_list_query_count_is_fixed(client, django_assert_num_queries):
    team = make_team(5, logins=True)
    for n in range(3):
        make_meeting(team, start=sh(2026, 12, 1 + n, 9))
    login(client, team.office)
    baseline = count_queries(client, reverse("meetings_list"))
    for n in range(30):
        make_meeting(team, start=sh(2027, 1, 1 + n % 28, 9), title=f"会议{n}")
    with django_assert_num_queries(baseline):
        client.get(reverse("meetings_list"))


def test_meeting_list_paginates_and_filters(client):
    team = make_team(5, logins=True)
    for n in range(PAGE_SIZE + 5):
        make_meeting(team, start=sh(2026, 12, 1 + n % 28, 9), title=f"会议{n}")
    make_meeting(team, kind=MeetingKind.FIVE_PERSON, start=sh(2026, 12, 3, 15), title="五人小组会议")
    login(client, team.office)
    assert len(client.get(reverse("meetings_list")).context["page"].object_list) == PAGE_SIZE
    filtered = client.get(reverse("meetings_list"), {"kind": MeetingKind.FIVE_PERSON}).context["page"].object_list
    assert [m.title for m in filtered] == ["五人小组会议"]
    by_date = client.get(reverse("meetings_list"), {"start_from": "2026-12-03", "start_to": "2026-12-03"})
    assert {m.start_at.date() for m in by_date.context["page"].object_list} == {datetime.date(2026, 12, 3)}


def test_bad_filter_input_is_shown_not_a_500(client, town):
    login(client, town.office)
    assert client.get(reverse("meetings_list"), {"start_from": "not-a-date"}).status_code == 200


# ------------------------------------------------------------------ notices received, calendar, languages


def test_member_sees_and_acknowledges_a_notice(client, town):
    meeting = make_meeting(town)
    notify(meeting, town)
    member = login(client, town.members[0])
    page = member.get(reverse("meetings_my_notices"))
    recipient = page.context["page"].object_list[0]
    assert recipient.notice.meeting == meeting
    member.post(reverse("meetings_acknowledge", args=[recipient.pk]))
    recipient.refresh_from_db()
    assert recipient.acknowledged_at is not None


def test_another_member_cannot_acknowledge_my_notice(client, town):
    meeting = make_meeting(town)
    recipient = notify(meeting, town).recipients.get(person=town.members[0])
    assert login(client, town.members[1]).post(reverse("meetings_acknowledge", args=[recipient.pk])).status_code == 404


def test_ics_download_of_a_meeting(client, town):
    meeting = make_meeting(town)
    response = login(client, town.members[0]).get(reverse("meetings_ics", args=[meeting.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "常委会会议" in body and "20261130T010000Z" in body.replace("\r\n ", "")


def test_ics_feed_of_a_member_with_a_signed_address(client, town):
    meeting = make_meeting(town)
    notify(meeting, town)
    page = login(client, town.members[0]).get(reverse("meetings_my_notices")).content.decode()
    feed = re.search(r"/meetings/feed/[^<\s]+\.ics", page).group(0)
    client.logout()
    assert "BEGIN:VEVENT" in client.get(feed).content.decode()
    assert client.get(feed.replace(".ics", "x.ics")).status_code == 404


def test_pages_in_english_and_chinese(client, town):
    meeting = make_meeting(town)
    login(client, town.office)
    assert 'lang="zh-hans"' in client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert 'lang="en"' in page and "Members due to attend" in page


def test_every_page_renders(client, town):
    meeting = make_meeting(town)
    item = make_item(town, meeting)
    notify(meeting, town)
    login(client, town.office)
    for url in [
        reverse("meetings_list"),
        reverse("meetings_create"),
        reverse("meetings_detail", args=[meeting.pk]),
        reverse("meetings_edit", args=[meeting.pk]),
        reverse("meetings_agenda", args=[meeting.pk]),
        reverse("meetings_notice", args=[meeting.pk]),
        reverse("meetings_attendance", args=[meeting.pk]),
        reverse("meetings_item", args=[item.pk]),
        reverse("meetings_my_notices"),
        reverse("meetings_my_ics"),
        reverse("meetings_cadence", args=[town.committee.pk]),
        reverse("meetings_emergency_list"),
        reverse("meetings_emergency_create"),
    ]:
        assert client.get(url).status_code == 200, url


def test_htmx_refresh_returns_the_console_only(client, town):
    meeting = make_meeting(town)
    make_item(town, meeting)
    login(client, town.office)
    response = client.get(reverse("meetings_detail", args=[meeting.pk]), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and "M-Q1" in response.content.decode()


def test_emergency_recorded_and_tabled_in_the_browser(client, town):
    meeting = make_meeting(town)
    office = login(client, town.office)
    with time_machine.travel(sh(2026, 11, 25, 10), tick=False):
        response = office.post(
            reverse("meetings_emergency_create"),
            {
                "committee": town.committee.pk,
                "title": "化工厂泄漏处置",
                "handled_by": town.members[0].pk,
                "principal_consulted": town.secretary.pk,
                "consulted_at": "2026-11-25T02:00",
                "handled_at": "2026-11-25T02:30",
                "actions": "疏散周边居民。",
            },
        )
        assert response.status_code == 302
        emergency = town.committee.emergency_handlings.get()
        office.post(reverse("meetings_emergency_detail", args=[emergency.pk]), {"meeting": meeting.pk})
    item = meeting.items.get()
    assert item.emergency == emergency and item.category == AgendaCategory.EMERGENCY


def test_cadence_page_shows_the_rules(client, town):
    login(client, town.members[0])
    page = client.get(reverse("meetings_cadence", args=[town.committee.pk]), {"year": 2026}).content.decode()
    for rule in ("M-C1", "M-C2", "M-C3"):
        assert rule in page


def test_superuser_without_a_person_sees_everything_read_only(client, team):
    meeting = make_meeting(team)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("meetings_detail", args=[meeting.pk])).status_code == 200


def test_item_moves_to_another_meeting_from_its_page(client, town):
    first = make_meeting(town)
    second = make_meeting(town, start=sh(2026, 12, 7, 9), title="下周常委会")
    item = make_item(town, first)
    login(client, town.office)
    assert "下周常委会" in client.get(reverse("meetings_item", args=[item.pk])).content.decode()
    client.post(reverse("meetings_item_schedule", args=[item.pk]), {"meeting": second.pk})
    item.refresh_from_db()
    assert item.meeting == second and item.status == ItemStatus.APPROVED
