"""Read queries of the openness assessment (X-2): the checks a user sees, and a committee's year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from committees.models import Committee
from committees.selectors import in_visible_committees

from . import rules
from .models import CheckKind, OpennessCheck, OpennessDuty


def visible_checks(user) -> QuerySet[OpennessCheck]:
    """Checks of the units the user sees, and those made by the committees the user sees."""
    return OpennessCheck.objects.filter(
        in_visible_committees(user, "unit") | in_visible_committees(user, "committee")
    ).select_related("unit", "committee")


@dataclass
class UnitYear:
    """One unit's year on the board: its checks, its duties, the year-end grade and its effect."""

    unit: Committee
    checks: list[OpennessCheck] = field(default_factory=list)
    duties: dict[str, OpennessDuty] = field(default_factory=dict)
    effect: int = 0
    #: The duties not met: (duty, the last day of the next check owed), in kind order.
    owed: list[tuple[OpennessDuty, object]] = field(default_factory=list)

    @property
    def routine(self) -> list[OpennessCheck]:
        return [c for c in self.checks if c.kind == CheckKind.ROUTINE]

    @property
    def focused(self) -> list[OpennessCheck]:
        return [c for c in self.checks if c.kind == CheckKind.FOCUSED]

    @property
    def year_end(self) -> OpennessCheck | None:
        return next((c for c in self.checks if c.kind == CheckKind.ANNUAL), None)

    @property
    def routine_duty(self) -> OpennessDuty | None:
        return self.duties.get(CheckKind.ROUTINE)

    @property
    def missing(self) -> int:
        return sum(max(d.required - d.done, 0) for d in self.duties.values())


def board(committee: Committee, year: int, version) -> list[UnitYear]:
    """The units under ``committee`` with their checks and duties of ``year`` – three queries."""
    rows = {unit.pk: UnitYear(unit) for unit in Committee.objects.filter(parent=committee).order_by("name")}
    checks = OpennessCheck.objects.filter(unit__in=list(rows), year=year).select_related("rule_set_version")
    for check in checks.order_by("held_on", "pk"):
        rows[check.unit_id].checks.append(check)
    for duty in OpennessDuty.objects.filter(unit__in=list(rows), year=year):
        rows[duty.unit_id].duties[duty.kind] = duty
    for row in rows.values():
        year_end = row.year_end
        row.effect = rules.effect_percent(year_end.grade, year_end.rule_set_version) if year_end else 0
        row.owed = [
            (duty, rules.due_on(duty.kind, duty.year, duty.done, duty.required, version))
            for kind in (CheckKind.ROUTINE, CheckKind.ANNUAL)
            if (duty := row.duties.get(kind)) is not None and not duty.is_met and version is not None
        ]
    return list(rows.values())


def year_end_effects(units, years) -> list[tuple[Committee, list[tuple[int, OpennessCheck | None, int]]]]:
    """For the annual assessment (003 党务公开 第十四条 三): each unit's year-end check of each of
    ``years`` and its effect in percent (from the rule set it was made under) – one query."""
    units, years = list(units), list(years)
    checks = OpennessCheck.objects.filter(unit__in=units, year__in=years, kind=CheckKind.ANNUAL)
    found = {(c.unit_id, c.year): c for c in checks.select_related("rule_set_version")}
    rows = []
    for unit in units:
        cells = []
        for year in years:
            check = found.get((unit.pk, year))
            cells.append((year, check, rules.effect_percent(check.grade, check.rule_set_version) if check else 0))
        rows.append((unit, cells))
    return rows
