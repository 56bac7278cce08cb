"""The office's side of the meeting day (issue 13): the notice refused without an agenda or with
unapproved items, and the reason shown before anyone clicks, with the summary the confirmation
asks about; the party office records a standing committee meeting and edits its draft minutes
(M-M1); a success message after every save of the minutes; today's meeting stays on the office's
home until it is closed."""

import re

import pytest
import time_machine
from django.contrib.messages import get_messages

from committees import todo
from committees.actors import system_user
from committees.rules import RuleViolation
from meetings.models import AgendaCategory, MeetingKind, MeetingStatus
from meetings.services.minutes import edit_minutes
from meetings.services.notice import MSG_NOTICE_WITHOUT_AGENDA, send_notice
from meetings.services.session import close_meeting
from tests.meetings.factories import login_of, make_item, make_meeting, open_with, sh

pytestmark = pytest.mark.django_db

NOW = sh(2026, 11, 16, 10)  # a Monday; the meetings below are two weeks later


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ------------------------------------------------------------------------------ the notice


def test_m_n1_a_notice_without_any_agenda_item_is_refused(team):
    """The notice is the agenda and its materials: "1. 暂无议题。" never goes out."""
    meeting = make_meeting(team)
    with pytest.raises(RuleViolation) as refused:
        send_notice(meeting, acting_user=login_of(team.office), at=NOW)
    assert refused.value.rule_id == "M-N1"
    assert str(MSG_NOTICE_WITHOUT_AGENDA) in refused.value.message
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and not meeting.notices.exists()


def test_m_n1_withdrawn_items_do_not_count_as_an_agenda(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT, title="已撤回的议题")
    item.status = "withdrawn"
    item.save(update_fields=["status"])
    with pytest.raises(RuleViolation) as refused:
        send_notice(meeting, acting_user=login_of(team.office), at=NOW)
    assert refused.value.rule_id == "M-N1"


def test_m_n1_one_approved_item_is_enough_for_a_notice(team):
    meeting = make_meeting(team)
    make_item(team, meeting, AgendaCategory.REPORT, title="唯一的议题")
    assert send_notice(meeting, acting_user=login_of(team.office), at=NOW).text


def test_m_n2_the_notice_page_shows_why_it_cannot_go_out_and_disables_the_button(client, team):
    meeting = make_meeting(team)
    make_item(team, meeting, AgendaCategory.REPORT, title="已批准的议题")
    make_item(team, meeting, AgendaCategory.OTHER, title="待批准的议题", approve=False)
    client.force_login(login_of(team.office))
    page = client.get(f"/meetings/{meeting.pk}/notice/").content.decode()
    obstacles = page[page.index('id="notice-obstacles"') :]
    assert "[M-N2]" in obstacles and "待批准的议题" in obstacles[: obstacles.index("</div>")]
    assert re.search(r"<button type=\"submit\" disabled[^>]*>立即发送", page)
    response = client.post(f"/meetings/{meeting.pk}/notice/", follow=True)
    assert any("M-N2" in m for m in messages_of(response))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_m_n1_the_notice_page_of_an_empty_agenda_explains_and_sends_nothing(client, team):
    meeting = make_meeting(team)
    client.force_login(login_of(team.office))
    page = client.get(f"/meetings/{meeting.pk}/notice/").content.decode()
    assert "[M-N1]" in page and "disabled" in page
    client.post(f"/meetings/{meeting.pk}/notice/")
    assert not meeting.notices.exists()


def test_the_send_button_asks_for_confirmation_with_the_items_and_recipients(client, team):
    meeting = make_meeting(team, title="十二月常委会会议")
    for n in range(3):
        make_item(team, meeting, AgendaCategory.REPORT, title=f"议题{n}")
    client.force_login(login_of(team.office))
    page = client.get(f"/meetings/{meeting.pk}/notice/").content.decode()
    confirm = re.search(r'<form method="post" data-confirm="([^"]*)"', page).group(1)
    assert "十二月常委会会议" in confirm and "3" in confirm and "9" in confirm
    assert 'id="notice-obstacles"' not in page
    response = client.post(f"/meetings/{meeting.pk}/notice/", follow=True)
    assert messages_of(response) and meeting.notices.count() == 1


# ---------------------------------------------------------------------- minutes (M-M1)


def test_m_m1_the_party_office_records_a_standing_committee_meeting(team):
    assert make_meeting(team).recorder == team.office
    assert make_meeting(team, kind=MeetingKind.SECRETARY_OFFICE).recorder == team.deputies[0]


def closed_meeting(team, **kwargs):
    meeting = make_meeting(team, **kwargs)
    make_item(team, meeting, AgendaCategory.REPORT, title="汇报")
    open_with(meeting, team, team.everyone)
    close_meeting(meeting, at=meeting.end_at, acting_user=system_user())
    return meeting


