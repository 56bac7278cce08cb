"""Decisions: recorded from a passed vote or by consensus (M-V3), recommendations of the bodies
that do not decide (M-V7), reservations (M-V8), re-deliberation by the same body (M-V9), invalid
decisions (M-V10) and publication (M-M6)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from committees.models import Person
from committees.rules import RuleViolation
from meetings import rules
from meetings.models import (
    AgendaItem,
    Decision,
    DecisionKind,
    DecisionStatus,
    ItemStatus,
    Meeting,
    Reservation,
    Vote,
)
from meetings.selectors.decisions import MSG_ONE_RESERVATION, MSG_RESERVATION_BY_MEMBERS_PRESENT, may_record_reservation

from .agenda import add_item
from .locks import acting_at, lock_item


def record_decision(
    item: AgendaItem, *, vote: Vote | None, resolution, basis, responsible, supervision, at, **extra
) -> Decision:
    """M-M3, M-V8: the decision with its basis, who implements it and how it is supervised; a
    re-deliberation supersedes the decision it re-deliberates (M-V9)."""
    meeting = item.meeting
    decision = Decision.objects.create(
        committee=item.committee,
        item=item,
        vote=vote,
        category=item.category,
        resolution=resolution.strip(),
        basis=basis.strip(),
        supervision=supervision.strip(),
        is_confidential=item.is_confidential,
        decided_at=at,
        rule_set_version=meeting.rule_set_version,
        **extra,
    )
    decision.responsible.set(responsible)
    if item.redeliberates_id:
        _supersede(item.redeliberates, decision, meeting)
    return decision


@transaction.atomic
def decide_by_consensus(
    item: AgendaItem,
    *,
    resolution: str,
    basis: str = "",
    responsible: Iterable[Person] = (),
    supervision: str = "",
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Decision:
    """Record a decision reached by consensus, without a vote. Refused for the categories that
    must be voted (M-V3) and, for important matters, at bodies that do not decide (M-V7)."""
    at = acting_at(at)
    item = lock_item(item)
    if item.status != ItemStatus.DISCUSSED or item.meeting is None:
        raise ValidationError(_("Close the discussion of the item first."))
    if rules.must_vote(item.category):
        raise RuleViolation(
            "M-V3",
            _("A %(category)s must be put to a vote; it cannot be decided by consensus.")
            % {"category": item.get_category_display()},
        )
    if not rules.may_decide(item.meeting.kind, item.category):
        raise RuleViolation(
            "M-V7",
            _("A %(kind)s records no binding decision on an important matter.")
            % {"kind": item.meeting.get_kind_display()},
        )
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item already has a decision."))
    return record_decision(
        item, vote=None, resolution=resolution, basis=basis, responsible=responsible, supervision=supervision, at=at
    )


@transaction.atomic
def record_recommendation(
    item: AgendaItem, *, text: str, forward: bool = True, by: Person | None = None, at=None
) -> Decision:
    """M-V7: a secretary office meeting or the five-person group records a consensus or
    recommendation (not binding) and forwards the matter to the standing committee's pool.
    On disagreement the item is deferred instead (``defer_item``)."""
    at = acting_at(at)
    item = lock_item(item)
    if item.meeting is None or item.meeting.kind not in rules.NON_DECISION_KINDS:
        raise ValidationError(_("Recommendations are recorded by the secretary office or the five-person group."))
    if item.status != ItemStatus.DISCUSSED:
        raise ValidationError(_("Close the discussion of the item first."))
    if not text.strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    forwarded = None
    if forward:
        forwarded = AgendaItem.objects.create(
            committee=item.committee,
            title=item.title,
            description=f"{item.description}\n\n{text.strip()}".strip(),
            category=item.category,
            proposed_by=item.proposed_by,
            proposing_department=item.proposing_department,
            member_in_charge=item.member_in_charge,
            department_consent_at=item.department_consent_at,
            is_confidential=item.is_confidential,
            created_by=by,
        )
    return Decision.objects.create(
        committee=item.committee,
        item=item,
        kind=DecisionKind.RECOMMENDATION,
        category=item.category,
        resolution=text.strip(),
        is_confidential=item.is_confidential,
        decided_at=at,
        forwarded_item=forwarded,
        rule_set_version=item.meeting.rule_set_version,
    )


@transaction.atomic
def add_reservation(
    decision: Decision, *, person: Person, text: str, report_upward: bool = False, at=None
) -> Reservation:
    """M-V8: a member's dissent is recorded as a reservation (and may be reported upward). The
    decision binds everyone and stays in force."""
    if not may_record_reservation(person, decision):
        raise RuleViolation("M-V8", str(MSG_RESERVATION_BY_MEMBERS_PRESENT))
    if not text.strip():
        raise ValidationError({"text": _("Write the reservation.")})
    if not decision.is_binding:
        raise ValidationError(_("Reservations are recorded on binding decisions."))
    if decision.reservations.filter(person=person).exists():
        raise RuleViolation("M-V8", str(MSG_ONE_RESERVATION))
    try:
        with transaction.atomic():
            return Reservation.objects.create(
                decision=decision,
                person=person,
                text=text.strip(),
                is_reported_upward=report_upward,
                recorded_at=acting_at(at),
            )
    except IntegrityError:  # a second request of the same member won the race (one_reservation_per_member)
        raise RuleViolation("M-V8", str(MSG_ONE_RESERVATION)) from None


def _same_body(decision: Decision, meeting: Meeting) -> bool:
    original = decision.item.meeting
    return meeting.committee_id == decision.committee_id and (
        original is None or rules.decision_body(original.kind) == rules.decision_body(meeting.kind)
    )


@transaction.atomic
def table_redeliberation(
    decision: Decision, *, meeting: Meeting | None = None, proposed_by: Person, title: str = "", by=None, at=None
) -> AgendaItem:
    """M-V9: only the same body changes a decision, by a new agenda item that references it."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=decision.pk)
    if decision.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(_("This decision has already been superseded."))
    if meeting is not None and not _same_body(decision, meeting):
        raise RuleViolation("M-V9", _("A decision is re-deliberated only by the body that took it."))
    return _redeliberation_item(
        decision,
        meeting=meeting,
        title=title or _("Re-deliberation: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.resolution,
        proposed_by=proposed_by,
        by=by,
        at=at,
    )


def _redeliberation_item(
    decision: Decision, *, meeting: Meeting | None, title: str, description: str, proposed_by: Person, by, at
) -> AgendaItem:
    """M-V9: the agenda item that re-deliberates ``decision``, with the decision's category and
    confidentiality; deciding it supersedes the decision."""
    item = add_item(
        committee=decision.committee,
        meeting=meeting,
        title=title,
        description=description,
        category=decision.category,
        proposed_by=proposed_by,
        is_confidential=decision.is_confidential,
        by=by,
        at=at,
    )
    item.redeliberates = decision
    item.save(update_fields=["redeliberates"])
    return item


def _supersede(old: Decision, new: Decision, meeting: Meeting) -> None:
    old = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=old.pk)
    if not _same_body(old, meeting):
        raise RuleViolation("M-V9", _("A decision is re-deliberated only by the body that took it."))
    if old.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(_("This decision has already been superseded."))
    old.status = DecisionStatus.SUPERSEDED
    old.save(update_fields=["status"])
    new.supersedes = old
    new.save(update_fields=["supersedes"])


