"""Demo data of the openness assessment (X-2), for ``seed_reporting_demo`` and for the villages the
evaluation demo adds later (``supervision.evaluation.demo``)."""

from __future__ import annotations

import datetime

from committees.actors import system_user
from committees.models import Committee

from . import services
from .models import CheckKind, OpennessCheck

DAY = datetime.timedelta(days=1)
#: content, system, publicity, supervision, other: 94, 86, 72 and 55 points.
SHEETS = ((29, 28, 19, 13, 5), (27, 25, 17, 13, 4), (22, 21, 15, 11, 3), (17, 16, 11, 9, 2))
PARTS = ("content", "system", "publicity", "supervision", "other")


def load(town: Committee, today: datetime.date) -> None:
    """X-2: the town's checks of its branches – last year's two routine checks and the year-end
    check of each (graded in turn good, pass, fail, excellent), this year's first routine checks
    and a focused one – then every unit's duties of this year with the engine. Units already
    checked are left as they are, so a later demo adding villages calls it again."""
    system = system_user()
    last_year = today.year - 1
    checked = OpennessCheck.objects.filter(committee=town).values("unit_id")
    branches = list(town.children.exclude(pk__in=checked).order_by("name"))  # not yet in the demo

    def check(unit, kind, held_on, sheet, year=None, findings=""):
        services.record_check(
            committee=town,
            unit=unit,
            kind=kind,
            held_on=held_on,
            year=year,
            scores=dict(zip(PARTS, sheet, strict=True)),
            findings=findings,
            assessors="镇党务公开工作领导小组办公室",
            acting_user=system,
            today=today,
        )

    for number, unit in enumerate(branches):
        sheet = SHEETS[number % len(SHEETS)]
        check(unit, CheckKind.ROUTINE, datetime.date(last_year, 4, 16), sheet)
        check(unit, CheckKind.ROUTINE, datetime.date(last_year, 9, 24), sheet)
        year_end = SHEETS[(number + 1) % len(SHEETS)]
        findings = "公开内容全面，更新及时" if year_end[0] >= 25 else "公开栏党费收缴情况未按季度更新，群众意见记录不全"
        check(unit, CheckKind.ANNUAL, datetime.date(last_year, 12, 22), year_end, findings=findings)
        if number % 2 == 0:  # this year's first routine check, for every other branch so far
            check(unit, CheckKind.ROUTINE, max(today - 40 * DAY, datetime.date(today.year, 1, 1)), sheet)
    if branches and not OpennessCheck.objects.filter(committee=town, kind=CheckKind.FOCUSED).exists():
        held = max(today - 12 * DAY, datetime.date(today.year, 1, 1))
        check(branches[0], CheckKind.FOCUSED, held, SHEETS[1], findings="村级财务公开中群众关注的土地补偿款发放情况")
    services.ensure_year(today, acting_user=system)
