"""Demo data of talks (X-3), for ``seed_supervision_demo``: this year's plan of a committee, the
principal leader's talks with half the team, a department head's talk with staff, and a
must-talk occasion the organisation department opened."""

from __future__ import annotations

import datetime

from django.utils import timezone

from committees.actors import system_user
from committees.models import Committee, Role, RoleAssignment

from . import services
from .models import PairKind, Trigger


def _holder(committee: Committee, role: str):
    assignment = RoleAssignment.objects.on(timezone.localdate()).filter(committee=committee, role=role).first()
    return assignment.person if assignment else None


def load(committee: Committee) -> int:
    system = system_user()
    today = timezone.localdate()
    services.ensure_plan(committee, today.year, acting_user=system)
    secretary = _holder(committee, Role.SECRETARY)
    org_staff, office = _holder(committee, Role.ORGANIZATION_STAFF), _holder(committee, Role.OFFICE_STAFF)
    if secretary is None:
        return 0
    made = 0
    lines = list(committee.talk_lines.filter(year=today.year, kind=PairKind.PRINCIPAL_TEAM).order_by("pk"))
    for number, line in enumerate(lines[: max(1, len(lines) // 2)]):
        held_on = max(today - datetime.timedelta(days=20 + 15 * number), datetime.date(today.year, 1, 1))
        services.record_talk(
            committee=committee,
            leader=secretary,
            counterpart=line.counterpart,
            held_on=held_on,
            record="交流分管领域工作推进情况和思想状况，提醒严守廉洁自律规定",
            acting_user=system,
        )
        made += 1
    if org_staff is not None and office is not None:
        services.add_line(
            committee=committee,
            year=today.year,
            kind=PairKind.HEAD_STAFF,
            leader=org_staff,
            counterpart=office,
            acting_user=system,
        )
        services.open_must_talk(
            committee=committee,
            person=office,
            trigger=Trigger.DIFFICULTY,
            reason="家中老人住院，工作压力较大",
            acting_user=system,
        )
    return made
