"""Petition actions (P-1..P-5): register, transfer, extend, answer. Views, API and admin call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import bounds
from committees.models import Committee, Person
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.schedules import days_schedule

from . import rules, selectors
from .models import Petition, Petitioner, PetitionExtension, PetitionState, ReceptionType

#: P-3 reminders: 15, 7 and 1 days before the due day.
REMINDER_DAYS = (15, 7, 1)


@dataclass(frozen=True)
class PetitionerData:
    name: str
    phone: str = ""
    id_number: str = ""
    is_representative: bool = False


def _check_unit(responsible_committee: Committee | None, responsible_department: str) -> None:
    if responsible_committee is not None and responsible_department.strip():
        raise ValidationError(_("Transfer to a committee or to a department, not both."))
    if responsible_committee is None and not responsible_department.strip():
        raise RuleViolation("P-2", _("Name the unit responsible for the petition."))


def _check_not_future(moment: datetime.datetime, now: datetime.datetime, label: str) -> None:
    if moment > now:
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": label})


def _require_visit(
    *,
    committee: Committee,
    reception_type: str,
    received_at: datetime.datetime,
    receiving_leader: Person,
    content: str,
    petitioners: list[PetitionerData],
    now: datetime.datetime,
) -> None:
    """P-1/P-2: a known reception type, what was asked, named petitioners, a time of receipt not in
    the future, and a receiving leader who was a leader of the committee that day."""
    if reception_type not in ReceptionType.values:
        raise ValidationError(_("Choose one of the reception types."))
    if not content.strip():
        raise ValidationError(_("Record what the petitioners asked for."))
    if not petitioners:
        raise ValidationError(_("Record at least one petitioner."))
    if any(not p.name.strip() for p in petitioners):
        raise ValidationError(_("Every petitioner needs a name."))
    _check_not_future(received_at, now, _("The time of receipt"))
    received_day = timezone.localdate(received_at)
    if not selectors.leaders_on(committee, received_day).filter(pk=receiving_leader.pk).exists():
        raise ValidationError(
            _("%(person)s was not a leader of %(committee)s on %(date)s.")
            % {"person": receiving_leader, "committee": committee, "date": received_day.isoformat()}
        )


def _is_transferred(instruction: str, responsible_committee: Committee | None, responsible_department: str) -> bool:
    """P-2: an instruction with a responsible unit transfers the case at once; naming a unit needs
    the receiving leader's instruction."""
    transferring = bool(instruction.strip() or responsible_committee or responsible_department.strip())
    if transferring:
        if not instruction.strip():
            raise RuleViolation("P-2", _("The receiving leader's instruction is needed to transfer the petition."))
        _check_unit(responsible_committee, responsible_department)
    return transferring


def _add_petitioners(petition: Petition, petitioners: list[PetitionerData]) -> None:
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=petition,
                name=p.name.strip(),
                phone=p.phone.strip(),
                id_number=p.id_number.strip(),
                is_representative=p.is_representative,
            )
            for p in petitioners
        ]
    )


def _answer_or_set_due(petition: Petition, answer_at_once: str, version) -> None:
    """P-3 "能马上办理的要马上办理答复": a case answered during the reception closes with no deadline;
    any other is due ``petition_answer_days`` (60) days after its receipt."""
    if answer_at_once.strip():
        petition.is_answered_at_once = True
        petition.answer = answer_at_once.strip()
        petition.answered_at = petition.received_at
        petition.state = PetitionState.ANSWERED
    else:
        petition.due_at = rules.answer_due_at(petition.received_at, version.petition_answer_days)


@transaction.atomic
def register_petition(
    *,
    committee: Committee,
    reception_type: str,
    received_at: datetime.datetime,
    receiving_leader: Person,
    content: str,
    petitioners: Iterable[PetitionerData],
    place: str = "",
    instruction: str = "",
    responsible_committee: Committee | None = None,
    responsible_department: str = "",
    answer_at_once: str = "",
    by=None,
    now: datetime.datetime | None = None,
) -> Petition:
    """Record a visit (P-2) of one of the P-1 reception types.

    With ``answer_at_once`` the case is answered during the reception and closes with no
    deadline (P-3 "能马上办理的要马上办理答复"); otherwise the 60-day deadline is registered with the
    engine, owed by the receiving leader, the committee's petition staff notified. An instruction
    with a responsible unit transfers the case at once (P-2).
    """
    bounds.require_dates(received_at=received_at)
    now = now or timezone.now()
    petitioners = list(petitioners)
    _require_visit(
        committee=committee,
        reception_type=reception_type,
        received_at=received_at,
        receiving_leader=receiving_leader,
        content=content,
        petitioners=petitioners,
        now=now,
    )
    version = current_rules(committee)
    if version is None:
        raise ValidationError(_("No rule set applies to %(committee)s.") % {"committee": committee})
    rules.check_representatives((p.is_representative for p in petitioners), version.petition_representatives_max)
    transferring = _is_transferred(instruction, responsible_committee, responsible_department)
    petition = Petition(
        committee=committee,
        reception_type=reception_type,
        received_at=received_at,
        place=place.strip(),
        receiving_leader=receiving_leader,
        content=content.strip(),
        instruction=instruction.strip(),
        responsible_committee=responsible_committee if transferring else None,
        responsible_department=responsible_department.strip() if transferring else "",
        transferred_at=received_at if transferring else None,
        state=PetitionState.TRANSFERRED if transferring else PetitionState.RECEIVED,
        rule_set_version=version,
        registered_by=by,
    )
    _answer_or_set_due(petition, answer_at_once, version)
    petition.save()
    _add_petitioners(petition, petitioners)
    if not petition.is_answered_at_once:
        _register_deadline(petition, now)
    return petition


