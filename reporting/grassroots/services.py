"""Recording grassroots time and keeping each person's yearly floors (X-6) with the deadline engine."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, is_system, person_of
from committees.models import Committee, Person, Role, RoleAssignment
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import current_rules, roles_held, rules_in_force
from reporting import deadlines, phrases
from reporting.models.engine import ACTIVE_STATES
from reporting.schedules import days_schedule, midnight_after
from reporting.selectors import ORGANISATION_ROLES

from . import rules
from .models import EntryKind, GrassrootsEntry, GrassrootsTarget, Measure

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: Reminders of a floor: 30, 7 and 1 days before its last feasible day; escalated the day after
#: and a week after (to the principal leader and the parent committee's office), weekly repeats.
SCHEDULE = days_schedule(before=(30, 7, 1))
#: Who besides the person may record their grassroots time: the committee's office and its
#: organisation department (the people who keep such records).
RECORDING_ROLES = frozenset({Role.OFFICE_STAFF, *ORGANISATION_ROLES})
#: The longest stay one entry may record (a year: longer stays are recorded year by year).
LONGEST_STAY_DAYS = 366

MSG_NOT_ON_TEAM = gettext_lazy("%(person)s holds no role on the team of %(committee)s on %(day)s.")
MSG_NOT_ALLOWED = gettext_lazy("Only the person, the office or the organisation department may record this.")
MSG_IN_THE_FUTURE = gettext_lazy("Grassroots time is recorded once it has taken place: %(day)s is still to come.")
MSG_STAY_TOO_LONG = gettext_lazy("One entry records at most %(days)s days; record a longer stay year by year.")
MSG_NAME_THE_PLACE = gettext_lazy("Name the village, unit or enterprise.")
MSG_NAME_THE_TOPIC = gettext_lazy("Name the research topic of the report.")
MSG_ONE_DAY = gettext_lazy("A meeting or a report is recorded on one day.")
MSG_LAST_BEFORE_FIRST = gettext_lazy("The last day comes before the first day.")


def _holds(person: Person, committee: Committee, day: datetime.date, roles) -> bool:
    return bool(roles_held(person, committee, day) & roles)


def may_record(user, person: Person, committee: Committee, day: datetime.date | None = None) -> bool:
    """The person themselves, or the committee's office or organisation department today (and the
    system's own account: the demo, an import)."""
    if user.is_superuser or is_system(user):
        return True
    actor = person_of(user)
    if actor is None:
        return False
    if actor.pk == person.pk:
        return True
    return _holds(actor, committee, day or timezone.localdate(), RECORDING_ROLES)


def may_record_for_others(user, committee: Committee, day: datetime.date | None = None) -> bool:
    """The committee's office or organisation department (or a superuser) records for its members."""
    if user.is_superuser:
        return True
    actor = person_of(user)
    return actor is not None and _holds(actor, committee, day or timezone.localdate(), RECORDING_ROLES)


def _team_roles_in(person: Person, committee: Committee, year: int, today: datetime.date) -> set[str]:
    """The roles ``person`` holds on ``committee`` on the year's last day, or today in the
    current year – the roles the floors of that year follow."""
    day = min(datetime.date(year, 12, 31), today)
    return set(RoleAssignment.objects.on(day).filter(person=person, committee=committee).values_list("role", flat=True))


@transaction.atomic
def record_entry(
    *,
    person: Person,
    committee: Committee,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    place: str,
    is_village: bool = False,
    is_backward_village: bool = False,
    topic: str = "",
    note: str = "",
    acting_user: User,
    today: datetime.date | None = None,
) -> GrassrootsEntry:
    """X-6: a stay at the grassroots (one or more days), a branch or villager meeting, or a research
    report, of a team member of ``committee``; then the floors of that year are brought up to date."""
    today = today or timezone.localdate()
    end_date = end_date or start_date
    bounds.require_dates(start_date=start_date, end_date=end_date)
    if kind not in EntryKind.values:
        raise ValidationError({"kind": gettext_lazy("Choose what was done.")})
    if end_date < start_date:
        raise ValidationError({"end_date": MSG_LAST_BEFORE_FIRST})
    if end_date > today:
        raise ValidationError({"end_date": MSG_IN_THE_FUTURE % {"day": end_date.isoformat()}})
    if kind != EntryKind.DAYS and end_date != start_date:
        raise ValidationError({"end_date": MSG_ONE_DAY})
    if (end_date - start_date).days + 1 > LONGEST_STAY_DAYS:
        raise ValidationError({"end_date": MSG_STAY_TOO_LONG % {"days": LONGEST_STAY_DAYS}})
    if not place.strip():
        raise ValidationError({"place": MSG_NAME_THE_PLACE})
    if kind == EntryKind.REPORT and not topic.strip():
        raise ValidationError({"topic": MSG_NAME_THE_TOPIC})
    if not may_record(acting_user, person, committee, today):
        raise RuleViolation("X-6", str(MSG_NOT_ALLOWED))
    if not _holds(person, committee, start_date, rules.TEAM_ROLES):
        raise RuleViolation(
            "X-6", str(MSG_NOT_ON_TEAM % {"person": person, "committee": committee, "day": start_date.isoformat()})
        )
    version = rules_in_force(committee)
    entry = GrassrootsEntry(
        person=person,
        committee=committee,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        place=place.strip(),
        is_village=is_village or is_backward_village,
        is_backward_village=is_backward_village,
        topic=topic.strip(),
        note=note.strip(),
        recorded_by=person_of(acting_user),
        rule_set_version=version,
    )
    acting(entry, acting_user).save()
    for year in range(start_date.year, end_date.year + 1):
        refresh_targets(person, committee, year, acting_user=acting_user, today=today)
    return entry


