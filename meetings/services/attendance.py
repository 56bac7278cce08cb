"""Attendance: one row per member due, observers (O-5), leave asked in advance and approved
(M-N4), present from an arrival, gone from a departure (M-Q6), absent without leave (warned)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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
from meetings.selectors.attendance import attendance_versions, leave_approvers, members_due

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
MSG_ROW_CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed this row since the form was shown (now: %(status)s); check it and save again."
)
MSG_CHOOSE_STATUS = gettext_lazy("Choose present, leave or absent.")


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


# ------------------------------------------------------------------ the rules of one row
# Each ``_apply_…`` checks one change of a locked row against the rules and makes it on the
# instance, unsaved: the single-row services below and the whole sheet share them.


def _apply_leave(attendance: Attendance, *, reason: str, approved_by: Person | None, at: datetime.datetime) -> None:
    meeting = attendance.meeting
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(MSG_OBSERVERS_DO_NOT_ASK_LEAVE)
    if not reason.strip():
        raise ValidationError({"reason": MSG_GIVE_REASON_LEAVE})
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
    attendance.leave_reason = reason.strip()
    attendance.leave_requested_at = attendance.leave_requested_at or at
    if approved_by is not None:
        attendance.status = AttendanceStatus.LEAVE
        attendance.leave_approved_by = approved_by
        attendance.leave_approved_at = at
        attendance.arrived_at = attendance.left_at = None


def _apply_present(attendance: Attendance, *, arrived_at: datetime.datetime | None) -> None:
    if attendance.meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(MSG_ATTENDANCE_TAKEN_WHILE_MEETING_SESSION)
    attendance.status = AttendanceStatus.PRESENT
    attendance.arrived_at = arrived_at
    attendance.left_at = None


def _apply_left(attendance: Attendance, *, left_at: datetime.datetime) -> None:
    if attendance.status != AttendanceStatus.PRESENT:
        raise ValidationError(MSG_ONLY_SOMEONE_PRESENT_CAN_LEAVE)
    if attendance.arrived_at and left_at < attendance.arrived_at:
        raise ValidationError({"left_at": MSG_LEAVING_BEFORE_ARRIVING_NOT_POSSIBLE})
    attendance.left_at = left_at


def _apply_absent(attendance: Attendance) -> None:
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(MSG_OBSERVERS_NOT_MARKED_ABSENT)
    attendance.status = AttendanceStatus.ABSENT
    attendance.arrived_at = attendance.left_at = None


def _absence_warning(attendance: Attendance) -> str:
    return _("M-N4: %(person)s is absent without leave; this is recorded for the annual report.") % {
        "person": attendance.display_name
    }


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
    _apply_leave(attendance, reason=reason, approved_by=approved_by, at=at)
    acting(attendance, acting_user).save()
    return attendance


@transaction.atomic
def mark_present(
    attendance: Attendance, *, arrived_at: datetime.datetime | None = None, acting_user: User
) -> Attendance:
    """Present from ``arrived_at`` (None: from the start)."""
    attendance = _attendance(attendance)
    _apply_present(attendance, arrived_at=arrived_at)
    acting(attendance, acting_user).save()
    return attendance


@transaction.atomic
def mark_left(attendance: Attendance, *, left_at: datetime.datetime | None = None, acting_user: User) -> Attendance:
    """Someone may leave before a later item: from ``left_at`` they no longer count (M-Q6)."""
    left_at = acting_at(left_at)
    attendance = _attendance(attendance)
    _apply_left(attendance, left_at=left_at)
    acting(attendance, acting_user).save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def mark_absent(attendance: Attendance, *, acting_user: User) -> str:
    """M-N4 (warn): absence without leave is recorded, shown and counted for the annual report.
    Returns the warning to show."""
    attendance = _attendance(attendance)
    _apply_absent(attendance)
    acting(attendance, acting_user).save()
    return _absence_warning(attendance)


# ------------------------------------------------------------------ the whole sheet at once


@dataclass(frozen=True)
class SheetRow:
    """One member's row of the attendance sheet as posted: the status wanted (``""``: nothing
    recorded), the times on the meeting's day, the leave, and the ``version`` of the row the form
    was rendered from (``selectors.attendance.attendance_versions``)."""

    attendance_id: int
    version: int
    status: str = ""
    arrived_at: datetime.datetime | None = None
    left_at: datetime.datetime | None = None
    reason: str = ""
    approved_by: Person | None = None

    def normalised(self) -> SheetRow:
        """On a row with no status, a time of arrival or departure means present, a reason for
        leave means leave."""
        if not self.status and (self.arrived_at or self.left_at):
            return replace(self, status=AttendanceStatus.PRESENT)
        if not self.status and self.reason.strip():
            return replace(self, status=AttendanceStatus.LEAVE)
        return self

    def differs_from(self, shown: SheetRow) -> bool:
        """Whether this row says something else than ``shown`` (what the form showed)."""
        if self.status != shown.status:
            return True
        if self.status == AttendanceStatus.PRESENT:
            mine = (_minute(self.arrived_at), _minute(self.left_at))
            return mine != (_minute(shown.arrived_at), _minute(shown.left_at))
        if self.status == AttendanceStatus.LEAVE:
            return (self.reason.strip(), _pk(self.approved_by)) != (shown.reason.strip(), _pk(shown.approved_by))
        return False


def _minute(moment: datetime.datetime | None) -> datetime.datetime | None:
    return moment.replace(second=0, microsecond=0) if moment else None


def _pk(person) -> int | None:
    return person.pk if person is not None else None


def shown_row(attendance, version: int = 0) -> SheetRow:
    """The sheet's row for an attendance (or a historical record of one): a leave asked and not
    yet approved shows as leave, with no approver."""
    status = attendance.status
    if status == AttendanceStatus.UNRECORDED:
        status = AttendanceStatus.LEAVE if attendance.leave_reason else ""
    return SheetRow(
        attendance_id=attendance.pk if isinstance(attendance, Attendance) else attendance.id,
        version=version,
        status=status,
        arrived_at=attendance.arrived_at,
        left_at=attendance.left_at,
        reason=attendance.leave_reason,
        approved_by=attendance.leave_approved_by,
    )


@dataclass
class SheetResult:
    """What the sheet saved, and the members' totals after it."""

    saved: list[Attendance] = field(default_factory=list)
    present: int = 0
    leave: int = 0
    absent: int = 0
    unrecorded: int = 0
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class SheetRefused(ValidationError):
    """Some rows of the sheet were refused; nothing was saved. ``by_row``: attendance id → field
    (``status``, ``arrived_at``, ``left_at``, ``reason``, ``approved_by`` or ``__all__``) → messages."""

    def __init__(self, by_row: dict[int, dict[str, list[str]]], names: dict[int, str]):
        self.by_row = by_row
        texts = [(pk, text) for pk, fields in by_row.items() for row_texts in fields.values() for text in row_texts]
        super().__init__([f"{names.get(pk, pk)}: {text}" for pk, text in texts])


