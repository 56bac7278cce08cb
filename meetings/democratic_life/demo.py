"""Demo data of the democratic life meeting (run after ``seed_demo_meetings``; idempotent).

临江区委 (county, under 云川市委): the year's record linked to its held democratic life meeting,
with opinions, talks, materials, rectification measures (DL-3) and the written report linked
(DL-4). 桃源镇党委 (town, under 临江区委): a record planned for later this year, half prepared,
with a postponement request waiting in 临江区委's inbox (DL-2). Everything goes through the
services, so every rule holds for the demo data too.
"""

from __future__ import annotations

import datetime
from itertools import combinations

from django.db import transaction
from django.utils import timezone

from committees.actors import system_user
from committees.models import Committee, Person, Role, RoleAssignment
from meetings.models import Meeting, MeetingKind, MeetingStatus

from . import selectors, services
from .models import DemocraticLifeRecord, OpinionSource, PostponementStatus

THEME = "深入学习贯彻党的创新理论，加强班子自身建设"


def _office(committee: Committee, day: datetime.date) -> Person | None:
    found = RoleAssignment.objects.on(day).filter(committee=committee, role=Role.OFFICE_STAFF).first()
    return found.person if found else None


def _county(today: datetime.date) -> list[str]:
    committee = Committee.objects.filter(name="临江区委").first()
    if committee is None:
        return []
    meeting = (
        Meeting.objects.filter(committee=committee, kind=MeetingKind.DEMOCRATIC_LIFE, status=MeetingStatus.CLOSED)
        .order_by("-start_at")
        .first()
    )
    if meeting is None or DemocraticLifeRecord.objects.filter(meeting=meeting).exists():
        return []
    year = meeting.date.year
    if DemocraticLifeRecord.objects.filter(committee=committee, year=year).exists():
        return []
    office = _office(committee, today)
    record = services.create_record(committee=committee, year=year, theme=THEME, acting_user=system_user())
    record = services.link_meeting(record, meeting, acting_user=system_user())  # held already: its date is the plan
    before = meeting.date - datetime.timedelta(days=20)
    for source, summary in [
        (OpinionSource.MEMBERS_PUBLIC, "深入基层调研还不够，解决群众急难愁盼问题的办法不多。"),
        (OpinionSource.GRASSROOTS, "对基层减负要求落实不够到位，部分检查考核仍然偏多。"),
        (OpinionSource.DISCIPLINE, "个别班子成员落实“一岗双责”不够有力。"),
    ]:
        record.opinions.create(source=source, summary=summary, collected_on=before, recorded_by=office)
    team = selectors.members_due(record)
    for index, (a, b) in enumerate(combinations(sorted(x.person_id for x in team), 2)):
        record.talks.create(
            person_a_id=a, person_b_id=b, talked_on=before + datetime.timedelta(days=1 + index % 10), note=""
        )
    for assignment in team:
        record.materials.create(
            person=assignment.person,
            text="对照党章党规，从理想信念、担当作为、作风建设、廉洁自律等方面查摆问题，剖析根源，明确整改方向。",
            submitted_at=timezone.make_aware(datetime.datetime.combine(before, datetime.time(17))),
            recorded_by=office,
        )
    closed_at = meeting.closed_at or timezone.now()
    for assignment, (problem, measure) in zip(
        team,
        [
            ("深入基层调研不够", "班子成员每月至少两次到联系点调研，形成调研报告。"),
            ("基层减负落实不到位", "清理规范各类检查考核，年底前压减三成。"),
        ],
        strict=False,
    ):
        services.add_measure(
            record,
            problem=problem,
            measure=measure,
            responsible=assignment.person,
            acting_user=system_user(),
            at=closed_at,
        )
    lines = [f"{committee.name}: democratic life meeting {year} with preparation and rectification measures"]
    if selectors.owes_report(committee):
        services.link_report(record, at=closed_at, acting_user=system_user())
        lines.append(f"{committee.name}: DL-4 report linked")
    return lines


def _town(today: datetime.date) -> list[str]:
    committee = Committee.objects.filter(name="桃源镇党委").first()
    if committee is None or committee.parent_id is None:
        return []
    year = today.year
    if DemocraticLifeRecord.objects.filter(committee=committee, year=year).exists():
        return []
    planned = min(today + datetime.timedelta(days=14), datetime.date(year, 12, 30))
    record = services.create_record(
        committee=committee, year=year, theme=THEME, planned_date=planned, acting_user=system_user()
    )
    services.add_opinion(
        record,
        source=OpinionSource.MEMBERS_PUBLIC,
        summary="村级事务公开不够及时。",
        collected_on=today - datetime.timedelta(days=3),
        acting_user=system_user(),
    )
    team = [a.person for a in selectors.members_due(record)]
    if len(team) >= 2:
        services.record_talk(
            record,
            person=team[0],
            other=team[1],
            talked_on=today - datetime.timedelta(days=2),
            acting_user=system_user(),
        )
        services.submit_material(record, person=team[0], text="对照检查材料（初稿）", acting_user=system_user())
    if not record.postponements.filter(status=PostponementStatus.PENDING).exists():
        services.request_postponement(
            record,
            to_date=datetime.date(year + 1, 1, 15),
            reason="防汛救灾任务繁重，班子成员集中在一线，申请延期至明年1月中旬召开。",
            acting_user=system_user(),
        )
    return [f"{committee.name}: democratic life meeting {year} planned, postponement waiting for {committee.parent}"]


@transaction.atomic
def seed(today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    return _county(today) + _town(today)
