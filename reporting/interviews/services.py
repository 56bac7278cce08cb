"""Requested interviews (X-4): reception days kept by the office, requests under cadre-management
authority, the record of an interview, and handling cards followed to their reply by the engine."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.calendar import is_working_day
from committees.models import TEAM_ROLES, Committee, Level, Person, Portfolio, Role
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import acts_in, current_rules, roles_held, rules_in_force
from reporting import deadlines, phrases
from reporting.models.engine import ACTIVE_STATES
from reporting.schedules import days_schedule, midnight_after
from reporting.selectors import ORGANISATION_ROLES  # besides the two parties, who sees the requests

from . import rules
from .models import (
    CardState,
    Channel,
    HandlingCard,
    InterviewDay,
    InterviewMonth,
    InterviewRequest,
    InterviewState,
    Topic,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: Reception days of a month: reminded 7 and 1 days before the month begins, escalated after.
MONTH_SCHEDULE = days_schedule(before=(7, 1))
#: A handling card's reply: reminded 7 and 1 days before its due day, escalated after.
CARD_SCHEDULE = days_schedule(before=(7, 1))
#: Who sets the reception days and follows the cards: the committee's office.
OFFICE_ROLES = frozenset({Role.OFFICE_STAFF})
#: Levels whose leaders keep reception days (a party branch has no organ of cadres to receive).
RECEIVING_LEVELS = frozenset({Level.CITY, Level.COUNTY, Level.TOWN, Level.STREET})
#: The time of day an appointment on a reception day is set for, unless the leader moves it.
RECEPTION_STARTS = datetime.time(9, 0)

MSG_NOT_OFFICE = gettext_lazy("Only the office of %(committee)s sets its reception days.")
MSG_NOT_ON_TEAM = gettext_lazy("%(person)s is not on the leadership team of %(committee)s on %(day)s.")
MSG_DAY_PASSED = gettext_lazy("A reception day is set ahead: %(day)s has passed.")
MSG_NOT_WORKING_DAY = gettext_lazy("%(day)s is not a working day.")
MSG_DAY_TAKEN = gettext_lazy("%(leader)s already has a reception day on %(day)s.")
MSG_DAY_BOOKED = gettext_lazy("Interviews are booked or were held on this day: it stays on the record.")
MSG_NOT_A_CADRE = gettext_lazy("You hold no role in %(committee)s: ask the leaders of your own committee.")
MSG_NOT_ONESELF = gettext_lazy("Choose a leader other than yourself.")
MSG_WRONG_DAY = gettext_lazy("That reception day is %(leader)s's, not the leader you chose.")
MSG_SAY_WHAT = gettext_lazy("Say briefly what the interview is about.")
MSG_ONLY_LEADER = gettext_lazy("Only the leader asked for may do this.")
MSG_ONLY_REQUESTER = gettext_lazy("Only the cadre who asked may withdraw the request.")
MSG_IN_THE_PAST = gettext_lazy("Choose a time still to come.")
MSG_EXPLAIN = gettext_lazy("Explain to the cadre why the interview cannot be held.")
MSG_NOT_YET = gettext_lazy("An interview is recorded once it was held.")
MSG_RECORD = gettext_lazy("Write down what was said.")
MSG_NOT_OPEN = gettext_lazy("This request is %(state)s.")
MSG_CARD_AFTER_INTERVIEW = gettext_lazy("A handling card follows an interview that was held.")
MSG_CARD_FIELDS = gettext_lazy("Fill in the matter, the instruction and the handling unit.")
MSG_REPLY_BEFORE_CARD = gettext_lazy("The reply cannot come before the card was opened.")
MSG_ONLY_OFFICE_OR_LEADER = gettext_lazy("Only the leader who opened the card records the reply.")
MSG_SAY_HOW = gettext_lazy("Say how the matter was handled and answered.")
MSG_ALREADY_REPLIED = gettext_lazy("This card was replied to already.")
MSG_REPLY_TO_COME = gettext_lazy("A reply is recorded once it was given: %(day)s is still to come.")


def may_set_days(user, committee: Committee) -> bool:
    return acts_in(user, committee, OFFICE_ROLES)


def may_see(user, interview: InterviewRequest) -> bool:
    """The cadre, the leader, and the committee's organisation department (四.4: 保密)."""
    if user.is_superuser:
        return True
    person = person_of(user)
    if person is not None and person.pk in (interview.requester_id, interview.leader_id):
        return True
    return acts_in(user, interview.committee, ORGANISATION_ROLES)


