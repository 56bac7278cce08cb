"""Talks (X-3): the yearly plan and each period's duty with the deadline engine, recording a talk,
and must-talk occasions opened by the events the system knows."""

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
from committees.models import TEAM_ROLES, Committee, Person, Role, RoleAssignment
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import acts_in, current_rules, roles_held, rules_in_force
from reporting import deadlines
from reporting.models.engine import ACTIVE_STATES
from reporting.schedules import days_schedule, midnight_after
from reporting.selectors import ORGANISATION_ROLES  # who keeps the plan and sees every talk
from supervision import phrases

from . import rules
from .models import MustTalk, PairKind, Talk, TalkDuty, TalkPlanLine, Trigger

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: Reminders: a year's talks 30 and 7 days before it ends, a quarter's 14 and 3, escalated after.
YEAR_SCHEDULE = days_schedule(before=(30, 7))
QUARTER_SCHEDULE = days_schedule(before=(14, 3))
MUST_TALK_SCHEDULE = days_schedule(before=(7, 1))

MSG_NOT_ORGANISATION = gettext_lazy("Only the organisation department of %(committee)s keeps its talk plan.")
MSG_NO_ROLE = gettext_lazy("%(person)s holds no role in %(committee)s on %(day)s.")
MSG_NOT_ON_TEAM = gettext_lazy("%(person)s is not on the leadership team of %(committee)s.")
MSG_TWO_PEOPLE = gettext_lazy("A talk is between two different people.")
MSG_IN_THE_FUTURE = gettext_lazy("A talk is recorded once it was held: %(day)s is still to come.")
MSG_NOT_A_PARTY = gettext_lazy("Only the leader who talked, or the organisation department, records a talk.")
MSG_RECORD = gettext_lazy("Write down what was talked about.")
MSG_REASON = gettext_lazy("Say what happened.")
MSG_NO_TALKER = gettext_lazy("%(committee)s has no principal leader or organisation member to hold the talk.")


def keeps_plan(user, committee: Committee) -> bool:
    return acts_in(user, committee, ORGANISATION_ROLES)


def _require_role(person: Person, committee: Committee, day: datetime.date, field: str) -> set[str]:
    roles = roles_held(person, committee, day)
    if not roles:
        raise ValidationError({field: MSG_NO_ROLE % {"person": person, "committee": committee, "day": day.isoformat()}})
    return roles


# --------------------------------------------------------------------------- the plan


def _line(committee, year, kind, leader, counterpart, version, acting_user) -> TalkPlanLine:
    line = TalkPlanLine.objects.filter(committee=committee, year=year, leader=leader, counterpart=counterpart).first()
    if line is None:
        line = TalkPlanLine(
            committee=committee, year=year, kind=kind, leader=leader, counterpart=counterpart, rule_set_version=version
        )
    line.kind, line.required = kind, rules.required(kind, version)
    acting(line, acting_user).save()
    return line


@transaction.atomic
def ensure_plan(committee: Committee, year: int, *, acting_user: User, today: datetime.date | None = None) -> int:
    """X-3: the principal leader's lines – with every other team member on the committee's
    team that day (the year's last day, or today) – and the duty of each line's current period.
    Returns the lines of the year."""
    today = today or timezone.localdate()
    version = current_rules(committee)
    if version is None:
        return 0
    day = min(datetime.date(year, 12, 31), today)
    team = RoleAssignment.objects.on(day).filter(committee=committee, role__in=TEAM_ROLES)
    principals = {a.person_id: a.person for a in team.filter(role=Role.SECRETARY).select_related("person")}
    members = {a.person_id: a.person for a in team.select_related("person")}
    for principal in principals.values():
        for member_id, member in members.items():
            if member_id != principal.pk and version.principal_talks_per_year:
                _line(committee, year, PairKind.PRINCIPAL_TEAM, principal, member, version, acting_user)
    lines = list(TalkPlanLine.objects.filter(committee=committee, year=year).select_related("leader", "counterpart"))
    for line in lines:
        if line.required and datetime.date(year, 1, 1) <= today <= datetime.date(year, 12, 31):
            refresh_duty(line, today, acting_user=acting_user)
    return len(lines)


@transaction.atomic
def add_line(
    *, committee: Committee, year: int, kind: str, leader: Person, counterpart: Person, acting_user: User
) -> TalkPlanLine:
    """X-3: the organisation department adds a team member with a department head in their charge,
    or a department head with a staff member (the system does not know departments)."""
    if not keeps_plan(acting_user, committee):
        raise RuleViolation("X-3", str(MSG_NOT_ORGANISATION % {"committee": committee}))
    if kind not in PairKind.values:
        raise ValidationError({"kind": gettext_lazy("Choose one of the options.")})
    if year not in bounds.YEARS:
        raise ValidationError({"year": gettext_lazy("Enter a year.")})
    if leader.pk == counterpart.pk:
        raise ValidationError({"counterpart": MSG_TWO_PEOPLE})
    today = timezone.localdate()
    leader_roles = _require_role(leader, committee, today, "leader")
    _require_role(counterpart, committee, today, "counterpart")
    if kind in (PairKind.PRINCIPAL_TEAM, PairKind.TEAM_HEAD) and not leader_roles & TEAM_ROLES:
        raise ValidationError({"leader": MSG_NOT_ON_TEAM % {"person": leader, "committee": committee}})
    version = rules_in_force(committee)
    line = _line(committee, year, kind, leader, counterpart, version, acting_user)
    if year == today.year:
        refresh_duty(line, today, acting_user=acting_user)
    return line


