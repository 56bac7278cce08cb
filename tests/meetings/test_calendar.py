"""The meeting calendar (issue 14): month and week, holidays and adjusted working days (调休), the
M-N1 notice deadline on each meeting, the meetings list's permissions, bad input, query counts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees.models import CalendarYear, Role, WorkdayOverride
from meetings.models import MeetingKind
from meetings.selectors.calendar import NoticeState
from tests.factories import CommitteeFactory, UserFactory, user_with_role
from tests.meetings.factories import make_meeting, make_team, notify, sh

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("meetings_calendar")


@pytest.fixture
def town():
    return make_team(5, logins=True)


@pytest.fixture
def spring_festival_2027():
    """The 2027 schedule as an administrator would enter it (assumed; the State Council publishes it
    in the autumn before): Spring Festival Saturday 6 – Sunday 14 February, Saturday 20 February
    worked (调休)."""
    WorkdayOverride.objects.filter(date__year=2027).delete()
    day = D(2027, 2, 6)
    while day <= D(2027, 2, 14):
        WorkdayOverride.objects.create(date=day, is_workday=False, name="春节", source="manual")
        day += datetime.timedelta(days=1)
    WorkdayOverride.objects.create(date=D(2027, 2, 20), is_workday=True, name="春节", source="manual")
    CalendarYear.objects.update_or_create(year=2027, defaults={"is_official": True, "source": "manual"})


@pytest.fixture
def no_2027_schedule():
    WorkdayOverride.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()


def login(client, person):
    client.force_login(person.user)
    return client


def days_of(response) -> dict:
    return {day.date: day for day in response.context["calendar"].days}


def entries_of(response) -> dict:
    return {entry.meeting.pk: entry for day in response.context["calendar"].days for entry in day.meetings}


# ------------------------------------------------------------------ month, holidays, 调休


def test_month_spanning_spring_festival_marks_holidays_the_adjusted_saturday_and_weekends(
    client, town, spring_festival_2027
):
    with time_machine.travel(sh(2027, 1, 20, 10), tick=False):
        response = login(client, town.office).get(URL, {"month": "2027-02"})
    assert response.status_code == 200
    days = days_of(response)
    assert days[D(2027, 2, 8)].is_holiday and days[D(2027, 2, 8)].name == "春节"  # a Monday off
    assert days[D(2027, 2, 6)].is_holiday  # a weekend inside the holiday is shown as the holiday
    assert days[D(2027, 2, 20)].is_adjusted_workday and days[D(2027, 2, 20)].is_working
    assert days[D(2027, 2, 27)].is_weekend and not days[D(2027, 2, 27)].is_holiday
    assert not days[D(2027, 2, 15)].is_holiday and days[D(2027, 2, 15)].is_working
    # Whole weeks, Monday first: February 2027 starts on a Monday and ends on a Sunday.
    assert min(days) == D(2027, 2, 1) and max(days) == D(2027, 2, 28)
    html = response.content.decode()
    assert "2027年2月" in html
    assert '<span class="mark adjusted"' in html and ">班</span>" in html
    assert ">春节</span>" in html
    assert response.context["calendar"].unofficial_years == []


def test_notice_deadline_of_a_meeting_after_the_holiday_is_the_last_working_day_before_it(
    client, town, spring_festival_2027
):
    """M-N1 with N = 1: a meeting on Monday 15 February (first working day after the festival)
    must be notified by Friday 5 February; one on Monday 22 February by the worked Saturday 20th."""
    after_holiday = make_meeting(town, start=sh(2027, 2, 15, 9), title="节后第一次常委会")
    after_adjusted = make_meeting(town, start=sh(2027, 2, 22, 9), title="调休后常委会")
    with time_machine.travel(sh(2027, 2, 3, 10), tick=False):
        response = login(client, town.office).get(URL, {"month": "2027-02"})
    entries = entries_of(response)
    assert entries[after_holiday.pk].notice_deadline == D(2027, 2, 5)
    assert entries[after_adjusted.pk].notice_deadline == D(2027, 2, 20)
    assert entries[after_holiday.pk].notice_state == NoticeState.DUE
    html = response.content.decode()
    notices = [line.strip() for line in html.splitlines() if "通知截止" in line]
    assert notices[0].startswith('<div class="small notice">通知截止：2月5日'), notices


def test_notice_not_sent_after_its_deadline_is_marked_late_and_a_sent_one_is_not(client, town, spring_festival_2027):
    late = make_meeting(town, start=sh(2027, 2, 15, 9), title="未发通知的会议")
    sent = make_meeting(town, start=sh(2027, 2, 16, 9), title="已发通知的会议")
    notify(sent, town, at=sh(2027, 1, 25, 10))
    with time_machine.travel(sh(2027, 2, 10, 10), tick=False):  # during the festival, past the 5th
        response = login(client, town.office).get(URL, {"month": "2027-02"})
    entries = entries_of(response)
    assert entries[late.pk].notice_state == NoticeState.LATE
    assert entries[sent.pk].notice_state == NoticeState.SENT
    html = response.content.decode()
    assert "未发通知的会议" in html and "逾期未发" in html
    assert html.count("逾期未发") == 1


# ------------------------------------------------------------------ week


def test_week_crossing_a_month_boundary_shows_both_months_meetings(client, town, spring_festival_2027):
    march = make_meeting(town, start=sh(2027, 3, 31, 15), title="三月底的会议")
    april = make_meeting(town, start=sh(2027, 4, 1, 9), title="四月初的会议")
    outside = make_meeting(town, start=sh(2027, 4, 5, 9), title="下一周的会议")
    with time_machine.travel(sh(2027, 3, 20, 10), tick=False):
        response = login(client, town.office).get(URL, {"view": "week", "week": "2027-W13"})
    calendar = response.context["calendar"]
    assert (calendar.first, calendar.last) == (D(2027, 3, 29), D(2027, 4, 4))
    assert set(entries_of(response)) == {march.pk, april.pk}
    assert outside.pk not in entries_of(response)
    html = response.content.decode()
    assert "2027年第13周" in html and "星期三" in html
    assert "week=2027-W12" in html and "week=2027-W14" in html  # previous and next weeks
    assert "month=2027-04" in html  # the month of the week's Thursday


def test_week_crossing_into_a_year_without_an_official_schedule_is_flagged(client, town, no_2027_schedule):
    with time_machine.travel(sh(2026, 12, 20, 10), tick=False):
        response = login(client, town.office).get(URL, {"week": "2026-W53"})
    calendar = response.context["calendar"]
    assert calendar.view == "week"
    assert (calendar.first, calendar.last) == (D(2026, 12, 28), D(2027, 1, 3))
    assert calendar.unofficial_years == [2027]
    assert "尚未录入2027年的官方节假日安排：仅将周末显示为休息日" in response.content.decode()


def test_month_view_defaults_to_the_current_month_and_links_neighbours(client, town):
    with time_machine.travel(sh(2026, 12, 6, 10), tick=False):
        response = login(client, town.office).get(URL)
    calendar = response.context["calendar"]
    assert (calendar.view, calendar.first, calendar.last) == ("month", D(2026, 12, 1), D(2026, 12, 31))
    assert response.context["previous_url"] == "?month=2026-11"
    assert response.context["next_url"] == "?month=2027-01"
    assert days_of(response)[D(2026, 12, 6)].is_today


def test_english_dates(client, town, spring_festival_2027):
    make_meeting(town, start=sh(2027, 2, 15, 9))
    with time_machine.travel(sh(2027, 1, 20, 10), tick=False), translation.override("en"):
        client.cookies["django_language"] = "en"
        response = login(client, town.office).get(URL, {"month": "2027-02"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "February 2027" in html
    assert "Notice by" in html


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2027-13"},
        {"month": "abc"},
        {"month": "99999-01"},
        {"month": "1899-12"},
        {"month": "2027-03-05"},
        {"week": "2027-W54"},
        {"week": "W10"},
        {"view": "week", "week": "2099-W53"},
        {"view": "year"},
        {"committee": "abc"},
        {"month": "x" * 5000},
    ],
)
def test_bad_input_is_reported_and_today_is_shown_instead(client, town, params):
    with time_machine.travel(sh(2026, 12, 6, 10), tick=False):
        response = login(client, town.office).get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="banner error"' in response.content.decode()
    calendar = response.context["calendar"]
    assert calendar.first <= D(2026, 12, 6) <= calendar.last


def test_the_first_and_last_months_have_no_link_beyond_the_bounds(client, town):
    with time_machine.travel(sh(2026, 12, 6, 10), tick=False):
        login(client, town.office)
        first = client.get(URL, {"month": "1900-01"})
        last = client.get(URL, {"month": "2099-12"})
    assert first.status_code == last.status_code == 200
    assert first.context["previous_url"] is None and first.context["next_url"] == "?month=1900-02"
    assert last.context["next_url"] is None


# ------------------------------------------------------------------ permissions: as the meetings list


def _listed(client, user, **params) -> set[int]:
    client.force_login(user)
    return set(entries_of(client.get(URL, {"month": "2027-03", **params})))


@pytest.mark.parametrize(
    ("role", "own", "sees"),
    [
        (Role.OFFICE_STAFF, True, True),
        (Role.SECRETARY, True, True),
        (Role.MEMBER, True, True),
        (Role.DELEGATE, True, True),
        (Role.PETITION_STAFF, True, True),
        (Role.OFFICE_STAFF, False, False),
        (Role.SECRETARY, False, False),
    ],
)
def test_calendar_shows_what_the_meetings_list_shows(client, town, role, own, sees):
    standing = make_meeting(town, start=sh(2027, 3, 10, 9))
    five = make_meeting(town, kind=MeetingKind.FIVE_PERSON, start=sh(2027, 3, 11, 9), title="五人小组会议")
    user = user_with_role(town.committee if own else CommitteeFactory(), role)
    with time_machine.travel(sh(2027, 3, 1, 10), tick=False):
        shown = _listed(client, user)
        listed = {m.pk for m in client.get(reverse("meetings_list")).context["page"].object_list}
    assert shown == ({standing.pk, five.pk} if sees else set())
    assert shown == listed & {standing.pk, five.pk}


def test_a_user_without_a_role_sees_nothing(client, town):
    make_meeting(town, start=sh(2027, 3, 10, 9))
    with time_machine.travel(sh(2027, 3, 1, 10), tick=False):
        assert _listed(client, UserFactory()) == set()


def test_organisation_member_of_the_parent_sees_the_town_and_filters_by_committee(client):
    county = CommitteeFactory()
    town = make_team(5, committee=CommitteeFactory(parent=county), logins=True)
    other_town = make_team(5, committee=CommitteeFactory(parent=county), logins=True)
    here = make_meeting(town, start=sh(2027, 3, 10, 9))
    there = make_meeting(other_town, start=sh(2027, 3, 10, 14))
    overseer = user_with_role(county, Role.ORGANIZATION_MEMBER)
    with time_machine.travel(sh(2027, 3, 1, 10), tick=False):
        assert _listed(client, overseer) == {here.pk, there.pk}
        assert _listed(client, overseer, committee=town.committee.pk) == {here.pk}
        # A member of the town may not filter by a committee it does not see: reported, not shown.
        client.force_login(town.office.user)
        response = client.get(URL, {"month": "2027-03", "committee": other_town.committee.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert set(entries_of(response)) == {here.pk}


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


# ------------------------------------------------------------------ queries and links


def _count_queries(client, params) -> int:
    client.get(URL, params)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_month_query_count_does_not_grow_with_meetings(client, town, spring_festival_2027, django_assert_num_queries):
    params = {"month": "2027-02"}
    with time_machine.travel(sh(2027, 1, 20, 10), tick=False):
        make_meeting(town, start=sh(2027, 2, 15, 9))
        login(client, town.office)
        baseline = _count_queries(client, params)
        other = make_team(5, logins=True)
        for n in range(40):
            team = town if n % 2 else other
            make_meeting(team, start=sh(2027, 2, 1 + n % 28, 8 + n % 9), title=f"会议{n}")
        make_meeting(town, start=sh(2027, 3, 1, 9))  # outside the month
        client.get(URL, params)  # the new team's roles outdated the kept scope (committees.scope)
        with django_assert_num_queries(baseline):
            response = client.get(URL, params)
    assert response.context["calendar"].meeting_count == 21
    assert baseline <= 20, baseline


def test_meetings_list_and_meeting_page_link_to_the_calendar(client, town):
    meeting = make_meeting(town, start=sh(2027, 3, 10, 9))
    with time_machine.travel(sh(2027, 3, 1, 10), tick=False):
        login(client, town.office)
        listing = client.get(reverse("meetings_list")).content.decode()
        detail = client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert f'href="{URL}"' in listing
    assert f'href="{URL}?month=2027-03#day-2027-03-10"' in detail
