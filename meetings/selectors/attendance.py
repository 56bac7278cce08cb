"""Who is due at a meeting (from the role history), who approves their leave (M-N4, with the
stand-ins of approvers away) and who was absent without leave; what the attendance page shows."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import TEAM_ROLES, Committee, Person, RoleAssignment
from committees.selectors import in_visible_committees
from meetings import rules
from meetings.models import (
    AgendaCategory,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
)
from reporting.leave.services import away_on


def roles_on(committee: Committee, day: datetime.date) -> list[RoleAssignment]:
    """Every role held on ``day`` in the committee, with the person: one query."""
    return list(RoleAssignment.objects.filter(committee=committee).on(day).select_related("person"))


def members_due(meeting: Meeting, assignments: Sequence[RoleAssignment] | None = None) -> list[RoleAssignment]:
    """Members due to attend, from the role history on the meeting's date (see ``rules.members_due``)."""
    day = meeting.date
    if assignments is None:
        assignments = roles_on(meeting.committee, day)
    return rules.members_due(meeting.kind, assignments, day)


def team_members(committee: Committee, day: datetime.date) -> QuerySet[Person]:
    """The leadership team on ``day``: who proposes items, is in charge of them, implements decisions."""
    return (
        Person.objects.filter(roles__in=committee.roles.on(day).filter(role__in=TEAM_ROLES)).distinct().order_by("name")
    )


def absences_without_leave(committee: Committee, year: int) -> list[tuple[Person, int]]:
    """M-N4: absences without leave per member in a year, for the annual report."""
    counts = Counter(
        Attendance.objects.filter(
            meeting__committee=committee,
            meeting__start_at__year=year,
            role=AttendanceRole.MEMBER,
            status=AttendanceStatus.ABSENT,
        ).values_list("person_id", flat=True)
    )
    people = Person.objects.in_bulk(counts.keys())
    return sorted(((people[pk], n) for pk, n in counts.items()), key=lambda row: (-row[1], row[0].name))


# --------------------------------------------------------------------------- M-N4 leave


def leave_stand_ins(
    committee: Committee, on: datetime.date, assignments: Sequence[RoleAssignment] | None = None
) -> dict[int, int]:
    """M-N4: the approvers of leave from a meeting (secretaries, deputy secretaries) who are away
    on approved leave on ``on``, each with their stand-in (``reporting.leave``: the person named to
    cover, else a deputy secretary who is not away). Approver → stand-in."""
    if assignments is None:
        assignments = roles_on(committee, on)
    stand_ins = {}
    for role in rules.LEAVE_APPROVER_ROLES:
        for assignment in rules.holders(assignments, role, on):
            stand_in = away_on(on, [assignment.person]).get(assignment.person_id)
            if stand_in is not None:
                stand_ins[assignment.person_id] = stand_in.pk
    return stand_ins


def leave_approvers(
    committee: Committee, kind: str, on: datetime.date, *, absent_person_id: int | None = None
) -> list[int]:
    """M-N4: who approves a member's leave from a meeting of ``kind`` on ``on`` – from the role
    history, with the stand-ins of approvers away (see ``rules.leave_approvers``)."""
    assignments = roles_on(committee, on)
    stand_ins = leave_stand_ins(committee, on, assignments)
    return rules.leave_approvers(kind, absent_person_id, assignments, on, stand_ins)


def leave_approver_choices(meeting: Meeting) -> QuerySet[Person]:
    """M-N4: whom the attendance page offers as approvers of leave: the secretaries and deputy
    secretaries on the meeting's date and the stand-ins of those away that day."""
    day = meeting.date
    holders = Q(roles__in=meeting.committee.roles.on(day).filter(role__in=rules.LEAVE_APPROVER_ROLES))
    stand_ins = leave_stand_ins(meeting.committee, day)
    if stand_ins:
        holders |= Q(pk__in=list(stand_ins.values()))
    return Person.objects.filter(holders).distinct()


# --------------------------------------------------------------------------- the attendance page


def observer_candidates(user) -> QuerySet[Person]:
    """O-5: people of the committees the user sees, who may be invited as observers."""
    return Person.objects.filter(in_visible_committees(user, "roles__committee")).distinct()


@dataclass
class AttendancePage:
    members: list[Attendance]
    observers: list[Attendance]
    due: list[RoleAssignment]
    observer_people: QuerySet[Person]


