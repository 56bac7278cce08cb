"""The live meeting console: each item's quorum at this moment (M-Q6) or as it was taken up, the
stance grid (M-D1, M-D2), recusals (M-D4), written opinions (M-D3) and the M-N warnings."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Person, RoleAssignment
from meetings import rules
from meetings.models import (
    AgendaAmendment,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Decision,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Recusal,
    Stance,
    StanceChoice,
    Vote,
    VoteMethod,
    WrittenOpinion,
)

from .access import can_manage_meeting, person_of
from .attendance import members_due, roles_on


def item_context(item: AgendaItem) -> tuple[set[int], list[Attendance], set[int]]:
    """What an item's quorum and stances are judged from (M-Q6, M-D4): the members due, the
    meeting's attendance rows and the members recused from the item."""
    meeting = item.meeting
    due_ids = {a.person_id for a in members_due(meeting)}
    attendances = list(meeting.attendances.all())
    recused_ids = set(item.recusals.values_list("person_id", flat=True))
    return due_ids, attendances, recused_ids


def item_quorum(
    item: AgendaItem,
    at: datetime.datetime,
    *,
    due_ids: set[int],
    attendances: Sequence[Attendance],
    recused_ids: set[int],
) -> rules.QuorumResult:
    """M-Q6: the item's quorum at ``at`` from already loaded attendance and recusals."""
    present_ids = rules.present_members(attendances, due_ids, at)
    in_charge_present = None
    if item.member_in_charge_id is not None:
        in_charge_present = any(
            a.person_id == item.member_in_charge_id and rules.is_present_at(a, at) for a in attendances
        )
    return rules.quorum(
        due=len(due_ids),
        present_ids=present_ids,
        recused_ids=recused_ids,
        category=item.category,
        kind=item.meeting.kind,
        version=item.meeting.rule_set_version,
        member_in_charge_present=in_charge_present,
        member_in_charge_reason=item.member_in_charge_absence_reason,
    )


def snapshot_quorum(item: AgendaItem) -> rules.QuorumResult:
    """The quorum stored when the item was taken up."""
    return rules.QuorumResult(
        due=item.quorum_due or 0,
        present=item.quorum_present or 0,
        needed=item.quorum_needed or 0,
        may_proceed=True,
        rule_id=item.quorum_rule_id,
        reason="",
    )


def stance_version(stance: Stance | None) -> str:
    """What a stance grid row was rendered from: posted back with the row and compared under the
    row lock (``record_stances``), so that a row changed by someone else meanwhile is refused,
    never silently overwritten."""
    if stance is None:
        return ""
    text = f"{stance.pk}|{stance.stance}|{stance.reason}|{stance.recorded_at.isoformat()}"
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def _version_of(status: str, items, stances, recusals, attendances, votes) -> str:
    parts = [status, *(sorted(part) for part in (items, stances, recusals, attendances, votes))]
    return hashlib.blake2s(repr(parts).encode(), digest_size=8).hexdigest()


def console_version(meeting: Meeting) -> str:
    """A short token of what people change on the console during the session (the items' status,
    stances, recusals, attendance, votes), read straight from the database: the console polls it
    and, when it differs from :attr:`Console.version` it was rendered with, says so or reloads.
    Equal to :attr:`Console.version` for the same state (tested)."""
    items = meeting.items.exclude(status=ItemStatus.WITHDRAWN)
    return _version_of(
        meeting.status,
        items.values_list("pk", "status"),
        Stance.objects.filter(item__in=items).values_list("pk", "stance", "reason", "recorded_at"),
        Recusal.objects.filter(item__in=items).values_list("pk", "person_id"),
        meeting.attendances.values_list("pk", "status", "arrived_at", "left_at"),
        Vote.objects.filter(item__in=items).values_list("pk", "status"),
    )


