"""Pure functions for the meeting rules of DOMAIN.md section 2 (M-N, M-Q, M-D, M-E, M-C, M-M).

Inputs in, a result out; no database writes. The working-day functions read the calendar.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.calendar import WorkingCalendar, add_working_days
from committees.models import ROLE_ORDER, TEAM_ROLES, Role, RoleAssignment, RuleSetVersion
from committees.phrases import stored
from committees.rules import five_person_group, reaches_fraction

from . import phrases
from .models import AgendaCategory, AttachmentKind, Attendance, AttendanceRole, AttendanceStatus, MeetingKind

#: M-N3: important matters (重要事项) may only be decided when they were on the notified agenda.
#: Emergency handling follows M-E instead; reports and other items are not decisions.
IMPORTANT_CATEGORIES = frozenset(
    {
        AgendaCategory.IMPORTANT,
        AgendaCategory.PERSONNEL,
        AgendaCategory.LARGE_FUNDS,
        AgendaCategory.MAJOR_CONSTRUCTION,
        AgendaCategory.DEMOLITION,
        AgendaCategory.RESETTLEMENT,
    }
)
#: M-N1 (second part) and M-N5: major matters need materials in advance and an investigation.
#: Personnel items are exempt from sending materials in advance.
MAJOR_CATEGORIES = IMPORTANT_CATEGORIES - {AgendaCategory.PERSONNEL}
#: M-N5: major construction and large funds also need expert argumentation and an assessment report.
ARGUMENTATION_CATEGORIES = frozenset({AgendaCategory.LARGE_FUNDS, AgendaCategory.MAJOR_CONSTRUCTION})

SECRETARY_OFFICE_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY})
#: M-E1: the after-report goes to the team, at a meeting of the team.
TEAM_MEETING_KINDS = (MeetingKind.STANDING, MeetingKind.PLENARY, MeetingKind.BRIEFING)


# --------------------------------------------------------------------------- who attends


#: Refusals the rules return for the services to raise (user-facing; the .po files translate them).
MSG_MEMBER_IN_CHARGE_ABSENT_WITHOUT_REASON = gettext_lazy(
    "The member in charge of the item is not present and no special reason has been recorded."
)
MSG_METHOD_ONLY_STRICTER = gettext_lazy(
    "The method may only be changed to a stricter one than the default (%(default)s)."
)
MSG_GIVE_REASON_FOR_STRICTER_METHOD = gettext_lazy("Give the reason for voting by a stricter method.")
MSG_ONLY_MEMBERS_DUE_VOTE = gettext_lazy("Only members due to attend vote; observers attend without a vote.")
MSG_RECUSED_MEMBER_DOES_NOT_VOTE = gettext_lazy("A recused member does not vote on this item.")
MSG_ABSENT_MEMBER_DOES_NOT_VOTE = gettext_lazy("An absent member does not vote; a written opinion is never a vote.")


def members_due(kind: str, assignments: Iterable[RoleAssignment], on: datetime.date) -> list[RoleAssignment]:
    """Members due to attend a meeting of ``kind`` on ``on``, from the role history: one
    assignment per person (their highest role), principal leader first.

    Standing committee, plenary, democratic life, central study and briefing: the leadership team.
    Secretary office (M-Q4): the secretary and the deputy secretaries. Five-person group (O-4):
    secretary, deputies, organisation member, discipline secretary. Party congress session: the
    team and the delegates. Observers (O-5) are never due.
    """
    held = [a for a in assignments if a.is_held_on(on)]
    if kind == MeetingKind.FIVE_PERSON:
        chosen = five_person_group(held, on)
    else:
        roles = {
            MeetingKind.SECRETARY_OFFICE: SECRETARY_OFFICE_ROLES,
            MeetingKind.CONGRESS: TEAM_ROLES | {Role.DELEGATE},
        }.get(kind, TEAM_ROLES)
        by_person: dict[int, RoleAssignment] = {}
        for assignment in sorted(held, key=lambda a: ROLE_ORDER[a.role]):
            if assignment.role in roles:
                by_person.setdefault(assignment.person_id, assignment)
        chosen = list(by_person.values())
    return sorted(chosen, key=lambda a: (ROLE_ORDER[a.role], a.person.name if a.person_id else "", a.person_id))


def holders(assignments: Iterable[RoleAssignment], role: str, on: datetime.date) -> list[RoleAssignment]:
    return sorted(
        (a for a in assignments if a.role == role and a.is_held_on(on)), key=lambda a: (a.start_date, a.pk or 0)
    )


def default_recorder(kind: str, assignments: Sequence[RoleAssignment], on: datetime.date):
    """M-M1: the deputy secretary records the secretary office meeting, the organisation member
    the five-person group. Other meetings are recorded by the party office: its staff member
    longest in office that day (None when the committee has no office staff)."""
    role = {
        MeetingKind.SECRETARY_OFFICE: Role.DEPUTY_SECRETARY,
        MeetingKind.FIVE_PERSON: Role.ORGANIZATION_MEMBER,
    }.get(kind, Role.OFFICE_STAFF)
    found = holders(assignments, role, on)
    return found[0].person if found else None


def minutes_editor_ids(
    recorder_id: int | None, chair_id: int | None, assignments: Sequence[RoleAssignment], on: datetime.date
) -> set[int]:
    """M-M1: who may edit a meeting's draft minutes – the designated recorder and the chair; a
    meeting without a designated recorder is recorded by the party office, so its staff on the
    meeting's day may edit."""
    editors = {pk for pk in (recorder_id, chair_id) if pk is not None}
    if recorder_id is None:
        editors |= {a.person_id for a in holders(assignments, Role.OFFICE_STAFF, on)}
    return editors


