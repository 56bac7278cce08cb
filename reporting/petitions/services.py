"""Petition actions (P-1..P-5): register, transfer, extend, answer. Views, API and admin call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.models import Committee, Person
from committees.phrases import stored
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines, phrases
from reporting.channels import one_line
from reporting.messages import MSG_NO_RULE_SET
from reporting.schedules import days_schedule

from . import rules, selectors
from .models import Petition, Petitioner, PetitionExtension, PetitionState, ReceptionType

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: P-3 reminders: 15, 7 and 1 days before the due day.
REMINDER_DAYS = (15, 7, 1)

MSG_COMMITTEE_OR_DEPARTMENT = gettext_lazy("Transfer to a committee or to a department, not both.")
MSG_NAME_THE_UNIT = gettext_lazy("Name the unit responsible for the petition.")
MSG_IN_FUTURE = gettext_lazy("%(what)s cannot be in the future.")
MSG_CHOOSE_RECEPTION_TYPE = gettext_lazy("Choose one of the reception types.")
MSG_RECORD_REQUEST = gettext_lazy("Record what the petitioners asked for.")
MSG_RECORD_PETITIONER = gettext_lazy("Record at least one petitioner.")
MSG_PETITIONER_NAME = gettext_lazy("Every petitioner needs a name.")
MSG_TIME_OF_RECEIPT = gettext_lazy("The time of receipt")
MSG_NOT_A_LEADER = gettext_lazy("%(person)s was not a leader of %(committee)s on %(date)s.")
MSG_INSTRUCTION_NEEDED = gettext_lazy("The receiving leader's instruction is needed to transfer the petition.")
MSG_ANSWERED_NO_TRANSFER = gettext_lazy("The petition has been answered; it can no longer be transferred.")
MSG_TRANSFER_BEFORE_RECEIPT = gettext_lazy("A petition cannot be transferred before it was received.")
MSG_ANSWERED_NO_EXTENSION = gettext_lazy("The petition has been answered; there is nothing to extend.")
MSG_EXTENSION_AT_LEAST_A_DAY = gettext_lazy("An extension adds at least one day.")
MSG_TOLD_IN_FUTURE = gettext_lazy("The petitioner cannot have been told on a future date.")
MSG_TOLD_BEFORE_RECEIPT = gettext_lazy("The petitioner cannot have been told before the petition was received.")
MSG_ALREADY_ANSWERED = gettext_lazy("The petition has already been answered.")
MSG_TRANSFER_BEFORE_ANSWER = gettext_lazy(
    "Transfer the petition to the responsible unit, with the leader's instruction, before answering."
)
MSG_WRITE_ANSWER = gettext_lazy("Write the answer given to the petitioner.")
MSG_TIME_OF_ANSWER = gettext_lazy("The time of the answer")
MSG_ANSWER_BEFORE_TRANSFER = gettext_lazy("A petition cannot be answered before it was transferred.")


@dataclass(frozen=True)
class PetitionerData:
    name: str
    phone: str = ""
    id_number: str = ""
    is_representative: bool = False


def _check_unit(responsible_committee: Committee | None, responsible_department: str) -> None:
    if responsible_committee is not None and responsible_department.strip():
        raise ValidationError(MSG_COMMITTEE_OR_DEPARTMENT)
    if responsible_committee is None and not responsible_department.strip():
        raise RuleViolation("P-2", MSG_NAME_THE_UNIT)


def _check_not_future(moment: datetime.datetime, now: datetime.datetime, label: str) -> None:
    if moment > now:
        raise ValidationError(MSG_IN_FUTURE % {"what": label})


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
        raise ValidationError(MSG_CHOOSE_RECEPTION_TYPE)
    if not content.strip():
        raise ValidationError(MSG_RECORD_REQUEST)
    if not petitioners:
        raise ValidationError(MSG_RECORD_PETITIONER)
    if any(not p.name.strip() for p in petitioners):
        raise ValidationError(MSG_PETITIONER_NAME)
    _check_not_future(received_at, now, MSG_TIME_OF_RECEIPT)
    received_day = timezone.localdate(received_at)
    if not selectors.leaders_on(committee, received_day).filter(pk=receiving_leader.pk).exists():
        raise ValidationError(
            MSG_NOT_A_LEADER % {"person": receiving_leader, "committee": committee, "date": received_day.isoformat()}
        )


def _is_transferred(instruction: str, responsible_committee: Committee | None, responsible_department: str) -> bool:
    """P-2: an instruction with a responsible unit transfers the case at once; naming a unit needs
    the receiving leader's instruction."""
    transferring = bool(instruction.strip() or responsible_committee or responsible_department.strip())
    if transferring:
        if not instruction.strip():
            raise RuleViolation("P-2", MSG_INSTRUCTION_NEEDED)
        _check_unit(responsible_committee, responsible_department)
    return transferring