@dataclass
class GridCell:
    """One member due × one item: what the stance grid shows."""

    assignment: RoleAssignment
    is_present: bool
    stance: Stance | None = None
    recusal: Recusal | None = None
    opinion: WrittenOpinion | None = None
    is_chair: bool = False
    #: On a refused submit: what was posted for the row (kept) and why it was refused.
    posted_stance: str | None = None
    posted_reason: str | None = None
    error: str = ""
    #: For the user looking at the grid: may they fill this row in, and is it the chair's row
    #: held back until all others stated (M-D2)?
    may_edit: bool = False
    chair_locked: bool = False

    @property
    def shown_stance(self) -> str:
        if self.posted_stance is not None:
            return self.posted_stance
        return self.stance.stance if self.stance else ""

    @property
    def shown_reason(self) -> str:
        if self.posted_reason is not None:
            return self.posted_reason
        return self.stance.reason if self.stance else ""

    @property
    def person_id(self) -> int:
        return self.assignment.person_id

    @property
    def version(self) -> str:
        return stance_version(self.stance)

    @property
    def may_state(self) -> bool:
        """Present and not recused: the member states a stance on the item (M-D1, M-D4)."""
        return self.is_present and self.recusal is None


@dataclass
class ItemRow:
    item: AgendaItem
    quorum: rules.QuorumResult
    is_snapshot: bool
    grid: list[GridCell]
    recusals: list[Recusal]
    opinions: list[WrittenOpinion]
    warnings: list[str]
    may_see_materials: bool
    chair_waits_for: list[Person] = field(default_factory=list)
    decision: Decision | None = None
    is_current: bool = False

    @property
    def is_done(self) -> bool:
        """Nothing more happens to the item at this meeting: decided, voted, or deferred."""
        item = self.item
        if item.status in (ItemStatus.DEFERRED, ItemStatus.WITHDRAWN):
            return True
        vote = getattr(item, "vote", None)
        return item.status == ItemStatus.DISCUSSED and (
            self.decision is not None or (vote is not None and not vote.is_open)
        )

    @property
    def awaits_decision(self) -> bool:
        """Discussed, and its vote or decision still to come (or its vote open)."""
        return self.item.status == ItemStatus.DISCUSSED and not self.is_done

    @property
    def vote_follows(self) -> bool:
        """The discussion leads to a vote: the category must be voted (M-V3) at a meeting that
        may decide it (M-V7)."""
        item = self.item
        return rules.must_vote(item.category) and rules.may_decide(item.meeting.kind, item.category)

    @property
    def default_method_label(self) -> str:
        """M-V2: the method the vote opens with from the grid."""
        return VoteMethod(rules.default_method(self.item.category)).label

    @property
    def has_editable(self) -> bool:
        return any(cell.may_edit for cell in self.grid)

    @property
    def stated(self) -> int:
        return sum(1 for cell in self.grid if cell.stance is not None)

    @property
    def missing(self) -> list[Person]:
        """Present, non-recused members whose stance is still missing (M-D1)."""
        return [cell.assignment.person for cell in self.grid if cell.may_state and cell.stance is None]

    @property
    def stance_counts(self) -> list[tuple[str, int]]:
        counts = dict.fromkeys(StanceChoice.values, 0)
        for cell in self.grid:
            if cell.stance is not None:
                counts[cell.stance.stance] = counts.get(cell.stance.stance, 0) + 1
        return [(label, counts[value]) for value, label in StanceChoice.choices]


