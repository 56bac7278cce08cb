"""Supervision reads, filtered by what the user may see."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from committees.models import TEAM_ROLES, Committee, Person, Role, RoleAssignment
from committees.permissions import OVERSEEING_ROLES
from committees.selectors import committees_where_holding, current_rules, in_visible_committees, visible_committees
from meetings.models import Decision, DecisionKind, DecisionStatus
from meetings.selectors.decisions import visible_decisions

from . import rules
from .models import (
    NO_AWARD_SANCTIONS,
    AccountabilityCase,
    Feedback,
    Inspection,
    ItemState,
    LetterInquiry,
    ReviewOutcome,
    Sanction,
    SourceKind,
    SupervisionItem,
    SupervisionWaiver,
)


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def _acting_person(user_or_person) -> Person | None:
    if isinstance(user_or_person, Person):
        return user_or_person
    return _person(user_or_person) if user_or_person is not None else None


def visible_items(user) -> QuerySet[SupervisionItem]:
    """Items of the committees the user sees, plus those that concern them personally (the
    responsible person or leader in charge of an item elsewhere)."""
    if not user.is_authenticated:
        return SupervisionItem.objects.none()
    condition = in_visible_committees(user)
    person = _person(user)
    if person is not None:
        condition |= Q(responsible_person=person) | Q(leader_in_charge=person)
    return SupervisionItem.objects.filter(condition).select_related(
        "committee", "unit_committee", "responsible_person", "leader_in_charge"
    )


def item_list(user) -> QuerySet[SupervisionItem]:
    """The items list: the visible items with what its rows show – the committee, the undertaking
    unit and the responsible person, not the leader in charge ``visible_items`` joins (issue 19)."""
    return (
        visible_items(user)
        .select_related(None)
        .select_related("committee", "unit_committee", "responsible_person")
        .order_by("feedback_deadline", "pk")
    )


def item_detail(user, pk: int) -> SupervisionItem:
    """Raises ``SupervisionItem.DoesNotExist`` when the user may not see it."""
    return (
        visible_items(user)
        .select_related("rule_set_version", "registered_by", "approved_by", "assigned_by", "closed_by", "reported_to")
        .get(pk=pk)
    )


def timeline(item: SupervisionItem):
    """Urging, feedback and reviews of an item, for its detail page."""
    return {
        "urgings": list(item.urgings.select_related("recorded_by")),
        "feedbacks": list(item.feedbacks.select_related("submitted_by", "review__reviewed_by")),
    }


# ---------------------------------------------------------------------------------- S-1: decisions


def may_waive_supervision(user_or_person, decision) -> bool:
    """S-1 (001 督查督办(二), "件件有督查"): every binding decision is supervised by the member in charge;
    only the principal leader of the committee that took it – who approves supervision items (S-2) –
    may decide that one is not. The decision's page and ``services.waive_decision`` both ask this."""
    person = _acting_person(user_or_person)
    if person is None:
        return False
    return (
        RoleAssignment.objects.on(timezone.localdate())
        .filter(person=person, committee_id=decision.committee_id, role__in=rules.PRINCIPAL_ROLES)
        .exists()
    )


def decision_supervision(user, decision) -> tuple[SupervisionWaiver | None, SupervisionItem | None]:
    """S-1 for a decision's page: its waiver, or else its supervision item as the user sees it."""
    waiver = SupervisionWaiver.objects.filter(decision=decision).select_related("waived_by").first()
    if waiver is not None:
        return waiver, None
    item = (
        visible_items(user)
        .filter(
            source_kind=SourceKind.COMMITTEE_DECISION,
            source_content_type=ContentType.objects.get_for_model(decision),
            source_object_id=decision.pk,
        )
        .first()
    )
    return None, item


# ---------------------------------------------------------------------------------- the inspectors' board

#: Items whose feedback is awaited from the unit: only these can be overdue.
AWAITING_FEEDBACK = (ItemState.ASSIGNED, ItemState.IN_PROGRESS)
BOARD_CARDS_PER_COLUMN = 8


def overdue_q(today: datetime.date) -> Q:
    """S-2: assigned or in progress, and the feedback deadline has passed."""
    return Q(state__in=AWAITING_FEEDBACK, feedback_deadline__lt=today)


