"""Decisions: recorded from a passed vote or by consensus (M-V3), recommendations of the bodies
that do not decide (M-V7), reservations (M-V8), re-deliberation by the same body (M-V9), invalid
decisions (M-V10) and publication (M-M6)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.actors import acting, person_of
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

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_CLOSE_DISCUSSION_ITEM = gettext_lazy("Close the discussion of the item first.")
MSG_MUST_PUT_VOTE_CANNOT_DECIDED_CONSENSUS = gettext_lazy(
    "A %(category)s must be put to a vote; it cannot be decided by consensus."
)
MSG_RECORDS_NO_BINDING_DECISION_IMPORTANT_MATTER = gettext_lazy(
    "A %(kind)s records no binding decision on an important matter."
)
MSG_ITEM_ALREADY_DECISION = gettext_lazy("This item already has a decision.")
MSG_RECOMMENDATIONS_RECORDED_SECRETARY_OFFICE_FIVE_PERSON = gettext_lazy(
    "Recommendations are recorded by the secretary office or the five-person group."
)
MSG_WRITE_RECOMMENDATION = gettext_lazy("Write the recommendation.")
MSG_WRITE_RESERVATION = gettext_lazy("Write the reservation.")
MSG_RESERVATIONS_RECORDED_BINDING_DECISIONS = gettext_lazy("Reservations are recorded on binding decisions.")
MSG_DECISION_ALREADY_SUPERSEDED = gettext_lazy("This decision has already been superseded.")
MSG_DECISION_RE_DELIBERATED_ONLY_BODY_TOOK = gettext_lazy("A decision is re-deliberated only by the body that took it.")
MSG_SAY_WHY_DECISION_INVALID = gettext_lazy("Say why the decision is invalid.")
MSG_ONLY_DECISION_FORCE_CAN_MARKED_INVALID = gettext_lazy("Only a decision in force can be marked invalid.")
MSG_CONFIDENTIAL_DECISION_NOT_PUBLISHED = gettext_lazy("A confidential decision is not published.")
MSG_ONLY_DECISION_FORCE_PUBLISHED = gettext_lazy("Only a decision in force is published.")


def record_decision(
    item: AgendaItem, *, vote: Vote | None, resolution, basis, responsible, supervision, at, acting_user: User, **extra
) -> Decision:
    """M-M3, M-V8: the decision with its basis, who implements it and how it is supervised; a
    re-deliberation supersedes the decision it re-deliberates (M-V9)."""
    meeting = item.meeting
    decision = Decision(
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
    acting(decision, acting_user).save()
    decision.responsible.set(responsible)
    if item.redeliberates_id:
        _supersede(item.redeliberates, decision, meeting, acting_user=acting_user)
    return decision


@transaction.atomic
def decide_by_consensus(
    item: AgendaItem,
    *,
    resolution: str,
    basis: str = "",
    responsible: Iterable[Person] = (),
    supervision: str = "",
    acting_user: User,
    at: datetime.datetime | None = None,
) -> Decision:
    """Record a decision reached by consensus, without a vote. Refused for the categories that
    must be voted (M-V3) and, for important matters, at bodies that do not decide (M-V7)."""
    at = acting_at(at)
    item = lock_item(item)
    if item.status != ItemStatus.DISCUSSED or item.meeting is None:
        raise ValidationError(MSG_CLOSE_DISCUSSION_ITEM)
    if rules.must_vote(item.category):
        raise RuleViolation(
            "M-V3",
            MSG_MUST_PUT_VOTE_CANNOT_DECIDED_CONSENSUS % {"category": item.get_category_display()},
        )
    if not rules.may_decide(item.meeting.kind, item.category):
        raise RuleViolation(
            "M-V7",
            MSG_RECORDS_NO_BINDING_DECISION_IMPORTANT_MATTER % {"kind": item.meeting.get_kind_display()},
        )
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(MSG_ITEM_ALREADY_DECISION)
    return record_decision(
        item,
        vote=None,
        resolution=resolution,
        basis=basis,
        responsible=responsible,
        supervision=supervision,
        at=at,
        acting_user=acting_user,
    )


@transaction.atomic
def record_recommendation(item: AgendaItem, *, text: str, forward: bool = True, acting_user: User, at=None) -> Decision:
    """M-V7: a secretary office meeting or the five-person group records a consensus or
    recommendation (not binding) and forwards the matter to the standing committee's pool.
    On disagreement the item is deferred instead (``defer_item``)."""
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    if item.meeting is None or item.meeting.kind not in rules.NON_DECISION_KINDS:
        raise ValidationError(MSG_RECOMMENDATIONS_RECORDED_SECRETARY_OFFICE_FIVE_PERSON)
    if item.status != ItemStatus.DISCUSSED:
        raise ValidationError(MSG_CLOSE_DISCUSSION_ITEM)
    if not text.strip():
        raise ValidationError({"text": MSG_WRITE_RECOMMENDATION})
    forwarded = None
    if forward:
        forwarded = AgendaItem(
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
        acting(forwarded, acting_user).save()
    decision = Decision(
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
    acting(decision, acting_user).save()
    return decision


@transaction.atomic
def add_reservation(
    decision: Decision, *, person: Person, text: str, report_upward: bool = False, at=None, acting_user: User
) -> Reservation:
    """M-V8: a member's dissent is recorded as a reservation (and may be reported upward). The
    decision binds everyone and stays in force."""
    if not may_record_reservation(person, decision):
        raise RuleViolation("M-V8", str(MSG_RESERVATION_BY_MEMBERS_PRESENT))
    if not text.strip():
        raise ValidationError({"text": MSG_WRITE_RESERVATION})
    if not decision.is_binding:
        raise ValidationError(MSG_RESERVATIONS_RECORDED_BINDING_DECISIONS)
    if decision.reservations.filter(person=person).exists():
        raise RuleViolation("M-V8", str(MSG_ONE_RESERVATION))
    try:
        with transaction.atomic():
            reservation = Reservation(
                decision=decision,
                person=person,
                text=text.strip(),
                is_reported_upward=report_upward,
                recorded_at=acting_at(at),
            )
            acting(reservation, acting_user).save()
            return reservation
    except IntegrityError:  # a second request of the same member won the race (one_reservation_per_member)
        raise RuleViolation("M-V8", str(MSG_ONE_RESERVATION)) from None


def _same_body(decision: Decision, meeting: Meeting) -> bool:
    original = decision.item.meeting
    return meeting.committee_id == decision.committee_id and (
        original is None or rules.decision_body(original.kind) == rules.decision_body(meeting.kind)
    )


@transaction.atomic
def table_redeliberation(
    decision: Decision,
    *,
    meeting: Meeting | None = None,
    proposed_by: Person,
    title: str = "",
    acting_user: User,
    at=None,
) -> AgendaItem:
    """M-V9: only the same body changes a decision, by a new agenda item that references it."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=decision.pk)
    if decision.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(MSG_DECISION_ALREADY_SUPERSEDED)
    if meeting is not None and not _same_body(decision, meeting):
        raise RuleViolation("M-V9", str(MSG_DECISION_RE_DELIBERATED_ONLY_BODY_TOOK))
    return _redeliberation_item(
        decision,
        meeting=meeting,
        title=title or _("Re-deliberation: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.resolution,
        proposed_by=proposed_by,
        acting_user=acting_user,
        at=at,
    )


def _redeliberation_item(
    decision: Decision,
    *,
    meeting: Meeting | None,
    title: str,
    description: str,
    proposed_by: Person,
    acting_user: User,
    at,
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
        acting_user=acting_user,
        at=at,
    )
    item.redeliberates = decision
    acting(item, acting_user).save(update_fields=["redeliberates"])
    return item


def _supersede(old: Decision, new: Decision, meeting: Meeting, *, acting_user: User) -> None:
    old = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=old.pk)
    if not _same_body(old, meeting):
        raise RuleViolation("M-V9", str(MSG_DECISION_RE_DELIBERATED_ONLY_BODY_TOOK))
    if old.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(MSG_DECISION_ALREADY_SUPERSEDED)
    old.status = DecisionStatus.SUPERSEDED
    acting(old, acting_user).save(update_fields=["status"])
    new.supersedes = old
    acting(new, acting_user).save(update_fields=["supersedes"])


