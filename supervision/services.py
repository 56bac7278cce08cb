"""Supervision actions (S-1..S-6). Views, the API and other apps (meetings) call these."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, is_system, person_of, system_user
from committees.models import Committee, Person, RoleAssignment
from committees.phrases import stored
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.notify import notify
from reporting.schedules import days_schedule

from . import phrases, rules, selectors
from .messages import MSG_DESCRIBE_PROBLEMS, MSG_WRITE_RECTIFICATION_REPORT
from .models import (
    INDIVIDUAL_SANCTIONS,
    NO_AWARD_SANCTIONS,
    TEAM_SANCTIONS,
    AccountabilityCase,
    AccountabilityGround,
    Feedback,
    InquiryOutcome,
    Inspection,
    InspectionResult,
    LeadershipPosition,
    LetterInquiry,
    Mitigation,
    Responsibility,
    ResponsibilityDegree,
    Review,
    ReviewOutcome,
    Sanction,
    SourceKind,
    SupervisionItem,
    SupervisionWaiver,
    UrgingRecord,
)
from .rules import OFFICE_ROLES, PRINCIPAL_ROLES, Action, Actor
from .talks import services as talks
from .talks.models import Trigger

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


def acting_person(acting_user: User, on_behalf_of: Person | None = None) -> Person | None:
    """Who acts in the rulebook's sense: the person behind ``acting_user``'s login. Only the system
    user (a demo seed, a task) names another person it acts for; a login acts as itself."""
    if on_behalf_of is None:
        return person_of(acting_user)
    if not is_system(acting_user) and on_behalf_of != person_of(acting_user):
        raise ValueError("Only the system user acts on behalf of another person.")
    return on_behalf_of


def actors_for(person: Person | None, item: SupervisionItem, on: datetime.date | None = None) -> set[str]:
    """S-2: in which capacities ``person`` may act on ``item`` today."""
    if person is None:
        return set()
    roles = set(
        RoleAssignment.objects.on(on or timezone.localdate())
        .filter(person=person, committee_id=item.committee_id)
        .values_list("role", flat=True)
    )
    actors = set()
    if roles & PRINCIPAL_ROLES:
        actors.add(Actor.PRINCIPAL)
    if roles & OFFICE_ROLES:
        actors.add(Actor.OFFICE)
    if person.pk in (item.responsible_person_id, item.leader_in_charge_id):
        actors.add(Actor.UNIT)
    return actors


def _advance(item: SupervisionItem, action: str, by: Person | None) -> SupervisionItem:
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.state = rules.next_state(item.state, action, actors_for(by, item))
    return item


def _register_feedback_deadline(
    item: SupervisionItem, due_on: datetime.date, title: dict, *, acting_user: User
) -> None:
    """S-2: the feedback (or next progress report) date is an obligation of the undertaking unit."""
    deadlines.register(
        subject=item,
        committee=item.committee,
        title=title,
        due_at=rules.due_at_end_of(due_on),
        rule_id="S-2",
        schedule=days_schedule(before=(3, 1)),
        owner=item.responsible_person or item.leader_in_charge,
        url=reverse("supervision_detail", args=[item.pk]),
        rule_set_version=item.rule_set_version,
        acting_user=acting_user,
    )


#: S-2: shown when an item is registered without the matter to supervise.
MSG_DESCRIBE_MATTER = gettext_lazy("Describe the matter to supervise.")
#: S-2: shown when an item names no undertaking unit.
MSG_NAME_UNIT = gettext_lazy("Name the undertaking unit.")


@transaction.atomic
def register_item(
    *,
    committee: Committee,
    source_kind: str,
    matter: str,
    feedback_deadline: datetime.date,
    acting_user: User,
    on_behalf_of: Person | None = None,
    source=None,
    basis: str = "",
    requirements: str = "",
    unit_committee: Committee | None = None,
    unit_name: str = "",
    responsible_person: Person | None = None,
    leader_in_charge: Person | None = None,
) -> SupervisionItem:
    """S-1/S-2 立项登记: the matter, basis, requirements, unit and feedback deadline."""
    bounds.require_dates(feedback_deadline=feedback_deadline)
    if not matter.strip():
        raise ValidationError(MSG_DESCRIBE_MATTER)
    if unit_committee is None and not unit_name.strip():
        raise ValidationError(MSG_NAME_UNIT)
    item = SupervisionItem(
        committee=committee,
        source_kind=source_kind,
        source_content_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_object_id=source.pk if source is not None else None,
        matter=matter.strip(),
        basis=basis.strip(),
        requirements=requirements.strip(),
        unit_committee=unit_committee,
        unit_name=unit_name.strip(),
        responsible_person=responsible_person,
        leader_in_charge=leader_in_charge,
        feedback_deadline=feedback_deadline,
        registered_by=acting_person(acting_user, on_behalf_of),
        rule_set_version=current_rules(committee),
    )
    acting(item, acting_user).save()
    return item


def item_for_decision(decision) -> SupervisionItem | None:
    return SupervisionItem.objects.filter(
        source_kind=SourceKind.COMMITTEE_DECISION,
        source_content_type=ContentType.objects.get_for_model(decision),
        source_object_id=decision.pk,
    ).first()


#: S-1: default time the member in charge has to report on a decision.
DECISION_FEEDBACK_DAYS = 30
#: S-1: shown when a waiver names nobody who waives.
MSG_WHO_WAIVES = gettext_lazy("Say who waives the supervision.")
#: S-1: shown when a decision's supervision is waived without a reason.
MSG_WAIVER_NEEDS_REASON = gettext_lazy("Waiving the supervision of a decision needs a reason.")


@transaction.atomic
def create_items_for_decision(
    decision,
    *,
    acting_user: User,
    on_behalf_of: Person | None = None,
    waive_reason: str = "",
    feedback_deadline: datetime.date | None = None,
) -> list[SupervisionItem]:
    """S-1 (001 督查督办(二), "件件有督查,事事有结果"): every binding decision is supervised by the
    member in charge, unless explicitly waived with a reason. Calling it twice is harmless."""
    bounds.require_dates(feedback_deadline=feedback_deadline)
    if not decision.is_binding:
        return []
    existing = item_for_decision(decision)
    if existing is not None:
        return [existing]
    if SupervisionWaiver.objects.filter(decision=decision).exists():
        return []
    if waive_reason.strip():
        by = acting_person(acting_user, on_behalf_of)
        if by is None:
            raise ValidationError(MSG_WHO_WAIVES)
        waiver = SupervisionWaiver(decision=decision, reason=waive_reason.strip(), waived_by=by)
        acting(waiver, acting_user).save()
        return []
    if waive_reason and not waive_reason.strip():
        raise RuleViolation("S-1", str(MSG_WAIVER_NEEDS_REASON))
    in_charge = decision.item.member_in_charge or decision.responsible.first()
    decided_on = timezone.localdate(decision.decided_at)
    item = register_item(
        committee=decision.committee,
        source_kind=SourceKind.COMMITTEE_DECISION,
        source=decision,
        matter=decision.resolution,
        basis=decision.basis or decision.item.title,
        requirements=decision.supervision,
        unit_committee=decision.committee,
        responsible_person=in_charge,
        leader_in_charge=in_charge,
        feedback_deadline=feedback_deadline or decided_on + datetime.timedelta(days=DECISION_FEEDBACK_DAYS),
        acting_user=acting_user,
        on_behalf_of=on_behalf_of,
    )
    return [item]


#: S-1: shown when someone other than the principal leader tries to waive a decision's supervision.
MSG_WAIVER_BY_PRINCIPAL = gettext_lazy(
    "Only the principal leader of the committee that took the decision may waive its supervision."
)
#: S-1/S-2: shown when the decision's supervision item is already approved or under way.
MSG_WAIVER_TOO_LATE = gettext_lazy(
    "The supervision of this decision is under way (its item is approved or has records): it can no longer be waived."
)


@transaction.atomic
def waive_decision(decision, *, reason: str, acting_user: User, on_behalf_of: Person | None = None) -> None:
    """S-1: the principal leader may decide that a decision is not supervised – only with a reason
    (refused otherwise; ``selectors.may_waive_supervision`` says who), and only while its item
    still waits for approval: that registration is withdrawn, the waiver keeps the reason."""
    by = acting_person(acting_user, on_behalf_of)
    if not selectors.may_waive_supervision(by, decision):
        raise RuleViolation("S-1", str(MSG_WAIVER_BY_PRINCIPAL))
    if not reason.strip():
        raise RuleViolation("S-1", str(MSG_WAIVER_NEEDS_REASON))
    _withdraw_registration(decision, reason=reason.strip(), acting_user=acting_user)
    create_items_for_decision(decision, acting_user=acting_user, on_behalf_of=on_behalf_of, waive_reason=reason)


def _withdraw_registration(decision, *, reason: str, acting_user: User) -> None:
    """S-1/S-2: the decision's item, registered when the decision was taken and not yet approved,
    is withdrawn (its history keeps it, with the reason). An approved item, or one that an
    inspection or a case already refers to, is supervised to the end."""
    item = item_for_decision(decision)
    if item is None:
        return
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if not rules.is_waivable(item.state) or item.inspections.exists() or cases_for_source(item).exists():
        raise RuleViolation("S-1", str(MSG_WAIVER_TOO_LATE))
    item._change_reason = reason
    acting(item, acting_user).delete()


@transaction.atomic
def approve(item: SupervisionItem, *, acting_user: User, on_behalf_of: Person | None = None) -> SupervisionItem:
    """S-2: the principal leader approves the 《督查事项拟办呈批表》."""
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.APPROVE, by)
    item.approved_by, item.approved_at = by, timezone.now()
    acting(item, acting_user).save()
    return item


@transaction.atomic
def assign(item: SupervisionItem, *, acting_user: User, on_behalf_of: Person | None = None) -> SupervisionItem:
    """S-2 交办: the 《督查通报》 goes to the unit; the feedback date becomes an obligation."""
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.ASSIGN, by)
    item.assigned_by, item.assigned_at = by, timezone.now()
    acting(item, acting_user).save()
    _register_feedback_deadline(
        item,
        item.feedback_deadline,
        stored(phrases.DEADLINE_FEEDBACK, matter=item.matter),
        acting_user=acting_user,
    )
    _notify_responsible(
        item,
        title=stored(phrases.ITEM_ASSIGNED, matter=item.matter),
        body=stored(phrases.FEEDBACK_DUE, due=item.feedback_deadline),
        event_key=f"supervision-assigned:{item.pk}",
        acting_user=acting_user,
    )
    return item


def _notify_responsible(item: SupervisionItem, *, title: dict, body: dict, event_key: str, acting_user: User) -> None:
    """S-2: the unit's responsible person and the leader in charge hear of what the office does."""
    notify(
        [item.responsible_person, item.leader_in_charge],
        title=title,
        body=body,
        url=reverse("supervision_detail", args=[item.pk]),
        event_key=event_key,
        acting_user=acting_user,
    )


