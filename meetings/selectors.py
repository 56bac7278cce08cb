"""Read queries for meetings, filtered by what the user may see and prepared for their pages."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import TEAM_ROLES, Committee, Person, RoleAssignment
from committees.selectors import can_manage, current_rules, visible_committees

from . import rules
from .models import (
    AgendaAmendment,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    ConfidentialRead,
    Decision,
    DecisionStatus,
    EmergencyHandling,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    NoticeRecipient,
    Recusal,
    Stance,
    Vote,
    VoteChoice,
    WrittenOpinion,
)


def person_of(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def visible_meetings(user) -> QuerySet[Meeting]:
    """Meetings of the committees the user sees."""
    return Meeting.objects.filter(committee__in=visible_committees(user).values("pk")).select_related(
        "committee", "chair", "recorder"
    )


def meeting_for_page(user, pk: int) -> Meeting:
    """One visible meeting with what its pages show (raises ``Meeting.DoesNotExist``)."""
    return visible_meetings(user).select_related("rule_set_version", "body", "committee__parent").get(pk=pk)


def visible_items(user) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(committee__in=visible_committees(user).values("pk")).select_related(
        "meeting", "committee", "proposed_by", "member_in_charge"
    )


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """The party office, the secretary and the deputy secretaries prepare, notify and run meetings."""
    return can_manage(user, meeting.committee)


def roles_on(committee: Committee, day: datetime.date) -> list[RoleAssignment]:
    """Every role held on ``day`` in the committee, with the person: one query."""
    return list(RoleAssignment.objects.filter(committee=committee).on(day).select_related("person"))


def members_due(meeting: Meeting, assignments: Sequence[RoleAssignment] | None = None) -> list[RoleAssignment]:
    """Members due to attend, from the role history on the meeting's date (see ``rules.members_due``)."""
    day = meeting.date
    if assignments is None:
        assignments = roles_on(meeting.committee, day)
    return rules.members_due(meeting.kind, assignments, day)


def item_quorum(
    item: AgendaItem,
    at: datetime.datetime,
    *,
    due_ids: set[int],
    attendances: Sequence[Attendance],
    recused_ids: set[int],
) -> rules.QuorumResult:
    """M-Q6: the item's quorum at ``at`` from already loaded attendance and recusals."""
    present_ids = {
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and rules.is_present_at(a, at)
    }
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


def quorum_for(item: AgendaItem, at: datetime.datetime | None = None) -> rules.QuorumResult:
    """The item's quorum now (or at ``at``), loading what it needs: three queries."""
    at = at or timezone.now()
    meeting = item.meeting
    due_ids = {a.person_id for a in members_due(meeting)}
    attendances = list(meeting.attendances.all())
    recused_ids = set(item.recusals.values_list("person_id", flat=True))
    return item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)


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


# --------------------------------------------------------------------------- the meeting console


@dataclass
class GridCell:
    """One member due × one item: what the stance grid shows."""

    assignment: RoleAssignment
    is_present: bool
    stance: Stance | None = None
    recusal: Recusal | None = None
    opinion: WrittenOpinion | None = None
    is_chair: bool = False


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

    @property
    def stance_counts(self) -> dict[str, int]:
        return dict(Counter(cell.stance.stance for cell in self.grid if cell.stance))


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
    by_person = {a.person_id: a for a in attendances if a.person_id}
    is_manager = can_manage_meeting(user, meeting)
    may_see_confidential = is_manager or (person is not None and person.pk in due_ids)
    version = meeting.rule_set_version
    materials_deadline = rules.notice_deadline(day, version.major_materials_working_days)
    # Before the session the console shows the quorum as it would be at the start.
    at = now if meeting.status == MeetingStatus.IN_SESSION else max(now, meeting.start_at)
    rows = []
    for item in items_for_console(meeting):
        item.meeting = meeting
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
        warnings = item_warnings(item, materials_deadline)
        rows.append(
            ItemRow(
                item=item,
                quorum=result,
                is_snapshot=is_snapshot,
                grid=grid,
                recusals=recusals,
                opinions=opinions,
                warnings=warnings,
                may_see_materials=may_see_confidential or not item.is_confidential,
                chair_waits_for=[c.assignment.person for c in grid if c.assignment.person_id in waits],
            )
        )
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


# --------------------------------------------------------------------------- lists


def agenda_pool(committee: Committee) -> QuerySet[AgendaItem]:
    """Items waiting for a meeting: newly collected, or deferred and coming back."""
    return (
        committee.agenda_items.filter(
            meeting__isnull=True, status__in=[ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.DEFERRED]
        )
        .select_related("proposed_by", "member_in_charge")
        .order_by("-deferred_count", "created_at", "pk")
    )


def my_notices(user) -> QuerySet[NoticeRecipient]:
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
    return (
        Meeting.objects.filter(Q(notices__recipients__person=person) | Q(attendances__person=person))
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("committee")
        .distinct()
        .order_by("start_at")
    )


def pending_emergency_reports(user) -> QuerySet[EmergencyHandling]:
    """M-E1: emergencies not yet reported to the team, of the committees the user sees."""
    return visible_emergency_handlings(user).filter(reported_at__isnull=True).order_by("report_due_at")


def visible_emergency_handlings(user) -> QuerySet[EmergencyHandling]:
    return EmergencyHandling.objects.filter(committee__in=visible_committees(user).values("pk")).select_related(
        "committee", "handled_by", "principal_consulted", "reported_item__meeting"
    )


# --------------------------------------------------------------------------- cadence and absences


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


# =========================================================================== votes, decisions, minutes


