"""What a notice says and whom it reaches (M-N1), the notices a member received and the meetings
in their calendar."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from committees.models import Person
from committees.phrases import lines, stored
from meetings import phrases
from meetings.models import (
    AgendaCategory,
    AgendaItem,
    Attendance,
    AttendanceRole,
    Meeting,
    MeetingStatus,
    Notice,
    NoticeRecipient,
)

from .access import person_of
from .attendance import members_due


def agenda_words(meeting: Meeting, items: Iterable[AgendaItem]) -> dict:
    """The text of a notice as a stored phrase (worded in each reader's language): the meeting and
    its numbered items, a confidential (personnel) item by its category only (M-M3)."""
    head = stored(phrases.NOTICE_HEAD, title=meeting.title, start=meeting.start_at, place=meeting.place or "—")
    numbered = [
        stored(
            phrases.NUMBERED,
            number=number,
            title=stored(phrases.CONFIDENTIAL_ITEM, category=phrases.label(AgendaCategory, item.category))
            if item.is_confidential
            else item.title,
        )
        for number, item in enumerate(items, start=1)
    ]
    return lines(head, *numbered)


def notice_recipients(meeting: Meeting) -> list[tuple[Person, bool]]:
    """M-N1: every member due and the observers (O-5) receive the notice: (person, is observer)."""
    due = [a.person for a in members_due(meeting)]
    due_ids = {p.pk for p in due}
    observers = [
        a.person
        for a in meeting.attendances.filter(role=AttendanceRole.OBSERVER, person__isnull=False).select_related("person")
        if a.person_id not in due_ids
    ]
    return [(p, False) for p in due] + [(p, True) for p in observers]


def my_notices(user) -> QuerySet[NoticeRecipient]:
    """The notices the user received, newest first."""
    person = person_of(user)
    if person is None:
        return NoticeRecipient.objects.none()
    return (
        NoticeRecipient.objects.filter(person=person)
        .select_related("notice__meeting__committee")
        .order_by("-notice__sent_at", "-pk")
    )


def meetings_of(person: Person) -> QuerySet[Meeting]:
    """Meetings a person was notified of or attends (their calendar feed)."""
    # Semi-joins, not joins: joins repeat a meeting per notice and attendance and needed a
    # DISTINCT over every column of every meeting (110 ms at county scale, issue 19); one set of
    # ids, not an OR of two, which the planner cannot estimate and answered by walking every meeting.
    # Unordered parts: SQLite (the demo's database) refuses an ORDER BY inside a UNION's part, and
    # both models have a default ordering.
    notified = NoticeRecipient.objects.filter(person=person).order_by().values("notice__meeting_id")
    attends = Attendance.objects.filter(person=person).order_by().values("meeting_id")
    return (
        Meeting.objects.filter(pk__in=notified.union(attends))
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("committee")
        .order_by("start_at")
    )


def notices_of(meeting: Meeting) -> QuerySet[Notice]:
    """The notices and amendment notices of a meeting with who received and acknowledged them."""
    return meeting.notices.prefetch_related("recipients__person").order_by("sent_at", "pk")
