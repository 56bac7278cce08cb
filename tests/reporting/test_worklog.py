"""Daily work log (X-5): due on every working day of the official calendar (a holiday none, an adjusted
working Saturday one), unfinished items carried over with a reason and a new date, the morning's
deadlines with the engine, the principal leader's week with the missing logs counted."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.actors import system_user
from committees.calendar import WorkingCalendar
from committees.models import Level, Role, WorkdayOverride
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState, Notification
from reporting.worklog import rules, selectors, services
from reporting.worklog.models import WorkLog
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import sh
from tests.printed import assert_laid_out_on_the_page, docx_text, read_docx, read_pdf

pytestmark = pytest.mark.django_db

D = datetime.date
# The week of 16 November 2026: Wednesday the 18th a holiday, Saturday the 21st an adjusted working day.
HOLIDAY, WORKING_SATURDAY = D(2026, 11, 18), D(2026, 11, 21)
NOW = sh(2026, 11, 21, 16)  # the working Saturday, 16:00


@pytest.fixture(autouse=True)
def _calendar():
    WorkdayOverride.objects.update_or_create(date=HOLIDAY, defaults={"is_workday": False, "name": "本地调整"})
    WorkdayOverride.objects.update_or_create(date=WORKING_SATURDAY, defaults={"is_workday": True, "name": "调休"})
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def town():
    committee = CommitteeFactory(name="桃源镇党委", level=Level.TOWN)
    return {
        "committee": committee,
        "secretary": user_with_role(committee, Role.SECRETARY, username="ty-secretary"),
        "member": user_with_role(committee, Role.MEMBER, username="ty-member"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="ty-office"),
    }


def write(town, day, who="member", by=None, **extra):
    return services.submit_log(
        person=town[who].person,
        committee=town["committee"],
        day=day,
        summary=extra.pop("summary", "走访桃源村三户困难群众"),
        plan=extra.pop("plan", "召开村两委联席会议"),
        acting_user=town[by or who],
        **extra,
    )


def test_x_5_the_next_working_day_skips_the_holiday_and_takes_the_adjusted_saturday():
    calendar = WorkingCalendar(range(2026, 2028))
    assert rules.next_working_day(D(2026, 11, 17), calendar) == D(2026, 11, 19)  # over the holiday
    assert rules.next_working_day(D(2026, 11, 20), calendar) == WORKING_SATURDAY
    assert rules.next_working_day(WORKING_SATURDAY, calendar) == D(2026, 11, 23)  # Sunday is not
    due = rules.due_days(D(2026, 11, 16), D(2026, 11, 22), calendar, [(D(2021, 1, 1), None)])
    assert due == [D(2026, 11, 16), D(2026, 11, 17), D(2026, 11, 19), D(2026, 11, 20), WORKING_SATURDAY]
    joined = rules.due_days(D(2026, 11, 16), D(2026, 11, 22), calendar, [(D(2026, 11, 20), None)])
    assert joined == [D(2026, 11, 20), WORKING_SATURDAY]  # not before joining the team
    assert rules.missing(due, [D(2026, 11, 16)], today=D(2026, 11, 20)) == [D(2026, 11, 17), D(2026, 11, 19)]


def test_x_5_a_log_on_the_working_saturday_plans_monday_and_carries_items_over(town):
    log = write(town, WORKING_SATURDAY, carried=[("修订村规民约", "待村民代表会议讨论", D(2026, 11, 24))])
    assert log.plan_day == D(2026, 11, 23) and not log.is_late
    (item,) = log.carried.all()
    assert (item.text, item.reason, item.new_date) == ("修订村规民约", "待村民代表会议讨论", D(2026, 11, 24))
    assert [i.text for i in selectors.carried_to(town["member"].person, D(2026, 11, 24))] == ["修订村规民约"]
    again = write(town, WORKING_SATURDAY, summary="改写")  # the same day: the words replaced, one log
    assert again.pk == log.pk and again.summary == "改写" and not again.carried.exists()


def test_x_5_no_log_on_a_holiday_nor_for_a_day_to_come_and_bad_items_are_refused(town):
    with pytest.raises(ValidationError) as refused:
        write(town, HOLIDAY)
    assert "day" in refused.value.message_dict and "X-5" in str(refused.value)
    with pytest.raises(ValidationError):
        write(town, D(2026, 11, 23))  # Monday has not come
    with pytest.raises(ValidationError):
        write(town, D(2026, 11, 22))  # Sunday: not a working day
    with pytest.raises(ValidationError) as refused:
        write(town, D(2026, 11, 20), carried=[("修订村规民约", "待定", D(2026, 11, 20))])  # not later
    assert "carried" in refused.value.message_dict
    with pytest.raises(ValidationError):
        write(town, D(2026, 11, 20), carried=[("修订村规民约", "", D(2026, 11, 24))])  # no reason
    with pytest.raises(ValidationError):
        write(town, D(2026, 11, 20), summary="  ")
    with pytest.raises(ValidationError):
        write(town, D(1, 1, 1))
    assert not WorkLog.objects.exists()


def test_x_5_a_log_is_written_by_the_member_on_the_team(town):
    with pytest.raises(RuleViolation) as refused:
        write(town, D(2026, 11, 20), who="member", by="office")  # nobody writes another's log
    assert refused.value.rule_id == "X-5"
    with pytest.raises(RuleViolation):
        write(town, D(2026, 11, 20), who="office")  # the office is not on the team
    assert not WorkLog.objects.exists()


def test_x_5_the_morning_opens_each_members_log_and_the_log_meets_it(town):
    assert services.open_day(HOLIDAY, acting_user=system_user()) == 0  # a holiday: nothing due
    assert services.open_day(WORKING_SATURDAY, acting_user=system_user()) == 2  # secretary and member
    assert services.open_day(WORKING_SATURDAY, acting_user=system_user()) == 0  # idempotent
    member = town["member"].person
    deadline = deadlines.for_subject(member).get(rule_id="X-5")
    assert deadline.due_at == sh(2026, 11, 22, 0) and deadline.escalation == []
    deadlines.scan(now=sh(2026, 11, 21, 17, 1))  # 17:00: the reminder
    assert Notification.objects.filter(deadline=deadline, recipient=member).exists()
    write(town, WORKING_SATURDAY)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET


def test_x_5_the_week_marks_logged_late_missing_due_and_holiday_and_counts_the_missing(town):
    write(town, D(2026, 11, 16))
    late = write(town, D(2026, 11, 19), summary="补写")  # written on the 21st: after its day ended
    assert late.is_late
    _days, rows = selectors.week(town["committee"], D(2026, 11, 16), today=WORKING_SATURDAY)
    member = next(row for row in rows if row.person == town["member"].person)
    states = [state for _day, state, _log in member.cells]
    assert states == ["logged", "missing", "holiday", "logged", "missing", "due", "holiday"]
    assert member.missing == 2


def test_x_5_pages_for_the_member_and_the_week_for_the_principal_leader_only(client, town):
    client.force_login(town["member"])
    assert client.get(reverse("worklog_mine")).status_code == 200
    response = client.post(
        reverse("worklog_mine"),
        {
            "committee": town["committee"].pk,
            "day": "2026-11-21",
            "summary": "走访",
            "plan": "开会",
            "carried": "修订村规民约 | 待村民代表会议讨论 | 2026-11-24",
        },
    )
    assert response.status_code == 302 and WorkLog.objects.get().carried.count() == 1
    bad = client.post(
        reverse("worklog_mine"),
        {
            "committee": town["committee"].pk,
            "day": "2026-11-20",
            "summary": "走访",
            "plan": "开会",
            "carried": "只写了一半",
        },
    )
    assert bad.status_code == 400 and bad.context["form"].errors["carried"]
    url = reverse("worklog_week", args=[town["committee"].pk])
    assert client.get(url).status_code == 404  # a member does not see the team's week
    client.force_login(town["secretary"])
    page = client.get(url + "?week=2026-11-16")
    assert page.status_code == 200 and page.context["rows"]
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.SECRETARY))
    assert client.get(url).status_code == 404


def test_x_5_the_api_shows_ones_own_logs_and_the_boards_week_only(client, town):
    write(town, D(2026, 11, 20))
    write(town, D(2026, 11, 20), who="secretary", summary="主持召开党委会")
    client.force_login(town["member"])
    mine = client.get("/api/work-logs/").json()
    assert [row["person"] for row in mine["results"]] == [town["member"].person.pk]
    assert mine["results"][0]["plan_day"] == "2026-11-21"  # the adjusted working Saturday
    client.force_login(town["secretary"])
    assert client.get("/api/work-logs/").json()["count"] == 2  # the principal leader sees the team
    client.force_login(town["office"])
    assert client.get("/api/work-logs/").json()["count"] == 2
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.SECRETARY))
    assert client.get("/api/work-logs/").json()["count"] == 0


def test_x_5_the_week_prints_for_the_principal_leader(client, town):
    write(town, D(2026, 11, 16))
    write(town, D(2026, 11, 19), summary="补写")  # late
    url = reverse("worklog_week_document", args=[town["committee"].pk]) + "?week=2026-11-18"
    client.force_login(town["secretary"])
    printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "桃源镇党委领导班子工作日清（2026年11月16日至2026年11月22日）" in printed.text
    member = town["member"].person.name
    row = next(line for line in printed.pages[0].text.splitlines() if line.startswith(member))
    assert row.split() == [member, "已交", "缺交", "休", "已交", "缺交", "待交", "休", "2"]
    assert printed.text.count("（迟）") == 2  # both written after their day (on the 21st)
    assert "工作日清" in docx_text(read_docx(client.get(url + "&format=docx").content))
    client.force_login(town["member"])
    assert client.get(url).status_code == 404
    client.force_login(town["secretary"])
    assert client.get(reverse("worklog_week", args=[town["committee"].pk]) + "?week=0000-01-01").status_code == 200