@transaction.atomic
def remove_entry(entry: GrassrootsEntry, *, acting_user: User, today: datetime.date | None = None) -> None:
    """An entry recorded by mistake is removed (its history stays); the floors follow."""
    today = today or timezone.localdate()
    if not may_record(acting_user, entry.person, entry.committee, today):
        raise RuleViolation("X-6", str(MSG_NOT_ALLOWED))
    person, committee, years = entry.person, entry.committee, range(entry.start_date.year, entry.end_date.year + 1)
    acting(entry, acting_user).delete()
    for year in years:
        refresh_targets(person, committee, year, acting_user=acting_user, today=today)


def _due_at(target: GrassrootsTarget) -> datetime.datetime:
    return midnight_after(rules.last_day_to_start(target.year, target.measure, target.remaining))


@transaction.atomic
def refresh_targets(
    person: Person, committee: Committee, year: int, *, acting_user: User, today: datetime.date | None = None
) -> list[GrassrootsTarget]:
    """X-6: the floors of ``person``'s ``year`` on ``committee`` – from the roles held then and the
    committee's rule set – with what the entries count towards each, and the deadline of each floor
    not yet met: due at the end of the last day the rest still fits in the year."""
    today = today or timezone.localdate()
    version = current_rules(committee)
    if version is None:
        return []
    floors = rules.floors(committee.level, _team_roles_in(person, committee, year, today), version)
    existing = {t.measure: t for t in GrassrootsTarget.objects.select_for_update().filter(
        person=person, committee=committee, year=year
    )}  # fmt: skip
    if not floors and not existing:
        return []
    entries = list(
        GrassrootsEntry.objects.filter(
            person=person,
            committee=committee,
            start_date__lte=datetime.date(year, 12, 31),
            end_date__gte=datetime.date(year, 1, 1),
        )
    )
    targets = []
    for measure, floor in floors.items():
        target = existing.get(measure) or GrassrootsTarget(
            person=person, committee=committee, year=year, measure=measure, rule_set_version=version
        )
        target.floor, target.done = floor, rules.done(entries, measure, year)
        acting(target, acting_user).save()
        _watch(target, acting_user=acting_user)
        targets.append(target)
    return targets


def _watch(target: GrassrootsTarget, *, acting_user: User) -> None:
    """Keep the floor's deadline with the engine: met once the floor is reached; otherwise due
    at the end of the last day the rest still fits (moved as days are recorded or removed)."""
    if target.is_met:
        deadlines.met(target, acting_user=acting_user)
        return
    due = _due_at(target)
    active = deadlines.for_subject(target).filter(state__in=ACTIVE_STATES).first()
    if active is None:
        title = stored(
            phrases.DEADLINE_GRASSROOTS, year=target.year, measure=Measure(target.measure).label, floor=target.floor
        )
        deadlines.register(
            subject=target,
            committee=target.committee,
            title=title,
            due_at=due,
            rule_id="X-6",
            schedule=SCHEDULE,
            owner=target.person,
            url=page_url("grassroots_mine"),
            rule_set_version=target.rule_set_version,
            acting_user=acting_user,
        )
    elif active.due_at != due:
        reason = f"X-6: {target.done}/{target.floor}"
        deadlines.extend(active, new_due_at=due, reason=reason, acting_user=acting_user)


def ensure_year(today: datetime.date | None = None, *, acting_user: User) -> int:
    """The daily round (beat): every person holding a role with a floor this year gets the floors
    and their deadlines, so a member who records nothing is reminded too. Idempotent; one person's
    error is logged and the round goes on."""
    today = today or timezone.localdate()
    holders = (
        RoleAssignment.objects.on(today)
        .filter(role__in=rules.TEAM_ROLES)
        .values_list("person_id", "committee_id")
        .distinct()
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in={p for p, _c in holders})}
    committees = {c.pk: c for c in Committee.objects.filter(pk__in={c for _p, c in holders})}
    count = 0
    for person_id, committee_id in holders:
        try:
            if refresh_targets(
                people[person_id], committees[committee_id], today.year, acting_user=acting_user, today=today
            ):
                count += 1
        except Exception:
            logger.exception("X-6: the floors of person %s on committee %s were not kept", person_id, committee_id)
    return count
