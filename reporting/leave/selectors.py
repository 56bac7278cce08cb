"""Read queries for leave and travel, filtered by what the user may see."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from committees.models import TEAM_ROLES, Committee, Person, Role, RoleAssignment, WorkdayOverride
from committees.selectors import (
    committees_where_holding,
    current_rules,
    in_manageable_committees,
    manageable_committees,
    visible_committees,
)
from reporting.selectors import ORGANISATION_ROLES

from . import rules
from .models import DutyAssignment, LeaveRequest, LeaveState, LeaveStep, StepState

#: L-9: the principal leaders who can hold the holiday duty (书记 and the deputy secretaries).
PRINCIPAL_ROLES = (Role.SECRETARY, Role.DEPUTY_SECRETARY)


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def visible_requests(user) -> QuerySet[LeaveRequest]:
    """Own requests, requests of the committees the user manages (secretary, deputies, party
    office; the parent's organisation department manages its children), and requests the user
    has a step on. Colleagues see only who is away when (``absences``), not the reasons."""
    if not user.is_authenticated:
        return LeaveRequest.objects.none()
    with_step = LeaveStep.objects.filter(approver__user=user).values("request_id")
    return LeaveRequest.objects.filter(
        Q(person__user=user) | in_manageable_committees(user) | Q(pk__in=with_step)
    ).select_related("committee", "committee__parent", "person", "covered_by", "rule_set_version")


def my_requests(user) -> QuerySet[LeaveRequest]:
    return visible_requests(user).filter(person__user=user)


def request_detail(user, pk: int) -> LeaveRequest:
    return visible_requests(user).get(pk=pk)


def chain_steps(request: LeaveRequest) -> list[LeaveStep]:
    """All rounds, newest first within the page: the current round is the chain shown."""
    return list(
        request.steps.select_related("committee", "approver", "stands_in_for", "decided_by").order_by("-round", "order")
    )


def approval_inbox(user) -> QuerySet[LeaveStep]:
    """Pending deciding (and report) steps named to the user – as holder or stand-in."""
    if not user.is_authenticated:
        return LeaveStep.objects.none()
    return (
        LeaveStep.objects.filter(state=StepState.PENDING, approver__user=user)
        .select_related("request__person", "request__committee", "committee", "stands_in_for")
        .order_by("request__start_date", "pk")
    )


def filing_inbox(user) -> QuerySet[LeaveStep]:
    """Pending filing steps (备案) of committees on whose organisation department the user works."""
    if not user.is_authenticated:
        return LeaveStep.objects.none()
    committees = committees_where_holding(user, ORGANISATION_ROLES)
    return (
        LeaveStep.objects.filter(state=StepState.PENDING, approver__isnull=True, committee__in=committees)
        .select_related("request__person", "request__committee", "committee")
        .order_by("request__start_date", "pk")
    )


def absences(committee: Committee, start: datetime.date, end: datetime.date) -> QuerySet[LeaveRequest]:
    """Approved absences of the committee's members overlapping [start, end]."""
    return (
        LeaveRequest.objects.filter(
            committee=committee, state=LeaveState.APPROVED, start_date__lte=end, end_date__gte=start
        )
        .select_related("person", "covered_by")
        .order_by("start_date", "person__name")
    )


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class PresenceRow:
    person: Person
    days_away: Decimal
    days_present: Decimal
    is_under: bool


def team(committee: Committee, on: datetime.date) -> list[Person]:
    seen: dict[int, Person] = {}
    for assignment in (
        RoleAssignment.objects.on(on)
        .filter(committee=committee, role__in=TEAM_ROLES)
        .select_related("person")
        .order_by("person__name")
    ):
        seen.setdefault(assignment.person_id, assignment.person)
    return list(seen.values())


def presence(committee: Committee, year: int, month: int) -> list[PresenceRow]:
    """L-9: days present in town per team member in a month; warn under the rule set's 22."""
    start, end = month_range(year, month)
    required = current_rules(committee).town_days_present_per_month
    by_person: dict[int, list[rules.Absence]] = {}
    for leave in absences(committee, start, end):
        by_person.setdefault(leave.person_id, []).append(
            rules.Absence(leave.start_date, leave.end_date, leave.kind, leave.starts_afternoon, leave.ends_morning)
        )
    rows = []
    for person in team(committee, end):
        away = rules.days_away_in_month(by_person.get(person.pk, []), year, month)
        present = (end - start).days + 1 - away
        rows.append(PresenceRow(person, away, present, rules.is_under_presence(present, required)))
    return rows


def uncovered_holidays(committee: Committee, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """L-9: holiday days in [start, end] with no principal leader on the duty rota."""
    holidays = list(
        WorkdayOverride.objects.filter(date__gte=start, date__lte=end, is_workday=False).values_list("date", flat=True)
    )
    on_duty: dict[datetime.date, set[int]] = {}
    for day, person_id in DutyAssignment.objects.filter(committee=committee, date__in=holidays).values_list(
        "date", "person_id"
    ):
        on_duty.setdefault(day, set()).add(person_id)
    principals = set(
        RoleAssignment.objects.filter(committee=committee, role__in=PRINCIPAL_ROLES)
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("person_id", flat=True)
    )
    return rules.uncovered_holidays(holidays, on_duty, principals)


def summary_requests(committee: Committee, start: datetime.date, end: datetime.date) -> QuerySet[LeaveRequest]:
    """L-8: every request of the period (approved ones and the rest, with their state)."""
    return (
        LeaveRequest.objects.filter(committee=committee, start_date__lte=end, end_date__gte=start)
        .exclude(state=LeaveState.WITHDRAWN)
        .select_related("person")
        .order_by("person__name", "start_date")
    )


def calendar_committees(user) -> QuerySet[Committee]:
    """Committees whose leave calendar (who is away when) the user may see: every member."""
    return visible_committees(user)


def summary_committees(user) -> QuerySet[Committee]:
    """Committees whose presence figures and half-year summary (with reasons) the user may see."""
    return manageable_committees(user)


def duty_rota(committee: Committee, start: datetime.date, end: datetime.date) -> dict[datetime.date, list[Person]]:
    """L-9: the holiday duty rota of [start, end], by day."""
    rota: dict[datetime.date, list[Person]] = {}
    for duty in (
        DutyAssignment.objects.filter(committee=committee, date__gte=start, date__lte=end)
        .select_related("person")
        .order_by("date", "person__name")
    ):
        rota.setdefault(duty.date, []).append(duty.person)
    return rota
