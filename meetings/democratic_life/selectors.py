"""Read queries for democratic life meetings, filtered by what the user may see (the same
committees as the meetings pages) and prepared for the page that uses them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from committees.models import BodyKind, Committee, Person, RoleAssignment
from committees.selectors import can_manage, committees_where_holding, in_visible_committees, visible_committees
from meetings import rules as meeting_rules
from meetings.models import Attendance, MeetingKind, MeetingStatus
from meetings.selectors.access import person_of
from meetings.selectors.attendance import roles_on
from reporting import deadlines
from reporting.models import Deadline
from reporting.periodic import rules as periodic_rules
from reporting.periodic.models import PeriodicObligation, PeriodicReportKind

from . import rules
from .models import (
    ComparisonMaterial,
    DemocraticLifeRecord,
    HeartToHeartTalk,
    PostponementRequest,
    PostponementStatus,
    RectificationMeasure,
)

HELD_STATES = (MeetingStatus.IN_SESSION, MeetingStatus.CLOSED)


def visible_records(user) -> QuerySet[DemocraticLifeRecord]:
    """Records of the committees the user sees, with what the list shows (no query per row)."""
    pending = PostponementRequest.objects.filter(record=OuterRef("pk"), status=PostponementStatus.PENDING)
    return (
        DemocraticLifeRecord.objects.filter(in_visible_committees(user))
        .select_related("committee", "committee__parent", "meeting", "report_obligation")
        .annotate(has_pending_request=Exists(pending))
    )


def record_for_page(user, pk: int) -> DemocraticLifeRecord:
    """One visible record (raises ``DemocraticLifeRecord.DoesNotExist``)."""
    return visible_records(user).select_related("rule_set_version", "created_by").get(pk=pk)


def can_manage_record(user, record: DemocraticLifeRecord) -> bool:
    """The committee's party office, secretary and deputy secretaries keep the record."""
    return can_manage(user, record.committee)


def status_of(record: DemocraticLifeRecord, today: datetime.date | None = None) -> str:
    meeting = record.meeting
    has_pending = getattr(record, "has_pending_request", None)
    if has_pending is None:
        has_pending = record.postponements.filter(status=PostponementStatus.PENDING).exists()
    return rules.status(
        year=record.year,
        planned=record.planned_date,
        meeting_day=meeting.date if meeting else None,
        is_held=meeting is not None and meeting.status in HELD_STATES,
        has_pending_request=has_pending,
        today=today or timezone.localdate(),
    )


def team_day(record: DemocraticLifeRecord) -> datetime.date:
    """The day whose role history gives the team: the meeting's date, else the planned date, else
    today held within the record's year."""
    if record.meeting_id:
        return record.meeting.date
    if record.planned_date:
        return record.planned_date
    today = timezone.localdate()
    return min(max(today, datetime.date(record.year, 1, 1)), datetime.date(record.year, 12, 31))


def members_due(record: DemocraticLifeRecord) -> list[RoleAssignment]:
    """The leadership team due at the meeting (same rule as the meetings: ``rules.members_due``)."""
    day = team_day(record)
    return meeting_rules.members_due(MeetingKind.DEMOCRATIC_LIFE, roles_on(record.committee, day), day)


# --------------------------------------------------------------------------- DL-2 postponement


def deciding_committees(user, on: datetime.date | None = None) -> QuerySet[Committee]:
    """Committees for which the user may record a postponement decision (DL-2)."""
    return committees_where_holding(user, rules.STANDING_COMMITTEE_RECORDER_ROLES, on)


def postponement_inbox(user) -> QuerySet[PostponementRequest]:
    """Pending requests of lower committees that the user's committee decides."""
    return (
        PostponementRequest.objects.filter(
            status=PostponementStatus.PENDING, approving_committee__in=deciding_committees(user).values("pk")
        )
        .select_related("record__committee", "approving_committee", "requested_by")
        .order_by("requested_at", "pk")
    )


def visible_postponements(user) -> QuerySet[PostponementRequest]:
    """Requests of the records the user sees, and those addressed to the user's committees."""
    visible = visible_committees(user).values("pk")
    return PostponementRequest.objects.filter(
        Q(record__committee__in=visible) | Q(approving_committee__in=deciding_committees(user).values("pk"))
    ).select_related("record__committee", "approving_committee", "requested_by", "decided_by")


def can_decide(user, request: PostponementRequest) -> bool:
    return deciding_committees(user).filter(pk=request.approving_committee_id).exists()


def roles_held(person: Person | None, committee: Committee, on: datetime.date) -> set[str]:
    if person is None:
        return set()
    return set(RoleAssignment.objects.on(on).filter(person=person, committee=committee).values_list("role", flat=True))


# --------------------------------------------------------------------------- DL-4 report


def owes_report(committee: Committee) -> bool:
    """DL-4 is tracked for the committees that owe the yearly report to a higher-level committee."""
    rule = periodic_rules.KIND_RULES[PeriodicReportKind.DEMOCRATIC_LIFE]
    return periodic_rules.owes(rule, committee.level, committee.parent.level if committee.parent_id else None)


def report_obligation(record: DemocraticLifeRecord) -> PeriodicObligation | None:
    """The periodic report (DL-4) of the record's year: the linked one, else the one the daily
    generation made for the committee and the year of the meeting."""
    if record.report_obligation_id:
        return record.report_obligation
    day = record.meeting.date if record.meeting_id else datetime.date(record.year, 12, 31)
    return (
        PeriodicObligation.objects.filter(
            kind=PeriodicReportKind.DEMOCRATIC_LIFE,
            reporting_committee=record.committee_id,
            period_start__lte=day,
            period_end__gte=day,
        )
        .select_related("receiving_committee", "submitted_by")
        .first()
    )


