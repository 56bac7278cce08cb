"""Recording party-affairs openness checks (X-2) and keeping each unit's yearly duties with the
deadline engine."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.models import Committee, Role
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import acts_in, current_rules, rules_in_force
from reporting import deadlines, phrases
from reporting.models.engine import ACTIVE_STATES
from reporting.schedules import days_schedule, midnight_after
from reporting.selectors import ORGANISATION_ROLES

from . import rules
from .models import CheckKind, OpennessCheck, OpennessDuty, Part

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: Reminders of a missing check: 30, 7 and 1 days before its last day, then escalated (the
#: assessing committee's principal leader, then its parent's office), weekly repeats.
SCHEDULE = days_schedule(before=(30, 7, 1))
#: Who records the checks of the units below a committee: its office and its organisation
#: department (the openness leading group's office sits in one of them, 第三条, 第十二条).
RECORDING_ROLES = frozenset({Role.OFFICE_STAFF, *ORGANISATION_ROLES})

MSG_NOT_ALLOWED = gettext_lazy("Only the office or the organisation department of %(committee)s records its checks.")
MSG_NOT_A_UNIT = gettext_lazy("%(unit)s is not a unit under %(committee)s.")
MSG_IN_THE_FUTURE = gettext_lazy("A check is recorded once it was held: %(day)s is still to come.")
MSG_PART_OVER = gettext_lazy("At most %(points)s points for this part of the score sheet.")
MSG_YEAR = gettext_lazy("A check held on %(day)s assesses %(years)s.")
MSG_TWO_YEAR_END = gettext_lazy("%(unit)s already has its year-end check for %(year)s.")
MSG_CHOOSE_KIND = gettext_lazy("Choose the kind of check.")


def may_record(user, committee: Committee, day: datetime.date | None = None) -> bool:
    """The assessing committee's office or organisation department today (and the system's own
    account: the demo, an import; a superuser)."""
    return acts_in(user, committee, RECORDING_ROLES, day)


def _check_scores(scores: Mapping[str, int | None], version) -> dict[str, int]:
    sheet = rules.sheet(version)
    errors, clean = {}, {}
    for part in Part.values:
        value = scores.get(part)
        if value is None or not isinstance(value, int) or value < 0:
            errors[f"score_{part}"] = gettext_lazy("Enter the points of this part.")
        elif value > sheet[part]:
            errors[f"score_{part}"] = MSG_PART_OVER % {"points": sheet[part]}
        else:
            clean[part] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def record_check(
    *,
    committee: Committee,
    unit: Committee,
    kind: str,
    held_on: datetime.date,
    scores: Mapping[str, int | None],
    year: int | None = None,
    findings: str = "",
    assessors: str = "",
    acting_user: User,
    today: datetime.date | None = None,
) -> OpennessCheck:
    """X-2: one check of ``unit`` by the committee above it, scored part by part on the rule
    set's 100-point sheet (no part over its points), graded (第十条) and counted towards the
    unit's year; a year-end check once a year (held late in the year or early in the next)."""
    today = today or timezone.localdate()
    bounds.require_dates(held_on=held_on)
    if kind not in CheckKind.values:
        raise ValidationError({"kind": MSG_CHOOSE_KIND})
    if held_on > today:
        raise ValidationError({"held_on": MSG_IN_THE_FUTURE % {"day": held_on.isoformat()}})
    if unit.parent_id != committee.pk:
        raise ValidationError({"unit": MSG_NOT_A_UNIT % {"unit": unit, "committee": committee}})
    if not may_record(acting_user, committee, today):
        raise RuleViolation("X-2", str(MSG_NOT_ALLOWED % {"committee": committee}))
    allowed_years = {held_on.year} | ({held_on.year - 1} if kind == CheckKind.ANNUAL else set())
    year = rules.year_of_check(kind, held_on, year)
    if year not in allowed_years:
        years = "、".join(str(y) for y in sorted(allowed_years))
        raise ValidationError({"year": MSG_YEAR % {"day": held_on.isoformat(), "years": years}})
    version = rules_in_force(committee)
    clean = _check_scores(scores, version)
    if kind == CheckKind.ANNUAL and OpennessCheck.objects.filter(unit=unit, year=year, kind=kind).exists():
        raise ValidationError({"kind": MSG_TWO_YEAR_END % {"unit": unit, "year": year}})
    total = sum(clean.values())
    check = OpennessCheck(
        committee=committee,
        unit=unit,
        kind=kind,
        year=year,
        held_on=held_on,
        **{f"score_{part}": points for part, points in clean.items()},
        total=total,
        grade=rules.grade(total, version),
        findings=findings.strip(),
        assessors=assessors.strip(),
        recorded_by=person_of(acting_user),
        rule_set_version=version,
    )
    acting(check, acting_user).save()
    refresh_duties(committee, unit, year, acting_user=acting_user)
    return check


