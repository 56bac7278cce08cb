"""Supervision actions (S-1..S-6). Views, the API and other apps (meetings) call these."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.models import Committee, Person, RoleAssignment
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.schedules import days_schedule

from . import rules, selectors
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


def _advance(item: SupervisionItem, action: str, by: Person) -> SupervisionItem:
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.state = rules.next_state(item.state, action, actors_for(by, item))
    return item


def _register_feedback_deadline(item: SupervisionItem, due_on: datetime.date, title: str) -> None:
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
    )


@transaction.atomic
def register_item(
    *,
    committee: Committee,
    source_kind: str,
    matter: str,
    feedback_deadline: datetime.date,
    by: Person | None,
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
        raise ValidationError(_("Describe the matter to supervise."))
    if unit_committee is None and not unit_name.strip():
        raise ValidationError(_("Name the undertaking unit."))
    return SupervisionItem.objects.create(
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
        registered_by=by,
        rule_set_version=current_rules(committee),
    )


def item_for_decision(decision) -> SupervisionItem | None:
    return SupervisionItem.objects.filter(
        source_kind=SourceKind.COMMITTEE_DECISION,
        source_content_type=ContentType.objects.get_for_model(decision),
        source_object_id=decision.pk,
    ).first()


#: S-1: default time the member in charge has to report on a decision.
DECISION_FEEDBACK_DAYS = 30


@transaction.atomic
def create_items_for_decision(
    decision, *, by: Person | None = None, waive_reason: str = "", feedback_deadline: datetime.date | None = None
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
        if by is None:
            raise ValidationError(_("Say who waives the supervision."))
        SupervisionWaiver.objects.create(decision=decision, reason=waive_reason.strip(), waived_by=by)
        return []
    if waive_reason and not waive_reason.strip():
        raise RuleViolation("S-1", _("Waiving the supervision of a decision needs a reason."))
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
        by=by,
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
def waive_decision(decision, *, reason: str, by: Person) -> None:
    """S-1: the principal leader may decide that a decision is not supervised – only with a reason
    (refused otherwise; ``selectors.may_waive_supervision`` says who), and only while its item
    still waits for approval: that registration is withdrawn, the waiver keeps the reason."""
    if not selectors.may_waive_supervision(by, decision):
        raise RuleViolation("S-1", str(MSG_WAIVER_BY_PRINCIPAL))
    if not reason.strip():
        raise RuleViolation("S-1", _("Waiving the supervision of a decision needs a reason."))
    _withdraw_registration(decision, reason=reason.strip())
    create_items_for_decision(decision, by=by, waive_reason=reason)


def _withdraw_registration(decision, *, reason: str) -> None:
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
    item.delete()


@transaction.atomic
def approve(item: SupervisionItem, *, by: Person) -> SupervisionItem:
    """S-2: the principal leader approves the 《督查事项拟办呈批表》."""
    item = _advance(item, Action.APPROVE, by)
    item.approved_by, item.approved_at = by, timezone.now()
    item.save()
    return item


@transaction.atomic
def assign(item: SupervisionItem, *, by: Person) -> SupervisionItem:
    """S-2 交办: the 《督查通报》 goes to the unit; the feedback date becomes an obligation."""
    item = _advance(item, Action.ASSIGN, by)
    item.assigned_by, item.assigned_at = by, timezone.now()
    item.save()
    _register_feedback_deadline(item, item.feedback_deadline, _("Feedback on: %(matter)s") % {"matter": item.matter})
    return item


@transaction.atomic
def urge(item: SupervisionItem, *, contact: str, contacted_on: datetime.date, content: str, by: Person) -> UrgingRecord:
    """S-2 催办: record each contact with the unit."""
    bounds.require_dates(contacted_on=contacted_on)
    if not contact.strip() or not content.strip():
        raise ValidationError(_("Record whom you contacted and what was said."))
    item = _advance(item, Action.URGE, by)
    item.save()
    return UrgingRecord.objects.create(
        item=item, contact=contact.strip(), contacted_on=contacted_on, content=content.strip(), recorded_by=by
    )


@transaction.atomic
def submit_feedback(
    item: SupervisionItem,
    *,
    content: str,
    by: Person,
    is_finished: bool = True,
    unfinished_reason: str = "",
    next_report_date: datetime.date | None = None,
    attachment=None,
) -> Feedback:
    """S-2 反馈: a written report; if unfinished, the reason and the next report date, repeated
    until done. Each report settles the pending date; an unfinished one sets the next."""
    bounds.require_dates(next_report_date=next_report_date)
    if not content.strip():
        raise ValidationError(_("The feedback is given in writing."))
    if not is_finished and (not unfinished_reason.strip() or next_report_date is None):
        raise RuleViolation("S-2", _("Unfinished work needs the reason and the date of the next progress report."))
    if not is_finished and next_report_date <= timezone.localdate():
        raise ValidationError(_("The next progress report must be after today."))
    item = _advance(item, Action.SUBMIT_FEEDBACK if is_finished else Action.REPORT_PROGRESS, by)
    item.save()
    feedback = Feedback.objects.create(
        item=item,
        content=content.strip(),
        is_finished=is_finished,
        unfinished_reason="" if is_finished else unfinished_reason.strip(),
        next_report_date=None if is_finished else next_report_date,
        submitted_by=by,
        **({"attachment": attachment} if attachment else {}),
    )
    deadlines.met(item, rule_id="S-2")
    if not is_finished:
        _register_feedback_deadline(
            item, next_report_date, _("Progress report on: %(matter)s") % {"matter": item.matter}
        )
    return feedback


def _pending_feedback(item: SupervisionItem) -> Feedback:
    feedback = item.feedbacks.filter(is_finished=True, review__isnull=True).order_by("-submitted_at").first()
    if feedback is None:
        raise RuleViolation("S-2", _("There is no finished feedback to review."))
    return feedback


@transaction.atomic
def accept(item: SupervisionItem, *, by: Person, opinions: str = "") -> Review:
    """S-2 审核: the office accepts the unit's feedback."""
    item = _advance(item, Action.ACCEPT, by)
    item.save()
    return Review.objects.create(
        item=item,
        feedback=_pending_feedback(item),
        outcome=ReviewOutcome.ACCEPTED,
        opinions=opinions.strip(),
        reviewed_by=by,
    )