#: S-2: shown when an urging contact is recorded without whom or what.
MSG_RECORD_CONTACT = gettext_lazy("Record whom you contacted and what was said.")


@transaction.atomic
def urge(
    item: SupervisionItem,
    *,
    contact: str,
    contacted_on: datetime.date,
    content: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
) -> UrgingRecord:
    """S-2 催办: record each contact with the unit."""
    bounds.require_dates(contacted_on=contacted_on)
    if not contact.strip() or not content.strip():
        raise ValidationError(MSG_RECORD_CONTACT)
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.URGE, by)
    acting(item, acting_user).save()
    record = UrgingRecord(
        item=item, contact=contact.strip(), contacted_on=contacted_on, content=content.strip(), recorded_by=by
    )
    acting(record, acting_user).save()
    _notify_responsible(
        item,
        title=stored(phrases.ITEM_URGED, matter=item.matter),
        body=record.content,
        event_key=f"supervision-urged:{record.pk}",
        acting_user=acting_user,
    )
    return record


#: S-2: shown when the feedback has no text.
MSG_FEEDBACK_IN_WRITING = gettext_lazy("The feedback is given in writing.")
#: S-2: shown when unfinished work is reported without the reason or the next report's date.
MSG_UNFINISHED_NEEDS_REASON = gettext_lazy("Unfinished work needs the reason and the date of the next progress report.")
#: S-2: shown when the next progress report is dated today or earlier.
MSG_NEXT_REPORT_AFTER_TODAY = gettext_lazy("The next progress report must be after today.")