@dataclass(frozen=True)
class BoardColumn:
    state: str
    label: str
    count: int
    overdue: int
    cards: list[SupervisionItem]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def board_columns(items: QuerySet[SupervisionItem], today: datetime.date) -> list[BoardColumn]:
    """The kanban: one column per S-2 state, overdue cards first, then by deadline. One query for the
    counts and one per column, whatever the number of items."""
    items = items.annotate(is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False)))
    counts = {
        row["state"]: row
        for row in items.order_by().values("state").annotate(n=Count("pk"), late=Count("pk", filter=Q(is_overdue=True)))
    }
    columns = []
    for state, label in ItemState.choices:
        row = counts.get(state, {"n": 0, "late": 0})
        ordering = ("-closed_at", "-pk") if state == ItemState.CLOSED else ("-is_overdue", "feedback_deadline", "pk")
        cards = list(items.filter(state=state).order_by(*ordering)[:BOARD_CARDS_PER_COLUMN]) if row["n"] else []
        columns.append(BoardColumn(state, str(label), row["n"], row["late"], cards))
    return columns


def on_time_by_unit(items: QuerySet[SupervisionItem], today: datetime.date) -> list[tuple[str, int, int]]:
    """(unit, on time, due) for the on-time rate chart. An item counts once its deadline has passed
    or its finished feedback is in; it is on time when a finished feedback, not rejected, was
    submitted by the (current) feedback deadline, Beijing time."""
    finished = Feedback.objects.filter(item=OuterRef("pk"), is_finished=True)
    in_time = finished.filter(submitted_at__date__lte=OuterRef("feedback_deadline")).exclude(
        review__outcome=ReviewOutcome.REJECTED
    )
    rows = (
        items.exclude(state__in=(ItemState.REGISTERED, ItemState.APPROVED))
        .annotate(has_finished=Exists(finished), on_time=Exists(in_time))
        .filter(Q(feedback_deadline__lt=today) | Q(has_finished=True))
        .order_by()
        .values("unit_committee__name", "unit_name")
        .annotate(due=Count("pk"), met=Count("pk", filter=Q(on_time=True)))
    )
    result = [(row["unit_committee__name"] or row["unit_name"] or "—", row["met"], row["due"]) for row in rows]
    return sorted(result, key=lambda row: (Fraction(row[1], row[2]) if row[2] else Fraction(1), row[0]))


def registrable_committees(user) -> QuerySet[Committee]:
    return visible_committees(user).order_by("name")


def visible_inspections(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(in_visible_committees(user)).select_related(
        "committee", "unit_committee", "leader_in_charge", "unit_head", "person_concerned"
    )


#: S-3: on the inspected committee, who writes its rectification report – its principal leaders
#: and its party office (not the inspectors who found the problems, not observers).
RECTIFYING_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_STAFF})


def may_report_rectification(user_or_person, inspection: Inspection) -> bool:
    """S-3: "the unit writes a rectification report" – the unit head, the person concerned or the
    leader in charge named on the inspection, or the inspected committee's principal leaders and
    party office. A department outside the system (``unit_name``) hands its report to the
    inspecting committee's supervision office, which records it. The page and
    ``services.report_rectification`` both ask this."""
    person = _acting_person(user_or_person)
    if person is None:
        return False
    if person.pk in (inspection.unit_head_id, inspection.person_concerned_id, inspection.leader_in_charge_id):
        return True
    if inspection.unit_committee_id is not None:
        committee_id, roles = inspection.unit_committee_id, RECTIFYING_ROLES
    else:
        committee_id, roles = inspection.committee_id, rules.OFFICE_ROLES
    return (
        RoleAssignment.objects.on(timezone.localdate())
        .filter(person=person, committee_id=committee_id, role__in=roles)
        .exists()
    )


def rectifiable_inspection_ids(user, inspections) -> set[int]:
    """The inspections of a page whose rectification report ``user`` may record – what
    ``may_report_rectification`` answers for each, in one query: the list links only those
    (issue 14: the others answered 403)."""
    person = _acting_person(user)
    if person is None:
        return set()
    held = set(
        RoleAssignment.objects.on(timezone.localdate())
        .filter(person=person, role__in=RECTIFYING_ROLES | rules.OFFICE_ROLES)
        .values_list("committee_id", "role")
    )
    allowed = set()
    for inspection in inspections:
        if inspection.unit_committee_id is not None:
            committee_id, roles = inspection.unit_committee_id, RECTIFYING_ROLES
        else:
            committee_id, roles = inspection.committee_id, rules.OFFICE_ROLES
        named = person.pk in (inspection.unit_head_id, inspection.person_concerned_id, inspection.leader_in_charge_id)
        if named or any((committee_id, role) in held for role in roles):
            allowed.add(inspection.pk)
    return allowed


@dataclass(frozen=True)
class AwardLoss:
    """Why someone – a person or a whole team – lost a year's award eligibility."""

    rule_id: str
    """S-4 (failed inspections in a row) or A-4 (a sanction)."""
    committee: Committee
    """The committee whose inspections or case took the eligibility away."""
    person: Person | None
    team: Committee | None
    reason: str
    case: AccountabilityCase | None = None

    @property
    def subject(self):
        return self.team if self.team is not None else self.person


