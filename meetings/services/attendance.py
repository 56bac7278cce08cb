"""Attendance: one row per member due, observers (O-5), leave asked in advance and approved
(M-N4), present from an arrival, gone from a departure (M-Q6), absent without leave (warned)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.actors import acting
from committees.models import Person
from committees.rules import RuleViolation
from meetings.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ObserverKind,
)
from meetings.selectors.attendance import leave_approvers, members_due

from .locks import acting_at, lock_meeting, refuse_if_closed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_CHOOSE_PERSON_ENTER_NAME = gettext_lazy("Choose a person or enter a name.")
MSG_OBSERVERS_DO_NOT_ASK_LEAVE = gettext_lazy("Observers do not ask leave.")
MSG_GIVE_REASON_LEAVE = gettext_lazy("Give the reason for the leave.")
MSG_ATTENDANCE_TAKEN_WHILE_MEETING_SESSION = gettext_lazy("Attendance is taken while the meeting is in session.")
MSG_ONLY_SOMEONE_PRESENT_CAN_LEAVE = gettext_lazy("Only someone present can leave.")
MSG_LEAVING_BEFORE_ARRIVING_NOT_POSSIBLE = gettext_lazy("Leaving before arriving is not possible.")
MSG_OBSERVERS_NOT_MARKED_ABSENT = gettext_lazy("Observers are not marked absent.")
MSG_MEMBER_DUE_ATTEND_NOT_OBSERVER = gettext_lazy("%(person)s is a member due to attend, not an observer.")
MSG_ALREADY_LIST = gettext_lazy("%(person)s is already on the list.")
MSG_LEAVE_APPROVED_CANNOT_APPROVE = gettext_lazy(
    "Leave from a %(kind)s is approved by %(who)s; %(person)s cannot approve it."
)


def sync_attendance(meeting: Meeting, *, acting_user: User) -> None:
    """One attendance row per member due (from the role history on the meeting's date). Rows of
    people no longer due are removed while nothing was recorded for them."""
    due_ids = [a.person_id for a in members_due(meeting)]
    existing = {a.person_id: a for a in meeting.attendances.filter(person__isnull=False)}
    for person_id in due_ids:
        row = existing.get(person_id)
        if row is None:
            row = Attendance(meeting=meeting, person_id=person_id, role=AttendanceRole.MEMBER)
            acting(row, acting_user).save()
        elif row.role != AttendanceRole.MEMBER:
            row.role, row.observer_kind = AttendanceRole.MEMBER, ""
            acting(row, acting_user).save(update_fields=["role", "observer_kind"])
    for person_id, row in existing.items():
        if (
            person_id not in due_ids
            and row.role == AttendanceRole.MEMBER
            and row.status == AttendanceStatus.UNRECORDED
            and not row.leave_reason
        ):
            acting(row, acting_user).delete()


@transaction.atomic
def add_observer(
    meeting: Meeting,
    *,
    kind: str,
    person: Person | None = None,
    name: str = "",
    acting_user: User,
) -> Attendance:
    """O-5: delegates and invited leaders attend without a vote and never count for quorum."""
    meeting = lock_meeting(meeting)
    refuse_if_closed(meeting)
    if person is None and not name.strip():
        raise ValidationError(MSG_CHOOSE_PERSON_ENTER_NAME)
    if person is not None:
        if person.pk in {a.person_id for a in members_due(meeting)}:
            raise ValidationError(MSG_MEMBER_DUE_ATTEND_NOT_OBSERVER % {"person": person})
        if meeting.attendances.filter(person=person).exists():
            raise ValidationError(MSG_ALREADY_LIST % {"person": person})
    observer = Attendance(
        meeting=meeting,
        person=person,
        name="" if person else name.strip(),
        role=AttendanceRole.OBSERVER,
        observer_kind=kind or ObserverKind.INVITED,
    )
    acting(observer, acting_user).save()
    return observer


def _attendance(attendance: Attendance) -> Attendance:
    attendance = Attendance.objects.select_for_update(of=("self",)).select_related("person").get(pk=attendance.pk)
    attendance.meeting = Meeting.objects.select_related("committee", "rule_set_version").get(pk=attendance.meeting_id)
    refuse_if_closed(attendance.meeting)
    return attendance


@transaction.atomic
def record_leave(
    attendance: Attendance,
    *,
    reason: str,
    approved_by: Person | None,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> Attendance:
    """M-N4: a member who cannot attend asks leave in advance – of the secretary, or of the deputy
    secretary for the five-person group (nobody approves their own leave); an approver away on
    approved leave that day is replaced by their stand-in. Without an approver the request is
    recorded and waits."""
    at = acting_at(at)
    attendance = _attendance(attendance)
    meeting = attendance.meeting
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(MSG_OBSERVERS_DO_NOT_ASK_LEAVE)
    if not reason.strip():
        raise ValidationError({"reason": MSG_GIVE_REASON_LEAVE})
    attendance.leave_reason = reason.strip()
    attendance.leave_requested_at = attendance.leave_requested_at or at
    if approved_by is not None:
        day = meeting.date
        allowed = leave_approvers(meeting.committee, meeting.kind, day, absent_person_id=attendance.person_id)
        if approved_by.pk not in allowed:
            who = _("the deputy secretary") if meeting.kind == MeetingKind.FIVE_PERSON else _("the secretary")
            raise RuleViolation(
                "M-N4",
                MSG_LEAVE_APPROVED_CANNOT_APPROVE
                % {"kind": meeting.get_kind_display(), "who": who, "person": approved_by},
            )
        attendance.status = AttendanceStatus.LEAVE
        attendance.leave_approved_by = approved_by
        attendance.leave_approved_at = at
        attendance.arrived_at = attendance.left_at = None
    acting(attendance, acting_user).save()
    return attendance


@transaction.atomic
def mark_present(
    attendance: Attendance, *, arrived_at: datetime.datetime | None = None, acting_user: User
) -> Attendance:
    """Present from ``arrived_at`` (None: from the start)."""
    attendance = _attendance(attendance)
    if attendance.meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(MSG_ATTENDANCE_TAKEN_WHILE_MEETING_SESSION)
    attendance.status = AttendanceStatus.PRESENT
    attendance.arrived_at = arrived_at
    attendance.left_at = None
    acting(attendance, acting_user).save()
    return attendance


@transaction.atomic
def mark_left(attendance: Attendance, *, left_at: datetime.datetime | None = None, acting_user: User) -> Attendance:
    """Someone may leave before a later item: from ``left_at`` they no longer count (M-Q6)."""
    left_at = acting_at(left_at)
    attendance = _attendance(attendance)
    if attendance.status != AttendanceStatus.PRESENT:
        raise ValidationError(MSG_ONLY_SOMEONE_PRESENT_CAN_LEAVE)
    if attendance.arrived_at and left_at < attendance.arrived_at:
        raise ValidationError({"left_at": MSG_LEAVING_BEFORE_ARRIVING_NOT_POSSIBLE})
    attendance.left_at = left_at
    acting(attendance, acting_user).save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def mark_absent(attendance: Attendance, *, acting_user: User) -> str:
    """M-N4 (warn): absence without leave is recorded, shown and counted for the annual report.
    Returns the warning to show."""
    attendance = _attendance(attendance)
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(MSG_OBSERVERS_NOT_MARKED_ABSENT)
    attendance.status = AttendanceStatus.ABSENT
    attendance.arrived_at = attendance.left_at = None
    acting(attendance, acting_user).save()
    return _("M-N4: %(person)s is absent without leave; this is recorded for the annual report.") % {
        "person": attendance.display_name
    }
