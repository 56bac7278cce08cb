"""Pure rules of the recurring reports: who owes which report to whom, for which periods, and
when it is due (R-4, R-5 = L-8 + DL-4, M-C5). No database access.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from committees.models import Level

from .models import PartyGroup, PeriodicReportKind

#: R-4, L-8, DL-4, M-C5: a period's report is due this many days after the period ends.
#: The seeds name the rhythm (every quarter, half year, year; "年中和年末") but no day; 15 days
#: makes the mid-year report on January–June due on 15 July and the year-end report due on
#: 15 January. Change it here, and only here.
DUE_DAYS_AFTER_PERIOD = 15

PARENT = "parent"
SAME_LEVEL = "same_level"


@dataclass(frozen=True)
class KindRule:
    """Who owes a kind of report, to whom, and how its periods are cut."""

    rule_id: str
    #: Levels of the committees that owe it.
    levels: frozenset[str]
    #: PARENT: to the higher-level committee; SAME_LEVEL: to the standing committee of the same level.
    receiver: str
    #: When set, the higher-level committee must be of one of these levels.
    receiver_levels: frozenset[str] | None = None
    #: RuleSetVersion field giving the months per period (3 = quarters, 6 = half years).
    interval_field: str | None = None
    #: Fixed period length in months when there is no rule-set field (12 = the calendar year).
    fixed_months: int | None = None
    #: Only the first half of each year (the mid-year report).
    first_half_only: bool = False
    #: Party groups: one obligation per unit, owed by the unit, received by the committee.
    units: tuple[str, ...] = ()


KIND_RULES: dict[str, KindRule] = {
    # R-4 (001 定期报告(五)): the party groups of the people's congress, government and CPPCC report
    # to the standing committee of the same level every quarter – city and county committees.
    PeriodicReportKind.PARTY_GROUP_QUARTERLY: KindRule(
        "R-4",
        levels=frozenset({Level.CITY, Level.COUNTY}),
        receiver=SAME_LEVEL,
        interval_field="party_group_report_interval_months",
        units=tuple(PartyGroup.values),
    ),
    # M-C5 (003 请示报告 八): party branches report to the town committee every quarter.
    PeriodicReportKind.BRANCH_QUARTERLY: KindRule(
        "M-C5",
        levels=frozenset({Level.BRANCH}),
        receiver=PARENT,
        receiver_levels=frozenset({Level.TOWN, Level.STREET}),
        interval_field="branch_report_interval_months",
    ),
    # R-4 (001 定期报告(六)): county committees report on the higher level's annual work points in
    # writing at mid-year (the first half year) and at year end (the whole year).
    PeriodicReportKind.WORK_POINTS_MID_YEAR: KindRule(
        "R-4", levels=frozenset({Level.COUNTY}), receiver=PARENT, first_half_only=True
    ),
    PeriodicReportKind.WORK_POINTS_YEAR_END: KindRule(
        "R-4", levels=frozenset({Level.COUNTY}), receiver=PARENT, fixed_months=12
    ),
    # L-8 / R-5 (001 监督制度(四)3): every half year the trips and leave of the team go to the
    # higher level's organisation department – counties to the city, towns and streets to the county.
    PeriodicReportKind.LEAVE_SUMMARY: KindRule(
        "L-8",
        levels=frozenset({Level.COUNTY, Level.TOWN, Level.STREET}),
        receiver=PARENT,
        interval_field="leave_summary_interval_months",
    ),
    # DL-4 / R-5 (003 民主生活会 七): the yearly democratic life meeting is reported in writing to
    # the higher-level committee.
    PeriodicReportKind.DEMOCRATIC_LIFE: KindRule(
        "DL-4",
        levels=frozenset({Level.COUNTY, Level.TOWN, Level.STREET}),
        receiver=PARENT,
        fixed_months=12,
    ),
}


def owes(rule: KindRule, level: str, parent_level: str | None) -> bool:
    """Whether a committee of ``level`` (under a parent of ``parent_level``) owes this report."""
    if level not in rule.levels:
        return False
    if rule.receiver == SAME_LEVEL:
        return True
    if parent_level is None:
        return False
    return rule.receiver_levels is None or parent_level in rule.receiver_levels


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def due_date(self) -> datetime.date:
        return due_date(self.end)


def due_date(period_end: datetime.date) -> datetime.date:
    """R-4, L-8, DL-4, M-C5: due ``DUE_DAYS_AFTER_PERIOD`` (15) days after the period's last day:
    Q4 (ends 31 December) → 15 January; the first half year (ends 30 June) → 15 July."""
    return period_end + datetime.timedelta(days=DUE_DAYS_AFTER_PERIOD)


def due_at(day: datetime.date, tz: datetime.tzinfo) -> datetime.datetime:
    """A day deadline ends with the due day in local time (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=tz)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def periods_of_year(year: int, months: int) -> list[Period]:
    """The year cut into periods of ``months`` months from 1 January (3 → quarters, 6 → half
    years, 12 → the year). Lengths that do not divide 12 leave a shorter last period; values
    outside 1–12 are held to that range."""
    months = max(1, min(12, months))
    periods = []
    for first in range(1, 13, months):
        last = min(first + months - 1, 12)
        periods.append(Period(datetime.date(year, first, 1), _month_end(year, last)))
    return periods


def periods_for(rule: KindRule, year: int, interval_months: int | None) -> list[Period]:
    if rule.first_half_only:
        return [Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30))]
    return periods_of_year(year, rule.fixed_months or interval_months or 12)


def open_periods(rule: KindRule, on: datetime.date, interval_months: int | None) -> list[Period]:
    """Periods whose obligation exists on ``on``: those that have begun and are not yet past
    their due date – the current one, and the previous one during its days of grace. Earlier
    periods are never created afterwards (nobody can be reminded of them in time)."""
    return [
        period
        for year in (on.year - 1, on.year)
        for period in periods_for(rule, year, interval_months)
        if period.start <= on <= period.due_date
    ]


def period_label(start: datetime.date, end: datetime.date) -> str:
    """The period's official designation, as used on the documents: 2026年第4季度, 2026年上半年,
    2026年度, 2026年3月, 2026年1月至4月."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    year = start.year
    if months == 12 and start.month == 1:
        return f"{year}年度"
    if months == 6 and start.month in (1, 7):
        return f"{year}年{'上' if start.month == 1 else '下'}半年"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"{year}年第{(start.month - 1) // 3 + 1}季度"
    if months == 1:
        return f"{year}年{start.month}月"
    if start.year == end.year:
        return f"{year}年{start.month}月至{end.month}月"
    return f"{year}年{start.month}月至{end.year}年{end.month}月"
