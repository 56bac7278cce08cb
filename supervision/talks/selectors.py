"""Read queries of talks (X-3): a talk's record is private to its two parties and the
organisation department (and a superuser); the plan's coverage is seen by them and the committee's
principal leader."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from committees.actors import person_of
from committees.models import Committee, Role
from committees.selectors import committees_where_holding

from . import services
from .models import MustTalk, Talk, TalkDuty, TalkPlanLine


def visible_talks(user) -> QuerySet[Talk]:
    if not user.is_authenticated:
        return Talk.objects.none()
    related = ("committee", "leader", "counterpart")
    if user.is_superuser:
        return Talk.objects.select_related(*related)
    condition = Q(committee__in=committees_where_holding(user, services.ORGANISATION_ROLES))
    person = person_of(user)
    if person is not None:
        condition |= Q(leader=person) | Q(counterpart=person)
    return Talk.objects.filter(condition).select_related(*related)


def may_see_board(user, committee: Committee) -> bool:
    """The committee's plan and coverage: its organisation department and principal leader."""
    return (
        services.keeps_plan(user, committee)
        or committees_where_holding(user, {Role.SECRETARY}).filter(pk=committee.pk).exists()
    )


def _with_duties(lines: QuerySet[TalkPlanLine]) -> QuerySet[TalkPlanLine]:
    return lines.select_related("leader", "counterpart", "committee").prefetch_related(
        Prefetch("duties", queryset=TalkDuty.objects.order_by("period_start"))
    )


def board(committee: Committee, year: int) -> QuerySet[TalkPlanLine]:
    return _with_duties(TalkPlanLine.objects.filter(committee=committee, year=year)).order_by(
        "kind", "leader__name", "counterpart__name"
    )


def my_lines(person, year: int) -> QuerySet[TalkPlanLine]:
    return _with_duties(TalkPlanLine.objects.filter(Q(leader=person) | Q(counterpart=person), year=year)).order_by(
        "committee__name", "kind", "pk"
    )


def open_occasions(**where) -> QuerySet[MustTalk]:
    return MustTalk.objects.filter(talk__isnull=True, **where).select_related("person", "talker", "committee")
