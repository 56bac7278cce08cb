"""A notification for every request and every outcome (issue 14): in the bell and by e-mail through
the deadline engine's notifications – exactly once per event, recipient and channel, the right
recipient only, worded in the reader's language, sent by the sender (retried with backoff, capped)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.translation import override

from committees.actors import system_user
from committees.phrases import render, stored
from meetings.models import AgendaCategory, Notice, ObserverKind
from meetings.services.agenda import approve_item
from meetings.services.attendance import add_observer
from meetings.services.notice import send_amendment_notice
from reporting import deadlines
from reporting.channels import DeliveryError, EmailChannel
from reporting.leave import services as leave
from reporting.leave.models import LeaveKind
from reporting.models import Notification, NotificationState
from reporting.notify import notify
from reporting.phrases import LEAVE_APPROVED, LEAVE_STEP_WAITING
from supervision import services as supervision
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory
from tests.meetings.factories import login_of, make_item, make_meeting, make_team
from tests.meetings.factories import notify as send_the_notice
from tests.reporting.accounts import clerk, user_of
from tests.supervision.factories import assigned_item, item_with_feedback, make_office

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC)  # Wednesday 10:00 in Shanghai
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def rows(event_prefix: str):
    """(recipient, channel) of the event notifications whose key starts with ``event_prefix``."""
    return sorted(
        Notification.objects.filter(deadline__isnull=True, step_key__startswith=event_prefix).values_list(
            "recipient_id", "channel"
        )
    )


def both_channels(*people):
    return sorted((person.pk, channel) for person in people for channel in ("email", "in_app"))


# ------------------------------------------------------------------ leave (L-7)


@pytest.fixture
def county():
    committee = CommitteeFactory(name="临江区委")

    def holder(role, name):
        email = f"{role}-{name}@example.org"
        return RoleFactory(committee=committee, role=role, person__name=name, person__email=email).person

    return {
        "committee": committee,
        "secretary": holder("secretary", "区委书记"),
        "deputy": holder("deputy_secretary", "区委副书记"),
        "member": holder("member", "常委"),
        "other": holder("member", "另一常委"),
    }


def ask(county, *, days=2):
    return leave.submit(
        person=county["member"],
        committee=county["committee"],
        kind=LeaveKind.PRIVATE_LEAVE,
        reason="家中有事",
        destination="省城",
        start_date=datetime.date(2026, 12, 7),
        end_date=datetime.date(2026, 12, 7) + (days - 1) * DAY,
        contact="13800000000",
        now=NOW,
        acting_user=clerk(),
    )


def test_l_7_a_submitted_request_notifies_the_approver_of_the_current_step_only(county):
    request = ask(county)
    assert rows("leave-step:") == both_channels(county["secretary"])  # not the deputy, the other member
    title = Notification.objects.get(step_key__startswith="leave-step:", channel="in_app").title
    assert title["key"] == LEAVE_STEP_WAITING and title["params"]["person"] == request.person.name


def test_l_7_the_decision_notifies_the_requester_once(county):
    request = ask(county)
    [step] = leave.current_steps(request)
    leave.decide(step, decision="approve", annotation="同意", now=NOW, acting_user=user_of(county["secretary"]))
    assert rows(f"leave:{request.pk}:") == both_channels(county["member"])
    notification = Notification.objects.get(step_key__startswith=f"leave:{request.pk}:", channel="in_app")
    assert notification.title["key"] == LEAVE_APPROVED
    assert notification.title_in("en") == "Your leave request from Dec. 7, 2026 to Dec. 8, 2026 is approved"
    assert notification.title_in("zh-hans") == "您 2026年12月7日 至 2026年12月8日 的请假申请已批准"


def test_l_7_a_rejection_tells_the_requester_the_reason(county):
    request = ask(county)
    [step] = leave.current_steps(request)
    leave.decide(step, decision="reject", annotation="工作繁忙", now=NOW, acting_user=user_of(county["secretary"]))
    assert rows(f"leave:{request.pk}:") == both_channels(county["member"])
    notification = Notification.objects.get(step_key__startswith=f"leave:{request.pk}:", channel="email")
    assert "rejected" in notification.title_in("en")
    assert "工作繁忙" in notification.body_in("en") and "区委书记" in notification.body_in("en")


# ------------------------------------------------------------------ meetings (M-N1, M-N2, M-N3)


def test_m_n1_a_notice_notifies_every_member_due_and_observer_once_per_channel():
    team = make_team()
    meeting = make_meeting(team)
    add_observer(meeting, kind=ObserverKind.DELEGATE, person=team.delegate, acting_user=login_of(team.office))
    notice = send_the_notice(meeting, team)
    assert rows(f"meeting-notice:{notice.pk}") == both_channels(*team.everyone, team.delegate)  # not the office


def test_m_n1_the_notice_is_e_mailed_by_the_sender_and_its_time_recorded(django_capture_on_commit_callbacks):
    team = make_team()
    meeting = make_meeting(team)
    with django_capture_on_commit_callbacks(execute=True):
        notice = send_the_notice(meeting, team)
    assert not notice.recipients.filter(emailed_at__isnull=False).exists()  # nothing e-mailed on commit
    deadlines.send_pending(NOW)
    recipient = notice.recipients.get(person=team.secretary)
    assert recipient.emailed_at == NOW
    sent = Notification.objects.get(step_key=f"meeting-notice:{notice.pk}", recipient=team.secretary, channel="email")
    assert sent.state == NotificationState.SENT
    subjects = [m.subject for m in mail.outbox if m.to == [team.secretary.email]]
    assert subjects.count("会议通知：常委会会议") == 1


def test_m_n1_the_notice_text_is_worded_in_each_readers_language_and_recorded_in_the_committees():
    team = make_team()
    meeting = make_meeting(team)
    make_item(team, meeting, title="财政预算调整方案")
    make_item(team, meeting, AgendaCategory.PERSONNEL, title="拟任干部人选")
    with override("en"):  # the office works in English; the record stays in the committee's language
        notice = send_the_notice(meeting, team)
    assert "2. 保密议题（干部人事事项）" in notice.text and "拟任干部人选" not in notice.text  # M-M3
    assert "1. 财政预算调整方案" in notice.text
    with override("en"):
        assert "2. Confidential item (Cadre / personnel matter)" in notice.text_shown
    with override("zh-hans"):
        assert notice.text_shown == notice.text
    bell = Notification.objects.get(step_key=f"meeting-notice:{notice.pk}", recipient=team.secretary, channel="in_app")
    english, chinese = bell.body_in("en"), bell.body_in("zh-hans")
    assert english.startswith("Meeting time: ") and "Confidential item (Cadre / personnel matter)" in english
    assert chinese.startswith("会议时间") and "保密议题（干部人事事项）" in chinese
    assert "拟任干部人选" not in english + chinese


def test_m_n1_a_member_reading_in_english_sees_the_notice_in_english_on_the_notices_page(client):
    team = make_team(logins=True)
    meeting = make_meeting(team)
    make_item(team, meeting, AgendaCategory.PERSONNEL, title="拟任干部人选")
    send_the_notice(meeting, team)
    client.force_login(login_of(team.members[0]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("meetings_my_notices")).content.decode()
    assert "1. Confidential item (Cadre / personnel matter)" in page and "拟任干部人选" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "1. 保密议题（干部人事事项）" in client.get(reverse("meetings_my_notices")).content.decode()


def test_m_n3_an_amendment_is_recorded_in_the_committees_language_and_notified_in_the_readers():
    team = make_team()
    meeting = make_meeting(team)
    send_the_notice(meeting, team)
    with override("en"):
        item = make_item(team, meeting, title="补充议题")
        amendment = item.amendments.get()
        assert amendment.description == "新增：补充议题"  # the record
        assert amendment.description_text == "Added: 补充议题"
        notice = send_amendment_notice(meeting, acting_user=login_of(team.office))
    assert notice.text == "新增：补充议题"
    with override("en"):
        assert notice.text_shown == "Added: 补充议题"
    bell = Notification.objects.get(step_key=f"meeting-notice:{notice.pk}", recipient=team.secretary, channel="email")
    assert bell.body_in("en").endswith("Added: 补充议题") and bell.body_in("zh-hans").endswith("新增：补充议题")


def test_a_notice_sent_before_its_words_were_stored_shows_its_text():
    team = make_team()
    meeting = make_meeting(team)
    notice = send_the_notice(meeting, team)
    Notice.objects.filter(pk=notice.pk).update(words=None, text="旧通知")
    notice.refresh_from_db()
    with override("en"):
        assert notice.text_shown == "旧通知"


def test_m_n2_an_item_to_approve_notifies_the_principal_leader_only():
    team = make_team()
    meeting = make_meeting(team)
    item = make_item(team, meeting, approve=False, proposed_by=team.members[0])
    assert rows(f"agenda-item:{item.pk}:") == both_channels(team.secretary)  # not a deputy, not the proposer
    notification = Notification.objects.get(step_key__startswith=f"agenda-item:{item.pk}:", channel="in_app")
    assert notification.url == f"/meetings/items/{item.pk}/"
    approve_item(item, acting_user=login_of(team.secretary))
    assert len(rows(f"agenda-item:{item.pk}:")) == 2  # approving asks nobody again


# ------------------------------------------------------------------ supervision (S-2, A-7)


@pytest.fixture
def office():
    office = make_office()
    for person in (office.secretary, office.inspector, office.member):
        person.email = f"p{person.pk}@example.org"
        person.save(update_fields=["email"])
    return office


def test_s_2_assignment_urging_and_rejection_notify_the_responsible_person_only(office):
    item = assigned_item(office)
    assert rows(f"supervision-assigned:{item.pk}") == both_channels(office.member)
    record = supervision.urge(
        item,
        contact="委员",
        contacted_on=datetime.date(2026, 11, 25),
        content="请加快进度",
        acting_user=office.inspector.user,
    )
    assert rows(f"supervision-urged:{record.pk}") == both_channels(office.member)
    item = item_with_feedback(office, matter="整治河道")
    review = supervision.reject(
        item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=datetime.date(2027, 1, 15)
    )
    assert rows(f"supervision-rejected:{review.pk}") == both_channels(office.member)
    body = Notification.objects.get(step_key=f"supervision-rejected:{review.pk}", channel="in_app").body_in("en")
    assert "材料不全" in body and "Jan. 15, 2027" in body


def test_a_7_an_inquiry_notifies_its_addressee_only(office):
    inquiry = supervision.send_inquiry(
        committee=office.committee, person=office.member, letter="请说明情况", acting_user=office.inspector.user
    )
    assert rows(f"inquiry:{inquiry.pk}") == both_channels(office.member)
    assert Notification.objects.get(step_key=f"inquiry:{inquiry.pk}", channel="in_app").url == "/supervision/inquiries/"


# ------------------------------------------------------------------ the service and the sender


@pytest.fixture
def reader():
    return PersonFactory(name="读者", email="reader@example.org")


def tell(people, key="test-event:1"):
    return notify(
        people,
        title=stored(LEAVE_APPROVED, start=datetime.date(2027, 3, 1), end=datetime.date(2027, 3, 2)),
        body="",
        url="/leave/",
        event_key=key,
        acting_user=system_user(),
    )


def test_the_same_event_twice_writes_each_row_once(reader):
    assert tell([reader, reader, None]) == 2  # in the bell and by e-mail; repeats and None skipped
    tell([reader])
    assert rows("test-event:") == both_channels(reader)


def test_a_person_without_an_address_gets_only_the_bell():
    tell([PersonFactory(email="")])
    assert [channel for _person, channel in rows("test-event:")] == ["in_app"]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", "Your leave request from March 1, 2027 to March 2, 2027 is approved"),
        ("zh-hans", "您 2027年3月1日 至 2027年3月2日 的请假申请已批准"),
        ("", "您 2027年3月1日 至 2027年3月2日 的请假申请已批准"),  # no preference: the default language
    ],
)
def test_the_e_mail_is_worded_in_the_recipients_language(reader, language, subject):
    reader.language = language
    reader.save(update_fields=["language"])
    tell([reader])
    assert deadlines.send_pending(NOW) == 1
    (message,) = mail.outbox
    assert message.subject == subject


def test_the_bell_is_worded_in_the_readers_language(reader, client):
    reader.user = user_of(reader)
    tell([reader])
    client.force_login(reader.user)
    assert "的请假申请已批准" in client.get("/notifications/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your leave request from March 1, 2027" in client.get("/notifications/").content.decode()
    (row,) = client.get("/api/notifications/").json()["results"]
    assert row["title"] == "Your leave request from March 1, 2027 to March 2, 2027 is approved"


class FailsOnce(EmailChannel):
    """E-mail whose first delivery fails, as a mail server that was down for a moment."""

    failures = 0

    def deliver(self, notification) -> None:
        if FailsOnce.failures == 0:
            FailsOnce.failures += 1
            raise DeliveryError("server down")
        super().deliver(notification)


def test_a_failed_e_mail_is_retried_after_the_backoff_and_sent_once(reader, settings):
    settings.NOTIFICATION_CHANNELS = [
        "reporting.channels.InAppChannel",
        "tests.reporting.test_event_notifications.FailsOnce",
    ]
    settings.NOTIFICATION_RETRY_BACKOFF = 60
    FailsOnce.failures = 0
    tell([reader])
    assert deadlines.send_pending(NOW) == 0
    email = Notification.objects.get(channel="email")
    assert (email.state, email.attempts, email.retry_at) == (NotificationState.PENDING, 1, NOW + 60 * SECOND)
    assert deadlines.send_pending(NOW + 59 * SECOND) == 0  # still waiting: no retry in a tight loop
    assert deadlines.send_pending(NOW + 60 * SECOND) == 1
    assert deadlines.send_pending(NOW + 61 * SECOND) == 0  # running the sender again sends nothing
    email.refresh_from_db()
    assert (email.state, email.attempts) == (NotificationState.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_failing_e_mail_gives_up_after_the_attempts_cap(reader, settings):
    settings.EMAIL_BACKEND = "tests.reporting.backends.FailingBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BACKOFF = 60
    tell([reader])
    for minutes in range(0, 20):
        deadlines.send_pending(NOW + minutes * 60 * SECOND)
    email = Notification.objects.get(channel="email")
    assert (email.state, email.attempts) == (NotificationState.FAILED, 3)
    assert "refused" in email.last_error


def test_the_deadline_engine_steps_are_worded_in_the_readers_language():
    committee = CommitteeFactory(name="桃源镇党委")
    owner = RoleFactory(committee=committee, role="secretary", person__email="s@example.org").person
    deadlines.register(
        subject=committee,
        committee=committee,
        title="突发事件报告",
        due_at=NOW + DAY,
        rule_id="R-1",
        schedule=deadlines.Schedule.from_json({"steps": [["due", 0, "due", 0]]}),
        owner=owner,
        now=NOW,
        acting_user=system_user(),
    )
    deadlines.scan(NOW + DAY)
    notification = Notification.objects.get(channel="in_app")
    assert notification.title_in("en") == "Due now: 突发事件报告 (Nov. 26, 2026, 10 a.m.)"
    assert render(notification.body, "en") == "Rule R-1, 桃源镇党委."
    assert "到期" in notification.title_in("zh-hans")


def test_the_bell_page_does_not_query_more_with_more_notifications(reader, client, django_assert_max_num_queries):
    reader.user = user_of(reader)
    tell([reader], key="test-event:first")
    client.force_login(reader.user)
    with django_assert_max_num_queries(30) as captured:
        assert client.get("/notifications/").status_code == 200
    for number in range(12):
        tell([reader], key=f"test-event:{number}")
    with django_assert_max_num_queries(len(captured)):
        assert "的请假申请已批准" in client.get("/notifications/").content.decode()


def test_the_language_switch_words_the_persons_e_mails_in_that_language(reader, client):
    # Issue 14: Person.language follows the switch, so the e-mails follow what the reader picked.
    reader.user = user_of(reader)
    client.force_login(reader.user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    reader.refresh_from_db()
    assert reader.language == "en"
    assert reader.history.first().language == "en"  # recorded with who changed it
    tell([reader])
    assert deadlines.send_pending(NOW) == 1
    assert mail.outbox[0].subject == "Your leave request from March 1, 2027 to March 2, 2027 is approved"


def test_the_saved_language_is_the_interface_at_the_next_log_in_elsewhere(reader, client):
    from django.contrib.auth import get_user_model
    from django.test import Client

    reader.user = user_of(reader)
    client.force_login(reader.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    elsewhere = Client()  # another computer: no language cookie
    # The log-in signal puts the person's saved language in the new session.
    elsewhere.force_login(get_user_model().objects.get(pk=reader.user.pk))
    assert settings.LANGUAGE_COOKIE_NAME not in elsewhere.cookies
    page = elsewhere.get("/notifications/").content.decode()
    assert '<html lang="en">' in page and "Notifications" in page
    stranger = Client()  # nobody signed in: Chinese
    assert '<html lang="zh-hans">' in stranger.get("/accounts/login/").content.decode()


def test_an_unknown_language_changes_nothing(reader, client):
    reader.user = user_of(reader)
    client.force_login(reader.user)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    reader.refresh_from_db()
    assert reader.language == ""
