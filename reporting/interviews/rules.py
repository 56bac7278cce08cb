"""X-4 as plain functions: who receives whom under cadre-management authority, and the month a
committee's reception days are owed for. No database access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from committees.models import TEAM_ROLES, Role

#: 003 领导干部接受约谈制度 二: team members are received by the principal leader; the other
#: cadres by a deputy secretary, the organisation member or the leader in charge of their work –
#: and, where needed, by the principal leader too.
CADRE_RECEIVERS = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER})


def within_authority(requester_roles: Iterable[str], leader_roles: Iterable[str], leader_has_portfolio: bool) -> bool:
    """X-4: whether the leader receives the requester under cadre-management authority (二): a team
    member → the principal leader; another cadre → the principal leader, a deputy secretary, the
    organisation member, or a team member in charge of an area (分管领导). Outside it the leader
    is one the cadre designated (指定谈话人): received where conditions allow, else explained."""
    requester_roles, leader_roles = set(requester_roles), set(leader_roles)
    if Role.SECRETARY in leader_roles:
        return True
    if requester_roles & TEAM_ROLES:
        return False
    return bool(leader_roles & CADRE_RECEIVERS) or (bool(leader_roles & TEAM_ROLES) and leader_has_portfolio)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    first = first_of_month(day)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def days_set_by(month: datetime.date) -> datetime.date:
    """A month's reception days are set by the end of the month before, so cadres can book them
    (三: 约谈一般每月安排1-2天)."""
    return first_of_month(month) - datetime.timedelta(days=1)