def _on_team(person: Person, committee: Committee, day: datetime.date) -> set[str]:
    roles = roles_held(person, committee, day) & TEAM_ROLES
    if not roles:
        raise ValidationError(
            {"leader": MSG_NOT_ON_TEAM % {"person": person, "committee": committee, "day": day.isoformat()}}
        )
    return roles


# --------------------------------------------------------------------------- reception days


@transaction.atomic
def set_day(
    *, committee: Committee, day: datetime.date, leader: Person, place: str = "", acting_user: User
) -> InterviewDay:
    """X-4 (三): a reception day of ``leader`` (usually in the leader's office), set ahead by the
    office on a working day (调休 honoured)."""
    bounds.require_dates(day=day)
    if not may_set_days(acting_user, committee):
        raise RuleViolation("X-4", str(MSG_NOT_OFFICE % {"committee": committee}))
    if day < timezone.localdate():
        raise ValidationError({"day": MSG_DAY_PASSED % {"day": day.isoformat()}})
    if not is_working_day(day):
        raise ValidationError({"day": MSG_NOT_WORKING_DAY % {"day": day.isoformat()}})
    _on_team(leader, committee, day)
    if InterviewDay.objects.filter(committee=committee, day=day, leader=leader).exists():
        raise ValidationError({"day": MSG_DAY_TAKEN % {"leader": leader, "day": day.isoformat()}})
    reception = InterviewDay(
        committee=committee, day=day, leader=leader, place=place.strip(), recorded_by=person_of(acting_user)
    )
    acting(reception, acting_user).save()
    refresh_month(committee, rules.first_of_month(day), acting_user=acting_user)
    return reception


@transaction.atomic
def remove_day(reception: InterviewDay, *, acting_user: User) -> None:
    """X-4: a reception day no interview was booked on is removed, while it is still to come."""
    if not may_set_days(acting_user, reception.committee):
        raise RuleViolation("X-4", str(MSG_NOT_OFFICE % {"committee": reception.committee}))
    if reception.day < timezone.localdate():
        raise ValidationError(MSG_DAY_PASSED % {"day": reception.day.isoformat()})
    if reception.requests.exists():
        raise ValidationError(MSG_DAY_BOOKED)
    committee, month = reception.committee, rules.first_of_month(reception.day)
    acting(reception, acting_user).delete()
    refresh_month(committee, month, acting_user=acting_user)


@transaction.atomic
def refresh_month(committee: Committee, month: datetime.date, *, acting_user: User) -> InterviewMonth | None:
    """X-4: the reception days ``committee`` owes for ``month`` (the rule set's number) against the
    distinct days set, watched by the engine until met."""
    version = current_rules(committee)
    if version is None or not version.interview_days_per_month or committee.level not in RECEIVING_LEVELS:
        return None
    month = rules.first_of_month(month)
    duty = InterviewMonth.objects.select_for_update().filter(committee=committee, month=month).first()
    duty = duty or InterviewMonth(committee=committee, month=month, rule_set_version=version)
    duty.required = version.interview_days_per_month
    duty.scheduled = (
        InterviewDay.objects.filter(committee=committee, day__year=month.year, day__month=month.month)
        .values("day")
        .distinct()
        .count()
    )
    acting(duty, acting_user).save()
    if duty.is_met:
        deadlines.met(duty, acting_user=acting_user)
    elif not deadlines.for_subject(duty).filter(state__in=ACTIVE_STATES).exists():
        deadlines.register(
            subject=duty,
            committee=committee,
            title=stored(phrases.DEADLINE_INTERVIEW_DAYS, month=f"{month:%Y-%m}", required=duty.required),
            due_at=midnight_after(rules.days_set_by(month)),
            rule_id="X-4",
            schedule=MONTH_SCHEDULE,
            url=page_url("interviews_committee", committee.pk),
            rule_set_version=version,
            acting_user=acting_user,
        )
    return duty


def ensure_next_month(today: datetime.date | None = None, *, acting_user: User) -> int:
    """The nightly round (beat): every receiving committee owes next month's reception days, set
    by the end of this month. Idempotent; one committee's error is logged and the round goes on."""
    today = today or timezone.localdate()
    month = rules.next_month(today)
    count = 0
    for committee in Committee.objects.filter(level__in=RECEIVING_LEVELS).order_by("pk"):
        try:
            if refresh_month(committee, month, acting_user=acting_user):
                count += 1
        except Exception:
            logger.exception("X-4: the reception days of committee %s were not kept", committee.pk)
    return count