@transaction.atomic
def invalidate_decision(
    decision: Decision, *, reason: str, proposed_by: Person, by: Person | None = None, at=None
) -> AgendaItem:
    """M-V10: a decision that skipped the procedure is marked invalid with the reason; it must be
    re-deliberated (an item goes into the pool) and it becomes a ground for accountability
    (supervision opens a case from it, A-2). Returns the re-deliberation item."""
    at = acting_at(at)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is invalid.")})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only a decision in force can be marked invalid."))
    decision.status = DecisionStatus.INVALID
    decision.invalid_reason = reason.strip()
    decision.invalidated_at = at
    decision.needs_accountability_review = True
    decision.save(update_fields=["status", "invalid_reason", "invalidated_at", "needs_accountability_review"])
    return _redeliberation_item(
        decision,
        meeting=None,
        title=_("Re-deliberation of an invalid decision: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.invalid_reason,
        proposed_by=proposed_by,
        by=by,
        at=at,
    )


@transaction.atomic
def publish_decision(decision: Decision, *, at=None) -> Decision:
    """M-M6: decisions are published on the notice page, except confidential ones."""
    if decision.is_confidential:
        raise RuleViolation("M-M6", _("A confidential decision is not published."))
    if not decision.is_binding or decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only a decision in force is published."))
    decision.published_at = decision.published_at or acting_at(at)
    decision.save(update_fields=["published_at"])
    return decision