@transaction.atomic
def reject(item: SupervisionItem, *, by: Person, opinions: str, new_deadline: datetime.date | None) -> Review:
    """S-2: a rejection carries opinions and a new deadline, which becomes the unit's obligation."""
    bounds.require_dates(new_deadline=new_deadline)
    if not opinions.strip() or new_deadline is None:
        raise RuleViolation("S-2", _("A rejected feedback needs opinions and a new deadline."))
    if new_deadline <= timezone.localdate():
        raise ValidationError(_("The new deadline must be after today."))
    item = _advance(item, Action.REJECT, by)
    item.feedback_deadline = new_deadline
    item.save()
    review = Review.objects.create(
        item=item,
        feedback=_pending_feedback(item),
        outcome=ReviewOutcome.REJECTED,
        opinions=opinions.strip(),
        new_deadline=new_deadline,
        reviewed_by=by,
    )
    _register_feedback_deadline(
        item, new_deadline, _("Feedback (after rejection) on: %(matter)s") % {"matter": item.matter}
    )
    return review


@transaction.atomic
def write_instruction(item: SupervisionItem, *, text: str, by: Person) -> SupervisionItem:
    """S-2: the principal leader's instruction (批示), handled before archiving."""
    if Actor.PRINCIPAL not in actors_for(by, item):
        raise RuleViolation("S-2", _("Only the principal leader writes instructions on a supervision item."))
    if not text.strip():
        raise ValidationError(_("Write the instruction."))
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.leader_instruction, item.is_instruction_handled = text.strip(), False
    item.save()
    return item


@transaction.atomic
def mark_instruction_handled(item: SupervisionItem, *, by: Person) -> SupervisionItem:
    if Actor.OFFICE not in actors_for(by, item):
        raise RuleViolation("S-2", _("Only the supervision office handles instructions."))
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    item.is_instruction_handled = True
    item.save()
    return item


@transaction.atomic
def close(item: SupervisionItem, *, closing_report: str, by: Person) -> SupervisionItem:
    """S-2 办结归档 with the closing report; S-6: the results go back to whoever assigned it."""
    if not closing_report.strip():
        raise ValidationError(_("Write the closing report."))
    item = _advance(item, Action.CLOSE, by)
    if item.leader_instruction and not item.is_instruction_handled:
        raise RuleViolation("S-2", _("The principal leader's instruction must be handled before archiving."))
    item.closing_report = closing_report.strip()
    item.closed_by, item.closed_at = by, timezone.now()
    item.reported_to = item.assigned_by or item.approved_by
    item.save()
    deadlines.met(item)
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