def attendance_page(meeting: Meeting, user) -> AttendancePage:
    """The attendance rows of a meeting (members due, observers) and who else may observe."""
    rows = list(meeting.attendances.select_related("person", "leave_approved_by").order_by("role", "pk"))
    due = members_due(meeting)
    return AttendancePage(
        members=[r for r in rows if r.role == AttendanceRole.MEMBER],
        observers=[r for r in rows if r.role == AttendanceRole.OBSERVER],
        due=due,
        observer_people=observer_candidates(user).exclude(pk__in=[a.person_id for a in due]).order_by("name"),
    )


def attendance_versions(meeting: Meeting) -> dict[int, int]:
    """The version of each attendance row of a meeting – its latest historical record – which the
    sheet posts back so that a row changed meanwhile by someone else is not overwritten."""
    rows = (
        Attendance.history.filter(meeting_id=meeting.pk)
        .values("id")
        .annotate(version=Max("history_id"))
        .values_list("id", "version")
    )
    return dict(rows)


# --------------------------------------------------------------------------- the quorum panel


@dataclass(frozen=True)
class QuorumPanel:
    """M-Q1..M-Q6 before any item is taken up: how many members due are present, and how many an
    ordinary and a personnel item need (one line when the meeting's kind sets one quorum for all,
    M-Q4, M-Q5)."""

    due: int
    present: int
    arriving_later: int
    leave: int
    absent: int
    unrecorded: int
    lines: list[tuple[str, rules.QuorumResult]]
    at: datetime.datetime

    @property
    def may_proceed(self) -> bool:
        return bool(self.lines) and self.lines[0][1].may_proceed


def quorum_panel(
    meeting: Meeting, attendances: Sequence[Attendance] | None = None, at: datetime.datetime | None = None
) -> QuorumPanel:
    """The quorum of the meeting with these attendance rows (the saved ones, or the rows of a
    sheet not yet saved) at ``at`` (now, not before the meeting starts; its close once closed):
    the rules of the console's ``item_quorum`` for an ordinary and a personnel item, nobody
    recused."""
    if attendances is None:
        attendances = list(meeting.attendances.all())
    at = at or meeting.closed_at or max(timezone.now(), meeting.start_at)
    due_ids = {a.person_id for a in members_due(meeting)}
    members = [a for a in attendances if a.role == AttendanceRole.MEMBER and a.person_id in due_ids]
    present_ids = rules.present_members(members, due_ids, at)
    lines = []
    kinds_of_item = ((_("Ordinary item"), AgendaCategory.IMPORTANT), (_("Personnel item"), AgendaCategory.PERSONNEL))
    for label, category in kinds_of_item:
        result = rules.quorum(
            due=len(due_ids),
            present_ids=present_ids,
            recused_ids=(),
            category=category,
            kind=meeting.kind,
            version=meeting.rule_set_version,
        )
        if lines and lines[0][1].rule_id == result.rule_id:
            continue
        lines.append((label, result))
    statuses = Counter(a.status for a in members)
    return QuorumPanel(
        due=len(due_ids),
        present=len(present_ids),
        arriving_later=sum(
            1 for a in members if a.status == AttendanceStatus.PRESENT and a.arrived_at and a.arrived_at > at
        ),
        leave=statuses[AttendanceStatus.LEAVE],
        absent=statuses[AttendanceStatus.ABSENT],
        unrecorded=statuses[AttendanceStatus.UNRECORDED],
        lines=lines,
        at=at,
    )


def sheet_preview(members: Sequence[Attendance], rows) -> list[Attendance]:
    """The members' rows as they would be once a sheet not yet saved is (``rows``: the sheet's
    rows by attendance id, each with ``status``, ``arrived_at``, ``left_at``, ``approved_by``),
    for the quorum panel to preview – copies, nothing is saved and no rule is checked here."""
    preview = []
    for attendance in members:
        copy = Attendance(
            pk=attendance.pk,
            person_id=attendance.person_id,
            role=attendance.role,
            status=attendance.status,
            leave_reason=attendance.leave_reason,
            arrived_at=attendance.arrived_at,
            left_at=attendance.left_at,
        )
        row = rows.get(attendance.pk)
        status = row.normalised().status if row is not None else ""
        if status == AttendanceStatus.LEAVE:
            copy.leave_reason = row.reason
        if status == AttendanceStatus.PRESENT:
            copy.status, copy.arrived_at, copy.left_at = status, row.arrived_at, row.left_at
        elif status == AttendanceStatus.ABSENT or (status == AttendanceStatus.LEAVE and row.approved_by is not None):
            copy.status, copy.arrived_at, copy.left_at = status, None, None
        preview.append(copy)
    return preview