@transaction.atomic
def submit_feedback(
    item: SupervisionItem,
    *,
    content: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
    is_finished: bool = True,
    unfinished_reason: str = "",
    next_report_date: datetime.date | None = None,
    attachment=None,
) -> Feedback:
    """S-2 反馈: a written report; if unfinished, the reason and the next report date, repeated
    until done. Each report settles the pending date; an unfinished one sets the next."""
    bounds.require_dates(next_report_date=next_report_date)
    if not content.strip():
        raise ValidationError(MSG_FEEDBACK_IN_WRITING)
    if not is_finished and (not unfinished_reason.strip() or next_report_date is None):
        raise RuleViolation("S-2", str(MSG_UNFINISHED_NEEDS_REASON))
    if not is_finished and next_report_date <= timezone.localdate():
        raise ValidationError(MSG_NEXT_REPORT_AFTER_TODAY)
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.SUBMIT_FEEDBACK if is_finished else Action.REPORT_PROGRESS, by)
    acting(item, acting_user).save()
    feedback = Feedback(
        item=item,
        content=content.strip(),
        is_finished=is_finished,
        unfinished_reason="" if is_finished else unfinished_reason.strip(),
        next_report_date=None if is_finished else next_report_date,
        submitted_by=by,
        **({"attachment": attachment} if attachment else {}),
    )
    acting(feedback, acting_user).save()
    deadlines.met(item, rule_id="S-2", acting_user=acting_user)
    if not is_finished:
        _register_feedback_deadline(
            item,
            next_report_date,
            stored(phrases.DEADLINE_PROGRESS, matter=item.matter),
            acting_user=acting_user,
        )
    return feedback


