"""Read queries of daily work logs (X-5): one's own, and a committee's week for the principal leader."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from committees.calendar import ONE_DAY, WorkingCalendar
from committees.models import TEAM_ROLES, Committee, Role, RoleAssignment
from committees.selectors import committees_where_holding

from . import rules
from .models import CarriedItem, WorkLog

#: Who sees a committee's week of logs: its principal leader, office and organisation department.
BOARD_ROLES = frozenset({Role.SECRETARY, Role.OFFICE_STAFF, Role.ORGANIZATION_STAFF, Role.ORGANIZATION_MEMBER})


def board_committees(user) -> QuerySet[Committee]:
    return committees_where_holding(user, BOARD_ROLES)


def visible_logs(user) -> QuerySet[WorkLog]:
    """One's own logs and those of the committees whose week the user sees (superusers: all)."""
    logs = WorkLog.objects.select_related("person", "committee").prefetch_related("carried")
    if user.is_superuser:
        return logs
    return logs.filter(Q(person__user=user) | Q(committee__in=board_committees(user)))


def my_logs(person) -> QuerySet[WorkLog]:
    return WorkLog.objects.filter(person=person).select_related("committee").prefetch_related("carried")


def carried_to(person, day: datetime.date) -> QuerySet[CarriedItem]:
    """Unfinished items of earlier logs moved to ``day`` or before it and not yet past: what the
    person's log of ``day`` should take up."""
    return CarriedItem.objects.filter(log__person=person, new_date=day).select_related("log")


@dataclass
class Row:
    person: object
    cells: list = field(default_factory=list)  # (day, state, log) per day of the week
    missing: int = 0


def week(committee: Committee, monday: datetime.date, today: datetime.date) -> tuple[list, list[Row]]:
    """X-5: the team of ``committee`` over the week from ``monday``: per member and day, "logged"
    (late or not), "missing" (a working day gone by without a log), "due" (today, not yet written),
    "holiday" (no log due) or "" (to come, or not on the team then); the missing logs counted."""
    days = [monday + n * ONE_DAY for n in range(7)]
    calendar = WorkingCalendar(range(days[0].year, days[-1].year + 1))
    spans: dict = {}
    assignments = RoleAssignment.objects.filter(committee=committee, role__in=TEAM_ROLES, start_date__lte=days[-1])
    for assignment in assignments.exclude(end_date__lt=days[0]).select_related("person").order_by("person__name"):
        spans.setdefault(assignment.person, []).append((assignment.start_date, assignment.end_date))
    logs = {
        (log.person_id, log.day): log
        for log in WorkLog.objects.filter(committee=committee, day__range=(days[0], days[-1])).prefetch_related(
            "carried"
        )
    }
    rows = []
    for person, on_team in spans.items():
        due = set(rules.due_days(days[0], days[-1], calendar, on_team))
        row = Row(person)
        for day in days:
            log = logs.get((person.pk, day))
            if log is not None:
                state = "logged"
            elif day in due and day < today:
                state = "missing"
            elif day in due and day == today:
                state = "due"
            elif not calendar.is_working_day(day):
                state = "holiday"
            else:
                state = ""
            row.cells.append((day, state, log))
        row.missing = sum(1 for _day, state, _log in row.cells if state == "missing")
        rows.append(row)
    return days, rows
