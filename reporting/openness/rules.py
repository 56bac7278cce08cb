"""X-2 as plain functions: the score sheet of a rule set, the grade of a score, its effect on the
annual assessment, and when each check of a unit's year is due. No database access."""

from __future__ import annotations

import calendar
import datetime

from committees.models import DISCLOSURE_SHEET_FIELDS

from .models import CheckKind, Grade, Part


def sheet(version) -> dict[str, int]:
    """The points of each part of the 100-point sheet (003 党务公开 第八条), from the rule set."""
    return {part: getattr(version, field) for part, field in zip(Part.values, DISCLOSURE_SHEET_FIELDS, strict=True)}


def grade(total: int, version) -> str:
    """X-2 (003 党务公开 第十条): the grade of a 100-point score, from the rule set's thresholds (from N
    points on: excellent 90, good 80, pass 60 by default)."""
    if total >= version.disclosure_excellent_score:
        return Grade.EXCELLENT
    if total >= version.disclosure_good_score:
        return Grade.GOOD
    if total >= version.disclosure_pass_score:
        return Grade.PASS
    return Grade.FAIL


def effect_percent(grade_: str | None, version) -> int:
    """X-2 (003 党务公开 第十四条 三): the year-end grade raises the unit's annual assessment by 20 %
    (excellent) or 10 % (good), leaves it (pass) or lowers it by 20 % (fail) – signed percent."""
    if grade_ == Grade.EXCELLENT:
        return version.disclosure_excellent_bonus_percent
    if grade_ == Grade.GOOD:
        return version.disclosure_good_bonus_percent
    if grade_ == Grade.FAIL:
        return -version.disclosure_fail_penalty_percent
    return 0


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def routine_due_on(year: int, number: int, required: int) -> datetime.date:
    """X-2: the last day by which the ``number``-th of ``required`` routine checks of ``year`` is held.
    第十一条 asks for them at random, at least ``required`` times a year; the engine spreads them
    over the year so a missing one is noticed in time: the n-th by the end of the n-th equal part
    (two a year: 30 June and 31 December; three: April, August, December)."""
    number = min(max(number, 1), required)
    return _month_end(year, -(-12 * number // required))


def annual_due_on(year: int, version) -> datetime.date:
    """第十一条: the year-end check is held at the end of the year or early in the next – by the
    rule set's day of the next year (the 31st: 31 January)."""
    return datetime.date(year + 1, 1, 1) + datetime.timedelta(days=version.disclosure_annual_check_days - 1)


def due_on(kind: str, year: int, done: int, required: int, version) -> datetime.date:
    """The last day of the next check a duty still owes."""
    if kind == CheckKind.ANNUAL:
        return annual_due_on(year, version)
    return routine_due_on(year, done + 1, required)


def year_of_check(kind: str, held_on: datetime.date, year: int | None) -> int:
    """The year a check assesses: given, else the year it is held in – a year-end check held in
    January assesses the year before."""
    if year is not None:
        return year
    if kind == CheckKind.ANNUAL and held_on.month == 1:
        return held_on.year - 1
    return held_on.year