#: S-2: shown when a review finds no finished feedback waiting for it.
MSG_NO_FEEDBACK_TO_REVIEW = gettext_lazy("There is no finished feedback to review.")


def _pending_feedback(item: SupervisionItem) -> Feedback:
    feedback = item.feedbacks.filter(is_finished=True, review__isnull=True).order_by("-submitted_at").first()
    if feedback is None:
        raise RuleViolation("S-2", str(MSG_NO_FEEDBACK_TO_REVIEW))
    return feedback


@transaction.atomic
def accept(
    item: SupervisionItem, *, acting_user: User, on_behalf_of: Person | None = None, opinions: str = ""
) -> Review:
    """S-2 审核: the office accepts the unit's feedback."""
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.ACCEPT, by)
    acting(item, acting_user).save()
    review = Review(
        item=item,
        feedback=_pending_feedback(item),
        outcome=ReviewOutcome.ACCEPTED,
        opinions=opinions.strip(),
        reviewed_by=by,
    )
    acting(review, acting_user).save()
    return review


#: S-2: shown when a feedback is rejected without opinions or a new deadline.
MSG_REJECTION_NEEDS_OPINIONS = gettext_lazy("A rejected feedback needs opinions and a new deadline.")
#: S-2: shown when the new deadline of a rejected feedback is today or earlier.
MSG_NEW_DEADLINE_AFTER_TODAY = gettext_lazy("The new deadline must be after today.")


@transaction.atomic
def reject(
    item: SupervisionItem,
    *,
    acting_user: User,
    on_behalf_of: Person | None = None,
    opinions: str,
    new_deadline: datetime.date | None,
) -> Review:
    """S-2: a rejection carries opinions and a new deadline, which becomes the unit's obligation."""
    bounds.require_dates(new_deadline=new_deadline)
    if not opinions.strip() or new_deadline is None:
        raise RuleViolation("S-2", str(MSG_REJECTION_NEEDS_OPINIONS))
    if new_deadline <= timezone.localdate():
        raise ValidationError(MSG_NEW_DEADLINE_AFTER_TODAY)
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.REJECT, by)
    item.feedback_deadline = new_deadline
    acting(item, acting_user).save()
    review = Review(
        item=item,
        feedback=_pending_feedback(item),
        outcome=ReviewOutcome.REJECTED,
        opinions=opinions.strip(),
        new_deadline=new_deadline,
        reviewed_by=by,
    )
    acting(review, acting_user).save()
    _register_feedback_deadline(
        item,
        new_deadline,
        stored(phrases.DEADLINE_FEEDBACK_AFTER_REJECTION, matter=item.matter),
        acting_user=acting_user,
    )
    _notify_responsible(
        item,
        title=stored(phrases.FEEDBACK_REJECTED, matter=item.matter),
        body=stored(phrases.REJECTION_BODY, opinions=review.opinions, due=new_deadline),
        event_key=f"supervision-rejected:{review.pk}",
        acting_user=acting_user,
    )
    return review


#: S-2: shown when someone other than the principal leader writes an instruction.
MSG_INSTRUCTION_BY_PRINCIPAL = gettext_lazy("Only the principal leader writes instructions on a supervision item.")
#: S-2: shown when the instruction is empty.
MSG_WRITE_INSTRUCTION = gettext_lazy("Write the instruction.")
#: S-2: shown when someone outside the supervision office marks an instruction handled.
MSG_INSTRUCTION_BY_OFFICE = gettext_lazy("Only the supervision office handles instructions.")
#: S-2: shown when an item is closed without the closing report.
MSG_WRITE_CLOSING_REPORT = gettext_lazy("Write the closing report.")
#: S-2: shown when an item with an unhandled instruction is closed.
MSG_INSTRUCTION_BEFORE_ARCHIVING = gettext_lazy("The principal leader's instruction must be handled before archiving.")


@transaction.atomic
def write_instruction(
    item: SupervisionItem, *, text: str, acting_user: User, on_behalf_of: Person | None = None
) -> SupervisionItem:
    """S-2: the principal leader's instruction (批示), handled before archiving."""
    if Actor.PRINCIPAL not in actors_for(acting_person(acting_user, on_behalf_of), item):
        raise RuleViolation("S-2", str(MSG_INSTRUCTION_BY_PRINCIPAL))
    if not text.strip():
        raise ValidationError(MSG_WRITE_INSTRUCTION)
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.leader_instruction, item.is_instruction_handled = text.strip(), False
    acting(item, acting_user).save()
    return item