#: The columns the sheet writes (two people on different columns never undo each other).
SHEET_FIELDS = [
    "status",
    "arrived_at",
    "left_at",
    "leave_reason",
    "leave_requested_at",
    "leave_approved_by",
    "leave_approved_at",
]

#: Which field of the row a rule's refusal belongs to.
RULE_FIELDS = {"M-N4": "approved_by"}


@transaction.atomic
def record_attendance_sheet(
    meeting: Meeting,
    rows: Sequence[SheetRow],
    *,
    all_present: bool = False,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> SheetResult:
    """The whole attendance in one step: every row that says something new is checked by the
    rules of one row (M-N4 leave and its approver, present only in session, leaving before
    arriving, observers never absent) and all are saved together – or none, when any row is
    refused (``SheetRefused``, the messages per row and field).

    ``all_present``: every member due with nothing recorded (no leave asked) and left untouched
    on the form is present from the start.

    Two people on the same sheet: a row changed by someone else since the form was rendered (its
    ``version`` is not the row's) is refused if this form changes it too, and kept as the other
    person left it if not – never silently overwritten."""
    at = acting_at(at)
    meeting = lock_meeting(meeting)
    refuse_if_closed(meeting)
    wanted = {row.attendance_id: row.normalised() for row in rows}
    current = {
        a.pk: a
        for a in meeting.attendances.select_for_update(of=("self",))
        .select_related("person", "leave_approved_by")
        .filter(pk__in=wanted)
    }
    versions = attendance_versions(meeting)
    errors: dict[int, dict[str, list[str]]] = {}
    result = SheetResult()
    for pk, row in wanted.items():
        attendance = current.get(pk)
        if attendance is None:
            continue  # no longer on the list (the members due changed): nothing to record
        attendance.meeting = meeting
        stale = versions.get(pk, 0) != row.version
        shown = _shown_at(attendance, row.version) if stale else shown_row(attendance)
        if not row.differs_from(shown):
            if stale:
                result.kept.append(attendance.display_name)
            elif all_present and _nothing_recorded(attendance):
                _apply_present(attendance, arrived_at=None)
                result.saved.append(attendance)
            continue
        if stale and not row.differs_from(shown_row(attendance)):
            continue  # someone else already recorded just this
        if stale:
            errors[pk] = {
                NON_FIELD_ERRORS: [str(MSG_ROW_CHANGED_MEANWHILE % {"status": _status_label(shown_row(attendance))})]
            }
            continue
        try:
            _apply_row(attendance, row, at)
        except RuleViolation as refusal:
            errors[pk] = {RULE_FIELDS.get(refusal.rule_id, NON_FIELD_ERRORS): [str(refusal)]}
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):
                errors[pk] = {name: [str(text) for text in texts] for name, texts in refusal.message_dict.items()}
            else:
                errors[pk] = {"status": [str(text) for text in refusal.messages]}
        else:
            result.saved.append(attendance)
            if attendance.status == AttendanceStatus.ABSENT and shown.status != AttendanceStatus.ABSENT:
                result.warnings.append(_absence_warning(attendance))
    if errors:
        raise SheetRefused(errors, {pk: a.display_name for pk, a in current.items()})
    for attendance in result.saved:
        acting(attendance, acting_user).save(update_fields=SHEET_FIELDS)
    totals = Counter(meeting.attendances.filter(role=AttendanceRole.MEMBER).values_list("status", flat=True))
    result.present = totals[AttendanceStatus.PRESENT]
    result.leave = totals[AttendanceStatus.LEAVE]
    result.absent = totals[AttendanceStatus.ABSENT]
    result.unrecorded = totals[AttendanceStatus.UNRECORDED]
    return result