@transaction.atomic
def invalidate_decision(
    decision: Decision, *, reason: str, proposed_by: Person, acting_user: User, at=None
) -> AgendaItem:
    """M-V10: a decision that skipped the procedure is marked invalid with the reason; it must be
    re-deliberated (an item goes into the pool) and it becomes a ground for accountability
    (supervision opens a case from it, A-2). Returns the re-deliberation item."""
    at = acting_at(at)
    if not reason.strip():
        raise ValidationError({"reason": MSG_SAY_WHY_DECISION_INVALID})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(MSG_ONLY_DECISION_FORCE_CAN_MARKED_INVALID)
    decision.status = DecisionStatus.INVALID
    decision.invalid_reason = reason.strip()
    decision.invalidated_at = at
    decision.needs_accountability_review = True
    acting(decision, acting_user).save(
        update_fields=["status", "invalid_reason", "invalidated_at", "needs_accountability_review"]
    )
    return _redeliberation_item(
        decision,
        meeting=None,
        title=_("Re-deliberation of an invalid decision: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.invalid_reason,
        proposed_by=proposed_by,
        acting_user=acting_user,
        at=at,
    )


@transaction.atomic
def publish_decision(decision: Decision, *, at=None, acting_user: User) -> Decision:
    """M-M6: decisions are published on the notice page, except confidential ones."""
    if decision.is_confidential:
        raise RuleViolation("M-M6", str(MSG_CONFIDENTIAL_DECISION_NOT_PUBLISHED))
    if not decision.is_binding or decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(MSG_ONLY_DECISION_FORCE_PUBLISHED)
    decision.published_at = decision.published_at or acting_at(at)
    acting(decision, acting_user).save(update_fields=["published_at"])
    return decision
