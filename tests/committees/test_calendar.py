"""Working-day calendar: official holidays, adjusted working weekends (调休), unknown years."""

import datetime

import pytest

from committees.calendar import (
    add_working_days,
    import_official_calendar,
    is_working_day,
    working_days_between,
    years_without_schedule,
)
from committees.models import CalendarYear, WorkdayOverride

pytestmark = pytest.mark.django_db

D = datetime.date


def test_national_day_is_not_a_working_day():
    assert is_working_day(D(2026, 10, 1)) is False
    assert is_working_day(D(2026, 10, 7)) is False


def test_adjusted_saturday_is_a_working_day():
    # 2026-10-10 is a Saturday worked in exchange for the National Day holiday.
    assert D(2026, 10, 10).weekday() == 5
    assert is_working_day(D(2026, 10, 10)) is True


def test_adjusted_sunday_is_a_working_day():
    assert D(2026, 9, 20).weekday() == 6
    assert is_working_day(D(2026, 9, 20)) is True


def test_ordinary_weekend_is_not_a_working_day():
    assert is_working_day(D(2026, 11, 28)) is False  # Saturday
    assert is_working_day(D(2026, 11, 27)) is True  # Friday


def test_m_n1_one_working_day_before_monday_is_friday():
    # rule: M-N1 – a Monday meeting needs its notice by the end of the previous Friday.
    assert add_working_days(D(2026, 11, 30), -1) == D(2026, 11, 27)


def test_m_n1_one_working_day_before_holiday_return_is_last_day_before_national_day():
    # rule: M-N1 – first working day after National Day 2026 is Thursday 8 October;
    # the working day before it is Wednesday 30 September, across the whole holiday.
    assert add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)


def test_m_n1_adjusted_sunday_counts_as_the_working_day_before_monday():
    # rule: M-N1 – Sunday 20 September 2026 is worked, so it is the working day before Monday 21st.
    assert add_working_days(D(2026, 9, 21), -1) == D(2026, 9, 20)


def test_add_working_days_forward_skips_holiday_and_counts_adjusted_saturday():
    # From Wed 30 Sep: Thu 8 Oct, Fri 9 Oct, Sat 10 Oct (adjusted), Mon 12 Oct.
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)


def test_add_zero_working_days_is_the_same_day():
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_working_days_between_matches_add_working_days():
    start = D(2026, 9, 25)
    for n in range(0, 30):
        end = add_working_days(start, n)
        assert working_days_between(start, end) == n


def test_working_days_between_national_day_week_is_zero():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0
    assert working_days_between(D(2026, 10, 7), D(2026, 9, 30)) == 0


def forget_year(year):
    """Make ``year`` one whose schedule was never entered (whatever chinesecalendar knows)."""
    WorkdayOverride.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year=year).delete()


def test_unknown_year_uses_weekends_only_and_is_reported():
    # New Year's Day 2027 is a Friday: without an entered schedule it counts as worked.
    forget_year(2027)
    assert years_without_schedule([2026, 2027]) == [2027]
    assert is_working_day(D(2027, 1, 1)) is True
    assert is_working_day(D(2027, 1, 2)) is False


def test_entered_year_is_no_longer_reported_and_its_holidays_count():
    forget_year(2027)
    WorkdayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦", source="manual")
    CalendarYear.objects.create(year=2027, is_official=True, source="manual")
    assert years_without_schedule([2027]) == []
    assert is_working_day(D(2027, 1, 1)) is False
    assert add_working_days(D(2027, 1, 4), -1) == D(2026, 12, 31)


def test_reimport_keeps_entries_edited_by_hand():
    WorkdayOverride.objects.filter(date=D(2026, 10, 8)).delete()
    WorkdayOverride.objects.create(date=D(2026, 10, 8), is_workday=False, name="本地调整", source="manual")
    import_official_calendar()
    assert WorkdayOverride.objects.get(date=D(2026, 10, 8)).name == "本地调整"
    assert WorkdayOverride.objects.filter(source__startswith="chinesecalendar").count() > 500


def test_calendar_page_warns_for_unknown_year(client, django_user_model):
    user = django_user_model.objects.create_user("u", password="Secret-pass-123")
    client.force_login(user)
    forget_year(2027)
    response = client.get("/calendar/2027/")
    assert response.status_code == 200
    assert "2027" in response.content.decode()
    assert response.context["is_unofficial"] is True
    assert client.get("/calendar/2026/").context["is_unofficial"] is False
