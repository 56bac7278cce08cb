"""X-6 as plain functions: whose year has which floors, what the entries count, and the last day
a floor of days still fits in the year. No database access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from committees.models import TEAM_ROLES, Level, Role

from .models import DAY_MEASURES, EntryKind, Measure

#: A town-level committee: the town secretary's floors apply (002 §15: 镇(街道)党委书记).
TOWN_LEVELS = frozenset({Level.TOWN, Level.STREET})


def floors(level: str, roles: Iterable[str], version) -> dict[str, int]:
    """X-6: the floors of a person's year on a committee of ``level`` where they hold ``roles``,
    from the committee's rule set (``version``); a floor of 0 is no floor."""
    roles = set(roles)
    found: dict[str, int] = {}
    if level == Level.CITY and roles & TEAM_ROLES:
        found[Measure.GRASSROOTS_DAYS] = version.city_grassroots_days_per_year
        found[Measure.RESEARCH_REPORTS] = version.research_topics_per_year
    elif level == Level.COUNTY and roles & TEAM_ROLES:
        found[Measure.VILLAGE_DAYS] = version.district_village_days_per_year
        found[Measure.RESEARCH_REPORTS] = version.research_topics_per_year
    elif level in TOWN_LEVELS and Role.SECRETARY in roles:
        found[Measure.BACKWARD_VILLAGE_DAYS] = version.town_secretary_village_days_per_year
        found[Measure.BRANCH_MEETINGS] = version.town_secretary_branch_meetings_per_year
    return {measure: floor for measure, floor in found.items() if floor}


def _counts_for(entry, measure: str) -> bool:
    if measure == Measure.GRASSROOTS_DAYS:
        return entry.kind == EntryKind.DAYS
    if measure == Measure.VILLAGE_DAYS:
        return entry.kind == EntryKind.DAYS and (entry.is_village or entry.is_backward_village)
    if measure == Measure.BACKWARD_VILLAGE_DAYS:
        return entry.kind == EntryKind.DAYS and entry.is_backward_village
    if measure == Measure.BRANCH_MEETINGS:
        return entry.kind == EntryKind.MEETING
    return entry.kind == EntryKind.REPORT


def done(entries: Iterable, measure: str, year: int) -> int:
    """What ``entries`` count towards ``measure`` in ``year``: distinct days of the year for a
    floor of days (accumulated – 累计; two entries on one day count it once, a stay across New
    Year counts its days in each year), otherwise the entries dated in the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    chosen = [e for e in entries if _counts_for(e, measure) and e.start_date <= last and e.end_date >= first]
    if measure not in DAY_MEASURES:
        return sum(1 for e in chosen if first <= e.start_date <= last)
    days: set[datetime.date] = set()
    for entry in chosen:
        day = max(entry.start_date, first)
        while day <= min(entry.end_date, last):
            days.add(day)
            day += datetime.timedelta(days=1)
    return len(days)


def last_day_to_start(year: int, measure: str, remaining: int) -> datetime.date:
    """The last day on which ``remaining`` more can still be done in ``year``: for days, starting
    then and going on every day to 31 December (15 days left → 17 December); for counts, the
    year's last day."""
    last = datetime.date(year, 12, 31)
    if measure not in DAY_MEASURES or remaining <= 1:
        return last
    return last - datetime.timedelta(days=remaining - 1)


def still_fits(today: datetime.date, year: int, measure: str, remaining: int) -> bool:
    """Whether the floor can still be met from ``today`` on (today included)."""
    if remaining <= 0:
        return True
    if today.year != year:
        return today.year < year
    return today <= last_day_to_start(year, measure, remaining)