def principal_leader(assignments: Sequence[RoleAssignment], on: datetime.date):
    found = holders(assignments, Role.SECRETARY, on)
    return found[0].person if found else None


def is_present_at(attendance: Attendance, at: datetime.datetime) -> bool:
    """M-Q6: present for an item taken up at ``at`` – marked present, arrived, not yet gone."""
    if attendance.status != AttendanceStatus.PRESENT:
        return False
    if attendance.arrived_at is not None and attendance.arrived_at > at:
        return False
    return attendance.left_at is None or attendance.left_at > at


def present_members(attendances: Iterable[Attendance], due_ids: set[int], at: datetime.datetime) -> set[int]:
    """M-Q6: the members due who are present at ``at``; observers never count (O-5)."""
    return {
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and is_present_at(a, at)
    }


# --------------------------------------------------------------------------- quorum


@dataclass(frozen=True)
class QuorumResult:
    """The quorum of one agenda item at one moment (M-Q6): what the console shows."""

    due: int
    present: int
    needed: int
    may_proceed: bool
    rule_id: str
    reason: str


def needed_for(due: int, fraction: Fraction, strict: bool) -> int:
    """The smallest count that reaches ``fraction`` of ``due``: more than half of 8 is 5, of 9 is 5;
    two-thirds or more of 9 is 6, of 10 is 7."""
    bound = fraction * due
    return math.floor(bound) + 1 if strict else math.ceil(bound)


def quorum(
    *,
    due: int,
    present_ids: Iterable[int],
    recused_ids: Iterable[int],
    category: str,
    kind: str,
    version: RuleSetVersion,
    member_in_charge_present: bool | None = None,
    member_in_charge_reason: str = "",
) -> QuorumResult:
    """M-Q1..M-Q6: may the item be taken up with these members present?

    ``present_ids`` are the members due who are present at the moment the item is taken up
    (observers excluded, O-5). Recused members do not count as present for the item unless the
    rule set says otherwise (M-Q6, ``recused_count_as_present``).

    - M-Q5 five-person group: at least ``five_person_min_present`` (4) present;
    - M-Q4 secretary office: more than half of the secretary and deputies;
    - M-Q2 personnel items elsewhere: two-thirds or more (exactly two-thirds is enough);
    - M-Q1 otherwise: more than half (exactly half is not more than half);
    - M-Q3 the member in charge is present unless a special reason is recorded
      (``member_in_charge_present`` is None when the item has no member in charge).
    """
    present = set(present_ids)
    recused = set(recused_ids)
    counted = present if version.recused_count_as_present else present - recused
    count = len(counted)
    rule_id, needed, reached, requirement = _quorum_requirement(kind, category, due, count, version)
    recused_note = ""
    if recused & present and not version.recused_count_as_present:
        recused_note = " " + _("Recused members do not count (M-Q6).")
    if not reached:
        reason = _("%(present)s of %(due)s members due present; %(requirement)s needed.") % {
            "present": count,
            "due": due,
            "requirement": requirement,
        }
        return QuorumResult(due, count, needed, False, rule_id, reason + recused_note)
    if member_in_charge_present is False and not member_in_charge_reason.strip():
        reason = str(MSG_MEMBER_IN_CHARGE_ABSENT_WITHOUT_REASON)
        return QuorumResult(due, count, needed, False, "M-Q3", reason)
    reason = _("%(present)s of %(due)s members due present; %(requirement)s needed.") % {
        "present": count,
        "due": due,
        "requirement": requirement,
    }
    return QuorumResult(due, count, needed, True, rule_id, reason + recused_note)