@transaction.atomic
def mark_instruction_handled(
    item: SupervisionItem, *, acting_user: User, on_behalf_of: Person | None = None
) -> SupervisionItem:
    if Actor.OFFICE not in actors_for(acting_person(acting_user, on_behalf_of), item):
        raise RuleViolation("S-2", str(MSG_INSTRUCTION_BY_OFFICE))
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.is_instruction_handled = True
    acting(item, acting_user).save()
    return item


@transaction.atomic
def close(
    item: SupervisionItem, *, closing_report: str, acting_user: User, on_behalf_of: Person | None = None
) -> SupervisionItem:
    """S-2 办结归档 with the closing report; S-6: the results go back to whoever assigned it."""
    if not closing_report.strip():
        raise ValidationError(MSG_WRITE_CLOSING_REPORT)
    by = acting_person(acting_user, on_behalf_of)
    item = _advance(item, Action.CLOSE, by)
    if item.leader_instruction and not item.is_instruction_handled:
        raise RuleViolation("S-2", str(MSG_INSTRUCTION_BEFORE_ARCHIVING))
    item.closing_report = closing_report.strip()
    item.closed_by, item.closed_at = by, timezone.now()
    item.reported_to = item.assigned_by or item.approved_by
    acting(item, acting_user).save()
    deadlines.met(item, acting_user=acting_user)
    return item


# ----------------------------------------------------------------------------------- inspections


def overlapping_inspections(inspection: Inspection):
    """S-5: other inspections of the same unit whose period overlaps."""
    others = Inspection.objects.exclude(pk=inspection.pk).filter(
        period_start__lte=inspection.period_end, period_end__gte=inspection.period_start
    )
    if inspection.unit_committee_id:
        others = others.filter(unit_committee_id=inspection.unit_committee_id)
    else:
        others = others.filter(unit_committee__isnull=True, unit_name=inspection.unit_name.strip())
    return others.select_related("committee")


#: S-5: shown when an inspection names no unit.
MSG_NAME_INSPECTED_UNIT = gettext_lazy("Name the inspected unit.")
#: Shown when an inspected period ends before it starts.
MSG_PERIOD_ENDS_BEFORE_START = gettext_lazy("The period ends before it starts.")


@transaction.atomic
def record_inspection(
    *,
    committee: Committee,
    period_start: datetime.date,
    period_end: datetime.date,
    inspected_on: datetime.date,
    result: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
    unit_committee: Committee | None = None,
    unit_name: str = "",
    problems: str = "",
    item: SupervisionItem | None = None,
    leader_in_charge: Person | None = None,
    unit_head: Person | None = None,
    person_concerned: Person | None = None,
) -> tuple[Inspection, list[Inspection]]:
    """Record a check of a unit. Returns it with the overlapping ones (S-5 warns, never refuses).
    Problems found start the 7-day rectification report (S-3); results go back to the assigner (S-6)."""
    bounds.require_dates(period_start=period_start, period_end=period_end, inspected_on=inspected_on)
    if unit_committee is None and not unit_name.strip():
        raise ValidationError(MSG_NAME_INSPECTED_UNIT)
    if period_end < period_start:
        raise ValidationError(MSG_PERIOD_ENDS_BEFORE_START)
    if result == InspectionResult.FAILED and not problems.strip():
        raise ValidationError(MSG_DESCRIBE_PROBLEMS)
    version = current_rules(committee)
    inspection = Inspection(
        committee=committee,
        item=item,
        unit_committee=unit_committee,
        unit_name=unit_name.strip(),
        period_start=period_start,
        period_end=period_end,
        inspected_on=inspected_on,
        result=result,
        problems=problems.strip(),
        leader_in_charge=leader_in_charge,
        unit_head=unit_head,
        person_concerned=person_concerned,
        reported_to=(item.assigned_by or item.approved_by) if item else None,
        recorded_by=acting_person(acting_user, on_behalf_of),
        rule_set_version=version,
    )
    acting(inspection, acting_user).save()
    if inspection.problems:
        deadlines.register(
            subject=inspection,
            committee=committee,
            title=stored(phrases.DEADLINE_RECTIFICATION, unit=inspection.undertaking_unit),
            due_at=rules.due_at_end_of(rules.rectification_due_on(inspected_on, version.rectification_report_days)),
            rule_id="S-3",
            schedule=days_schedule(before=(3, 1)),
            owner=unit_head or person_concerned,
            rule_set_version=version,
            acting_user=acting_user,
        )
    return inspection, list(overlapping_inspections(inspection))


#: S-3: shown when someone other than the inspected unit files its rectification report.
MSG_RECTIFICATION_BY_UNIT = gettext_lazy(
    "The inspected unit writes its rectification report: its head, the person concerned, the leader "
    "in charge, or the inspected committee's principal leaders and party office (a department's "
    "report is recorded by the supervision office it was handed to)."
)


