"""X-3 as plain functions: how often each pair talks, the periods of a year, and who holds a
must-talk talk. No database access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from committees.models import TEAM_ROLES, Role

from .models import PairKind

#: 003 谈心谈话 二.1: the principal leader and team members count by the year, department heads
#: with their staff by the quarter.
QUARTERLY = frozenset({PairKind.HEAD_STAFF})


def required(kind: str, version) -> int:
    """X-3: the talks a pair owes in each period, from the rule set (at least twice a year for the
    principal leader with each team member; 2–3 a year for a team member with a department head;
    1–2 a quarter for a department head with staff – the lower bound)."""
    return {
        PairKind.PRINCIPAL_TEAM: version.principal_talks_per_year,
        PairKind.TEAM_HEAD: version.team_talks_per_year,
        PairKind.HEAD_STAFF: version.staff_talks_per_quarter,
    }[kind]


def periods(kind: str, year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The periods of ``year`` a pair of ``kind`` is counted in: the year, or its four quarters."""
    if kind not in QUARTERLY:
        return [(datetime.date(year, 1, 1), datetime.date(year, 12, 31))]
    ends = (datetime.date(year, 3, 31), datetime.date(year, 6, 30), datetime.date(year, 9, 30))
    starts = (
        datetime.date(year, 1, 1),
        datetime.date(year, 4, 1),
        datetime.date(year, 7, 1),
        datetime.date(year, 10, 1),
    )
    return list(zip(starts, (*ends, datetime.date(year, 12, 31)), strict=True))


def period_of(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return next((start, end) for start, end in periods(kind, day.year) if start <= day <= end)


def talker_role(person_roles: Iterable[str]) -> tuple[str, ...]:
    """X-3 (一级抓一级): who holds a must-talk talk with a person – the principal leader for a team
    member; for another cadre the organisation member, else the principal leader."""
    if set(person_roles) & TEAM_ROLES:
        return (Role.SECRETARY,)
    return (Role.ORGANIZATION_MEMBER, Role.SECRETARY)