def _quorum_requirement(
    kind: str, category: str, due: int, count: int, version: RuleSetVersion
) -> tuple[str, int, bool, str]:
    """Which quorum rule applies to an item, and whether ``count`` of ``due`` reaches it: M-Q5
    (five-person group, a minimum count), M-Q4 (secretary office), M-Q2 (personnel), else M-Q1.
    Returns (rule id, count needed, reached, the requirement in words)."""
    if kind == MeetingKind.FIVE_PERSON:
        needed = version.five_person_min_present
        return "M-Q5", needed, due > 0 and count >= needed, _("at least %(needed)s") % {"needed": needed}
    if kind == MeetingKind.SECRETARY_OFFICE:
        rule_id, prefix = "M-Q4", "secretary_office_quorum"
    elif category == AgendaCategory.PERSONNEL:
        rule_id, prefix = "M-Q2", "personnel_quorum"
    else:
        rule_id, prefix = "M-Q1", "standing_quorum"
    fraction, strict = version.fraction(prefix)
    needed = needed_for(due, fraction, strict)
    reached = due > 0 and reaches_fraction(count, due, fraction, strict)
    words = (_("more than %(fraction)s of %(due)s") if strict else _("at least %(fraction)s of %(due)s")) % {
        "fraction": f"{fraction.numerator}/{fraction.denominator}",
        "due": due,
    }
    return rule_id, needed, reached, _("%(words)s, i.e. %(needed)s") % {"words": words, "needed": needed}


# --------------------------------------------------------------------------- notice


def notice_deadline(
    meeting_day: datetime.date, working_days: int, *, calendar: WorkingCalendar | None = None
) -> datetime.date:
    """M-N1: the notice must be sent no later than the end of the N-th working day before the
    meeting's date (adjusted working weekends count, holidays do not). The meeting calendar
    passes one loaded ``calendar`` for all the meetings of its page."""
    return add_working_days(meeting_day, -working_days, calendar=calendar)


@dataclass(frozen=True)
class NoticeTiming:
    deadline: datetime.date
    sent_on: datetime.date

    @property
    def is_in_time(self) -> bool:
        return self.sent_on <= self.deadline


def notice_timing(sent_at: datetime.datetime, meeting_start: datetime.datetime, working_days: int) -> NoticeTiming:
    """M-N1 in Asia/Shanghai: a notice sent at 23:59 on Friday reaches a Monday meeting in time;
    one sent at 00:01 on Saturday does not (unless Monday's deadline is a later working day)."""
    meeting_day = timezone.localdate(meeting_start)
    return NoticeTiming(notice_deadline(meeting_day, working_days), timezone.localdate(sent_at))


def materials_reached_on(
    uploaded: Iterable[datetime.datetime], notice_sent_at: datetime.datetime | None
) -> datetime.date | None:
    """The day the first materials of an item reached the members: uploaded and notified."""
    times = sorted(uploaded)
    if not times or notice_sent_at is None:
        return None
    return timezone.localdate(max(times[0], notice_sent_at))


def materials_in_time(
    category: str,
    uploaded: Iterable[datetime.datetime],
    notified_at: datetime.datetime | None,
    deadline: datetime.date,
) -> bool:
    """M-N1 (second part): materials of major matters reach members by ``deadline``, the
    ``major_materials_working_days``-th working day before the meeting (``notice_deadline``).
    Personnel and non-major items are exempt."""
    if category not in MAJOR_CATEGORIES:
        return True
    reached = materials_reached_on(uploaded, notified_at)
    return reached is not None and reached <= deadline


