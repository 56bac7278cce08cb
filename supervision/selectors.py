"""Supervision reads, filtered by what the user may see."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q, QuerySet

from committees.models import Committee, Person
from committees.selectors import current_rules, visible_committees

from . import rules
from .models import NO_AWARD_SANCTIONS, AccountabilityCase, Inspection, LetterInquiry, Sanction, SupervisionItem


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def visible_items(user) -> QuerySet[SupervisionItem]:
    """Items of the committees the user sees, plus those that concern them personally (the
    responsible person or leader in charge of an item elsewhere)."""
    if not user.is_authenticated:
        return SupervisionItem.objects.none()
    condition = Q(committee__in=visible_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(responsible_person=person) | Q(leader_in_charge=person)
    return SupervisionItem.objects.filter(condition).select_related(
        "committee", "unit_committee", "responsible_person", "leader_in_charge"
    )


def item_list(user) -> QuerySet[SupervisionItem]:
    return visible_items(user).order_by("feedback_deadline", "pk")


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


def registrable_committees(user) -> QuerySet[Committee]:
    return visible_committees(user).order_by("name")


def visible_inspections(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(committee__in=visible_committees(user)).select_related(
        "committee", "unit_committee", "leader_in_charge", "unit_head", "person_concerned"
    )


def award_ineligible_people(committee: Committee, year: int) -> set[int]:
    """S-4: people who lost this year's awards through inspections of units by ``committee``."""
    version = current_rules(committee)
    streak = version.failed_inspections_award_loss if version else 2
    by_unit: dict[tuple, list[rules.InspectionFact]] = defaultdict(list)
    for inspection in Inspection.objects.filter(committee=committee, inspected_on__year=year):
        by_unit[inspection.unit_key].append(
            rules.InspectionFact(
                inspection.inspected_on,
                inspection.result,
                (inspection.leader_in_charge_id, inspection.unit_head_id, inspection.person_concerned_id),
            )
        )
    ineligible: set[int] = set(sanctioned_people(year, committee=committee))
    for facts in by_unit.values():
        ineligible |= rules.award_ineligible_people(facts, year, streak)
    return ineligible


def is_award_ineligible(person: Person, year: int) -> bool:
    """S-4, for a person's profile: did failed inspections this year cost them the awards?"""
    committees = (
        Inspection.objects.filter(inspected_on__year=year)
        .filter(Q(leader_in_charge=person) | Q(unit_head=person) | Q(person_concerned=person))
        .values_list("committee_id", flat=True)
        .distinct()
    )
    if person.pk in sanctioned_people(year, person=person):
        return True
    return any(person.pk in award_ineligible_people(c, year) for c in Committee.objects.filter(pk__in=committees))


def sanctioned_people(year: int, *, committee: Committee | None = None, person: Person | None = None) -> set[int]:
    """A-4 → S-4: people whose case decided in ``year`` took away the year's award eligibility."""
    sanctions = Sanction.objects.filter(
        kind__in=NO_AWARD_SANCTIONS, case__decided_on__year=year, case__subject_person__isnull=False
    )
    if committee is not None:
        sanctions = sanctions.filter(case__committee=committee)
    if person is not None:
        sanctions = sanctions.filter(case__subject_person=person)
    return set(sanctions.values_list("case__subject_person_id", flat=True))


# ---------------------------------------------------------------------------------- accountability


def visible_cases(user) -> QuerySet[AccountabilityCase]:
    """Cases of the committees the user sees, plus the user's own case."""
    if not user.is_authenticated:
        return AccountabilityCase.objects.none()
    condition = Q(committee__in=visible_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(subject_person=person)
    return AccountabilityCase.objects.filter(condition).select_related(
        "committee", "subject_committee", "subject_person", "decided_by"
    )


def visible_inquiries(user) -> QuerySet[LetterInquiry]:
    """Written inquiries of the committees the user sees, plus those sent to the user."""
    if not user.is_authenticated:
        return LetterInquiry.objects.none()
    condition = Q(committee__in=visible_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(person=person)
    return LetterInquiry.objects.filter(condition).select_related("committee", "person", "case")