# --------------------------------------------------------------------------- requests


@transaction.atomic
def request_interview(
    *,
    committee: Committee,
    leader: Person,
    channel: str,
    topic: str,
    summary: str,
    day: InterviewDay | None = None,
    is_urgent: bool = False,
    acting_user: User,
) -> InterviewRequest:
    """X-4 (三): a cadre asks ``leader`` for an interview – on one of the leader's reception days, or at
    once for a serious matter (遇到重大问题…可随时约谈), to be set by the leader."""
    today = timezone.localdate()
    requester = person_of(acting_user)
    if requester is None or not roles_held(requester, committee, today):
        raise RuleViolation("X-4", str(MSG_NOT_A_CADRE % {"committee": committee}))
    if channel not in Channel.values:
        raise ValidationError({"channel": gettext_lazy("Choose how the interview is asked for.")})
    if topic not in Topic.values:
        raise ValidationError({"topic": gettext_lazy("Choose what the interview is about.")})
    if not summary.strip():
        raise ValidationError({"summary": MSG_SAY_WHAT})
    if leader.pk == requester.pk:
        raise ValidationError({"leader": MSG_NOT_ONESELF})
    _on_team(leader, committee, today)
    if day is not None:
        if day.committee_id != committee.pk or day.leader_id != leader.pk:
            raise ValidationError({"day": MSG_WRONG_DAY % {"leader": day.leader}})
        if day.day < today:
            raise ValidationError({"day": MSG_DAY_PASSED % {"day": day.day.isoformat()}})
    version = rules_in_force(committee)
    interview = InterviewRequest(
        committee=committee,
        requester=requester,
        leader=leader,
        channel=channel,
        topic=topic,
        summary=summary.strip(),
        is_urgent=is_urgent,
        rule_set_version=version,
    )
    if day is not None:
        interview.day = day
        interview.scheduled_at = timezone.make_aware(datetime.datetime.combine(day.day, RECEPTION_STARTS))
        interview.place = day.place
        interview.state = InterviewState.SCHEDULED
    acting(interview, acting_user).save()
    return interview


def is_designated(interview: InterviewRequest, day: datetime.date | None = None) -> bool:
    """二: the leader is one the cadre designated, outside cadre-management authority – received
    where conditions allow, otherwise the leader explains (``decline``)."""
    day = day or timezone.localdate()
    has_portfolio = Portfolio.objects.on(day).filter(person=interview.leader, committee=interview.committee).exists()
    return not rules.within_authority(
        roles_held(interview.requester, interview.committee, day),
        roles_held(interview.leader, interview.committee, day),
        has_portfolio,
    )


def is_leader(user, interview: InterviewRequest) -> bool:
    """The leader asked for (or a superuser) schedules, explains, records and opens cards."""
    person = person_of(user)
    return user.is_superuser or (person is not None and person.pk == interview.leader_id)


def _require_leader(interview: InterviewRequest, user) -> None:
    if not is_leader(user, interview):
        raise RuleViolation("X-4", str(MSG_ONLY_LEADER))


def _require_open(interview: InterviewRequest) -> None:
    if interview.state not in (InterviewState.REQUESTED, InterviewState.SCHEDULED):
        raise ValidationError(MSG_NOT_OPEN % {"state": interview.get_state_display()})


@transaction.atomic
def schedule(
    interview: InterviewRequest, *, at: datetime.datetime, place: str = "", acting_user: User
) -> InterviewRequest:
    """The leader sets (or moves) the appointment."""
    interview = InterviewRequest.objects.select_for_update().get(pk=interview.pk)
    _require_leader(interview, acting_user)
    _require_open(interview)
    bounds.require_dates(at=at)
    if at < timezone.now():
        raise ValidationError({"at": MSG_IN_THE_PAST})
    interview.scheduled_at, interview.state = at, InterviewState.SCHEDULED
    interview.place = place.strip() or interview.place
    if interview.day_id and interview.day.day != timezone.localtime(at).date():
        interview.day = None
    acting(interview, acting_user).save()
    return interview


@transaction.atomic
def decline(interview: InterviewRequest, *, explanation: str, acting_user: User) -> InterviewRequest:
    """二: where conditions do not allow, the leader explains to the cadre."""
    interview = InterviewRequest.objects.select_for_update().get(pk=interview.pk)
    _require_leader(interview, acting_user)
    _require_open(interview)
    if not explanation.strip():
        raise ValidationError({"explanation": MSG_EXPLAIN})
    interview.explanation, interview.state = explanation.strip(), InterviewState.DECLINED
    acting(interview, acting_user).save()
    return interview


