"""Journey 1: the party office prepares a meeting, the principal leader approves its agenda
(M-N2), the office sends the notice in time (M-N1) and a member acknowledges it."""

import datetime

from meetings.models import ItemStatus, Meeting, MeetingStatus
from tests.browser.conftest import browser_db, local_now, zh
from tests.meetings.factories import make_team

pytestmark = browser_db


def test_m_n1_office_prepares_and_notifies_a_meeting(journeys):
    team = make_team(5, deputies=1, logins=True)
    day = (local_now() + datetime.timedelta(days=14)).date()

    office = journeys("office").login(team.office.user.username)
    office.goto("/meetings/", shot="meeting-list")
    office.goto("/meetings/new/", shot="meeting-form")
    page = office.page
    page.select_option("#id_committee", str(team.committee.pk))
    page.select_option("#id_kind", "standing")
    page.fill("#id_title", "十二月常委会会议")
    page.fill("#id_start_at", f"{day.isoformat()}T09:00")
    page.fill("#id_end_at", f"{day.isoformat()}T11:30")
    page.fill("#id_place", "第一会议室")
    office.submit(zh("Save"))
    meeting = Meeting.objects.get(title="十二月常委会会议")
    assert page.url.endswith(f"/meetings/{meeting.pk}/agenda/")
    office.check("agenda-builder")

    page.fill("#id_title", "关于年终工作总结的汇报")
    page.select_option("#id_category", "report")
    page.select_option("#id_proposed_by", str(team.secretary.pk))
    page.select_option("#id_member_in_charge", str(team.members[0].pk))
    office.submit(zh("Add to the agenda"))
    item = meeting.items.get()
    assert item.status == ItemStatus.PROPOSED
    assert "关于年终工作总结的汇报" in page.inner_text("main")

    # M-N2: the principal leader approves the item from the agenda builder.
    secretary = journeys("secretary").login(team.secretary.user.username)
    secretary.goto(f"/meetings/{meeting.pk}/agenda/", shot="agenda-to-approve")
    secretary.submit(zh("Approve"))
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved_by == team.secretary

    office.goto(f"/meetings/{meeting.pk}/notice/", shot="notice-before")
    office.submit(zh("Send the notice now"))
    office.check("notice-sent")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTICE_SENT
    assert {r.person_id for r in meeting.notices.get().recipients.all()} >= {p.pk for p in team.everyone}

    member = journeys("member").login(team.members[0].user.username)
    member.goto("/meetings/notices/", shot="my-notices")
    assert "十二月常委会会议" in member.page.inner_text("main")
    member.submit(zh("Acknowledge"))
    assert meeting.notices.get().recipients.get(person=team.members[0]).acknowledged_at is not None

    office.goto(f"/meetings/{meeting.pk}/", shot="console-notified")
    assert zh("Open the session") in page.inner_text("main")