# --------------------------------------------------------------------------- the detail page


@dataclass
class MemberRow:
    assignment: RoleAssignment
    material: ComparisonMaterial | None
    talked_with: int
    attendance: Attendance | None = None


@dataclass
class Overview:
    record: DemocraticLifeRecord
    status: str
    due: list[RoleAssignment]
    rows: list[MemberRow]
    coverage: rules.TalkCoverage
    names: dict[int, str]
    opinions: list
    talks: list[HeartToHeartTalk]
    postponements: list[PostponementRequest]
    measures: list[RectificationMeasure]
    measure_deadlines: dict[int, object]
    obligation: PeriodicObligation | None
    owes_report: bool
    preparation_warnings: list[str]
    absence_warnings: list[str]
    can_manage: bool
    person: Person | None
    discipline_body: object = None
    missing_pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_held(self) -> bool:
        return self.record.meeting is not None and self.record.meeting.status in HELD_STATES

    @property
    def is_closed(self) -> bool:
        return self.record.meeting is not None and self.record.meeting.status == MeetingStatus.CLOSED

    @property
    def has_pending_request(self) -> bool:
        return any(p.is_pending for p in self.postponements)

    @property
    def is_member_due(self) -> bool:
        return self.person is not None and any(a.person_id == self.person.pk for a in self.due)

    @property
    def status_label(self) -> str:
        return rules.Status.label(self.status)


def overview(record: DemocraticLifeRecord, user) -> Overview:
    """Everything the detail page shows, in a fixed number of queries."""
    due = members_due(record)
    member_ids = [a.person_id for a in due]
    names = {a.person_id: a.person.name for a in due}
    talks = list(record.talks.select_related("person_a", "person_b"))
    coverage = rules.talk_coverage(member_ids, [(t.person_a_id, t.person_b_id) for t in talks])
    materials = {m.person_id: m for m in record.materials.all()}
    opinions = list(record.opinions.select_related("concerns", "recorded_by"))
    meeting = record.meeting
    attendances = {}
    absence = []
    if meeting is not None and meeting.status in HELD_STATES:
        rows = list(meeting.attendances.select_related("person"))
        attendances = {a.person_id: a for a in rows if a.person_id}
        absence = rules.absence_warnings(rows, meeting.start_at)
    member_rows = [
        MemberRow(
            assignment=a,
            material=materials.get(a.person_id),
            talked_with=sum(
                1 for other in member_ids if other != a.person_id and coverage.has_talked(a.person_id, other)
            ),
            attendance=attendances.get(a.person_id),
        )
        for a in due
    ]
    preparation = []
    if meeting is None or meeting.status not in HELD_STATES:
        preparation = _preparation_warnings(record, due, opinions, coverage, materials, names)
    measures, measure_deadlines = _measures_with_deadlines(record)
    parent = record.committee.parent
    discipline_body = None
    if parent is not None:
        discipline_body = parent.bodies.filter(kind=BodyKind.DISCIPLINE_COMMISSION).first()
    return Overview(
        record=record,
        status=status_of(record),
        due=due,
        rows=member_rows,
        coverage=coverage,
        names=names,
        opinions=opinions,
        talks=talks,
        postponements=list(record.postponements.select_related("approving_committee", "requested_by", "decided_by")),
        measures=measures,
        measure_deadlines=measure_deadlines,
        obligation=report_obligation(record),
        owes_report=owes_report(record.committee),
        preparation_warnings=preparation,
        absence_warnings=absence,
        can_manage=can_manage_record(user, record),
        person=person_of(user),
        discipline_body=discipline_body,
        missing_pairs=[(names[a], names[b]) for a, b in coverage.missing],
    )


def _preparation_warnings(record: DemocraticLifeRecord, due, opinions, coverage, materials, names) -> list[str]:
    """DL-1 before the meeting: a theme, opinions collected beforehand, every pair of members
    talked to each other, every member's comparison material."""
    meeting_day = record.meeting.date if record.meeting else None
    return rules.preparation_warnings(
        rules.Preparation(
            has_theme=bool(record.theme.strip()),
            opinions_before=sum(1 for o in opinions if meeting_day is None or o.collected_on <= meeting_day),
            coverage=coverage,
            missing_material_names=tuple(a.person.name for a in due if a.person_id not in materials),
            names=names,
        )
    )


def _measures_with_deadlines(record: DemocraticLifeRecord) -> tuple[list[RectificationMeasure], dict]:
    """DL-3: the rectification measures, each with its deadline (one query for all of them)."""
    measures = list(record.measures.select_related("responsible", "completed_by"))
    measure_deadlines = {}
    if measures:
        found = Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(RectificationMeasure), object_id__in=[m.pk for m in measures]
        )
        measure_deadlines = {d.object_id: d for d in found}
        for measure in measures:
            measure.deadline = measure_deadlines.get(measure.pk)
    return measures, measure_deadlines


def visible_measures(user) -> QuerySet[RectificationMeasure]:
    return RectificationMeasure.objects.filter(in_visible_committees(user, "record__committee")).select_related(
        "record__committee", "responsible"
    )


def records_with_children(queryset: QuerySet[DemocraticLifeRecord]) -> QuerySet[DemocraticLifeRecord]:
    """For the API's detail: the sections prefetched."""
    return queryset.prefetch_related(
        "opinions",
        Prefetch("talks", queryset=HeartToHeartTalk.objects.order_by("talked_on", "pk")),
        "materials",
        "postponements",
        "measures",
    )


def measure_deadline(measure: RectificationMeasure):
    return deadlines.for_subject(measure).first()
