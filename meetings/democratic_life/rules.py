"""Pure rules of the democratic life meeting (DL-1..DL-4). No database access: inputs in, a
result out; ``services.py`` raises the refusals."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from committees.models import Role
from meetings.models import Attendance, AttendanceRole, AttendanceStatus

#: DL-2: who decides a postponement for the higher-level committee. The principal leader decides
#: alone; a decision of its standing committee is recorded by the secretary, a deputy or the office.
PRINCIPAL_ROLES = frozenset({Role.SECRETARY})
STANDING_COMMITTEE_RECORDER_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_STAFF})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months: 30 November + 1 → 30 December; 31 January + 1 → 28 (29) February."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rectification_due_date(meeting_day: datetime.date, months: int) -> datetime.date:
    """DL-3 (003 民主生活会 六): rectification measures within one month (the rule set's
    ``dl_rectification_months``) of the meeting."""
    return add_months(meeting_day, months)


def end_of_day(day: datetime.date, tz: datetime.tzinfo) -> datetime.datetime:
    """A day deadline ends with the due day in local time (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=tz)


# --------------------------------------------------------------------------- DL-2 postponement


def is_postponement(year: int, planned: datetime.date | None, new_day: datetime.date) -> bool:
    """DL-2: holding the meeting after its planned date, or after the end of its year (when no
    date was planned), is a postponement (延期召开)."""
    if planned is not None:
        return new_day > planned
    return new_day.year > year


def may_decide_postponement(roles_on_parent: Iterable[str], decided_as: str) -> bool:
    """DL-2: the higher-level committee agrees – its principal leader, or its standing committee
    (recorded by its secretary, a deputy secretary or its office)."""
    from .models import DecidedAs

    held = set(roles_on_parent)
    if decided_as == DecidedAs.PRINCIPAL_LEADER:
        return bool(held & PRINCIPAL_ROLES)
    if decided_as == DecidedAs.STANDING_COMMITTEE:
        return bool(held & STANDING_COMMITTEE_RECORDER_ROLES)
    return False


# --------------------------------------------------------------------------- DL-1 preparation


@dataclass(frozen=True)
class TalkCoverage:
    """DL-1: which pairs of team members have talked to each other before the meeting."""

    pairs: tuple[tuple[int, int], ...]
    done: frozenset[tuple[int, int]]

    @property
    def missing(self) -> list[tuple[int, int]]:
        return [pair for pair in self.pairs if pair not in self.done]

    @property
    def total(self) -> int:
        return len(self.pairs)

    @property
    def done_count(self) -> int:
        return self.total - len(self.missing)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def has_talked(self, a: int, b: int) -> bool:
        return pair_key(a, b) in self.done


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair of people, whoever is named first (the lower id first, as stored)."""
    return (a, b) if a < b else (b, a)


def talk_coverage(member_ids: Sequence[int], talked: Iterable[tuple[int, int]]) -> TalkCoverage:
    """DL-1 (002 §11): team members talk to each other before the meeting – every pair of the
    members due. Talks with someone no longer on the team do not count."""
    pairs = tuple(pair_key(a, b) for a, b in combinations(sorted(set(member_ids)), 2))
    wanted = set(pairs)
    return TalkCoverage(pairs, frozenset(pair_key(a, b) for a, b in talked if pair_key(a, b) in wanted))


@dataclass(frozen=True)
class Preparation:
    has_theme: bool
    opinions_before: int
    coverage: TalkCoverage
    missing_material_names: tuple[str, ...]
    names: dict


def preparation_warnings(preparation: Preparation) -> list[str]:
    """DL-1 (warn): before the meeting – a set theme, opinions collected beforehand, talks
    between every two members, every member's comparison and self-examination material."""
    warnings = []
    if not preparation.has_theme:
        warnings.append(_("DL-1: the meeting has no theme yet."))
    if not preparation.opinions_before:
        warnings.append(_("DL-1: no opinions have been collected before the meeting."))
    coverage = preparation.coverage
    if not coverage.is_complete:
        names = preparation.names
        shown = "、".join(f"{names.get(a, a)}–{names.get(b, b)}" for a, b in coverage.missing[:6])
        if len(coverage.missing) > 6:
            shown += "…"
        warnings.append(
            _("DL-1: %(missing)s of %(total)s pairs of members have not talked to each other yet (%(pairs)s).")
            % {"missing": len(coverage.missing), "total": coverage.total, "pairs": shown}
        )
    if preparation.missing_material_names:
        warnings.append(
            _("DL-1: comparison and self-examination material not yet submitted by %(names)s.")
            % {"names": "、".join(preparation.missing_material_names)}
        )
    return warnings


def absence_warnings(attendances: Iterable[Attendance], meeting_start: datetime.datetime) -> list[str]:
    """DL-1 / M-N4 (warn): whoever cannot attend asks leave in advance (提前请假) – absent without
    leave, or leave asked only once the meeting had begun."""
    warnings = []
    for attendance in attendances:
        if attendance.role != AttendanceRole.MEMBER:
            continue
        if attendance.status == AttendanceStatus.ABSENT:
            warnings.append(_("DL-1: %(person)s was absent without leave.") % {"person": attendance.display_name})
        elif attendance.status == AttendanceStatus.LEAVE and (
            attendance.leave_requested_at is None or attendance.leave_requested_at >= meeting_start
        ):
            warnings.append(
                _("DL-1: %(person)s did not ask leave in advance of the meeting.") % {"person": attendance.display_name}
            )
    return warnings


# --------------------------------------------------------------------------- status


class Status:
    """The record's state on the list page, derived, never stored."""

    NOT_PLANNED = "not_planned"
    PLANNED = "planned"
    POSTPONEMENT_REQUESTED = "postponement_requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    OVERDUE = "overdue"

    @staticmethod
    def label(value: str) -> str:
        return {
            Status.NOT_PLANNED: pgettext("democratic life status", "No date planned"),
            Status.PLANNED: pgettext("democratic life status", "Planned"),
            Status.POSTPONEMENT_REQUESTED: pgettext("democratic life status", "Postponement requested"),
            Status.SCHEDULED: pgettext("democratic life status", "Meeting scheduled"),
            Status.HELD: pgettext("democratic life status", "Held"),
            Status.OVERDUE: pgettext("democratic life status", "Overdue"),
        }[value]


def status(
    *,
    year: int,
    planned: datetime.date | None,
    meeting_day: datetime.date | None,
    is_held: bool,
    has_pending_request: bool,
    today: datetime.date,
) -> str:
    """Held once the meeting has taken place; overdue when its (approved) date or its year is
    past without it (M-C3, DL-2)."""
    if is_held:
        return Status.HELD
    latest = meeting_day or planned or datetime.date(year, 12, 31)
    if today > latest:
        return Status.POSTPONEMENT_REQUESTED if has_pending_request else Status.OVERDUE
    if has_pending_request:
        return Status.POSTPONEMENT_REQUESTED
    if meeting_day is not None:
        return Status.SCHEDULED
    return Status.PLANNED if planned is not None else Status.NOT_PLANNED
