"""M-C1..M-C4: how a committee meets its required cadences in a year, and the central study hours
per member (M-C2)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from committees.models import Committee, Person
from committees.selectors import current_rules
from meetings import rules
from meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
)


@dataclass
class StudyHours:
    person: Person
    hours: float
    required: float | None


def cadence(committee: Committee, year: int, today: datetime.date | None = None):
    """M-C1..M-C3 for one committee and year, and the central study hours per member (M-C2)."""
    today = today or timezone.localdate()
    version = current_rules(committee)
    held_meetings = list(
        committee.meetings.filter(
            start_at__year=year, status__in=[MeetingStatus.IN_SESSION, MeetingStatus.CLOSED]
        ).only("kind", "start_at", "end_at")
    )
    held = [
        rules.HeldMeeting(m.kind, timezone.localdate(m.start_at), timezone.localdate(m.end_at)) for m in held_meetings
    ]
    rows = rules.cadence(year, today, committee.is_town_level, committee.level == "branch", version, held)
    hours: dict[int, float] = defaultdict(float)
    people: dict[int, Person] = {}
    study = Attendance.objects.filter(
        meeting__committee=committee,
        meeting__kind=MeetingKind.CENTRAL_STUDY,
        meeting__start_at__year=year,
        meeting__status__in=[MeetingStatus.IN_SESSION, MeetingStatus.CLOSED],
        status=AttendanceStatus.PRESENT,
        person__isnull=False,
    ).select_related("person", "meeting")
    for attendance in study:
        start = attendance.arrived_at or attendance.meeting.start_at
        end = attendance.left_at or attendance.meeting.end_at
        hours[attendance.person_id] += max((end - start).total_seconds(), 0) / 3600
        people[attendance.person_id] = attendance.person
    required = None
    if committee.is_town_level:
        required = float(rules.weeks_elapsed(year, today) * version.town_study_hours_per_week)
    study_hours = sorted(
        (StudyHours(people[pk], round(value, 1), required) for pk, value in hours.items()),
        key=lambda s: s.person.name,
    )
    return rows, study_hours
