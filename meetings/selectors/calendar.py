"""The meeting calendar (month and week): the visible meetings on their days, each with its M-N1
notice deadline, on a grid that marks holidays, adjusted working weekends (调休, "班") and
weekends, and says when a year shown has no official schedule. A fixed number of queries
however many meetings the span holds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from committees import bounds
from committees.calendar import WorkingCalendar, years_without_schedule
from committees.models import Committee, WorkdayOverride
from meetings import rules
from meetings.models import Meeting

from .access import visible_meetings

ONE_DAY = datetime.timedelta(days=1)
MONTH = "month"
WEEK = "week"


class NoticeState:
    """Where a meeting's notice stands against its M-N1 deadline."""

    SENT = "sent"
    SENT_LATE = "sent_late"
    DUE = "due"
    LATE = "late"


@dataclass(frozen=True)
class CalendarMeeting:
    meeting: Meeting
    notice_deadline: datetime.date
    notice_state: str

    @property
    def is_notice_late(self) -> bool:
        return self.notice_state in (NoticeState.LATE, NoticeState.SENT_LATE)


@dataclass
class CalendarDay:
    date: datetime.date
    is_working: bool
    is_holiday: bool
    is_adjusted_workday: bool
    is_weekend: bool
    name: str
    is_in_span: bool
    is_today: bool
    meetings: list[CalendarMeeting] = field(default_factory=list)


@dataclass
class MeetingCalendar:
    view: str
    #: The month's first day, or the week's Monday.
    first: datetime.date
    #: The last day of the month or the week's Sunday.
    last: datetime.date
    weeks: list[list[CalendarDay]]
    unofficial_years: list[int]

    @property
    def days(self) -> list[CalendarDay]:
        return [day for week in self.weeks for day in week]

    @property
    def days_with_meetings(self) -> list[CalendarDay]:
        return [day for day in self.days if day.is_in_span and day.meetings]

    @property
    def meeting_count(self) -> int:
        return sum(len(day.meetings) for day in self.days if day.is_in_span)


def month_span(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - ONE_DAY


def week_span(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def notice_state(meeting: Meeting, deadline: datetime.date, today: datetime.date) -> str:
    """M-N1: a notice is in time when sent by the end of its deadline day; one not yet sent is
    late once that day has passed."""
    if meeting.notice_sent_at is not None:
        return NoticeState.SENT if timezone.localdate(meeting.notice_sent_at) <= deadline else NoticeState.SENT_LATE
    return NoticeState.DUE if today <= deadline else NoticeState.LATE


def _notice_deadline(meeting: Meeting, calendar: WorkingCalendar) -> datetime.date:
    working_days = meeting.rule_set_version.notice_working_days
    try:
        return rules.notice_deadline(meeting.date, working_days, calendar=calendar)
    except ValueError:  # a rule set counting back beyond the loaded years: load what it needs
        return rules.notice_deadline(meeting.date, working_days)


def meeting_calendar(
    user, *, view: str, first: datetime.date, last: datetime.date, committee: Committee | None = None
) -> MeetingCalendar:
    """The days of ``first``..``last`` (whole weeks, Monday first) with the meetings ``user`` sees
    – the meetings list's ``visible_meetings`` – optionally of one ``committee``."""
    grid_start = first - datetime.timedelta(days=first.weekday())
    grid_end = last + datetime.timedelta(days=6 - last.weekday())
    today = timezone.localdate()
    first_year = max(grid_start.year - 1, bounds.YEARS.start)
    working = WorkingCalendar(range(first_year, grid_end.year + 1))
    names = dict(WorkdayOverride.objects.filter(date__gte=grid_start, date__lte=grid_end).values_list("date", "name"))
    meetings = visible_meetings(user).select_related("rule_set_version").order_by("start_at", "pk")
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    start_at, end_at = _local_midnight(grid_start), _local_midnight(grid_end + ONE_DAY)
    by_day: dict[datetime.date, list[CalendarMeeting]] = {}
    for meeting in meetings.filter(start_at__gte=start_at, start_at__lt=end_at):
        deadline = _notice_deadline(meeting, working)
        by_day.setdefault(meeting.date, []).append(
            CalendarMeeting(meeting, deadline, notice_state(meeting, deadline, today))
        )
    weeks: list[list[CalendarDay]] = []
    day = grid_start
    while day <= grid_end:
        if day.weekday() == 0:
            weeks.append([])
        is_working = working.is_working_day(day)
        is_weekend = day.weekday() >= 5
        weeks[-1].append(
            CalendarDay(
                date=day,
                is_working=is_working,
                is_holiday=not is_working and (not is_weekend or bool(names.get(day))),
                is_adjusted_workday=is_working and is_weekend,
                is_weekend=is_weekend,
                name=names.get(day, ""),
                is_in_span=first <= day <= last,
                is_today=day == today,
                meetings=by_day.get(day, []),
            )
        )
        day += ONE_DAY
    return MeetingCalendar(view, first, last, weeks, years_without_schedule({first.year, last.year}))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
