"""Read queries of requested interviews (X-4): reception days of the committees one sees, and the
requests one may see – one's own, those to oneself, and the organisation department's."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from committees.actors import person_of
from committees.models import TEAM_ROLES, Committee, Person, RoleAssignment
from committees.selectors import committees_where_holding, in_visible_committees

from . import services
from .models import InterviewDay, InterviewRequest


def visible_days(user) -> QuerySet[InterviewDay]:
    return InterviewDay.objects.filter(in_visible_committees(user)).select_related("committee", "leader")


def visible_requests(user) -> QuerySet[InterviewRequest]:
    """四.4 (保密): the cadre's and the leader's own, and those of the committees where the user
    is in the organisation department."""
    if not user.is_authenticated:
        return InterviewRequest.objects.none()
    related = ("committee", "requester", "leader", "day")
    if user.is_superuser:
        return InterviewRequest.objects.select_related(*related)
    condition = Q(committee__in=committees_where_holding(user, services.ORGANISATION_ROLES))
    person = person_of(user)
    if person is not None:
        condition |= Q(requester=person) | Q(leader=person)
    return InterviewRequest.objects.filter(condition).select_related(*related)


def my_committees(person: Person | None, day: datetime.date) -> QuerySet[Committee]:
    """The committees where ``person`` holds a role on ``day`` and whose leaders receive (not a
    party branch)."""
    if person is None:
        return Committee.objects.none()
    held = RoleAssignment.objects.on(day).filter(person=person).values("committee_id")
    return Committee.objects.filter(pk__in=held, level__in=services.RECEIVING_LEVELS).order_by("name")


def leaders_of(committees, day: datetime.date, but: Person | None = None) -> QuerySet[Person]:
    team = RoleAssignment.objects.on(day).filter(committee__in=committees, role__in=TEAM_ROLES).values("person_id")
    leaders = Person.objects.filter(pk__in=team).order_by("name")
    return leaders.exclude(pk=but.pk) if but is not None else leaders


def upcoming_days(committees, today: datetime.date | None = None) -> QuerySet[InterviewDay]:
    today = today or timezone.localdate()
    return InterviewDay.objects.filter(committee__in=committees, day__gte=today).select_related("leader", "committee")


def month_days(committee: Committee, month: datetime.date) -> QuerySet[InterviewDay]:
    return InterviewDay.objects.filter(
        committee=committee, day__year=month.year, day__month=month.month
    ).select_related("leader")