def _register_deadline(petition: Petition, now: datetime.datetime):
    with override(settings.LANGUAGE_CODE):
        title = _("Answer the petition of %(date)s: %(summary)s") % {
            "date": timezone.localdate(petition.received_at).isoformat(),
            "summary": petition.content[:60],
        }
    return deadlines.register(
        subject=petition,
        committee=petition.committee,
        title=title,
        due_at=petition.due_at,
        rule_id="P-3",
        schedule=days_schedule(before=REMINDER_DAYS),
        owner=petition.receiving_leader,
        notify=selectors.petition_staff_on(petition.committee, timezone.localdate(now)),
        url=reverse("petitions_detail", args=[petition.pk]),
        rule_set_version=petition.rule_set_version,
        now=now,
    )


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition.pk)


@transaction.atomic
def transfer(
    petition: Petition,
    *,
    instruction: str,
    responsible_committee: Committee | None = None,
    responsible_department: str = "",
    at: datetime.datetime | None = None,
) -> Petition:
    """P-2: the receiving leader's instruction, and the case handed to the responsible unit.

    A transferred case may be transferred again (to another unit); the history keeps each one.
    """
    petition = _locked(petition)
    if petition.is_answered:
        raise ValidationError(_("The petition has been answered; it can no longer be transferred."))
    if not instruction.strip():
        raise RuleViolation("P-2", _("The receiving leader's instruction is needed to transfer the petition."))
    _check_unit(responsible_committee, responsible_department)
    at = at or timezone.now()
    if at < petition.received_at:
        raise ValidationError(_("A petition cannot be transferred before it was received."))
    petition.instruction = instruction.strip()
    petition.responsible_committee = responsible_committee
    petition.responsible_department = responsible_department.strip()
    petition.transferred_at = at
    petition.state = PetitionState.TRANSFERRED
    petition.save()
    return petition


@transaction.atomic
def extend(
    petition: Petition,
    *,
    days: int,
    reason: str,
    petitioner_told_on: datetime.date | None,
    petitioner_told_how: str,
    by=None,
    now: datetime.datetime | None = None,
) -> PetitionExtension:
    """P-3: extend a complex case once, by at most 30 days, telling the petitioner why.

    The limits come from the rule-set version the petition was received under.
    """
    bounds.require_dates(petitioner_told_on=petitioner_told_on)
    now = now or timezone.now()
    petition = _locked(petition)
    if petition.is_answered:
        raise ValidationError(_("The petition has been answered; there is nothing to extend."))
    if days < 1:
        raise ValidationError(_("An extension adds at least one day."))
    if petitioner_told_on is not None:
        if petitioner_told_on > timezone.localdate(now):
            raise ValidationError(_("The petitioner cannot have been told on a future date."))
        if petitioner_told_on < timezone.localdate(petition.received_at):
            raise ValidationError(_("The petitioner cannot have been told before the petition was received."))
    version = petition.rule_set_version
    extensions_so_far = petition.extensions.count()
    rules.check_extension(
        extensions_so_far=extensions_so_far,
        days=days,
        max_extensions=version.petition_max_extensions,
        max_days=version.petition_extension_days,
        reason=reason,
        petitioner_told_on=petitioner_told_on,
        petitioner_told_how=petitioner_told_how,
        due_at=petition.due_at,
        now=now,
    )
    new_due_at = rules.extended_due_at(petition.due_at, days)
    extension = PetitionExtension.objects.create(
        petition=petition,
        number=extensions_so_far + 1,
        days=days,
        reason=reason.strip(),
        previous_due_at=petition.due_at,
        new_due_at=new_due_at,
        petitioner_told_on=petitioner_told_on,
        petitioner_told_how=petitioner_told_how,
        created_by=by,
        rule_set_version=version,
    )
    petition.due_at = new_due_at
    petition._change_reason = reason.strip()[:100]
    petition.save(update_fields=["due_at"])
    for deadline in deadlines.for_subject(petition).filter(rule_id="P-3"):
        if deadline.is_active:
            deadlines.extend(deadline, new_due_at=new_due_at, reason=reason.strip(), now=now)
    return extension


@transaction.atomic
def answer(
    petition: Petition,
    *,
    answer: str,
    answered_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Petition:
    """P-3: the responsible unit's answer closes the case and settles its deadline.

    P-2: a case is answered after it was transferred to the responsible unit (a case answered
    at once is closed when it is registered). An answer after the due time is recorded and
    counts as overdue.
    """
    bounds.require_dates(answered_at=answered_at)
    now = now or timezone.now()
    petition = _locked(petition)
    if petition.is_answered:
        raise ValidationError(_("The petition has already been answered."))
    if petition.state != PetitionState.TRANSFERRED:
        raise RuleViolation(
            "P-2", _("Transfer the petition to the responsible unit, with the leader's instruction, before answering.")
        )
    if not answer.strip():
        raise ValidationError(_("Write the answer given to the petitioner."))
    answered_at = answered_at or now
    _check_not_future(answered_at, now, _("The time of the answer"))
    if answered_at < petition.transferred_at:
        raise RuleViolation("P-2", _("A petition cannot be answered before it was transferred."))
    petition.answer = answer.strip()
    petition.answered_at = answered_at
    petition.state = PetitionState.ANSWERED
    petition.save()
    deadlines.met(petition, at=answered_at, rule_id="P-3")
    return petition