@dataclass
class Console:
    meeting: Meeting
    due: list[RoleAssignment]
    members: list[Attendance]
    observers: list[Attendance]
    rows: list[ItemRow]
    can_manage: bool
    person: Person | None
    principal: Person | None
    pending_amendments: list[AgendaAmendment]
    now: datetime.datetime
    attendances: list[Attendance] = field(default_factory=list)

    @property
    def due_ids(self) -> set[int]:
        return {a.person_id for a in self.due}

    @property
    def is_principal(self) -> bool:
        return self.person is not None and self.principal is not None and self.person.pk == self.principal.pk

    @property
    def is_member_due(self) -> bool:
        return self.person is not None and self.person.pk in self.due_ids

    @property
    def due_rows(self) -> list[tuple[RoleAssignment, Attendance | None]]:
        """Each member due with their attendance row (None before the notice)."""
        by_person = {a.person_id: a for a in self.members}
        return [(a, by_person.get(a.person_id)) for a in self.due]

    @property
    def version(self) -> str:
        """:func:`console_version` from the rows already loaded (no query)."""
        items = [row.item for row in self.rows]
        return _version_of(
            self.meeting.status,
            [(item.pk, item.status) for item in items],
            [(s.pk, s.stance, s.reason, s.recorded_at) for item in items for s in item.stances.all()],
            [(r.pk, r.person_id) for row in self.rows for r in row.recusals],
            [(a.pk, a.status, a.arrived_at, a.left_at) for a in self.attendances],
            [(item.vote.pk, item.vote.status) for item in items if getattr(item, "vote", None) is not None],
        )

    @property
    def current(self) -> ItemRow | None:
        """The item the console shows in full: the one taken up; else one discussed and awaiting
        its vote or decision; else, before the meeting closes, the next item to take up."""
        return next((row for row in self.rows if row.is_current), None)

    @property
    def done_count(self) -> int:
        return sum(1 for row in self.rows if row.is_done)

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.members if a.status == AttendanceStatus.PRESENT)

    @property
    def in_discussion(self) -> AgendaItem | None:
        return next((row.item for row in self.rows if row.item.status == ItemStatus.IN_DISCUSSION), None)

    @property
    def absent_without_leave(self) -> list[Attendance]:
        return [a for a in self.members if a.status == AttendanceStatus.ABSENT]


def items_for_console(meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        meeting.items.exclude(status=ItemStatus.WITHDRAWN)
        .select_related("proposed_by", "member_in_charge", "approved_by", "emergency", "vote")
        .prefetch_related(
            "attachments",
            Prefetch("stances", queryset=Stance.objects.select_related("person")),
            Prefetch("recusals", queryset=Recusal.objects.select_related("person")),
            Prefetch("written_opinions", queryset=WrittenOpinion.objects.select_related("person")),
            Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at", "-pk")),
        )
        .order_by("position", "pk")
    )


def console(meeting: Meeting, user, now: datetime.datetime | None = None) -> Console:
    """Everything the meeting console shows, in a fixed number of queries whatever the size."""
    now = now or timezone.now()
    person = person_of(user)
    day = meeting.date
    assignments = roles_on(meeting.committee, day)
    due = rules.members_due(meeting.kind, assignments, day)
    due_ids = {a.person_id for a in due}
    attendances = list(meeting.attendances.select_related("person", "leave_approved_by").order_by("role", "pk"))
    is_manager = can_manage_meeting(user, meeting)
    may_see_confidential = is_manager or (person is not None and person.pk in due_ids)
    version = meeting.rule_set_version
    materials_deadline = rules.notice_deadline(day, version.major_materials_working_days)
    # Before the session the console shows the quorum as it would be at the start.
    at = now if meeting.status == MeetingStatus.IN_SESSION else max(now, meeting.start_at)
    rows = [
        _item_row(
            item,
            meeting=meeting,
            due=due,
            attendances=attendances,
            at=at,
            now=now,
            materials_deadline=materials_deadline,
            may_see_confidential=may_see_confidential,
        )
        for item in items_for_console(meeting)
    ]
    current = _current_row(rows, meeting)
    if current is not None:
        current.is_current = True
        for cell in current.grid:
            own = person is not None and person.pk == cell.person_id
            cell.may_edit = cell.may_state and (is_manager or own)
            cell.chair_locked = cell.is_chair and bool(current.chair_waits_for)
    return Console(
        meeting=meeting,
        due=due,
        members=[a for a in attendances if a.role == AttendanceRole.MEMBER],
        observers=[a for a in attendances if a.role == AttendanceRole.OBSERVER],
        rows=rows,
        can_manage=is_manager,
        person=person,
        principal=rules.principal_leader(assignments, day),
        pending_amendments=list(meeting.amendments.filter(notice__isnull=True).select_related("item")),
        now=now,
        attendances=attendances,
    )


