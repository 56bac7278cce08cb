"""Read queries of grassroots time (X-6): entries and floors of the committees a user sees."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from committees.models import TEAM_ROLES, Committee, RoleAssignment
from committees.selectors import in_visible_committees

from .models import GrassrootsEntry, GrassrootsTarget


def visible_entries(user) -> QuerySet[GrassrootsEntry]:
    return GrassrootsEntry.objects.filter(in_visible_committees(user)).select_related("person", "committee")


def visible_targets(user) -> QuerySet[GrassrootsTarget]:
    return GrassrootsTarget.objects.filter(in_visible_committees(user)).select_related("person", "committee")


def my_targets(person, year: int) -> QuerySet[GrassrootsTarget]:
    return (
        GrassrootsTarget.objects.filter(person=person, year=year)
        .select_related("committee")
        .order_by("committee__name", "measure")
    )


def team_committees(person, day: datetime.date) -> QuerySet[Committee]:
    """The committees on whose team ``person`` is on ``day``."""
    held = RoleAssignment.objects.on(day).filter(person=person, role__in=TEAM_ROLES).values("committee_id")
    return Committee.objects.filter(pk__in=held).order_by("name")


def board(committee: Committee, year: int) -> list[tuple]:
    """The committee's floors of ``year``, person by person: [(person, [target, …]), …]."""
    rows: dict[int, tuple] = {}
    targets = GrassrootsTarget.objects.filter(committee=committee, year=year).select_related("person")
    for target in targets.order_by("person__name", "person_id", "measure"):
        rows.setdefault(target.person_id, (target.person, []))[1].append(target)
    return list(rows.values())