def award_losses(committee: Committee, year: int) -> list[AwardLoss]:
    """S-4 and A-4 together, for the units and cases of ``committee`` in ``year``: one entry per
    subject and reason, people of failed units first."""
    version = current_rules(committee)
    streak = version.failed_inspections_award_loss if version else 2
    by_unit: dict[tuple, list[rules.InspectionFact]] = defaultdict(list)
    names: dict[tuple, str] = {}
    for inspection in Inspection.objects.filter(committee=committee, inspected_on__year=year).select_related(
        "unit_committee"
    ):
        names[inspection.unit_key] = (
            inspection.unit_committee.name if inspection.unit_committee else inspection.unit_name
        )
        by_unit[inspection.unit_key].append(
            rules.InspectionFact(
                inspection.inspected_on,
                inspection.result,
                (inspection.leader_in_charge_id, inspection.unit_head_id, inspection.person_concerned_id),
            )
        )
    losing: dict[int, list[str]] = defaultdict(list)
    for key, facts in by_unit.items():
        for pk in rules.award_ineligible_people(facts, year, streak):
            losing[pk].append(names[key])
    people = Person.objects.in_bulk(losing.keys())
    losses = [
        AwardLoss(
            "S-4",
            committee,
            people[pk],
            None,
            gettext("%(unit)s failed %(count)s inspections in a row")
            % {"unit": "、".join(sorted(units)), "count": streak},
        )
        for pk, units in sorted(losing.items(), key=lambda entry: people[entry[0]].name)
    ]
    sanctions = (
        Sanction.objects.filter(kind__in=NO_AWARD_SANCTIONS, case__committee=committee, case__decided_on__year=year)
        .select_related("case", "case__subject_person", "case__subject_committee")
        .order_by("case__decided_on", "pk")
    )
    for sanction in sanctions:
        case = sanction.case
        losses.append(
            AwardLoss(
                "A-4",
                committee,
                case.subject_person,
                case.subject_committee,
                str(sanction.get_kind_display()),
                case=case,
            )
        )
    return losses


def award_ineligible_people(committee: Committee, year: int) -> set[int]:
    """S-4 / A-4: people who lost this year's awards through inspections of units by ``committee``
    or a sanction of one of its cases."""
    return {loss.person.pk for loss in award_losses(committee, year) if loss.person is not None}


def person_award_losses(person: Person, year: int) -> list[AwardLoss]:
    """S-4 / A-4 for a person's profile: every reason, from whichever committee inspected or decided."""
    inspected = Inspection.objects.filter(inspected_on__year=year).filter(
        Q(leader_in_charge=person) | Q(unit_head=person) | Q(person_concerned=person)
    )
    sanctioned = Sanction.objects.filter(
        kind__in=NO_AWARD_SANCTIONS, case__decided_on__year=year, case__subject_person=person
    )
    committees = Committee.objects.filter(
        Q(pk__in=inspected.values("committee_id")) | Q(pk__in=sanctioned.values("case__committee_id"))
    )
    return [
        loss
        for committee in committees.order_by("name")
        for loss in award_losses(committee, year)
        if loss.person is not None and loss.person.pk == person.pk
    ]


def is_award_ineligible(person: Person, year: int) -> bool:
    """S-4 / A-4, for a person's profile: did failed inspections or a sanction cost them the awards?"""
    return bool(person_award_losses(person, year))


# ---------------------------------------------------------------------------------- accountability


#: A-1..A-7, M-M7: on the committee that opened a case or sent an inquiry, who reads them – the
#: principal leader, the supervision and discipline office (who handle them) and the organisation
#: member and staff (organisational handling, A-4). Not delegates (observers, O-5), not petition
#: staff, not every member: the persons concerned read their own (see ``visible_cases``).
CASE_READING_ROLES = frozenset(
    {
        Role.SECRETARY,
        Role.DISCIPLINE_SECRETARY,
        Role.DISCIPLINE_INSPECTOR,
        Role.OFFICE_STAFF,
        Role.ORGANIZATION_MEMBER,
        Role.ORGANIZATION_STAFF,
    }
)


def case_reading_committees(user) -> QuerySet[Committee]:
    """Committees whose cases and inquiries the user reads by role: where they hold a reading
    role, and the children of a committee whose organisation department they belong to (O-1)."""
    own = committees_where_holding(user, CASE_READING_ROLES)
    overseen = Committee.objects.filter(parent__in=committees_where_holding(user, OVERSEEING_ROLES))
    return Committee.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=overseen.values("pk")))