def _current_row(rows: list[ItemRow], meeting: Meeting) -> ItemRow | None:
    if meeting.status == MeetingStatus.CLOSED:
        return None
    for wanted in (
        lambda row: row.item.status == ItemStatus.IN_DISCUSSION,
        lambda row: row.awaits_decision,
        lambda row: row.item.status == ItemStatus.APPROVED,
        lambda row: row.item.status == ItemStatus.PROPOSED,
    ):
        row = next((row for row in rows if wanted(row)), None)
        if row is not None:
            return row
    return None


def _item_row(
    item: AgendaItem,
    *,
    meeting: Meeting,
    due: list[RoleAssignment],
    attendances: list[Attendance],
    at: datetime.datetime,
    now: datetime.datetime,
    materials_deadline: datetime.date,
    may_see_confidential: bool,
) -> ItemRow:
    """One item of the console: its quorum (M-Q6: live, or the snapshot taken when it was taken
    up), the stance grid of the members due (M-D1) and whom the chair still waits for (M-D2)."""
    item.meeting = meeting
    by_person = {a.person_id: a for a in attendances if a.person_id}
    due_ids = {a.person_id for a in due}
    stances = {s.person_id: s for s in item.stances.all()}
    recusals = list(item.recusals.all())
    recused_ids = {r.person_id for r in recusals}
    opinions = list(item.written_opinions.all())
    opinion_by_person = {o.person_id: o for o in opinions}
    # Taken up and finished: the stored snapshot; otherwise live, as people come and go (M-Q6).
    is_snapshot = item.quorum_due is not None and item.status != ItemStatus.IN_DISCUSSION
    if is_snapshot:
        result = snapshot_quorum(item)
    else:
        result = item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    grid = []
    present_ids = set()
    for assignment in due:
        attendance = by_person.get(assignment.person_id)
        is_present = attendance is not None and rules.is_present_at(attendance, now)
        if is_present:
            present_ids.add(assignment.person_id)
        grid.append(
            GridCell(
                assignment=assignment,
                is_present=is_present,
                stance=stances.get(assignment.person_id),
                recusal=next((r for r in recusals if r.person_id == assignment.person_id), None),
                opinion=opinion_by_person.get(assignment.person_id),
                is_chair=assignment.person_id == meeting.chair_id,
            )
        )
    waits = rules.stances_pending_before_chair(
        meeting.chair_id, meeting.chair_id, present_ids, recused_ids, stances.keys()
    )
    return ItemRow(
        item=item,
        quorum=result,
        is_snapshot=is_snapshot,
        grid=grid,
        recusals=recusals,
        opinions=opinions,
        warnings=item_warnings(item, materials_deadline),
        may_see_materials=may_see_confidential or not item.is_confidential,
        chair_waits_for=[c.assignment.person for c in grid if c.assignment.person_id in waits],
        decision=next(iter(item.decisions.all()), None),
    )


def item_warnings(item: AgendaItem, materials_deadline: datetime.date) -> list[str]:
    """M-N5 attachment warnings, M-N1 materials and M-N3 notice status of one item."""
    attachments = list(item.attachments.all())
    warnings = rules.attachment_warnings(item.category, [a.kind for a in attachments], item.needs_alternatives)
    if item.category in rules.MAJOR_CATEGORIES and item.meeting_id and item.status not in (ItemStatus.DISCUSSED,):
        notified = item.notified_at or (item.meeting.notice_sent_at if item.meeting else None)
        if not rules.materials_in_time(
            item.category, [a.uploaded_at for a in attachments], notified, materials_deadline
        ):
            warnings.append(
                _("M-N1: the materials of this major item must reach members by %(date)s.")
                % {"date": materials_deadline.isoformat()}
            )
    if (
        item.category in rules.IMPORTANT_CATEGORIES
        and item.meeting_id
        and item.meeting.is_notice_sent
        and not item.is_on_notified_agenda
    ):
        warnings.append(_("M-N3: this important matter is not on the notified agenda and cannot be decided here."))
    return warnings
