"""Submitting daily work logs (X-5) and opening each working day's obligations with the deadline engine."""

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
from committees.calendar import WorkingCalendar
from committees.models import TEAM_ROLES, Committee, Person, RoleAssignment
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import current_rules, roles_held
from reporting import deadlines, phrases
from reporting.messages import MSG_NO_RULE_SET
from reporting.schedules import Schedule, Step, midnight_after

from . import rules
from .models import CarriedItem, WorkLog

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

HOUR = datetime.timedelta(hours=1)
#: A day's log: reminded at 17:00 (seven hours before the day ends), due at midnight; not escalated
#: – the principal leader sees the missing ones on the team's week.
SCHEDULE = Schedule((Step("before-7h", -7 * HOUR, "reminder"), Step("due", datetime.timedelta(0), "due")))
#: At most this many unfinished items carried over from one log.
MAX_CARRIED = 20

MSG_NOT_A_WORKING_DAY = gettext_lazy("%(day)s is not a working day: no work log is due (X-5).")
MSG_FUTURE_DAY = gettext_lazy("A work log is written on its day or after it, not before: %(day)s is still to come.")
MSG_NOT_ON_TEAM = gettext_lazy("%(person)s is not on the team of %(committee)s on %(day)s.")
MSG_WRITE_SUMMARY = gettext_lazy("Write the summary of the day.")
MSG_WRITE_PLAN = gettext_lazy("Write the plan for the next working day.")
MSG_OWN_LOG = gettext_lazy("A work log is written by the team member themselves.")
MSG_CARRY_LATER = gettext_lazy("An unfinished item moves to a later day than %(day)s.")
MSG_CARRY_REASON = gettext_lazy("Give the reason and the new date of each unfinished item.")
MSG_TOO_MANY = gettext_lazy("At most %(count)s unfinished items are carried over from one day.")


def _on_team(person: Person, committee: Committee, day: datetime.date) -> bool:
    return bool(roles_held(person, committee, day) & TEAM_ROLES)


@transaction.atomic
def submit_log(
    *,
    person: Person,
    committee: Committee,
    day: datetime.date,
    summary: str,
    plan: str,
    carried: list[tuple[str, str, datetime.date]] = (),
    acting_user: User,
    now: datetime.datetime | None = None,
) -> WorkLog:
    """X-5: the team member's log of ``day`` – a working day, today or one gone by (late then) –
    with the summary, the plan for the next working day and the unfinished items carried over
    (text, reason, a later date). Submitting again on the same day replaces the log's words (the
    history keeps the first); the day's deadline is met."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    bounds.require_dates(day=day)
    if person_of(acting_user) is None or person_of(acting_user).pk != person.pk:
        raise RuleViolation("X-5", str(MSG_OWN_LOG))
    if day > today:
        raise ValidationError({"day": MSG_FUTURE_DAY % {"day": day.isoformat()}})
    calendar = WorkingCalendar(range(day.year, day.year + 2))
    if not calendar.is_working_day(day):
        raise ValidationError({"day": MSG_NOT_A_WORKING_DAY % {"day": day.isoformat()}})
    if not _on_team(person, committee, day):
        raise RuleViolation(
            "X-5", str(MSG_NOT_ON_TEAM % {"person": person, "committee": committee, "day": day.isoformat()})
        )
    if not summary.strip():
        raise ValidationError({"summary": MSG_WRITE_SUMMARY})
    if not plan.strip():
        raise ValidationError({"plan": MSG_WRITE_PLAN})
    carried = [(text.strip(), reason.strip(), new_date) for text, reason, new_date in carried if text.strip()]
    if len(carried) > MAX_CARRIED:
        raise ValidationError({"carried": MSG_TOO_MANY % {"count": MAX_CARRIED}})
    for _text, reason, new_date in carried:
        if not reason or new_date is None:
            raise ValidationError({"carried": MSG_CARRY_REASON})
        bounds.require_dates(new_date=new_date)
        if new_date <= day:
            raise ValidationError({"carried": MSG_CARRY_LATER % {"day": day.isoformat()}})
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
    log = WorkLog.objects.select_for_update().filter(person=person, committee=committee, day=day).first()
    log = log or WorkLog(person=person, committee=committee, day=day, rule_set_version=version)
    log.summary, log.plan = summary.strip(), plan.strip()
    log.plan_day = rules.next_working_day(day, calendar)
    log.submitted_at = now
    log.is_late = now >= midnight_after(day)
    log.recorded_by = person
    acting(log, acting_user).save()
    log.carried.all().delete()
    CarriedItem.objects.bulk_create(
        CarriedItem(log=log, text=text[:300], reason=reason[:300], new_date=new_date)
        for text, reason, new_date in carried
    )
    for deadline in _day_deadlines(person, committee, day):
        deadlines.met(deadline=deadline, at=now, acting_user=acting_user)
    return log


def _day_deadlines(person: Person, committee: Committee, day: datetime.date):
    """The engine's deadline of ``person``'s log of ``day`` (its subject is the person: the log
    does not exist until it is written)."""
    return deadlines.for_subject(person).filter(rule_id="X-5", committee=committee, due_at=midnight_after(day))


def open_day(day: datetime.date | None = None, *, acting_user: User) -> int:
    """The morning round (beat): on a working day, each team member's log of the day becomes a
    deadline of the engine – reminded at 17:00, due at midnight. Nothing on a holiday; idempotent;
    one member's error is logged and the round goes on. Returns the deadlines opened."""
    day = day or timezone.localdate()
    if not WorkingCalendar(range(day.year, day.year + 1)).is_working_day(day):
        return 0
    holders = (
        RoleAssignment.objects.on(day).filter(role__in=TEAM_ROLES).values_list("person_id", "committee_id").distinct()
    )
    written = set(WorkLog.objects.filter(day=day).values_list("person_id", "committee_id"))
    opened = 0
    for person_id, committee_id in holders:
        if (person_id, committee_id) in written:
            continue
        try:
            with transaction.atomic():
                person = Person.objects.get(pk=person_id)
                committee = Committee.objects.get(pk=committee_id)
                if _day_deadlines(person, committee, day).exists():
                    continue
                deadlines.register(
                    subject=person,
                    committee=committee,
                    title=stored(phrases.DEADLINE_WORK_LOG, day=day),
                    due_at=midnight_after(day),
                    rule_id="X-5",
                    schedule=SCHEDULE,
                    owner=person,
                    escalation=[],
                    url=page_url("worklog_mine"),
                    rule_set_version=current_rules(committee),
                    acting_user=acting_user,
                )
                opened += 1
        except Exception:
            logger.exception("X-5: the work log of person %s on committee %s was not opened", person_id, committee_id)
    return opened