def visible_cases(user) -> QuerySet[AccountabilityCase]:
    """Cases of the committees whose cases the user reads by role (``CASE_READING_ROLES``), plus
    those that concern them: their own case, a case on a team they belong to, a case where they
    bear a share of responsibility or were sent an inquiry."""
    if not user.is_authenticated:
        return AccountabilityCase.objects.none()
    condition = Q(committee__in=case_reading_committees(user).values("pk"))
    person = _person(user)
    if person is not None:
        teams = RoleAssignment.objects.on(timezone.localdate()).filter(person=person, role__in=TEAM_ROLES)
        concerned = AccountabilityCase.objects.filter(
            Q(subject_person=person)
            | Q(subject_committee__in=teams.values("committee"))
            | Q(responsibilities__person=person)
            | Q(inquiries__person=person)
        )
        condition |= Q(pk__in=concerned.values("pk"))
    return AccountabilityCase.objects.filter(condition).select_related(
        "committee", "subject_committee", "subject_person", "decided_by"
    )


def case_people(case: AccountabilityCase) -> QuerySet[Person]:
    """A-3 / A-7: who can bear responsibility in a case or receive its inquiry – the case's person,
    or today's holders of roles in the committee and the team concerned."""
    committees = [pk for pk in (case.committee_id, case.subject_committee_id) if pk]
    holders = RoleAssignment.objects.on(timezone.localdate()).filter(committee__in=committees).values("person")
    return Person.objects.filter(Q(pk__in=holders) | Q(pk=case.subject_person_id)).order_by("name")


def visible_inquiries(user) -> QuerySet[LetterInquiry]:
    """A-7: written inquiries of the committees whose cases the user reads by role
    (``CASE_READING_ROLES``), plus those sent to the user – not the rest of the team."""
    if not user.is_authenticated:
        return LetterInquiry.objects.none()
    condition = Q(committee__in=case_reading_committees(user).values("pk"))
    person = _person(user)
    if person is not None:
        condition |= Q(person=person)
    return LetterInquiry.objects.filter(condition).select_related("committee", "person", "case")


#: S-2: states in which an item still waits for the unit's work or the office's review.
OPEN_STATES = (ItemState.REGISTERED, ItemState.APPROVED, ItemState.ASSIGNED, ItemState.IN_PROGRESS, ItemState.FEEDBACK)


def decisions_not_carried_out(user, committee_ids, *, rows: int) -> tuple[int, list[Decision]]:
    """S-1: binding decisions in force, not waived, whose supervision item is still open or not
    registered yet – how many, and the first ``rows`` by feedback deadline (those without one
    last), then date. Each row carries ``supervision_pk``, ``supervision_state``,
    ``supervision_state_label`` and ``supervision_deadline`` (None without an item).

    A decision has at most one item (``supervision_one_item_per_decision``). The two kinds are
    read apart – open items from the items' side, decisions without an item by an anti-join – and
    merged here: one query per decision with three correlated subqueries, sorted on one of them,
    cost 350 ms for a county's 8,000 decisions (issue 19); these are a few index reads each."""
    candidates = visible_decisions(user).filter(
        committee_id__in=committee_ids,
        status=DecisionStatus.IN_FORCE,
        kind=DecisionKind.DECISION,
        supervision_waiver__isnull=True,
    )
    of_decisions = SupervisionItem.objects.filter(
        source_kind=SourceKind.COMMITTEE_DECISION, source_content_type=ContentType.objects.get_for_model(Decision)
    )
    open_items = of_decisions.filter(state__in=OPEN_STATES, source_object_id__in=candidates.values("pk"))
    without_item = candidates.filter(~Exists(of_decisions.filter(source_object_id=OuterRef("pk"))))
    first_items = list(
        open_items.annotate(
            decided_at=Subquery(Decision.objects.filter(pk=OuterRef("source_object_id")).values("decided_at"))
        )
        .order_by(F("feedback_deadline").asc(nulls_last=True), "decided_at", "source_object_id")
        .values("pk", "state", "feedback_deadline", "source_object_id")[:rows]
    )
    by_decision = {item["source_object_id"]: item for item in first_items}
    first_without = without_item.select_related(None).order_by("decided_at", "pk").values_list("pk", flat=True)
    decisions = list(candidates.filter(pk__in=[*by_decision, *first_without[:rows]]))
    for decision in decisions:
        item = by_decision.get(decision.pk)
        decision.supervision_pk = item["pk"] if item else None
        decision.supervision_state = item["state"] if item else None
        decision.supervision_state_label = ItemState(item["state"]).label if item else ""
        decision.supervision_deadline = item["feedback_deadline"] if item else None
    decisions.sort(
        key=lambda d: (d.supervision_deadline is None, d.supervision_deadline or datetime.date.min, d.decided_at, d.pk)
    )
    return open_items.count() + without_item.count(), decisions[:rows]
