"""X-5 as plain functions over a loaded working calendar: which days a log is due, the next working
day, the missing logs of a span. No database access beyond the calendar handed in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from committees.calendar import ONE_DAY, WorkingCalendar


def next_working_day(day: datetime.date, calendar: WorkingCalendar) -> datetime.date:
    """The plan's day: the first working day after ``day`` (an adjusted working Saturday counts)."""
    current = day + ONE_DAY
    while not calendar.is_working_day(current):
        current += ONE_DAY
    return current


def due_days(start: datetime.date, end: datetime.date, calendar: WorkingCalendar, on_team: Iterable[tuple]) -> list:
    """X-5: the working days from ``start`` to ``end`` (inclusive) on which a log is due: a working day
    of the calendar on which the person was on the team (``on_team``: (first, last or None) spans)."""
    spans = list(on_team)
    days = []
    current = start
    while current <= end:
        if calendar.is_working_day(current) and any(a <= current and (b is None or current <= b) for a, b in spans):
            days.append(current)
        current += ONE_DAY
    return days


def missing(due: Iterable[datetime.date], logged: Iterable[datetime.date], today: datetime.date) -> list:
    """The due days without a log, the day not yet over (today) left out."""
    logged = set(logged)
    return [day for day in due if day < today and day not in logged]