def attachment_warnings(category: str, kinds: Iterable[str], needs_alternatives: bool) -> list[str]:
    """M-N5 (warn): a major item was investigated; major construction and large funds have expert
    argumentation and an assessment report; an item needing alternatives has at least two."""
    kinds = list(kinds)
    warnings = []
    if category in MAJOR_CATEGORIES and AttachmentKind.INVESTIGATION not in kinds:
        warnings.append(_("M-N5: this major item has no investigation report attached."))
    if category in ARGUMENTATION_CATEGORIES:
        if AttachmentKind.ARGUMENTATION not in kinds:
            warnings.append(_("M-N5: expert argumentation is missing for this item."))
        if AttachmentKind.ASSESSMENT not in kinds:
            warnings.append(_("M-N5: the assessment report is missing for this item."))
    if needs_alternatives and kinds.count(AttachmentKind.ALTERNATIVE) < 2:
        warnings.append(_("M-N5: this item needs at least two alternative proposals."))
    return warnings


# --------------------------------------------------------------------------- leave and stances


#: M-N4: leave from a meeting is asked of the holders of these roles (see ``leave_approvers``).
LEAVE_APPROVER_ROLES = (Role.SECRETARY, Role.DEPUTY_SECRETARY)


def leave_approvers(
    kind: str,
    absent_person_id: int | None,
    assignments: Sequence[RoleAssignment],
    on: datetime.date,
    stand_ins: Mapping[int, int] | None = None,
) -> list[int]:
    """M-N4: leave is asked of the secretary, or of the deputy secretary for the five-person
    group. Nobody approves their own leave: then the other leader (deputy ↔ secretary) approves.
    An approver away on approved leave on ``on`` is replaced by their stand-in (``stand_ins``:
    approver → stand-in, as in the leave chains of L-3), unless the stand-in is the one asking."""
    stand_ins = stand_ins or {}
    primary, fallback = (
        (Role.DEPUTY_SECRETARY, Role.SECRETARY)
        if kind == MeetingKind.FIVE_PERSON
        else (Role.SECRETARY, Role.DEPUTY_SECRETARY)
    )
    for role in (primary, fallback):
        people = [a.person_id for a in holders(assignments, role, on) if a.person_id != absent_person_id]
        replaced = [stand_ins[pk] if stand_ins.get(pk) not in (None, absent_person_id) else pk for pk in people]
        if replaced:
            return list(dict.fromkeys(replaced))
    return []


def stances_pending_before_chair(
    chair_id: int | None, person_id: int, present_ids: Iterable[int], recused_ids: Iterable[int], stated_ids
) -> set[int]:
    """M-D2: the chair (principal leader) states last. Returns the present, non-recused members
    whose stance is still missing when ``person_id`` is the chair (empty otherwise)."""
    if chair_id is None or person_id != chair_id:
        return set()
    return set(present_ids) - set(recused_ids) - set(stated_ids) - {chair_id}


# --------------------------------------------------------------------------- cadence


@dataclass(frozen=True)
class HeldMeeting:
    kind: str
    start: datetime.date
    end: datetime.date


@dataclass
class CadenceRow:
    """How one required cadence is met in a year. ``is_met`` is None while it cannot be judged yet."""

    key: str
    rule_id: str
    label: str
    required: str
    actual: str
    is_met: bool | None
    missing: list[str] = field(default_factory=list)


def _month_periods(year: int, months: int) -> list[tuple[datetime.date, datetime.date]]:
    periods = []
    for first in range(1, 13, months):
        last = min(first + months - 1, 12)
        end = datetime.date(year, last, month_calendar.monthrange(year, last)[1])
        periods.append((datetime.date(year, first, 1), end))
    return periods


def cadence(
    year: int,
    today: datetime.date,
    is_town: bool,
    is_branch: bool,
    version: RuleSetVersion,
    held: Sequence[HeldMeeting],
) -> list[CadenceRow]:
    """M-C1 standing meetings every month and briefings every 15 days (towns: weekly); M-C2
    central study at least once a quarter and 12 days a year; M-C3 a democratic life meeting a
    year; M-C4 the party congress's annual session. Periods not yet over are not judged as missed."""
    held = [m for m in held if m.start.year == year and m.start <= today]
    rows = [_standing_row(year, today, version, held)]
    if not is_branch:
        rows.append(_briefing_row(year, today, is_town, version, held))
    rows += _central_study_rows(year, today, version, held)
    democratic = _dates(held, MeetingKind.DEMOCRATIC_LIFE)
    rows.append(
        _yearly_row(
            "democratic_life",
            "M-C3",
            _("Democratic life meeting"),
            len(democratic),
            version.democratic_life_per_year,
            year,
            today,
        )
    )
    # M-C4 the party congress's annual session (branches hold member meetings instead).
    if not is_branch:
        sessions = _dates(held, MeetingKind.CONGRESS)
        rows.append(
            _yearly_row(
                "congress",
                "M-C4",
                _("Party congress annual session"),
                len(sessions),
                version.congress_sessions_per_year,
                year,
                today,
            )
        )
    return rows