@transaction.atomic
def report_rectification(
    inspection: Inspection, *, report: str, acting_user: User, on_behalf_of: Person | None = None
) -> Inspection:
    """S-3: the unit's rectification report settles the 7-day obligation; only the unit files it
    (``selectors.may_report_rectification``)."""
    if not selectors.may_report_rectification(acting_person(acting_user, on_behalf_of), inspection):
        raise RuleViolation("S-3", str(MSG_RECTIFICATION_BY_UNIT))
    if not report.strip():
        raise ValidationError(MSG_WRITE_RECTIFICATION_REPORT)
    inspection.rectification_report = report.strip()
    inspection.rectification_reported_at = timezone.now()
    acting(inspection, acting_user).save()
    deadlines.met(inspection, rule_id="S-3", acting_user=acting_user)
    return inspection


# ---------------------------------------------------------------------------------- accountability


#: A-1: shown when a case names both a team and a person, or neither.
MSG_TEAM_OR_PERSON = gettext_lazy("A case concerns either a team or one person.")
#: A-1: shown when a case is opened without the facts.
MSG_STATE_FACTS = gettext_lazy("State the facts (A-1: seek truth from facts).")
#: A-2: shown when a case names none of the grounds.
MSG_CHOOSE_GROUND = gettext_lazy("Choose a ground of accountability.")


@transaction.atomic
def open_case(
    *,
    committee: Committee,
    ground: str,
    facts: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
    subject_committee: Committee | None = None,
    subject_person: Person | None = None,
    source=None,
    is_self_corrected: bool = False,
) -> AccountabilityCase:
    """A-1/A-2: open a case on one of the grounds, against a team or one person, optionally linked to
    what revealed it (a failed supervision item, an overdue report, an invalid decision…)."""
    if (subject_committee is None) == (subject_person is None):
        raise ValidationError(MSG_TEAM_OR_PERSON)
    if not facts.strip():
        raise ValidationError(MSG_STATE_FACTS)
    if ground not in AccountabilityGround.values:
        raise ValidationError(MSG_CHOOSE_GROUND)
    case = AccountabilityCase(
        committee=committee,
        subject_committee=subject_committee,
        subject_person=subject_person,
        ground=ground,
        facts=facts.strip(),
        source_content_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_object_id=source.pk if source is not None else None,
        is_self_corrected=is_self_corrected,
        opened_by=acting_person(acting_user, on_behalf_of),
        rule_set_version=current_rules(committee),
    )
    acting(case, acting_user).save()
    return case


def handles_cases(person: Person | None, committee: Committee) -> bool:
    """Who decides accountability: the principal leader and the supervision/discipline office."""
    if person is None:
        return False
    return (
        RoleAssignment.objects.on(timezone.localdate())
        .filter(person=person, committee=committee, role__in=OFFICE_ROLES | PRINCIPAL_ROLES)
        .exists()
    )


def cases_for_source(source):
    """A-2: the cases opened from an object (each source page offers "open a case")."""
    return AccountabilityCase.objects.filter(
        source_content_type=ContentType.objects.get_for_model(source), source_object_id=source.pk
    )


@transaction.atomic
def set_responsibility(
    case: AccountabilityCase, *, person: Person, position: str, degree: str, acting_user: User
) -> Responsibility:
    """A-3 (001 (三)): main vs secondary responsibility; one share per person."""
    share = Responsibility.objects.select_for_update().filter(case=case, person=person).first()
    share = share or Responsibility(case=case, person=person)
    share.position, share.degree = position, degree
    acting(share, acting_user).save()
    return share


#: A-3: shown when a split of the leaders' responsibility names neither leader as falling short.
MSG_SAY_WHOSE_WORK = gettext_lazy("Say whose work fell short: the principal leader or the leader in charge.")


@transaction.atomic
def split_leaders(
    case: AccountabilityCase, *, principal: Person, in_charge: Person, fell_short: str, acting_user: User
) -> list[Responsibility]:
    """A-3 (001 (三)): whoever's work fell short bears the main responsibility, the other the secondary."""
    if fell_short not in (LeadershipPosition.PRINCIPAL, LeadershipPosition.IN_CHARGE):
        raise ValidationError(MSG_SAY_WHOSE_WORK)
    principal_main = fell_short == LeadershipPosition.PRINCIPAL
    return [
        set_responsibility(
            case,
            person=principal,
            position=LeadershipPosition.PRINCIPAL,
            degree=ResponsibilityDegree.MAIN if principal_main else ResponsibilityDegree.SECONDARY,
            acting_user=acting_user,
        ),
        set_responsibility(
            case,
            person=in_charge,
            position=LeadershipPosition.IN_CHARGE,
            degree=ResponsibilityDegree.SECONDARY if principal_main else ResponsibilityDegree.MAIN,
            acting_user=acting_user,
        ),
    ]