def visible_votes(user) -> QuerySet[Vote]:
    """Votes of the visible committees; those on confidential items (personnel) only for the
    leadership team and the meeting managers (M-M3, M-M7)."""
    votes = Vote.objects.filter(item__committee__in=visible_committees(user).values("pk")).select_related(
        "item__meeting__committee", "rule_set_version"
    )
    if user.is_superuser:
        return votes
    allowed = [c.pk for c in visible_committees(user) if may_see_confidential(user, c)]
    return votes.filter(Q(item__is_confidential=False) | Q(item__committee__in=allowed))


def live_counts(vote: Vote) -> dict[str, int] | None:
    """Live counts while an oral / show-of-hands / named vote is open. None for secret ballots:
    no partial tally of a secret ballot is visible to anyone before the vote closes (M-V6);
    only the number of members who have voted."""
    if vote.is_secret:
        return None
    counts = dict(vote.ballots.order_by().values("choice").annotate(n=Count("pk")).values_list("choice", "n"))
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}


def voted_count(vote: Vote) -> int:
    if vote.is_secret:
        return vote.secret_casts.count()
    return vote.ballots.count()


def has_voted(vote: Vote, person: Person | None) -> bool:
    if person is None:
        return False
    if vote.is_secret:
        return vote.secret_casts.filter(person=person).exists()
    return vote.ballots.filter(person=person).exists()


def may_see_confidential(user, committee: Committee) -> bool:
    """M-M3, M-M7: the full (confidential) records are for the leadership team and those who
    manage the committee's meetings; others see the distributed version."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or can_manage(user, committee):
        return True
    person = person_of(user)
    return (
        person is not None
        and committee.roles.on(timezone.localdate()).filter(person=person, role__in=TEAM_ROLES).exists()
    )


def visible_decisions(user) -> QuerySet[Decision]:
    """The decisions register; confidential decisions only for those allowed to see them."""
    decisions = Decision.objects.filter(committee__in=visible_committees(user).values("pk")).select_related(
        "committee", "item__meeting", "supersedes", "vote"
    )
    if user.is_superuser:
        return decisions
    allowed = [c.pk for c in visible_committees(user) if may_see_confidential(user, c)]
    return decisions.filter(Q(is_confidential=False) | Q(committee__in=allowed))


#: M-V8: shown when someone who did not take part in a decision records a reservation on it.
MSG_RESERVATION_BY_MEMBERS_PRESENT = gettext_lazy(
    "Only a member who was present at the meeting that took the decision records a reservation on it."
)
#: M-V8: one reservation per member and decision.
MSG_ONE_RESERVATION = gettext_lazy("You have already recorded a reservation on this decision.")


def may_record_reservation(person: Person | None, decision: Decision) -> bool:
    """M-V8: dissent is the dissent of a member who took part – a member due to attend the
    meeting that took the decision and present when it was taken; observers (O-5), staff and
    absent members do not record reservations. The page, the API and ``add_reservation`` ask this."""
    meeting_id = decision.item.meeting_id if decision.item_id else None
    if person is None or meeting_id is None:
        return False
    attendance = Attendance.objects.filter(meeting_id=meeting_id, person=person, role=AttendanceRole.MEMBER).first()
    return attendance is not None and rules.is_present_at(attendance, decision.decided_at)


def published_decisions() -> QuerySet[Decision]:
    """M-M6: the public notice page – published, not confidential, in force."""
    return Decision.objects.filter(
        published_at__isnull=False, is_confidential=False, status=DecisionStatus.IN_FORCE
    ).select_related("committee")


def visible_minutes(user) -> QuerySet[Minutes]:
    return Minutes.objects.filter(committee__in=visible_committees(user).values("pk")).select_related(
        "committee", "meeting", "approved_by"
    )


def has_confidential_items(minutes: Minutes) -> bool:
    return any(i.get("is_confidential") for i in minutes.content.get("items", []))


def read_minutes(user, minutes: Minutes, *, full: bool, what: str = "page") -> bool:
    """Decide which version ``user`` reads and log every read of confidential minutes (M-M7).
    Returns True when the full version is shown."""
    full = full and may_see_confidential(user, minutes.committee)
    if full and has_confidential_items(minutes):
        ConfidentialRead.objects.create(minutes=minutes, user=user, what=what)
    return full


def log_item_read(user, item: AgendaItem, *, what: str) -> None:
    """M-M7: a read of a confidential agenda item (its page, API answer or an attachment) by
    someone allowed to see its materials is logged, as reads of confidential minutes are."""
    log_item_reads(user, [item], what=what)


def log_item_reads(user, items, *, what: str) -> None:
    """``log_item_read`` for the confidential ones of ``items`` (a page of an API list), in one query."""
    reads = [ConfidentialRead(item=item, user=user, what=what) for item in items if item.is_confidential]
    if reads:
        ConfidentialRead.objects.bulk_create(reads)


def search_decisions(queryset: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """Text search on the register (pg_trgm index on PostgreSQL, plain LIKE elsewhere)."""
    return queryset.filter(resolution__icontains=text) if text else queryset


def decisions_in_force(committee: Committee) -> QuerySet[Decision]:
    """Binding decisions in force: what supervision items (next issue) link to."""
    return Decision.objects.filter(committee=committee, status=DecisionStatus.IN_FORCE, kind="decision").select_related(
        "item"
    )


def open_accountability_grounds(committee: Committee) -> QuerySet[Decision]:
    """M-V10: decisions marked invalid – each is a ground for accountability (next issue)."""
    return Decision.objects.filter(committee=committee, needs_accountability_review=True).select_related("item")