def _dates(held: Sequence[HeldMeeting], kind: str) -> list[datetime.date]:
    return sorted(m.start for m in held if m.kind == kind)


def _standing_row(year: int, today: datetime.date, version: RuleSetVersion, held: Sequence[HeldMeeting]) -> CadenceRow:
    """M-C1: a regular standing committee meeting in every period of the rule set's interval
    (monthly by default); a period not yet over is not judged."""
    months = version.standing_meeting_interval_months
    standing = _dates(held, MeetingKind.STANDING)
    missing, judged = [], 0
    for start, end in _month_periods(year, months):
        if start > today:
            break
        has = any(start <= d <= end for d in standing)
        if end < today:
            judged += 1
            if not has:
                missing.append(f"{start:%Y-%m}" if months == 1 else f"{start:%Y-%m}–{end:%Y-%m}")
    return CadenceRow(
        "standing",
        "M-C1",
        _("Regular standing committee meetings"),
        _("every %(months)s month(s)") % {"months": months},
        _("%(count)s held") % {"count": len(standing)},
        (not missing) if judged else None,
        missing,
    )


def _briefing_row(
    year: int, today: datetime.date, is_town: bool, version: RuleSetVersion, held: Sequence[HeldMeeting]
) -> CadenceRow:
    """M-C1 briefings (towns: the weekly Friday briefing): the longest gap between them, from
    1 January up to today or 31 December, is at most the rule set's interval."""
    interval = version.town_briefing_interval_days if is_town else version.briefing_interval_days
    briefings = _dates(held, MeetingKind.BRIEFING)
    end_of_span = min(today, datetime.date(year, 12, 31))
    points = [datetime.date(year, 1, 1) - datetime.timedelta(days=1), *briefings, end_of_span]
    gaps = [(b - a).days for a, b in itertools.pairwise(points)]
    longest = max(gaps) if gaps else 0
    return CadenceRow(
        "briefing",
        "M-C1",
        _("Briefing meetings"),
        _("every %(days)s days") % {"days": interval},
        _("%(count)s held; longest gap %(gap)s days") % {"count": len(briefings), "gap": longest},
        longest <= interval,
    )


def _central_study_rows(
    year: int, today: datetime.date, version: RuleSetVersion, held: Sequence[HeldMeeting]
) -> list[CadenceRow]:
    """M-C2: central study sessions at least ``central_study_per_quarter`` a quarter (quarters not
    yet over are not judged) and ``central_study_days_per_year`` days a year."""
    study = [m for m in held if m.kind == MeetingKind.CENTRAL_STUDY]
    per_quarter = version.central_study_per_quarter
    missing, judged = [], 0
    for quarter, (start, end) in enumerate(_month_periods(year, 3), start=1):
        if start > today:
            break
        count = sum(start <= m.start <= end for m in study)
        if end < today:
            judged += 1
            if count < per_quarter:
                missing.append(f"{year} Q{quarter}")
    study_days = {m.start + datetime.timedelta(days=n) for m in study for n in range((m.end - m.start).days + 1)}
    required_days = version.central_study_days_per_year
    year_over = today > datetime.date(year, 12, 31)
    return [
        CadenceRow(
            "study_quarters",
            "M-C2",
            _("Central study sessions per quarter"),
            _("at least %(count)s per quarter") % {"count": per_quarter},
            _("%(count)s held") % {"count": len(study)},
            (not missing) if judged else None,
            missing,
        ),
        CadenceRow(
            "study_days",
            "M-C2",
            _("Central study days"),
            _("at least %(days)s days a year") % {"days": required_days},
            _("%(days)s days") % {"days": len(study_days)},
            True if len(study_days) >= required_days else (False if year_over else None),
        ),
    ]


def _yearly_row(
    key: str, rule_id: str, label: str, count: int, required: int, year: int, today: datetime.date
) -> CadenceRow:
    """M-C3, M-C4: a meeting held at least ``required`` times a year; missed only once the year is over."""
    year_over = today > datetime.date(year, 12, 31)
    return CadenceRow(
        key,
        rule_id,
        label,
        _("at least %(count)s a year") % {"count": required},
        _("%(count)s held") % {"count": count},
        True if count >= required else (False if year_over else None),
    )