#: A-4: shown when an individual sanction is given to a team.
MSG_SANCTION_FOR_INDIVIDUALS = gettext_lazy("This sanction applies to individuals, not to a team.")
#: A-4: shown when a team sanction is given to one person.
MSG_SANCTION_FOR_TEAMS = gettext_lazy("This sanction applies to a team, not to an individual.")
#: A-4: shown when the case already has this sanction.
MSG_SANCTION_ALREADY_RECORDED = gettext_lazy("This sanction is already recorded.")


@transaction.atomic
def add_sanction(case: AccountabilityCase, *, kind: str, note: str = "", acting_user: User) -> Sanction:
    """A-4 (001 (四)(五)): team sanctions for a team, individual ones for a person; single or combined."""
    allowed = TEAM_SANCTIONS if case.is_team else INDIVIDUAL_SANCTIONS
    if kind not in allowed:
        if case.is_team:
            raise RuleViolation("A-4", str(MSG_SANCTION_FOR_INDIVIDUALS))
        raise RuleViolation("A-4", str(MSG_SANCTION_FOR_TEAMS))
    if case.sanctions.filter(kind=kind).exists():
        raise ValidationError(MSG_SANCTION_ALREADY_RECORDED)
    sanction = Sanction(case=case, kind=kind, note=note.strip())
    acting(sanction, acting_user).save()
    return sanction


#: A-5: shown when a fault that was not found and corrected by oneself is mitigated.
MSG_MITIGATION_NEEDS_SELF_CORRECTION = gettext_lazy("Mitigation needs the fault to be found and corrected by oneself.")
#: A-5: shown when a mitigation comes without its explanation.
MSG_EXPLAIN_MITIGATION = gettext_lazy("Explain the mitigation.")


@transaction.atomic
def mitigate(
    case: AccountabilityCase, *, mitigation: str, note: str, is_self_corrected: bool | None = None, acting_user: User
) -> AccountabilityCase:
    """A-5 (001 (七)): only self-found and corrected faults may be pursued more lightly, less or not."""
    if is_self_corrected is not None:
        case.is_self_corrected = is_self_corrected
    if mitigation != Mitigation.NONE:
        if not case.is_self_corrected:
            raise RuleViolation("A-5", str(MSG_MITIGATION_NEEDS_SELF_CORRECTION))
        if not note.strip():
            raise ValidationError(MSG_EXPLAIN_MITIGATION)
    case.mitigation, case.mitigation_note = mitigation, note.strip()
    acting(case, acting_user).save()
    return case


@transaction.atomic
def decide_case(
    case: AccountabilityCase,
    *,
    acting_user: User,
    on_behalf_of: Person | None = None,
    decided_on: datetime.date | None = None,
    refer_to_judicial: bool = False,
) -> AccountabilityCase:
    """A-4/A-6: record the decision; criminal matters are referred to judicial organs (001 (六))."""
    bounds.require_dates(decided_on=decided_on)
    case.decided_by, case.decided_on = acting_person(acting_user, on_behalf_of), decided_on or timezone.localdate()
    case.is_referred_to_judicial = refer_to_judicial
    acting(case, acting_user).save()
    if case.subject_person_id and case.mitigation != Mitigation.EXEMPT:
        # X-3 (受到处分时必谈): the person held accountable is owed a talk.
        talks.open_must_talk_safely(
            committee=case.committee,
            person=case.subject_person,
            trigger=Trigger.AWARD_OR_SANCTION,
            reason=str(gettext_lazy("Held accountable: %(ground)s") % {"ground": case.get_ground_display()}),
            acting_user=system_user(),
        )
    return case


def no_award_subjects(year: int) -> tuple[set[int], set[int]]:
    """A-4 / S-4: (committee ids, person ids) that lost the award eligibility of ``year``."""
    sanctions = Sanction.objects.filter(kind__in=NO_AWARD_SANCTIONS, case__decided_on__year=year)
    committees, people = set(), set()
    for committee_id, person_id in sanctions.values_list("case__subject_committee_id", "case__subject_person_id"):
        if committee_id:
            committees.add(committee_id)
        if person_id:
            people.add(person_id)
    return committees, people


# ---------------------------------------------------------------------------------- written inquiries


def _register_reply_deadline(inquiry: LetterInquiry, *, acting_user: User) -> None:
    deadlines.register(
        subject=inquiry,
        committee=inquiry.committee,
        title=stored(phrases.DEADLINE_INQUIRY_REPLY, person=str(inquiry.person)),
        due_at=rules.due_at_end_of(inquiry.reply_due_on),
        rule_id="A-7",
        schedule=days_schedule(before=(3, 1)),
        owner=inquiry.person,
        is_private=True,
        rule_set_version=inquiry.rule_set_version,
        acting_user=acting_user,
    )