def _talks_between(line: TalkPlanLine, start: datetime.date, end: datetime.date):
    """The talks the line's leader held with its counterpart in the period (the leader's own
    record, or the organisation department's: a counterpart's record does not meet the leader's
    duty)."""
    return Talk.objects.filter(
        committee=line.committee_id,
        leader=line.leader_id,
        counterpart=line.counterpart_id,
        held_on__gte=start,
        held_on__lte=end,
    )


def refresh_duty(line: TalkPlanLine, day: datetime.date, *, acting_user: User) -> TalkDuty | None:
    """X-3: the duty of the period of ``line`` containing ``day`` – the talks held between the two
    in it, and the engine's deadline at the period's end until they suffice."""
    if not line.required:
        return None
    start, end = rules.period_of(line.kind, day)
    duty = TalkDuty.objects.filter(line=line, period_start=start).first() or TalkDuty(
        line=line, period_start=start, period_end=end, rule_set_version=line.rule_set_version
    )
    duty.required, duty.done = line.required, _talks_between(line, start, end).count()
    acting(duty, acting_user).save()
    if duty.is_met:
        deadlines.met(duty, acting_user=acting_user)
    elif not deadlines.for_subject(duty).filter(state__in=ACTIVE_STATES).exists():
        deadlines.register(
            subject=duty,
            committee=line.committee,
            title=stored(
                phrases.DEADLINE_TALKS,
                leader=line.leader.name,
                counterpart=line.counterpart.name,
                required=duty.required,
                end=end.isoformat(),
            ),
            due_at=midnight_after(end),
            rule_id="X-3",
            schedule=QUARTER_SCHEDULE if line.kind in rules.QUARTERLY else YEAR_SCHEDULE,
            owner=line.leader,
            is_private=True,
            url=page_url("talks_mine"),
            rule_set_version=line.rule_set_version,
            acting_user=acting_user,
        )
    return duty


def ensure_year(today: datetime.date | None = None, *, acting_user: User) -> int:
    """The nightly round (beat): every committee with a principal leader gets this year's plan and
    the current period's duties. One committee's error is logged and the round goes on."""
    today = today or timezone.localdate()
    held = RoleAssignment.objects.on(today).filter(role=Role.SECRETARY).values("committee_id")
    count = 0
    for committee in Committee.objects.filter(pk__in=held).order_by("pk"):
        try:
            if ensure_plan(committee, today.year, acting_user=acting_user, today=today):
                count += 1
        except Exception:
            logger.exception("X-3: the talk plan of committee %s was not kept", committee.pk)
    return count


# --------------------------------------------------------------------------- talks


def may_record(user, committee: Committee, leader: Person) -> bool:
    person = person_of(user)
    return (person is not None and person.pk == leader.pk) or keeps_plan(user, committee)


@transaction.atomic
def record_talk(
    *,
    committee: Committee,
    leader: Person,
    counterpart: Person,
    held_on: datetime.date,
    record: str,
    trigger: str = "",
    acting_user: User,
) -> Talk:
    """X-3: a talk held, recorded by the leader who talked (or the organisation department); it
    counts for the pair's plan line in its period and settles the counterpart's open must-talk
    occasions this leader owes."""
    bounds.require_dates(held_on=held_on)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": MSG_IN_THE_FUTURE % {"day": held_on.isoformat()}})
    if leader.pk == counterpart.pk:
        raise ValidationError({"counterpart": MSG_TWO_PEOPLE})
    if trigger and trigger not in Trigger.values:
        raise ValidationError({"trigger": gettext_lazy("Choose one of the options.")})
    if not record.strip():
        raise ValidationError({"record": MSG_RECORD})
    if not may_record(acting_user, committee, leader):
        raise RuleViolation("X-3", str(MSG_NOT_A_PARTY))
    _require_role(leader, committee, held_on, "leader")
    _require_role(counterpart, committee, held_on, "counterpart")
    version = rules_in_force(committee)
    talk = Talk(
        committee=committee,
        leader=leader,
        counterpart=counterpart,
        held_on=held_on,
        trigger=trigger,
        record=record.strip(),
        recorded_by=person_of(acting_user),
        rule_set_version=version,
    )
    acting(talk, acting_user).save()
    for line in TalkPlanLine.objects.filter(
        committee=committee, year=held_on.year, leader=leader, counterpart=counterpart
    ):
        refresh_duty(line, held_on, acting_user=acting_user)
    occasions = MustTalk.objects.filter(
        committee=committee, person=counterpart, talker=leader, talk__isnull=True, opened_on__lte=held_on
    )
    for occasion in occasions:
        occasion.talk = talk
        acting(occasion, acting_user).save()
        deadlines.met(occasion, acting_user=acting_user)
    return talk