def weeks_elapsed(year: int, today: datetime.date) -> int:
    """Whole weeks of ``year`` up to ``today`` (M-C2's town study hours are per week)."""
    end = min(today, datetime.date(year, 12, 31))
    start = datetime.date(year, 1, 1)
    return max((end - start).days + 1, 0) // 7


# --------------------------------------------------------------------------- emergencies (M-E)


def after_report_due_at(handled_at: datetime.datetime, interval_months: int) -> datetime.datetime:
    """M-E1: the after-report to the team is due at the latest by the next regular meeting, i.e.
    within the standing meeting interval (M-C1): 23:59 (Asia/Shanghai) on the same day of the
    month ``interval_months`` later, a day after the 28th counting as the 28th."""
    local = timezone.localtime(handled_at)
    years, month = divmod(local.month - 1 + interval_months, 12)
    due_day = datetime.date(local.year + years, month + 1, min(local.day, 28))
    return timezone.make_aware(datetime.datetime.combine(due_day, datetime.time(23, 59)))


# --------------------------------------------------------------------------- votes (M-V)

#: M-V2: major decisions, major construction, large funds → named ballot; cadres → secret ballot.
NAMED_BALLOT_CATEGORIES = frozenset(
    {AgendaCategory.IMPORTANT, AgendaCategory.MAJOR_CONSTRUCTION, AgendaCategory.LARGE_FUNDS}
)
SECRET_BALLOT_CATEGORIES = frozenset({AgendaCategory.PERSONNEL})
#: M-V3: these must be put to a vote – never closed by consensus only.
MUST_VOTE_CATEGORIES = frozenset(
    {
        AgendaCategory.PERSONNEL,
        AgendaCategory.LARGE_FUNDS,
        AgendaCategory.DEMOLITION,
        AgendaCategory.RESETTLEMENT,
        AgendaCategory.MAJOR_CONSTRUCTION,
    }
)
#: M-V7: secretary office meetings and the five-person group are not decision bodies.
NON_DECISION_KINDS = frozenset({MeetingKind.SECRETARY_OFFICE, MeetingKind.FIVE_PERSON})
#: Strictness of the methods: a method may only be changed to a strictly stricter one (M-V2).
#: Named and secret ballots are equally strict: neither replaces the other.
METHOD_RANK = {"oral": 0, "show_of_hands": 1, "named": 2, "secret": 2}  # nosec B105  # a ballot kind, not a password


def default_method(category: str) -> str:
    """M-V2: the vote method an item's category calls for."""
    if category in SECRET_BALLOT_CATEGORIES:
        return "secret"
    if category in NAMED_BALLOT_CATEGORIES:
        return "named"
    return "show_of_hands"


def method_change_refusal(category: str, method: str, reason: str) -> str | None:
    """M-V2: the default method may only be replaced by a stricter one, with a reason. Returns
    the refusal message, or None when the method is allowed."""
    default = default_method(category)
    if method == default:
        return None
    if METHOD_RANK[method] <= METHOD_RANK[default]:
        return MSG_METHOD_ONLY_STRICTER % {"default": default}
    if not reason.strip():
        return str(MSG_GIVE_REASON_FOR_STRICTER_METHOD)
    return None


def must_vote(category: str) -> bool:
    """M-V3: personnel, large funds, demolition, resettlement and major construction must be voted."""
    return category in MUST_VOTE_CATEGORIES


def may_decide(kind: str, category: str) -> bool:
    """M-V7: a secretary office meeting or the five-person group records no binding decision on an
    important matter; it may recommend and forward it to the standing committee."""
    return not (kind in NON_DECISION_KINDS and category in IMPORTANT_CATEGORIES)


@dataclass(frozen=True)
class Outcome:
    """The outcome of a closed vote (M-V4, M-V5) and the arithmetic shown on screen and in minutes."""

    due: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    absent: int
    recused: int
    written_for: int
    written_against: int
    threshold: Fraction
    is_passed: bool
    is_close: bool
    is_deferred: bool
    is_emergency_majority: bool
    rule_id: str
    arithmetic: dict  # a stored phrase (``committees.phrases``): worded in the reader's language

    @property
    def outcome(self) -> str:
        if self.is_deferred:
            return "deferred"
        return "passed" if self.is_passed else "failed"


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _majority_words(*, due: int, present: int, yes: int, bound: Fraction, is_passed: bool) -> dict:
    """M-V4 in words: the yes votes against half of the members due, not of those present."""
    key = phrases.MAJORITY_PASSED if is_passed else phrases.MAJORITY_FAILED
    return stored(key, due=due, present=present, yes=yes, bound=_number(bound))


