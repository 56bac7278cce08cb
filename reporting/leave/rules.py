"""Pure functions for leave and travel (L-2..L-9): inputs in, a result out, no database.

The approval chain (L-3..L-5) is ``approval_chain``: a function of the requester's role, the
committee and its parent, the length, the kind, the rule-set numbers, who held which role on
the request day and who was away then.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import PortfolioArea, Role
from committees.phrases import stored

from . import phrases
from .models import ABROAD_KINDS, PRIVATE_KINDS, LeaveKind, StepKind

MSG_NOBODY_HOLDS_ROLE = gettext_lazy(
    "Nobody holds the role of %(what)s on the request day; the approval chain cannot be formed."
)
MSG_NO_HIGHER_COMMITTEE = gettext_lazy("%(committee)s has no higher-level committee to approve or file with.")

HALF = Decimal("0.5")
ONE_DAY = datetime.timedelta(days=1)


def leave_length(
    start: datetime.date,
    end: datetime.date,
    *,
    starts_afternoon: bool = False,
    ends_morning: bool = False,
    is_working_day: Callable[[datetime.date], bool] | None = None,
) -> Decimal:
    """Days from ``start`` to ``end`` inclusive, half days allowed (from the afternoon of the
    first day, until noon of the last). With ``is_working_day``, only working days count."""
    if end < start:
        raise ValueError("end before start")
    total = Decimal(0)
    day = start
    while day <= end:
        if is_working_day is None or is_working_day(day):
            weight = Decimal(1)
            if day == start and starts_afternoon:
                weight -= HALF
            if day == end and ends_morning:
                weight -= HALF
            total += max(weight, Decimal(0))
        day += ONE_DAY
    return total


def needs_advance_report(kind: str) -> bool:
    """L-2: trips out (on business, to meetings, abroad) are reported ahead; private leave is
    asked when needed."""
    return kind != LeaveKind.PRIVATE_LEAVE


def is_reported_late(kind: str, request_date: datetime.date, start_date: datetime.date, days_ahead: int) -> bool:
    """L-2: a trip reported fewer than ``days_ahead`` (3) days before its first day is late:
    reported on the 22nd for the 25th is in time, on the 23rd it is late."""
    return needs_advance_report(kind) and (start_date - request_date).days < days_ahead


def tier(days: Decimal, principal_max: int, filing_max: int) -> str:
    """L-3: which of the three chains a team member's request of ``days`` days takes.

    Up to ``principal_max`` (3) → "principal"; up to ``filing_max`` (7) → "filing"; more (8 days
    or more; 7.5 too) → "parent". Half days count: 3.5 days is over 3.
    """
    if days <= principal_max:
        return "principal"
    if days <= filing_max:
        return "filing"
    return "parent"


@dataclass(frozen=True)
class PlannedStep:
    kind: str
    rule_id: str
    committee: object
    role: str
    approver: object | None
    stands_in_for: object | None = None
    title: dict | str = ""  # a stored phrase (``committees.phrases``)


@dataclass(frozen=True)
class Chain:
    steps: list[PlannedStep]
    rule: dict  # which rule made it, shown on the request: a stored phrase
    tier: str = ""


@dataclass(frozen=True)
class Approvers:
    """Who held the roles the chain needs on the request day, and who was away then.

    ``away`` maps the pk of a person on leave that day to their stand-in (None: nobody named).
    """

    principal: object | None
    parent_principal: object | None
    parent_leader_in_charge: object | None
    away: Mapping[int, object | None] = field(default_factory=dict)


def leader_in_charge(
    portfolios: Iterable[tuple[object, str]], deputies: Iterable[object], exclude: Iterable[object] = ()
):
    """L-3: the parent committee's leader in charge of a county team member's long leave.

    Documented rule: the parent's member whose portfolio (on the request day) is organisation and
    personnel; else the one in charge of overall work; else the parent's first deputy secretary.
    ``exclude`` (the parent's principal, who is not "a leader in charge") is skipped.
    """
    skipped = {getattr(p, "pk", p) for p in exclude}
    portfolios = [(person, area) for person, area in portfolios if getattr(person, "pk", person) not in skipped]
    for wanted in (PortfolioArea.ORGANIZATION, PortfolioArea.OVERALL):
        for person, area in portfolios:
            if area == wanted:
                return person
    for person in deputies:
        if getattr(person, "pk", person) not in skipped:
            return person
    return None


def _resolve(approver, approvers: Approvers, requester) -> tuple[object | None, object | None]:
    """An approver away on the request day is replaced by their stand-in (shown in the chain)."""
    if approver is None or approver.pk not in approvers.away:
        return approver, None
    stand_in = approvers.away[approver.pk]
    if stand_in is None or stand_in.pk == getattr(requester, "pk", None):
        return approver, None
    return stand_in, approver


def _need(person, what: str):
    if person is None:
        raise ValidationError(MSG_NOBODY_HOLDS_ROLE % {"what": what})
    return person


@dataclass
class _Steps:
    """The steps of one chain as they are added, in order. A stand-in replaces an approver away on
    the request day; a stand-in who is the requester does not count (the absent holder stays)."""

    committee: object
    parent: object | None
    approvers: Approvers
    requester: object | None
    steps: list[PlannedStep] = field(default_factory=list)

    def add(self, kind: str, rule_id: str, where, role: str, person, title: dict) -> None:
        approver, absent = _resolve(person, self.approvers, self.requester) if person is not None else (None, None)
        self.steps.append(PlannedStep(kind, rule_id, where, role, approver, absent, title))

    def need_parent(self):
        if self.parent is None:
            raise ValidationError(MSG_NO_HIGHER_COMMITTEE % {"committee": self.committee})
        return self.parent

    def file_with_parent(self, rule_id: str) -> None:
        """L-3/L-4: filed (备案) with the parent committee's organisation department."""
        parent = self.need_parent()
        title = stored(phrases.STEP_FILED_WITH_PARENT, parent=parent.name)
        self.add(StepKind.FILE, rule_id, parent, Role.ORGANIZATION_STAFF, None, title)


def approval_chain(
    *,
    kind: str,
    days: Decimal,
    is_principal: bool,
    committee,
    parent,
    principal_max_days: int,
    filing_max_days: int,
    approvers: Approvers,
    requester=None,
) -> Chain:
    """L-3, L-4, L-5: the steps a request must pass, computed – never chosen by the requester.

    - L-5: going abroad starts with the prior consent of the principal leader (for the principal,
      of the parent's principal) before any other step.
    - L-4: the principal leader's own trips are reported to the parent's principal, private
      leave is approved by them; both are filed with the parent's organisation department.
    - L-3: a team member's request up to 3 days is approved by the principal; up to 7 days also
      filed with the parent's organisation department; 8 days or more: the principal agrees, the
      parent's leader in charge approves, and it is filed.

    The steps go in order. A stand-in replaces an approver away on the request day; a stand-in
    who is the requester does not count (the absent holder stays).
    """
    steps = _Steps(committee, parent, approvers, requester)
    if is_principal:
        level, rule = "principal-own", _principal_own_steps(steps, kind)
    else:
        level = tier(days, principal_max_days, filing_max_days)
        rule = _team_member_steps(steps, kind, level, principal_max_days, filing_max_days)
    if kind in ABROAD_KINDS:
        rule = stored(phrases.RULE_ABROAD, rule=rule)
    return Chain(steps.steps, rule, level)


def _principal_own_steps(steps: _Steps, kind: str) -> dict:
    """L-4 (with L-5 abroad): the principal leader's own trips go to the parent's principal leader –
    prior consent to go abroad, then approval of private leave or a report of the trip – and are
    filed with the parent's organisation department. Returns the rule shown on the request."""
    parent = steps.need_parent()
    parent_principal = _need(steps.approvers.parent_principal, _("principal leader of %(c)s") % {"c": parent})
    if kind in ABROAD_KINDS:
        title = stored(phrases.STEP_PARENT_CONSENT_ABROAD, c=parent.name)
        steps.add(StepKind.CONSENT, "L-5", parent, Role.SECRETARY, parent_principal, title)
    if kind in PRIVATE_KINDS:
        title = stored(phrases.STEP_PARENT_APPROVES, c=parent.name)
        steps.add(StepKind.APPROVE, "L-4", parent, Role.SECRETARY, parent_principal, title)
        rule = stored(phrases.RULE_PRINCIPAL_PRIVATE)
    else:
        title = stored(phrases.STEP_REPORTED_TO_PARENT, c=parent.name)
        steps.add(StepKind.REPORT, "L-4", parent, Role.SECRETARY, parent_principal, title)
        rule = stored(phrases.RULE_PRINCIPAL_TRIP)
    steps.file_with_parent("L-4")
    return rule


def _team_member_steps(steps: _Steps, kind: str, level: str, principal_max_days: int, filing_max_days: int) -> dict:
    """L-3 (with L-5 abroad): a team member's request by its ``tier`` – the principal leader
    approves; up to the filing limit it is also filed with the parent's organisation department;
    beyond it the principal agrees and the parent's leader in charge approves. Returns the rule."""
    committee = steps.committee
    principal = _need(steps.approvers.principal, _("principal leader of %(c)s") % {"c": committee})
    if kind in ABROAD_KINDS:
        title = stored(phrases.STEP_CONSENT_ABROAD)
        steps.add(StepKind.CONSENT, "L-5", committee, Role.SECRETARY, principal, title)
    if level == "principal":
        steps.add(
            StepKind.APPROVE, "L-3", committee, Role.SECRETARY, principal, stored(phrases.STEP_PRINCIPAL_APPROVES)
        )
        return stored(phrases.RULE_SHORT, n=principal_max_days)
    parent = steps.need_parent()
    if level == "filing":
        steps.add(
            StepKind.APPROVE, "L-3", committee, Role.SECRETARY, principal, stored(phrases.STEP_PRINCIPAL_APPROVES)
        )
        steps.file_with_parent("L-3")
        return stored(phrases.RULE_FILED, n=filing_max_days)
    in_charge = _need(steps.approvers.parent_leader_in_charge, _("leader in charge of %(c)s") % {"c": parent})
    steps.add(StepKind.AGREE, "L-3", committee, Role.SECRETARY, principal, stored(phrases.STEP_PRINCIPAL_AGREES))
    title = stored(phrases.STEP_IN_CHARGE_APPROVES, c=parent.name)
    steps.add(StepKind.APPROVE, "L-3", parent, Role.DEPUTY_SECRETARY, in_charge, title)
    steps.file_with_parent("L-3")
    return stored(phrases.RULE_LONG, n=filing_max_days)


def chain_signature(
    *, kind: str, days: Decimal, is_principal: bool, principal_max_days: int, filing_max_days: int
) -> tuple:
    """What decides the shape of the chain: a date change that keeps it keeps the approvals."""
    level = "principal-own" if is_principal else tier(days, principal_max_days, filing_max_days)
    return (level, kind in ABROAD_KINDS, is_principal and kind in PRIVATE_KINDS)


def needs_report_back(days: Decimal, over_days: int) -> bool:
    """L-6: out for more than ``over_days`` (1) day → report back (销假) with a briefing on
    return. Exactly one day: no; one and a half: yes."""
    return days > over_days


def period_of(day: datetime.date, months: int) -> tuple[datetime.date, datetime.date]:
    """L-8: the summary period of ``months`` (6) months containing ``day``, aligned on January."""
    index = (day.month - 1) // months
    first_month = index * months + 1
    start = datetime.date(day.year, first_month, 1)
    last_month = min(first_month + months - 1, 12)
    end = datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return start, end


@dataclass(frozen=True)
class Absence:
    start_date: datetime.date
    end_date: datetime.date
    kind: str
    starts_afternoon: bool = False
    ends_morning: bool = False


def days_away_in_month(absences: Iterable[Absence], year: int, month: int) -> Decimal:
    """L-9: days a cadre is away from town in a month. Trips on duty count as present, so only
    private absences count; overlapping absences are counted once."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    per_day: dict[datetime.date, Decimal] = {}
    for absence in absences:
        if absence.kind not in PRIVATE_KINDS:
            continue
        day = max(absence.start_date, first)
        while day <= min(absence.end_date, last):
            weight = Decimal(1)
            if day == absence.start_date and absence.starts_afternoon:
                weight -= HALF
            if day == absence.end_date and absence.ends_morning:
                weight -= HALF
            per_day[day] = min(Decimal(1), per_day.get(day, Decimal(0)) + weight)
            day += ONE_DAY
    return sum(per_day.values(), Decimal(0))


def days_present(absences: Iterable[Absence], year: int, month: int) -> Decimal:
    """L-9: calendar days of the month minus the days away."""
    return calendar.monthrange(year, month)[1] - days_away_in_month(absences, year, month)


def is_under_presence(present: Decimal, required: int) -> bool:
    """L-9: warn under the rule set's 22 days; exactly 22 is enough."""
    return present < required


def uncovered_holidays(
    holidays: Iterable[datetime.date], on_duty: Mapping[datetime.date, set[int]], principal_ids: set[int]
) -> list[datetime.date]:
    """L-9: holiday days on which no principal leader is on the duty rota."""
    return sorted(day for day in holidays if not (on_duty.get(day, set()) & principal_ids))