# --------------------------------------------------------------------------- must-talk occasions


def _talker(committee: Committee, person: Person, day: datetime.date) -> Person | None:
    roles = roles_held(person, committee, day)
    for role in rules.talker_role(roles):
        holder = (
            RoleAssignment.objects.on(day)
            .filter(committee=committee, role=role)
            .exclude(person=person)
            .select_related("person")
            .first()
        )
        if holder is not None:
            return holder.person
    return None


@transaction.atomic
def open_must_talk(
    *,
    committee: Committee,
    person: Person,
    trigger: str,
    reason: str,
    acting_user: User,
    today: datetime.date | None = None,
) -> MustTalk | None:
    """X-3 (七必谈): ``person`` is owed a talk – by the principal leader for a team member, by the
    organisation member for another cadre – within the rule set's days; one open occasion per
    person and kind. Opened by the events the system knows, or by the organisation department."""
    today = today or timezone.localdate()
    if not keeps_plan(acting_user, committee):
        raise RuleViolation("X-3", str(MSG_NOT_ORGANISATION % {"committee": committee}))
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": gettext_lazy("Choose one of the options.")})
    if not reason.strip():
        raise ValidationError({"reason": MSG_REASON})
    existing = MustTalk.objects.filter(committee=committee, person=person, trigger=trigger, talk__isnull=True).first()
    if existing is not None:
        return existing
    talker = _talker(committee, person, today)
    if talker is None:
        logger.warning("X-3: nobody to talk with person %s on committee %s", person.pk, committee.pk)
        return None
    version = current_rules(committee)
    if version is None or not version.must_talk_days:
        return None
    occasion = MustTalk(
        committee=committee,
        person=person,
        talker=talker,
        trigger=trigger,
        reason=reason.strip()[:200],
        opened_on=today,
        due_on=today + datetime.timedelta(days=version.must_talk_days),
        rule_set_version=version,
    )
    acting(occasion, acting_user).save()
    deadlines.register(
        subject=occasion,
        committee=committee,
        title=stored(
            phrases.DEADLINE_MUST_TALK,
            person=person.name,
            occasion=Trigger(trigger).label,
            due=str(occasion.due_on),
        ),
        due_at=midnight_after(occasion.due_on),
        rule_id="X-3",
        schedule=MUST_TALK_SCHEDULE,
        owner=talker,
        is_private=True,
        url=page_url("talks_mine"),
        rule_set_version=version,
        acting_user=acting_user,
    )
    return occasion


def open_must_talk_safely(**kwargs) -> MustTalk | None:
    """``open_must_talk`` for an event recorded elsewhere (an accountability decision): an error
    here is logged in its own savepoint and never undoes the event."""
    try:
        with transaction.atomic():
            return open_must_talk(**kwargs)
    except Exception:
        logger.exception("X-3: no must-talk occasion for person %s", getattr(kwargs.get("person"), "pk", None))
        return None


def on_role_change(
    assignment: RoleAssignment,
    *,
    created: bool,
    ended: bool,
    acting_user: User,
    today: datetime.date | None = None,
) -> None:
    """X-3 (工作变动时必谈; 退休时必谈): a role taken up (``created``) or left (``ended``: its end
    date set) within the rule set's days opens a talk; leaving the last role one holds anywhere is
    taken as retirement. Older changes (an import of past terms) and other edits open nothing."""
    today = today or timezone.localdate()
    version = current_rules(assignment.committee)
    if version is None or not version.must_talk_days:
        return
    window = datetime.timedelta(days=version.must_talk_days)
    role = assignment.get_role_display()
    if ended and assignment.end_date and today - window <= assignment.end_date <= today:
        remaining = RoleAssignment.objects.on(assignment.end_date + datetime.timedelta(days=1)).filter(
            person=assignment.person
        )
        trigger = Trigger.JOB_CHANGE if remaining.exists() else Trigger.RETIREMENT
        reason = str(gettext_lazy("Left the post: %(role)s") % {"role": role})
    elif created and today - window <= assignment.start_date <= today:
        trigger, reason = Trigger.JOB_CHANGE, str(gettext_lazy("Took up the post: %(role)s") % {"role": role})
    else:
        return
    if assignment.role == Role.DELEGATE:
        return  # a congress delegate is not a cadre of the committee's organs
    open_must_talk(
        committee=assignment.committee,
        person=assignment.person,
        trigger=trigger,
        reason=reason,
        acting_user=acting_user,
    )