def _closeness_words(
    words: dict,
    *,
    support: int,
    opposition: int,
    written_for: int,
    written_against: int,
    margin: int,
    is_deferred: bool,
) -> dict:
    """M-V5 in words: support and opposition (written opinions counted, M-D3) are close, so the
    vote is deferred – or, in an emergency, the majority opinion is executed."""
    closeness = stored(
        phrases.CLOSENESS,
        support=support,
        wf=written_for,
        opposition=opposition,
        wa=written_against,
        margin=margin,
    )
    key = phrases.CLOSE_DEFERRED if is_deferred else phrases.CLOSE_EMERGENCY
    return stored(key, words=words, closeness=closeness)


def tally(
    *,
    due: int,
    present: int,
    recused: int,
    yes: int,
    no: int,
    abstain: int,
    written_for: int,
    written_against: int,
    version: RuleSetVersion,
    is_emergency: bool = False,
) -> Outcome:
    """M-V4: the motion passes when YES votes are more than half (the rule set's ``pass_threshold``)
    of the members **due to attend** – not of those present: 9 due, 6 present, 4 yes → 4 ≤ 4.5,
    not passed; 8 due, 4 yes → exactly half, not passed. Written opinions are never votes (M-D3).

    M-V5: when support and opposition – counting absent members' written opinions on each side –
    differ by at most ``close_vote_margin``, the vote is deferred to a later meeting, unless the
    item is an emergency: then it is not deferred and the majority opinion is executed. We read
    "the majority opinion" as the M-V4 outcome (passing still needs the M-V4 majority of the
    members due); the record says the majority opinion was executed in an emergency.

    Recused members (M-D4) and absent members never vote; absence is never an abstention.
    """
    fraction, strict = version.fraction("pass_threshold")
    bound = fraction * due
    is_passed = due > 0 and reaches_fraction(yes, due, fraction, strict)
    support, opposition = yes + written_for, no + written_against
    is_close = abs(support - opposition) <= version.close_vote_margin
    is_deferred = is_close and not is_emergency
    absent = due - present
    not_voted = max(present - recused - yes - no - abstain, 0)
    words = _majority_words(due=due, present=present, yes=yes, bound=bound, is_passed=is_passed)
    rule_id = "M-V4"
    if is_close:
        rule_id = "M-V5"
        words = _closeness_words(
            words,
            support=support,
            opposition=opposition,
            written_for=written_for,
            written_against=written_against,
            margin=version.close_vote_margin,
            is_deferred=is_deferred,
        )
    return Outcome(
        due=due,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        not_voted=not_voted,
        absent=absent,
        recused=recused,
        written_for=written_for,
        written_against=written_against,
        threshold=bound,
        is_passed=is_passed and not is_deferred,
        is_close=is_close,
        is_deferred=is_deferred,
        is_emergency_majority=is_close and is_emergency,
        rule_id=rule_id,
        arithmetic=stored(phrases.WITH_RULE, words=words, rule=rule_id),
    )


def may_vote_refusal(person_id: int, *, due_ids, present_ids, recused_ids) -> tuple[str, str] | None:
    """Who may vote on an item (M-V4, M-D3, M-D4, O-5): a member due, present when the vote opened,
    not recused. Returns (rule id, message) or None."""
    if person_id not in due_ids:
        return "O-5", str(MSG_ONLY_MEMBERS_DUE_VOTE)
    if person_id in recused_ids:
        return "M-D4", str(MSG_RECUSED_MEMBER_DOES_NOT_VOTE)
    if person_id not in present_ids:
        return "M-D3", str(MSG_ABSENT_MEMBER_DOES_NOT_VOTE)
    return None


def decision_body(kind: str) -> str:
    """M-V9: the body a meeting kind belongs to (briefings and study sessions are the team's)."""
    if kind in (MeetingKind.BRIEFING, MeetingKind.DEMOCRATIC_LIFE, MeetingKind.CENTRAL_STUDY):
        return MeetingKind.STANDING
    return kind