@transaction.atomic
def remove_check(check: OpennessCheck, *, acting_user: User, today: datetime.date | None = None) -> None:
    """A check recorded by mistake is removed (its history stays); the unit's duties follow."""
    if not may_record(acting_user, check.committee, today):
        raise RuleViolation("X-2", str(MSG_NOT_ALLOWED % {"committee": check.committee}))
    committee, unit, year = check.committee, check.unit, check.year
    acting(check, acting_user).delete()
    refresh_duties(committee, unit, year, acting_user=acting_user)


def required_checks(version) -> dict[str, int]:
    """What a unit's year owes: the rule set's routine checks (0: none) and one year-end check."""
    owed = {CheckKind.ROUTINE: version.disclosure_checks_per_year, CheckKind.ANNUAL: 1}
    return {kind: count for kind, count in owed.items() if count}


@transaction.atomic
def refresh_duties(committee: Committee, unit: Committee, year: int, *, acting_user: User) -> list[OpennessDuty]:
    """X-2: the duties of ``unit``'s ``year`` (from the assessing committee's rule set) with the
    checks that count towards each, and the deadline of each duty not yet met."""
    version = current_rules(committee)
    if version is None:
        return []
    existing = {d.kind: d for d in OpennessDuty.objects.select_for_update().filter(unit=unit, year=year)}
    counts: dict[str, int] = {}
    for kind in OpennessCheck.objects.filter(unit=unit, year=year).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    duties = []
    for kind, required in required_checks(version).items():
        duty = existing.get(kind) or OpennessDuty(
            committee=committee, unit=unit, year=year, kind=kind, rule_set_version=version
        )
        duty.committee, duty.required, duty.done = committee, required, counts.get(kind, 0)
        acting(duty, acting_user).save()
        _watch(duty, version, acting_user=acting_user)
        duties.append(duty)
    return duties


def _watch(duty: OpennessDuty, version, *, acting_user: User) -> None:
    """Met once the checks are done; otherwise due at the end of the day the next check is owed
    by (moved as checks are recorded or removed)."""
    if duty.is_met:
        deadlines.met(duty, acting_user=acting_user)
        return
    due = midnight_after(rules.due_on(duty.kind, duty.year, duty.done, duty.required, version))
    active = deadlines.for_subject(duty).filter(state__in=ACTIVE_STATES).first()
    if active is None:
        title = stored(
            phrases.DEADLINE_OPENNESS_CHECK,
            unit=duty.unit.name,
            year=duty.year,
            kind=CheckKind(duty.kind).label,
            done=duty.done,
            required=duty.required,
        )
        deadlines.register(
            subject=duty,
            committee=duty.committee,
            title=title,
            due_at=due,
            rule_id="X-2",
            schedule=SCHEDULE,
            url=page_url("openness_committee", duty.committee_id),
            rule_set_version=duty.rule_set_version,
            acting_user=acting_user,
        )
    elif active.due_at != due:
        deadlines.extend(active, new_due_at=due, reason=f"X-2: {duty.done}/{duty.required}", acting_user=acting_user)


def ensure_year(today: datetime.date | None = None, *, acting_user: User) -> int:
    """The daily round (beat): every unit under a committee gets this year's duties and their
    deadlines, so a unit nobody checked is reminded of too. Idempotent; one unit's error is
    logged and the round goes on."""
    today = today or timezone.localdate()
    count = 0
    for unit in Committee.objects.filter(parent__isnull=False).select_related("parent").order_by("pk"):
        try:
            if refresh_duties(unit.parent, unit, today.year, acting_user=acting_user):
                count += 1
        except Exception:
            logger.exception("X-2: the openness duties of unit %s were not kept", unit.pk)
    return count