def _status_label(row: SheetRow) -> str:
    if not row.status:
        return str(AttendanceStatus.UNRECORDED.label)
    return str(AttendanceStatus(row.status).label)


def _nothing_recorded(attendance: Attendance) -> bool:
    return (
        attendance.role == AttendanceRole.MEMBER
        and attendance.status == AttendanceStatus.UNRECORDED
        and not attendance.leave_reason
    )


def _shown_at(attendance: Attendance, version: int) -> SheetRow:
    """The row as the form showed it: from the historical record ``version`` of the attendance;
    a version that is not the row's shows as nothing recorded."""
    record = Attendance.history.filter(id=attendance.pk, history_id=version).select_related("leave_approved_by").first()
    if record is None:
        return SheetRow(attendance_id=attendance.pk, version=version)
    return shown_row(record, version)


def _apply_row(attendance: Attendance, row: SheetRow, at: datetime.datetime) -> None:
    if row.status == AttendanceStatus.PRESENT:
        _apply_present(attendance, arrived_at=row.arrived_at)
        if row.left_at is not None:
            _apply_left(attendance, left_at=row.left_at)
    elif row.status == AttendanceStatus.LEAVE:
        _apply_leave(attendance, reason=row.reason, approved_by=row.approved_by, at=at)
    elif row.status == AttendanceStatus.ABSENT:
        _apply_absent(attendance)
    else:
        raise ValidationError({"status": MSG_CHOOSE_STATUS})