def test_m_m1_the_office_recorder_edits_the_draft_and_an_ordinary_member_may_not(team):
    meeting = closed_meeting(team)
    minutes = meeting.minutes.get()
    edit_minutes(minutes, acting_user=login_of(team.office), summary="会议由办公室记录。")
    minutes.refresh_from_db()
    assert minutes.summary == "会议由办公室记录。"
    with pytest.raises(RuleViolation) as refused:
        edit_minutes(minutes, acting_user=login_of(team.members[0]), summary="改写")
    assert refused.value.rule_id == "M-M1"


def test_m_m1_without_a_designated_recorder_the_office_staff_edit_the_draft(team):
    """Meetings made before the office became the default recorder have none: the office records."""
    meeting = closed_meeting(team)
    type(meeting).objects.filter(pk=meeting.pk).update(recorder=None)
    minutes = meeting.minutes.get()
    minutes.meeting.refresh_from_db()
    edit_minutes(minutes, acting_user=login_of(team.office), summary="办公室整理")
    with pytest.raises(RuleViolation):
        edit_minutes(minutes, acting_user=login_of(team.members[1]), summary="改写")


def test_m_m1_a_designated_recorder_excludes_the_office_and_the_chair_still_edits(team):
    meeting = closed_meeting(team, recorder=team.deputies[1])
    minutes = meeting.minutes.get()
    with pytest.raises(RuleViolation) as refused:
        edit_minutes(minutes, acting_user=login_of(team.office), summary="办公室改写")
    assert refused.value.rule_id == "M-M1"
    edit_minutes(minutes, acting_user=login_of(team.deputies[1]), summary="记录人整理")
    edit_minutes(minutes, acting_user=login_of(team.secretary), summary="主持人审定")


def test_saving_and_approving_minutes_shows_a_success_message(client, team):
    meeting = closed_meeting(team)
    minutes = meeting.minutes.get()
    client.force_login(login_of(team.office))
    page = client.get(f"/meetings/minutes/{minutes.pk}/").content.decode()
    assert 'value="edit"' in page  # the office recorder sees the edit form
    response = client.post(f"/meetings/minutes/{minutes.pk}/", {"form": "edit", "summary": "纪要正文"}, follow=True)
    assert messages_of(response) == ["纪要草稿已保存。"]
    client.force_login(login_of(team.secretary))
    page = client.get(f"/meetings/minutes/{minutes.pk}/").content.decode()
    assert re.search(r'data-confirm="[^"]*M-M2[^"]*"', page)
    response = client.post(f"/meetings/minutes/{minutes.pk}/", {"form": "approve"}, follow=True)
    minutes.refresh_from_db()
    assert minutes.number_display in messages_of(response)[0]


def test_a_draft_minutes_the_ordinary_member_may_not_edit_has_no_edit_form(client, team):
    meeting = closed_meeting(team)
    minutes = meeting.minutes.get()
    client.force_login(login_of(team.members[0]))
    assert 'value="edit"' not in client.get(f"/meetings/minutes/{minutes.pk}/").content.decode()
    client.post(f"/meetings/minutes/{minutes.pk}/", {"form": "edit", "summary": "改写"})
    minutes.refresh_from_db()
    assert minutes.summary == ""


# --------------------------------------------------------------- the office's home page


def upcoming_titles(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    panel = next(p for p in response.context["panels"] if p.template == "meetings/panels/upcoming.html")
    return [row["meeting"].title for row in panel.context["rows"]]


def test_todays_meeting_stays_on_the_office_home_past_its_end_until_closed(client, team):
    today = make_meeting(team, start=sh(2026, 11, 16, 8), title="今天的会议")  # 8:00–11:00
    make_meeting(team, start=sh(2026, 11, 13, 9), title="上周五的会议")
    make_item(team, today, AgendaCategory.REPORT, title="汇报")
    with time_machine.travel(sh(2026, 11, 16, 15), tick=False):
        titles = upcoming_titles(client, login_of(team.office))
        assert "今天的会议" in titles and "上周五的会议" not in titles
    with time_machine.travel(sh(2026, 11, 17, 0, 1), tick=False):
        assert "今天的会议" not in upcoming_titles(client, login_of(team.office))


def test_a_meeting_in_session_stays_on_the_office_home_after_midnight(client, team):
    meeting = make_meeting(team, start=sh(2026, 11, 2, 9), title="开会中的会议")
    make_item(team, meeting, AgendaCategory.REPORT, title="汇报")
    open_with(meeting, team, team.everyone, at=meeting.start_at)
    with time_machine.travel(sh(2026, 11, 16, 10), tick=False):
        assert "开会中的会议" in upcoming_titles(client, login_of(team.office))
    close_meeting(meeting, at=meeting.end_at, acting_user=system_user())
    todo.steps_changed()  # what the close's commit does (this test's transaction never commits)
    assert "开会中的会议" not in upcoming_titles(client, login_of(team.office))
