"""Working-day calendar: official holidays and adjusted working weekends (调休).

Every "working day" rule (M-N1 and the working-day deadlines) uses these functions.
A date is a working day when a ``WorkdayOverride`` says so, otherwise when it is
Monday–Friday. For a year with no official schedule entered (``CalendarYear``), only
weekends are known and the UI warns.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.db import transaction

from .models import CalendarYear, WorkdayOverride

ONE_DAY = datetime.timedelta(days=1)

CHINESE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class WorkingCalendar:
    """The overrides for a span of years, loaded in one query."""

    def __init__(self, years: range):
        self.years = years
        self.overrides = dict(
            WorkdayOverride.objects.filter(date__year__gte=years.start, date__year__lt=years.stop).values_list(
                "date", "is_workday"
            )
        )

    @classmethod
    def around(cls, day: datetime.date, days: int) -> WorkingCalendar:
        span = max(abs(days) * 2 // 365 + 2, 2)
        return cls(range(day.year - span, day.year + span + 1))

    def is_working_day(self, day: datetime.date) -> bool:
        if day.year not in self.years:
            raise ValueError(f"{day} is outside the loaded years {self.years}")
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar(range(day.year, day.year + 1)).is_working_day(day)


def add_working_days(day: datetime.date, n: int, *, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The date ``n`` working days after ``day`` (before it when ``n`` is negative).

    ``day`` itself is not counted: ``add_working_days(monday, -1)`` is the previous Friday
    (or an adjusted working Sunday). ``n == 0`` returns ``day``. A page computing many dates
    passes one loaded ``calendar`` (``ValueError`` when the count leaves its years).
    """
    calendar = calendar or WorkingCalendar.around(day, n)
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    current = day
    while remaining:
        current += step
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` < ``start``.

    Consistent with ``add_working_days``: ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    calendar = WorkingCalendar(range(start.year, end.year + 1))
    count = 0
    current = start + ONE_DAY
    while current <= end:
        count += calendar.is_working_day(current)
        current += ONE_DAY
    return count


def years_without_schedule(years) -> list[int]:
    """Years among ``years`` whose official schedule has not been entered: weekends only."""
    known = official_years()
    return [year for year in sorted(set(years)) if year not in known]


_official_years: tuple[float, frozenset[int]] = (0.0, frozenset())


def official_years() -> frozenset[int]:
    """The years whose official schedule has been entered. Every page asks (the banner of
    ``context_processors.calendar_warnings``), and the answer changes once or twice a year: a
    worker keeps it ``DANGWEI_CALENDAR_YEARS_SECONDS`` (60 s; 0 in tests) and forgets it at once
    when a schedule is saved or deleted in this process (``signals``)."""
    global _official_years
    expires, years = _official_years
    if time.monotonic() < expires:
        return years
    years = frozenset(CalendarYear.objects.filter(is_official=True).values_list("year", flat=True))
    _official_years = (time.monotonic() + settings.DANGWEI_CALENDAR_YEARS_SECONDS, years)
    return years


def forget_official_years() -> None:
    global _official_years
    _official_years = (0.0, frozenset())


def month_grid(year: int, month: int) -> list[list[dict | None]]:
    """Weeks (Monday first) of a month for the calendar page; each day says if it is worked."""
    calendar = WorkingCalendar(range(year, year + 1))
    names = dict(WorkdayOverride.objects.filter(date__year=year, date__month=month).values_list("date", "name"))
    first = datetime.date(year, month, 1)
    weeks: list[list[dict | None]] = [[None] * first.weekday()]
    day = first
    while day.month == month:
        if len(weeks[-1]) == 7:
            weeks.append([])
        is_working = calendar.is_working_day(day)
        weekend = day.weekday() >= 5
        weeks[-1].append(
            {
                "date": day,
                "is_working": is_working,
                "is_adjusted_workday": is_working and weekend,
                "is_holiday": not is_working and not weekend,
                "is_weekend": weekend,
                "name": names.get(day, ""),
            }
        )
        day += ONE_DAY
    weeks[-1].extend([None] * (7 - len(weeks[-1])))
    return weeks


@transaction.atomic
def import_official_calendar(
    override_model=WorkdayOverride, year_model=CalendarYear, years: range | None = None
) -> int:
    """Load the holidays and adjusted working days that the ``chinesecalendar`` package knows.

    Entries edited by hand (source other than chinesecalendar) are kept. Returns the number of
    dates written. The models are parameters so a data migration can pass historical models.
    """
    import chinese_calendar

    source = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
    manual = set(override_model.objects.exclude(source__startswith="chinesecalendar").values_list("date", flat=True))
    entries = [(day, False, name) for day, name in chinese_calendar.holidays.items()]
    entries += [(day, True, name) for day, name in chinese_calendar.workdays.items()]
    written = 0
    known_years = set()
    for day, is_workday, name in entries:
        if years is not None and day.year not in years:
            continue
        known_years.add(day.year)
        if day in manual:
            continue
        override_model.objects.update_or_create(
            date=day,
            defaults={
                "is_workday": is_workday,
                "name": CHINESE_HOLIDAY_NAMES.get(str(name), str(name)),
                "source": source,
            },
        )
        written += 1
    for year in known_years:
        year_model.objects.update_or_create(year=year, defaults={"is_official": True, "source": source})
    return written
