"""Notice and agenda: M-N1 with the 2026 working-day calendar, M-N2 approval, M-N3, M-N5, amendments."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from committees import services as committee_services
from committees.actors import system_user
from committees.models import RuleSet
from committees.rules import RuleViolation
from meetings import rules
from meetings.models import (
    AgendaCategory,
    AmendmentKind,
    AttachmentKind,
    ItemStatus,
    MeetingStatus,
    NoticeKind,
    ObserverKind,
)
from meetings.services.agenda import add_attachment, add_item, approve_item, update_item
from meetings.services.attendance import add_observer
from meetings.services.notice import (
    MSG_ONLY_RECIPIENT_ACKNOWLEDGES_NOTICE,
    acknowledge_notice,
    send_amendment_notice,
    send_notice,
)
from meetings.services.scheduling import MSG_NOTICE_SENT_DATE_NO_LONGER_CHANGES, update_meeting
from meetings.services.session import take_up_item
from reporting import deadlines
from reporting.models import Notification
from tests.meetings.factories import login_of, make_item, make_meeting, notify, open_with, sh, with_agenda

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def notice_mails(notice):
    """The e-mails the sender delivered for ``notice`` (not those of other events)."""
    ids = {
        str(pk)
        for pk in Notification.objects.filter(step_key=f"meeting-notice:{notice.pk}", channel="email").values_list(
            "pk", flat=True
        )
    }
    return [m for m in mail.outbox if m.extra_headers.get("X-Dangwei-Notification") in ids]


def send(team, meeting_start, sent_at):
    meeting = with_agenda(make_meeting(team, start=meeting_start), team)
    return send_notice(meeting, acting_user=login_of(team.office), at=sent_at)


# ------------------------------------------------------------------ M-N1 worked cases (N = 1)


def test_m_n1_friday_notice_for_a_monday_meeting_is_in_time(team):
    notice = send(team, sh(2026, 11, 30, 9), sh(2026, 11, 27, 17))
    assert notice.deadline == datetime.date(2026, 11, 27) and notice.is_in_time


def test_m_n1_friday_notice_sent_at_23_59_shanghai_is_in_time(team):
    assert send(team, sh(2026, 11, 30, 9), datetime.datetime(2026, 11, 27, 15, 59, tzinfo=UTC)).is_in_time


def test_m_n1_notice_sent_on_saturday_00_30_shanghai_is_refused_though_utc_is_still_friday(team):
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 11, 30, 9), datetime.datetime(2026, 11, 27, 16, 30, tzinfo=UTC))
    assert refused.value.rule_id == "M-N1"


def test_m_n1_notice_sent_on_the_sunday_before_is_refused(team):
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 11, 30, 9), sh(2026, 11, 29, 10))
    assert refused.value.rule_id == "M-N1"
    assert "2026-11-27" in str(refused.value)
    assert "[M-N1]" in str(refused.value) and "003" in str(refused.value)  # cites the article


def test_m_n1_sunday_that_is_an_adjusted_working_day_is_in_time(team):
    # 2026-09-20 is a Sunday worked before the National Day holiday; the meeting is Monday 21st.
    notice = send(team, sh(2026, 9, 21, 9), sh(2026, 9, 20, 16))
    assert notice.deadline == datetime.date(2026, 9, 20)


def test_m_n1_last_working_day_before_national_day_for_the_first_working_day_after_is_in_time(team):
    notice = send(team, sh(2026, 10, 8, 9), sh(2026, 9, 30, 17))
    assert notice.deadline == datetime.date(2026, 9, 30)


@pytest.mark.parametrize("day", [1, 3, 7])
def test_m_n1_notice_sent_during_the_national_day_holiday_is_refused(team, day):
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 10, 8, 9), sh(2026, 10, day, 10))
    assert refused.value.rule_id == "M-N1"


def test_m_n1_adjusted_working_saturday_counts_for_a_monday_meeting(team):
    # 2026-10-10 is a Saturday worked after the holiday.
    assert send(team, sh(2026, 10, 12, 9), sh(2026, 10, 10, 18)).is_in_time


def test_m_n1_sunday_after_an_adjusted_working_saturday_is_refused(team):
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 10, 12, 9), sh(2026, 10, 11, 9))
    assert refused.value.rule_id == "M-N1"


def test_m_n1_notice_on_the_meeting_day_is_refused(team):
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 11, 30, 15), sh(2026, 11, 30, 8))
    assert refused.value.rule_id == "M-N1"


def test_m_n1_two_working_days_from_the_rule_set(team):
    committee_services.publish_rule_set_version(
        RuleSet.objects.get(is_default=True), notice_working_days=2, acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        send(team, sh(2026, 11, 30, 9), sh(2026, 11, 27, 9))
    assert refused.value.rule_id == "M-N1"
    assert send(team, sh(2026, 11, 30, 9), sh(2026, 11, 26, 17)).deadline == datetime.date(2026, 11, 26)


def test_m_n1_refused_notice_changes_nothing(team):
    meeting = with_agenda(make_meeting(team, start=sh(2026, 11, 30, 9)), team)
    with pytest.raises(RuleViolation) as refused:
        send_notice(meeting, acting_user=login_of(team.office), at=sh(2026, 11, 29, 9))
    assert refused.value.rule_id == "M-N1"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and not meeting.notices.exists()


def test_m_n1_notice_deadline_helper_honours_the_calendar(db):
    assert rules.notice_deadline(datetime.date(2026, 10, 8), 1) == datetime.date(2026, 9, 30)
    assert rules.notice_deadline(datetime.date(2026, 10, 8), 2) == datetime.date(2026, 9, 29)


# ------------------------------------------------------------------ what sending records


def test_m_n1_sending_records_time_recipients_and_freezes_the_agenda(team, django_capture_on_commit_callbacks):
    meeting = make_meeting(team)
    item = make_item(team, meeting)
    add_observer(meeting, kind=ObserverKind.DELEGATE, person=team.delegate, acting_user=login_of(team.office))
    at = sh(2026, 11, 25, 10)
    with django_capture_on_commit_callbacks(execute=True):
        notice = send_notice(meeting, acting_user=login_of(team.office), at=at)
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert (meeting.status, meeting.notice_sent_at, notice.sent_at) == (MeetingStatus.NOTICE_SENT, at, at)
    recipients = {r.person_id: r.is_observer for r in notice.recipients.all()}
    assert recipients == {**{p.pk: False for p in team.everyone}, team.delegate.pk: True}
    assert item.is_on_notified_agenda and item.notified_at == at
    assert notice_mails(notice) == [] and not any(r.emailed_at for r in notice.recipients.all())  # not on commit
    deadlines.send_pending()
    assert len(notice_mails(notice)) == 10
    assert all(r.emailed_at for r in notice.recipients.all())
    assert meeting.attendances.filter(role="member").count() == 9


def test_notice_e_mail_hides_confidential_titles(team, django_capture_on_commit_callbacks):
    meeting = make_meeting(team)
    make_item(team, meeting, AgendaCategory.PERSONNEL, title="提名张三为副镇长人选")
    with django_capture_on_commit_callbacks(execute=True):
        notify(meeting, team)
    deadlines.send_pending()
    (notice,) = meeting.notices.all()
    assert notice_mails(notice) and all("张三" not in m.body for m in notice_mails(notice))


def test_member_acknowledges_the_notice(team):
    meeting = make_meeting(team)
    notice = notify(meeting, team)
    recipient = notice.recipients.get(person=team.members[0])
    acknowledge_notice(recipient, person=team.members[0], acting_user=system_user())
    assert recipient.acknowledged_at is not None
    with pytest.raises(ValidationError) as refused:
        acknowledge_notice(
            notice.recipients.get(person=team.secretary), person=team.members[0], acting_user=system_user()
        )
    assert refused.value.messages == [MSG_ONLY_RECIPIENT_ACKNOWLEDGES_NOTICE]


# ------------------------------------------------------------------ M-N2 approval and proposers


def test_m_n2_unapproved_item_blocks_the_notice(team):
    meeting = make_meeting(team)
    make_item(team, meeting, approve=False, title="未批准的议题")
    with pytest.raises(RuleViolation) as refused:
        notify(meeting, team)
    assert refused.value.rule_id == "M-N2" and "未批准的议题" in str(refused.value)


def test_m_n2_only_the_principal_leader_approves(team):
    item = make_item(team, make_meeting(team), approve=False)
    with pytest.raises(RuleViolation) as refused:
        approve_item(item, acting_user=login_of(team.deputies[0]))
    assert refused.value.rule_id == "M-N2"
    assert approve_item(item, acting_user=login_of(team.secretary)).status == ItemStatus.APPROVED


def test_m_n2_department_item_without_consent_of_the_member_in_charge_is_refused(team):
    with pytest.raises(RuleViolation) as refused:
        add_item(
            committee=team.committee,
            title="城区道路改造",
            category=AgendaCategory.MAJOR_CONSTRUCTION,
            proposing_department="住建局",
            member_in_charge=team.members[0],
            department_consent=False,
            acting_user=system_user(),
        )
    assert refused.value.rule_id == "M-N2"


def test_m_n2_department_item_with_consent_is_collected(team):
    item = add_item(
        committee=team.committee,
        title="城区道路改造",
        category=AgendaCategory.MAJOR_CONSTRUCTION,
        proposing_department="住建局",
        member_in_charge=team.members[0],
        department_consent=True,
        acting_user=system_user(),
    )
    assert item.department_consent_at is not None and item.proposer_display == "住建局"


def test_m_n2_a_proposer_outside_the_team_is_refused(team):
    with pytest.raises(RuleViolation) as refused:
        add_item(
            committee=team.committee,
            title="x",
            category=AgendaCategory.OTHER,
            proposed_by=team.office,
            acting_user=system_user(),
        )
    assert refused.value.rule_id == "M-N2"


def test_m_n2_unapproved_item_cannot_be_taken_up(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    item = make_item(team, meeting, AgendaCategory.REPORT, approve=False)
    open_with(meeting, team, team.everyone)
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N2"


def test_personnel_items_are_confidential_by_default(team):
    assert make_item(team, None, AgendaCategory.PERSONNEL).is_confidential
    assert not make_item(team, None, AgendaCategory.IMPORTANT).is_confidential


# ------------------------------------------------------------------ freezing and amendments; M-N3


def test_after_the_notice_an_added_item_is_an_amendment(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    item = make_item(team, meeting, AgendaCategory.REPORT, title="补充通报")
    amendment = meeting.amendments.get()
    assert (amendment.kind, amendment.item, amendment.notice) == (AmendmentKind.ADDED, item, None)


def test_after_the_notice_a_changed_item_is_an_amendment_and_needs_approval_again(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting)
    notify(meeting, team)
    item = update_item(item, title="修改后的题目", acting_user=login_of(team.office))
    assert item.status == ItemStatus.PROPOSED
    assert meeting.amendments.get().kind == AmendmentKind.CHANGED


def test_before_the_notice_changes_are_not_amendments(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting)
    update_item(item, title="新题目", acting_user=system_user())
    assert not meeting.amendments.exists()


def test_amendments_are_notified_themselves(team, django_capture_on_commit_callbacks):
    meeting = make_meeting(team)
    notify(meeting, team)
    make_item(team, meeting, AgendaCategory.REPORT)
    with django_capture_on_commit_callbacks(execute=True):
        notice = send_amendment_notice(meeting, acting_user=login_of(team.office), at=sh(2026, 11, 26, 9))
    assert notice.kind == NoticeKind.AMENDMENT and notice.is_in_time
    assert meeting.amendments.get().notice == notice
    deadlines.send_pending()
    assert notice.recipients.count() == 9 and len(notice_mails(notice)) == 9


def test_m_n3_important_matter_added_by_a_timely_amendment_may_be_decided(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    item = make_item(team, meeting, AgendaCategory.IMPORTANT)
    send_amendment_notice(meeting, acting_user=login_of(team.office), at=sh(2026, 11, 27, 17))
    open_with(meeting, team, team.everyone)
    add_attachment(
        item,
        file=SimpleUploadedFile("a.pdf", b"x"),
        kind=AttachmentKind.INVESTIGATION,
        at=sh(2026, 11, 26),
        acting_user=system_user(),
    )
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_m_n3_important_matter_added_after_the_notice_deadline_cannot_be_decided(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    item = make_item(team, meeting, AgendaCategory.PERSONNEL, title="临时动议的人事事项")
    send_amendment_notice(meeting, acting_user=login_of(team.office), at=sh(2026, 11, 28, 9))  # Saturday: too late
    open_with(meeting, team, team.everyone)
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N3" and "临时动议的人事事项" in str(refused.value)


def test_m_n3_important_matter_raised_during_the_session_cannot_be_decided(team):
    meeting = make_meeting(team)
    open_with(meeting, team, team.everyone)
    item = make_item(team, meeting, AgendaCategory.LARGE_FUNDS, at=meeting.start_at)
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N3"
    assert item.amendments.get().kind == AmendmentKind.ADDED


def test_m_n3_a_report_raised_during_the_session_may_be_taken_up(team):
    meeting = make_meeting(team)
    open_with(meeting, team, team.everyone)
    item = make_item(team, meeting, AgendaCategory.REPORT, at=meeting.start_at)
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_m_n3_emergency_handling_follows_m_e_and_is_not_refused(team):
    meeting = make_meeting(team)
    open_with(meeting, team, team.everyone)
    item = make_item(team, meeting, AgendaCategory.EMERGENCY, at=meeting.start_at)
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_the_meeting_date_cannot_change_after_the_notice(team):
    meeting = make_meeting(team)
    notify(meeting, team)
    with pytest.raises(ValidationError) as refused:
        update_meeting(meeting, start_at=meeting.start_at + datetime.timedelta(days=1), acting_user=system_user())
    assert refused.value.messages == [MSG_NOTICE_SENT_DATE_NO_LONGER_CHANGES]
    assert update_meeting(meeting, place="第二会议室", acting_user=system_user()).place == "第二会议室"


# ------------------------------------------------------------------ materials (M-N1 second part) and M-N5


def upload(item, at, kind=AttachmentKind.INVESTIGATION):
    return add_attachment(
        item, file=SimpleUploadedFile("调研报告.pdf", b"%PDF"), kind=kind, at=at, acting_user=system_user()
    )


def test_m_n1_major_item_without_materials_cannot_be_taken_up(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.LARGE_FUNDS)
    open_with(meeting, team, team.everyone)
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N1" and "2026-11-27" in str(refused.value)


def test_m_n1_materials_uploaded_by_the_working_day_before_are_in_time(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.LARGE_FUNDS)
    upload(item, sh(2026, 11, 27, 23, 30))
    open_with(meeting, team, team.everyone)
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_m_n1_materials_uploaded_on_the_weekend_before_a_monday_meeting_are_late(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.MAJOR_CONSTRUCTION)
    upload(item, sh(2026, 11, 29, 10))
    open_with(meeting, team, team.everyone)
    with pytest.raises(RuleViolation) as refused:
        take_up_item(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.rule_id == "M-N1"


def test_m_n1_personnel_items_are_exempt_from_materials_in_advance(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.PERSONNEL)
    open_with(meeting, team, team.everyone)
    assert take_up_item(item, at=meeting.start_at, acting_user=system_user()).may_proceed


def test_m_n5_major_item_without_investigation_report_warns():
    warnings = rules.attachment_warnings(AgendaCategory.IMPORTANT, [], False)
    assert len(warnings) == 1 and warnings[0].startswith("M-N5")


def test_m_n5_large_funds_need_argumentation_and_assessment():
    assert len(rules.attachment_warnings(AgendaCategory.LARGE_FUNDS, [AttachmentKind.INVESTIGATION], False)) == 2
    complete = [AttachmentKind.INVESTIGATION, AttachmentKind.ARGUMENTATION, AttachmentKind.ASSESSMENT]
    assert rules.attachment_warnings(AgendaCategory.LARGE_FUNDS, complete, False) == []


def test_m_n5_two_alternatives_when_alternatives_are_needed():
    one = [AttachmentKind.ALTERNATIVE]
    assert rules.attachment_warnings(AgendaCategory.REPORT, one, True)
    assert rules.attachment_warnings(AgendaCategory.REPORT, one * 2, True) == []


def test_m_n5_personnel_and_reports_need_no_investigation_attachment():
    assert rules.attachment_warnings(AgendaCategory.PERSONNEL, [], False) == []
    assert rules.attachment_warnings(AgendaCategory.REPORT, [], False) == []