@transaction.atomic
def withdraw(interview: InterviewRequest, *, acting_user: User) -> InterviewRequest:
    interview = InterviewRequest.objects.select_for_update().get(pk=interview.pk)
    person = person_of(acting_user)
    if person is None or person.pk != interview.requester_id:
        raise RuleViolation("X-4", str(MSG_ONLY_REQUESTER))
    _require_open(interview)
    interview.state = InterviewState.WITHDRAWN
    acting(interview, acting_user).save()
    return interview


@transaction.atomic
def record_interview(
    interview: InterviewRequest, *, held_at: datetime.datetime, record: str, acting_user: User
) -> InterviewRequest:
    """四.3: the interview is recorded carefully (by the leader who received the cadre)."""
    interview = InterviewRequest.objects.select_for_update().get(pk=interview.pk)
    _require_leader(interview, acting_user)
    _require_open(interview)
    bounds.require_dates(held_at=held_at)
    if held_at > timezone.now():
        raise ValidationError({"held_at": MSG_NOT_YET})
    if not record.strip():
        raise ValidationError({"record": MSG_RECORD})
    interview.held_at, interview.record, interview.state = held_at, record.strip(), InterviewState.HELD
    acting(interview, acting_user).save()
    return interview


# --------------------------------------------------------------------------- handling cards


@transaction.atomic
def open_card(
    interview: InterviewRequest,
    *,
    matter: str,
    instruction: str,
    unit: str,
    reply_due: datetime.date,
    acting_user: User,
) -> HandlingCard:
    """X-4 (四.3): a request or problem raised in the interview gets a handling card – reviewed by the
    leader, coordinated and carried out by the unit, answered by the due day (the engine reminds
    the committee's office and the leader)."""
    _require_leader(interview, acting_user)
    if interview.state != InterviewState.HELD:
        raise ValidationError(MSG_CARD_AFTER_INTERVIEW)
    bounds.require_dates(reply_due=reply_due)
    if not (matter.strip() and instruction.strip() and unit.strip()):
        raise ValidationError(MSG_CARD_FIELDS)
    if reply_due < timezone.localdate():
        raise ValidationError({"reply_due": MSG_IN_THE_PAST})
    card = HandlingCard(
        interview=interview,
        matter=matter.strip(),
        instruction=instruction.strip(),
        unit=unit.strip(),
        reply_due=reply_due,
        recorded_by=person_of(acting_user),
    )
    acting(card, acting_user).save()
    deadlines.register(
        subject=card,
        committee=interview.committee,
        title=stored(phrases.DEADLINE_INTERVIEW_CARD, unit=card.unit),
        due_at=midnight_after(reply_due),
        rule_id="X-4",
        schedule=CARD_SCHEDULE,
        owner=interview.leader,
        is_private=True,
        url=page_url("interview_detail", interview.pk),
        rule_set_version=interview.rule_set_version,
        acting_user=acting_user,
    )
    return card


def may_reply(user, card: HandlingCard) -> bool:
    """The leader who opened the card records its reply (the card carries the interview's
    confidential matter: 四.4)."""
    return is_leader(user, card.interview)


@transaction.atomic
def reply_card(card: HandlingCard, *, outcome: str, replied_on: datetime.date, acting_user: User) -> HandlingCard:
    """The matter handled and answered (视情况予以答复): the card is closed and its deadline met."""
    card = HandlingCard.objects.select_for_update().select_related("interview__committee").get(pk=card.pk)
    if not may_reply(acting_user, card):
        raise RuleViolation("X-4", str(MSG_ONLY_OFFICE_OR_LEADER))
    if card.state == CardState.REPLIED:
        raise ValidationError(MSG_ALREADY_REPLIED)
    bounds.require_dates(replied_on=replied_on)
    if not outcome.strip():
        raise ValidationError({"outcome": MSG_SAY_HOW})
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": MSG_REPLY_TO_COME % {"day": replied_on.isoformat()}})
    if replied_on < timezone.localtime(card.created_at).date():
        raise ValidationError({"replied_on": MSG_REPLY_BEFORE_CARD})
    card.outcome, card.replied_on, card.state = outcome.strip(), replied_on, CardState.REPLIED
    acting(card, acting_user).save()
    deadlines.met(card, acting_user=acting_user)
    return card