@transaction.atomic
def record_inspection(
    *,
    committee: Committee,
    period_start: datetime.date,
    period_end: datetime.date,
    inspected_on: datetime.date,
    result: str,
    by: Person,
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
        raise ValidationError(_("Name the inspected unit."))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if result == InspectionResult.FAILED and not problems.strip():
        raise ValidationError(_("Describe the problems found."))
    version = current_rules(committee)
    inspection = Inspection.objects.create(
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
        recorded_by=by,
        rule_set_version=version,
    )
    if inspection.problems:
        deadlines.register(
            subject=inspection,
            committee=committee,
            title=_("Rectification report: %(unit)s") % {"unit": inspection.undertaking_unit},
            due_at=rules.due_at_end_of(rules.rectification_due_on(inspected_on, version.rectification_report_days)),
            rule_id="S-3",
            schedule=days_schedule(before=(3, 1)),
            owner=unit_head or person_concerned,
            rule_set_version=version,
        )
    return inspection, list(overlapping_inspections(inspection))


#: S-3: shown when someone other than the inspected unit files its rectification report.
MSG_RECTIFICATION_BY_UNIT = gettext_lazy(
    "The inspected unit writes its rectification report: its head, the person concerned, the leader "
    "in charge, or the inspected committee's principal leaders and party office (a department's "
    "report is recorded by the supervision office it was handed to)."
)


@transaction.atomic
def report_rectification(inspection: Inspection, *, report: str, by: Person) -> Inspection:
    """S-3: the unit's rectification report settles the 7-day obligation; only the unit files it
    (``selectors.may_report_rectification``)."""
    if not selectors.may_report_rectification(by, inspection):
        raise RuleViolation("S-3", str(MSG_RECTIFICATION_BY_UNIT))
    if not report.strip():
        raise ValidationError(_("Write the rectification report."))
    inspection.rectification_report = report.strip()
    inspection.rectification_reported_at = timezone.now()
    inspection.save()
    deadlines.met(inspection, rule_id="S-3")
    return inspection


# ---------------------------------------------------------------------------------- accountability


@transaction.atomic
def open_case(
    *,
    committee: Committee,
    ground: str,
    facts: str,
    by: Person | None,
    subject_committee: Committee | None = None,
    subject_person: Person | None = None,
    source=None,
    is_self_corrected: bool = False,
) -> AccountabilityCase:
    """A-1/A-2: open a case on one of the grounds, against a team or one person, optionally linked to
    what revealed it (a failed supervision item, an overdue report, an invalid decision…)."""
    if (subject_committee is None) == (subject_person is None):
        raise ValidationError(_("A case concerns either a team or one person."))
    if not facts.strip():
        raise ValidationError(_("State the facts (A-1: seek truth from facts)."))
    if ground not in AccountabilityGround.values:
        raise ValidationError(_("Choose a ground of accountability."))
    return AccountabilityCase.objects.create(
        committee=committee,
        subject_committee=subject_committee,
        subject_person=subject_person,
        ground=ground,
        facts=facts.strip(),
        source_content_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_object_id=source.pk if source is not None else None,
        is_self_corrected=is_self_corrected,
        opened_by=by,
        rule_set_version=current_rules(committee),
    )


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
def set_responsibility(case: AccountabilityCase, *, person: Person, position: str, degree: str) -> Responsibility:
    """A-3 (001 (三)): main vs secondary responsibility; one share per person."""
    share, _created = Responsibility.objects.update_or_create(
        case=case, person=person, defaults={"position": position, "degree": degree}
    )
    return share


@transaction.atomic
def split_leaders(
    case: AccountabilityCase, *, principal: Person, in_charge: Person, fell_short: str
) -> list[Responsibility]:
    """A-3 (001 (三)): whoever's work fell short bears the main responsibility, the other the secondary."""
    if fell_short not in (LeadershipPosition.PRINCIPAL, LeadershipPosition.IN_CHARGE):
        raise ValidationError(_("Say whose work fell short: the principal leader or the leader in charge."))
    principal_main = fell_short == LeadershipPosition.PRINCIPAL
    return [
        set_responsibility(
            case,
            person=principal,
            position=LeadershipPosition.PRINCIPAL,
            degree=ResponsibilityDegree.MAIN if principal_main else ResponsibilityDegree.SECONDARY,
        ),
        set_responsibility(
            case,
            person=in_charge,
            position=LeadershipPosition.IN_CHARGE,
            degree=ResponsibilityDegree.SECONDARY if principal_main else ResponsibilityDegree.MAIN,
        ),
    ]


@transaction.atomic
def add_sanction(case: AccountabilityCase, *, kind: str, note: str = "") -> Sanction:
    """A-4 (001 (四)(五)): team sanctions for a team, individual ones for a person; single or combined."""
    allowed = TEAM_SANCTIONS if case.is_team else INDIVIDUAL_SANCTIONS
    if kind not in allowed:
        if case.is_team:
            raise RuleViolation("A-4", _("This sanction applies to individuals, not to a team."))
        raise RuleViolation("A-4", _("This sanction applies to a team, not to an individual."))
    if case.sanctions.filter(kind=kind).exists():
        raise ValidationError(_("This sanction is already recorded."))
    return Sanction.objects.create(case=case, kind=kind, note=note.strip())


@transaction.atomic
def mitigate(
    case: AccountabilityCase, *, mitigation: str, note: str, is_self_corrected: bool | None = None
) -> AccountabilityCase:
    """A-5 (001 (七)): only self-found and corrected faults may be pursued more lightly, less or not."""
    if is_self_corrected is not None:
        case.is_self_corrected = is_self_corrected
    if mitigation != Mitigation.NONE:
        if not case.is_self_corrected:
            raise RuleViolation("A-5", _("Mitigation needs the fault to be found and corrected by oneself."))
        if not note.strip():
            raise ValidationError(_("Explain the mitigation."))
    case.mitigation, case.mitigation_note = mitigation, note.strip()
    case.save()
    return case


@transaction.atomic
def decide_case(
    case: AccountabilityCase, *, by: Person, decided_on: datetime.date | None = None, refer_to_judicial: bool = False
) -> AccountabilityCase:
    """A-4/A-6: record the decision; criminal matters are referred to judicial organs (001 (六))."""
    bounds.require_dates(decided_on=decided_on)
    case.decided_by, case.decided_on = by, decided_on or timezone.localdate()
    case.is_referred_to_judicial = refer_to_judicial
    case.save()
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


def _register_reply_deadline(inquiry: LetterInquiry) -> None:
    deadlines.register(
        subject=inquiry,
        committee=inquiry.committee,
        title=_("Reply to the written inquiry to %(person)s") % {"person": inquiry.person},
        due_at=rules.due_at_end_of(inquiry.reply_due_on),
        rule_id="A-7",
        schedule=days_schedule(before=(3, 1)),
        owner=inquiry.person,
        is_private=True,
        rule_set_version=inquiry.rule_set_version,
    )


@transaction.atomic
def send_inquiry(
    *,
    committee: Committee,
    person: Person,
    letter: str,
    by: Person,
    case: AccountabilityCase | None = None,
    previous: LetterInquiry | None = None,
    sent_on: datetime.date | None = None,
) -> LetterInquiry:
    """A-7 函询: the letter goes out; the reply is due within the rule set's days."""
    bounds.require_dates(sent_on=sent_on)
    if not letter.strip():
        raise ValidationError(_("Write the letter."))
    version = current_rules(committee)
    sent_on = sent_on or timezone.localdate()
    inquiry = LetterInquiry.objects.create(
        committee=committee,
        person=person,
        case=case,
        previous=previous,
        letter=letter.strip(),
        sent_on=sent_on,
        reply_due_on=sent_on + datetime.timedelta(days=version.letter_inquiry_reply_days),
        sent_by=by,
        rule_set_version=version,
    )
    _register_reply_deadline(inquiry)
    return inquiry


def _flag(inquiry: LetterInquiry) -> None:
    inquiry.outcome = InquiryOutcome.NO_REPLY
    inquiry.is_flagged, inquiry.flagged_at = True, timezone.now()


@transaction.atomic
def record_reply(
    inquiry: LetterInquiry, *, reply: str = "", refused: bool = False, clear: bool = True, by: Person | None = None
) -> LetterInquiry:
    """A-7: a clear reply closes the inquiry; an unclear one starts a second inquiry; a refusal
    flags the person for organisational handling."""
    inquiry = LetterInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.outcome != InquiryOutcome.PENDING:
        raise ValidationError(_("This inquiry is already settled."))
    if refused:
        inquiry.is_refused = True
        _flag(inquiry)
        inquiry.save()
        deadlines.met(inquiry)
        return inquiry
    if not reply.strip():
        raise ValidationError(_("Record the reply."))
    inquiry.reply, inquiry.replied_on = reply.strip(), timezone.localdate()
    inquiry.outcome = InquiryOutcome.CLEAR if clear else InquiryOutcome.UNCLEAR
    inquiry.save()
    deadlines.met(inquiry)
    if not clear:
        send_inquiry(
            committee=inquiry.committee,
            person=inquiry.person,
            case=inquiry.case,
            previous=inquiry,
            letter=inquiry.letter,
            by=by or inquiry.sent_by,
        )
    return inquiry


@transaction.atomic
def flag_unanswered_inquiries(today: datetime.date | None = None) -> int:
    """A-7: no reply by the deadline → flagged for organisational handling."""
    today = today or timezone.localdate()
    overdue = LetterInquiry.objects.select_for_update().filter(outcome=InquiryOutcome.PENDING, reply_due_on__lt=today)
    count = 0
    for inquiry in overdue:
        _flag(inquiry)
        inquiry.save()
        count += 1
    return count