def _add_petitioners(petition: Petition, petitioners: list[PetitionerData]) -> None:
    # bulk_create leaves no history rows; the petition's own row names who registered it.
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
    now: datetime.datetime | None = None,
    acting_user: User,
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
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
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
        transferred_by=person_of(acting_user) if transferring else None,
        state=PetitionState.TRANSFERRED if transferring else PetitionState.RECEIVED,
        rule_set_version=version,
        registered_by=acting_user,
    )
    _answer_or_set_due(petition, answer_at_once, version)
    if petition.is_answered_at_once:
        petition.answered_by = person_of(acting_user)
    acting(petition, acting_user).save()
    _add_petitioners(petition, petitioners)
    if not petition.is_answered_at_once:
        _register_deadline(petition, now, acting_user=acting_user)
    return petition


def _register_deadline(petition: Petition, now: datetime.datetime, *, acting_user: User):
    title = stored(
        phrases.DEADLINE_PETITION_ANSWER,
        date=timezone.localdate(petition.received_at).isoformat(),
        summary=one_line(petition.content[:60]),
    )
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
        acting_user=acting_user,
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
    acting_user: User,
) -> Petition:
    """P-2: the receiving leader's instruction, and the case handed to the responsible unit.

    A transferred case may be transferred again (to another unit); the history keeps each one.
    """
    petition = _locked(petition)
    if petition.is_answered:
        raise ValidationError(MSG_ANSWERED_NO_TRANSFER)
    if not instruction.strip():
        raise RuleViolation("P-2", MSG_INSTRUCTION_NEEDED)
    _check_unit(responsible_committee, responsible_department)
    at = at or timezone.now()
    if at < petition.received_at:
        raise ValidationError(MSG_TRANSFER_BEFORE_RECEIPT)
    petition.instruction = instruction.strip()
    petition.responsible_committee = responsible_committee
    petition.responsible_department = responsible_department.strip()
    petition.transferred_at = at
    petition.transferred_by = person_of(acting_user)
    petition.state = PetitionState.TRANSFERRED
    acting(petition, acting_user).save()
    return petition


@transaction.atomic
def extend(
    petition: Petition,
    *,
    days: int,
    reason: str,
    petitioner_told_on: datetime.date | None,
    petitioner_told_how: str,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> PetitionExtension:
    """P-3: extend a complex case once, by at most 30 days, telling the petitioner why.

    The limits come from the rule-set version the petition was received under.
    """
    bounds.require_dates(petitioner_told_on=petitioner_told_on)
    now = now or timezone.now()
    petition = _locked(petition)
    if petition.is_answered:
        raise ValidationError(MSG_ANSWERED_NO_EXTENSION)
    if days < 1:
        raise ValidationError(MSG_EXTENSION_AT_LEAST_A_DAY)
    if petitioner_told_on is not None:
        if petitioner_told_on > timezone.localdate(now):
            raise ValidationError(MSG_TOLD_IN_FUTURE)
        if petitioner_told_on < timezone.localdate(petition.received_at):
            raise ValidationError(MSG_TOLD_BEFORE_RECEIPT)
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
    extension = PetitionExtension(
        petition=petition,
        number=extensions_so_far + 1,
        days=days,
        reason=reason.strip(),
        previous_due_at=petition.due_at,
        new_due_at=new_due_at,
        petitioner_told_on=petitioner_told_on,
        petitioner_told_how=petitioner_told_how,
        created_by=acting_user,
        rule_set_version=version,
    )
    acting(extension, acting_user).save()
    petition.due_at = new_due_at
    petition._change_reason = reason.strip()[:100]
    acting(petition, acting_user).save(update_fields=["due_at"])
    for deadline in deadlines.for_subject(petition).filter(rule_id="P-3"):
        if deadline.is_active:
            deadlines.extend(deadline, new_due_at=new_due_at, reason=reason.strip(), now=now, acting_user=acting_user)
    return extension


@transaction.atomic
def answer(
    petition: Petition,
    *,
    answer: str,
    answered_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
    acting_user: User,
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
        raise ValidationError(MSG_ALREADY_ANSWERED)
    if petition.state != PetitionState.TRANSFERRED:
        raise RuleViolation("P-2", MSG_TRANSFER_BEFORE_ANSWER)
    if not answer.strip():
        raise ValidationError(MSG_WRITE_ANSWER)
    answered_at = answered_at or now
    _check_not_future(answered_at, now, MSG_TIME_OF_ANSWER)
    if answered_at < petition.transferred_at:
        raise RuleViolation("P-2", MSG_ANSWER_BEFORE_TRANSFER)
    petition.answer = answer.strip()
    petition.answered_at = answered_at
    petition.answered_by = person_of(acting_user)
    petition.state = PetitionState.ANSWERED
    acting(petition, acting_user).save()
    deadlines.met(petition, at=answered_at, rule_id="P-3", acting_user=acting_user)
    return petition