#: A-7: shown when an inquiry is sent without its letter.
MSG_WRITE_LETTER = gettext_lazy("Write the letter.")


@transaction.atomic
def send_inquiry(
    *,
    committee: Committee,
    person: Person,
    letter: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
    case: AccountabilityCase | None = None,
    previous: LetterInquiry | None = None,
    sent_on: datetime.date | None = None,
) -> LetterInquiry:
    """A-7 函询: the letter goes out; the reply is due within the rule set's days."""
    return _send_inquiry(
        committee=committee,
        person=person,
        letter=letter,
        sender=acting_person(acting_user, on_behalf_of),
        acting_user=acting_user,
        case=case,
        previous=previous,
        sent_on=sent_on,
    )


def _send_inquiry(
    *,
    committee: Committee,
    person: Person,
    letter: str,
    sender: Person | None,
    acting_user: User,
    case: AccountabilityCase | None = None,
    previous: LetterInquiry | None = None,
    sent_on: datetime.date | None = None,
) -> LetterInquiry:
    bounds.require_dates(sent_on=sent_on)
    if not letter.strip():
        raise ValidationError(MSG_WRITE_LETTER)
    version = current_rules(committee)
    sent_on = sent_on or timezone.localdate()
    inquiry = LetterInquiry(
        committee=committee,
        person=person,
        case=case,
        previous=previous,
        letter=letter.strip(),
        sent_on=sent_on,
        reply_due_on=sent_on + datetime.timedelta(days=version.letter_inquiry_reply_days),
        sent_by=sender,
        rule_set_version=version,
    )
    acting(inquiry, acting_user).save()
    _register_reply_deadline(inquiry, acting_user=acting_user)
    notify(
        [person],
        title=stored(phrases.INQUIRY_SENT, committee=committee.name),
        body=stored(phrases.INQUIRY_BODY, due=inquiry.reply_due_on),
        url=reverse("supervision_inquiries"),
        event_key=f"inquiry:{inquiry.pk}",
        acting_user=acting_user,
    )
    return inquiry


def _flag(inquiry: LetterInquiry) -> None:
    inquiry.outcome = InquiryOutcome.NO_REPLY
    inquiry.is_flagged, inquiry.flagged_at = True, timezone.now()


#: A-7: shown when a reply is recorded on an inquiry already settled.
MSG_INQUIRY_SETTLED = gettext_lazy("This inquiry is already settled.")
#: A-7: shown when a reply (neither refused) is recorded empty.
MSG_RECORD_REPLY = gettext_lazy("Record the reply.")


@transaction.atomic
def record_reply(
    inquiry: LetterInquiry,
    *,
    reply: str = "",
    refused: bool = False,
    clear: bool = True,
    acting_user: User,
    on_behalf_of: Person | None = None,
) -> LetterInquiry:
    """A-7: a clear reply closes the inquiry; an unclear one starts a second inquiry (sent by
    whoever records the reply, else by the first one's sender); a refusal flags the person for
    organisational handling."""
    inquiry = LetterInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.outcome != InquiryOutcome.PENDING:
        raise ValidationError(MSG_INQUIRY_SETTLED)
    if refused:
        inquiry.is_refused = True
        _flag(inquiry)
        acting(inquiry, acting_user).save()
        deadlines.met(inquiry, acting_user=acting_user)
        return inquiry
    if not reply.strip():
        raise ValidationError(MSG_RECORD_REPLY)
    inquiry.reply, inquiry.replied_on = reply.strip(), timezone.localdate()
    inquiry.outcome = InquiryOutcome.CLEAR if clear else InquiryOutcome.UNCLEAR
    acting(inquiry, acting_user).save()
    deadlines.met(inquiry, acting_user=acting_user)
    if not clear:
        _send_inquiry(
            committee=inquiry.committee,
            person=inquiry.person,
            case=inquiry.case,
            previous=inquiry,
            letter=inquiry.letter,
            sender=acting_person(acting_user, on_behalf_of) or inquiry.sent_by,
            acting_user=acting_user,
        )
    return inquiry


@transaction.atomic
def flag_unanswered_inquiries(today: datetime.date | None = None, *, acting_user: User) -> int:
    """A-7: no reply by the deadline → flagged for organisational handling (the daily task acts
    as the system user)."""
    today = today or timezone.localdate()
    overdue = LetterInquiry.objects.select_for_update().filter(outcome=InquiryOutcome.PENDING, reply_due_on__lt=today)
    count = 0
    for inquiry in overdue:
        _flag(inquiry)
        acting(inquiry, acting_user).save()
        count += 1
    return count
