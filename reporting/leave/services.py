"""Actions on leave requests (L-1..L-9): submit, decide each step, file, report back, summarise.

Every pending step is a deadline in the engine (due when the absence starts); the report-back
(L-6) and the half-year summary (L-8) are deadlines too. Views, the API and the admin call these.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.calendar import WorkingCalendar
from committees.models import TEAM_ROLES, Committee, Person, Portfolio, Role, RoleAssignment, RuleSetVersion
from committees.phrases import stored
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines, phrases
from reporting.messages import MSG_NO_RULE_SET
from reporting.models import DeadlineState
from reporting.notify import notify
from reporting.phrases import (
    LEAVE_APPROVED,
    LEAVE_DATES,
    LEAVE_DECIDED_BY,
    LEAVE_REJECTED,
    LEAVE_RETURNED,
    LEAVE_STEP_WAITING,
)
from reporting.schedules import days_schedule
from reporting.selectors import ORGANISATION_ROLES

from . import rules
from .models import (
    DONE_STATES,
    DutyAssignment,
    LeaveRequest,
    LeaveState,
    LeaveStep,
    LeaveSummary,
    StepState,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DAY = datetime.timedelta(days=1)

MSG_NOT_ON_TEAM_ON_DAY = gettext_lazy("%(person)s is not a member of the leadership team of %(committee)s on %(day)s.")
MSG_LAST_DAY_BEFORE_FIRST = gettext_lazy("The last day cannot be before the first day.")
MSG_HALF_DAY = gettext_lazy("A one-day absence cannot start in the afternoon and end at noon.")
MSG_OVERLAP = gettext_lazy("These dates overlap another request of yours.")
MSG_URGENCY_REASON = gettext_lazy("Trips are reported %(n)s days ahead; give the reason for the urgency.")
MSG_SOMEONE_ELSE_COVERS = gettext_lazy("Someone else must cover your duties.")
MSG_NOT_THAT_WAY = gettext_lazy("This step cannot be decided that way.")
MSG_ANNOTATION_REASON = gettext_lazy("Give the reason in the annotation.")
MSG_ONLY_RETURNED_RESUBMITTED = gettext_lazy("Only a request returned for changes can be resubmitted.")
MSG_ONLY_WAITING_OR_APPROVED = gettext_lazy("Only a waiting or approved request can change its dates.")
MSG_NO_LONGER_WITHDRAWN = gettext_lazy("This request can no longer be withdrawn.")
MSG_ONLY_APPROVED_REPORTED_BACK = gettext_lazy("Only an approved absence is reported back.")
MSG_ALREADY_REPORTED_BACK = gettext_lazy("This absence has already been reported back.")
MSG_GIVE_BRIEFING = gettext_lazy("Give a short briefing.")


def _aware(day: datetime.date, time: datetime.time = datetime.time.min) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time), timezone.get_default_timezone())


def _holders(committee: Committee | None, roles, on: datetime.date) -> list[Person]:
    if committee is None:
        return []
    return [
        a.person
        for a in RoleAssignment.objects.on(on)
        .filter(committee=committee, role__in=roles)
        .select_related("person")
        .order_by("start_date", "pk")
    ]


def _first(people: list[Person]) -> Person | None:
    return people[0] if people else None


def requester_role(person: Person, committee: Committee, on: datetime.date) -> str:
    """L-1: the requester's team role on the request day (the principal's role first)."""
    roles = set(RoleAssignment.objects.on(on).filter(person=person, committee=committee).values_list("role", flat=True))
    for role in Role:
        if role in roles and role in TEAM_ROLES:
            return role
    raise ValidationError(MSG_NOT_ON_TEAM_ON_DAY % {"person": person, "committee": committee, "day": on.isoformat()})


def away_on(day: datetime.date, people: list[Person]) -> dict[int, Person | None]:
    """Who of ``people`` is away on approved leave on ``day``, with their stand-in: the person
    named to cover their duties, else a deputy secretary of the same committee who is not away."""
    ids = [p.pk for p in people if p is not None]
    absent = (
        LeaveRequest.objects.filter(
            person_id__in=ids, state=LeaveState.APPROVED, start_date__lte=day, end_date__gte=day
        )
        .select_related("covered_by", "committee")
        .order_by("pk")
    )
    away: dict[int, Person | None] = {}
    for leave in absent:
        stand_in = leave.covered_by
        if stand_in is None:
            deputies = [d for d in _holders(leave.committee, (Role.DEPUTY_SECRETARY,), day) if d.pk not in ids]
            stand_in = _first(deputies)
        away[leave.person_id] = stand_in
    return away


def resolve_approvers(committee: Committee, on: datetime.date) -> rules.Approvers:
    """L-3/L-4: the holders of the roles the chain needs on ``on`` (the request day)."""
    parent = committee.parent
    principal = _first(_holders(committee, (Role.SECRETARY,), on))
    parent_principal = _first(_holders(parent, (Role.SECRETARY,), on))
    in_charge = None
    if parent is not None:
        portfolios = [
            (p.person, p.area)
            for p in Portfolio.objects.on(on).filter(committee=parent).select_related("person").order_by("pk")
        ]
        in_charge = rules.leader_in_charge(
            portfolios,
            _holders(parent, (Role.DEPUTY_SECRETARY,), on),
            exclude=[parent_principal] if parent_principal else [],
        )
    return rules.Approvers(
        principal=principal,
        parent_principal=parent_principal,
        parent_leader_in_charge=in_charge,
        away=away_on(on, [principal, parent_principal, in_charge]),
    )


def compute_chain(
    *, committee: Committee, person: Person, role: str, kind: str, days: Decimal, on: datetime.date, version
) -> rules.Chain:
    approvers = resolve_approvers(committee, on)
    return rules.approval_chain(
        kind=kind,
        days=days,
        is_principal=role == Role.SECRETARY,
        committee=committee,
        parent=committee.parent,
        principal_max_days=version.leave_principal_max_days,
        filing_max_days=version.leave_filing_max_days,
        approvers=approvers,
        requester=person,
    )


def lengths(start, end, starts_afternoon, ends_morning) -> tuple[Decimal, Decimal]:
    """Calendar days and working days (the official calendar, 调休 included)."""
    if end < start:
        raise ValidationError({"end_date": MSG_LAST_DAY_BEFORE_FIRST})
    if start == end and starts_afternoon and ends_morning:
        raise ValidationError({"ends_morning": MSG_HALF_DAY})
    calendar = WorkingCalendar(range(start.year, end.year + 1))
    return (
        rules.leave_length(start, end, starts_afternoon=starts_afternoon, ends_morning=ends_morning),
        rules.leave_length(
            start,
            end,
            starts_afternoon=starts_afternoon,
            ends_morning=ends_morning,
            is_working_day=calendar.is_working_day,
        ),
    )


def _check_overlap(person: Person, start, end, exclude_pk=None) -> None:
    clash = LeaveRequest.objects.filter(
        person=person,
        state__in=(LeaveState.SUBMITTED, LeaveState.APPROVED, LeaveState.RETURNED),
        start_date__lte=end,
        end_date__gte=start,
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(MSG_OVERLAP)


def _check_late(kind, request_date, start_date, urgency_reason, version) -> bool:
    """L-2: trips reported fewer than 3 days ahead need an urgency reason, and are flagged."""
    late = rules.is_reported_late(kind, request_date, start_date, version.trip_report_days_ahead)
    if late and not urgency_reason.strip():
        raise RuleViolation(
            "L-2",
            MSG_URGENCY_REASON % {"n": version.trip_report_days_ahead},
        )
    return late


@transaction.atomic
def submit(
    *,
    person: Person,
    committee: Committee,
    kind: str,
    reason: str,
    destination: str,
    start_date: datetime.date,
    end_date: datetime.date,
    contact: str,
    starts_afternoon: bool = False,
    ends_morning: bool = False,
    covered_by: Person | None = None,
    urgency_reason: str = "",
    now: datetime.datetime | None = None,
    acting_user: User,
) -> LeaveRequest:
    """L-1..L-5: record the request of ``person`` (the requester) and start its computed approval
    chain."""
    bounds.require_dates(start_date=start_date, end_date=end_date)
    now = now or timezone.now()
    today = timezone.localdate(now)
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
    if covered_by is not None and covered_by.pk == person.pk:
        raise ValidationError({"covered_by": MSG_SOMEONE_ELSE_COVERS})
    calendar_days, working_days = lengths(start_date, end_date, starts_afternoon, ends_morning)
    role = requester_role(person, committee, today)
    _check_overlap(person, start_date, end_date)
    late = _check_late(kind, today, start_date, urgency_reason, version)
    request = LeaveRequest(
        committee=committee,
        person=person,
        requester_role=role,
        kind=kind,
        reason=reason,
        destination=destination,
        start_date=start_date,
        starts_afternoon=starts_afternoon,
        end_date=end_date,
        ends_morning=ends_morning,
        calendar_days=calendar_days,
        working_days=working_days,
        covered_by=covered_by,
        contact=contact,
        urgency_reason=urgency_reason,
        is_late=late,
        request_date=today,
        submitted_at=now,
        rule_set_version=version,
    )
    chain = compute_chain(
        committee=committee, person=person, role=role, kind=kind, days=calendar_days, on=today, version=version
    )
    request.chain_rule = chain.rule
    acting(request, acting_user).save()
    _start_round(request, chain, now, acting_user)
    return request


def _start_round(request: LeaveRequest, chain: rules.Chain, now: datetime.datetime, acting_user: User) -> None:
    # bulk_create leaves no history rows: a step's history begins when it becomes pending.
    LeaveStep.objects.bulk_create(
        [
            LeaveStep(
                request=request,
                round=request.round,
                order=index,
                kind=step.kind,
                rule_id=step.rule_id,
                committee=step.committee,
                role=step.role,
                title=step.title,
                approver=step.approver,
                stands_in_for=step.stands_in_for,
            )
            for index, step in enumerate(chain.steps, start=1)
        ]
    )
    _advance(request, now, acting_user)


def current_steps(request: LeaveRequest):
    return request.steps.filter(round=request.round).order_by("order")


def _advance(request: LeaveRequest, now: datetime.datetime, acting_user: User) -> None:
    """Make the first undone step pending (and a deadline); approve the request once no deciding
    step is left (filing is an acknowledgement, it does not hold the approval back)."""
    steps = list(current_steps(request))
    upcoming = [s for s in steps if s.state not in DONE_STATES]
    if upcoming and upcoming[0].state == StepState.WAITING:
        step = upcoming[0]
        step.state = StepState.PENDING
        acting(step, acting_user).save(update_fields=["state"])
        _register_step(request, step, now, acting_user=acting_user)
        _notify_step(request, step, now, acting_user=acting_user)
    if request.state == LeaveState.SUBMITTED and not any(s.is_deciding for s in upcoming):
        request.state = LeaveState.APPROVED
        acting(request, acting_user).save(update_fields=["state"])
        _register_report_back(request, now, acting_user=acting_user)
        _notify_outcome(request, LEAVE_APPROVED, acting_user=acting_user)


def _notify_step(request: LeaveRequest, step: LeaveStep, now: datetime.datetime, *, acting_user: User) -> None:
    """L-7: the approver of the step now pending (for filing, the organisation department) is told."""
    people = [step.approver] if step.approver else _organisation_people(step.committee, timezone.localdate(now))
    notify(
        people,
        title=stored(LEAVE_STEP_WAITING, person=request.person.name, step=step.title),
        body=_leave_dates(request),
        url=reverse("leave_detail", args=[request.pk]),
        event_key=f"leave-step:{step.pk}",
        acting_user=acting_user,
    )


def _notify_outcome(request: LeaveRequest, outcome: str, *, step: LeaveStep | None = None, acting_user: User) -> None:
    """L-7: the requester learns the outcome – approved, or rejected / returned with the reason."""
    if step is not None:
        decided_by = step.decided_by.name if step.decided_by else ""
        body = stored(LEAVE_DECIDED_BY, step=step.title, person=decided_by, annotation=step.annotation)
    else:
        body = _leave_dates(request)
    notify(
        [request.person],
        title=stored(outcome, start=request.start_date, end=request.end_date),
        body=body,
        url=reverse("leave_detail", args=[request.pk]),
        event_key=f"leave:{request.pk}:r{request.round}:{outcome}",
        acting_user=acting_user,
    )


def _leave_dates(request: LeaveRequest) -> dict:
    return stored(
        LEAVE_DATES,
        start=request.start_date,
        end=request.end_date,
        days=str(request.calendar_days.normalize()),
        destination=request.destination,
        reason=request.reason,
    )


def _leave_starts_at(request: LeaveRequest) -> datetime.datetime:
    return _aware(request.start_date, datetime.time(12) if request.starts_afternoon else datetime.time.min)


def _organisation_people(committee: Committee, on: datetime.date) -> list[Person]:
    return _holders(committee, ORGANISATION_ROLES, on)


def _register_step(request: LeaveRequest, step: LeaveStep, now: datetime.datetime, *, acting_user: User) -> None:
    """Every step is a deadline: deciding steps are due when the absence starts (a request still
    waiting then is flagged); acknowledgements at the start too, but never in less than a day."""
    due = _leave_starts_at(request)
    if not step.is_deciding:
        due = max(due, now + DAY)
    title = stored(
        phrases.DEADLINE_LEAVE_STEP,
        person=request.person.name,
        start=request.start_date.isoformat(),
        days=str(request.calendar_days.normalize()),
        step=step.title,
    )
    deadlines.register(
        subject=step,
        committee=step.committee,
        title=title,
        due_at=due,
        rule_id=step.rule_id,
        schedule=days_schedule(before=(1,), escalate_after=(1,), repeat_days=None),
        owner=step.approver,
        notify=[] if step.approver else _organisation_people(step.committee, timezone.localdate(now)),
        url=reverse("leave_detail", args=[request.pk]),
        rule_set_version=request.rule_set_version,
        now=now,
        acting_user=acting_user,
    )


def _register_report_back(request: LeaveRequest, now: datetime.datetime, *, acting_user: User) -> None:
    """L-6: out for more than 1 day → report back by the end of the day after the return."""
    if request.returned_at or not rules.needs_report_back(
        request.calendar_days, request.rule_set_version.town_trip_report_over_days
    ):
        return
    title = stored(phrases.DEADLINE_LEAVE_REPORT_BACK, person=request.person.name, end=request.end_date.isoformat())
    deadlines.register(
        subject=request,
        committee=request.committee,
        title=title,
        due_at=report_back_due(request),
        rule_id="L-6",
        schedule=days_schedule(before=(1,), escalate_after=(1, 7), repeat_days=None),
        owner=request.person,
        url=reverse("leave_detail", args=[request.pk]),
        rule_set_version=request.rule_set_version,
        now=now,
        acting_user=acting_user,
    )


def report_back_due(request: LeaveRequest) -> datetime.datetime:
    return _aware(request.end_date + 2 * DAY)


def can_decide(person: Person | None, step: LeaveStep, on: datetime.date) -> bool:
    """The named approver (or stand-in) decides; a filing step is acknowledged by anyone of the
    organisation department of the step's committee."""
    if person is None or step.state != StepState.PENDING:
        return False
    if step.approver_id is not None:
        return step.approver_id == person.pk
    return any(p.pk == person.pk for p in _organisation_people(step.committee, on))


def _settle(step: LeaveStep, now: datetime.datetime, *, acting_user: User) -> None:
    deadlines.met(step, at=now, acting_user=acting_user)


def _drop(subject, reason: str, rule_id: str | None = None, *, acting_user: User) -> None:
    """An obligation that no longer exists (step cancelled, request withdrawn) is waived, not met."""
    active = deadlines.for_subject(subject).filter(state__in=(DeadlineState.OPEN, DeadlineState.OVERDUE))
    if rule_id:
        active = active.filter(rule_id=rule_id)
    for deadline in active:
        deadlines.waive(deadline, reason=reason, acting_user=acting_user)


@transaction.atomic
def decide(
    step: LeaveStep, *, decision: str, annotation: str = "", now: datetime.datetime | None = None, acting_user: User
) -> LeaveStep:
    """L-7: the person behind ``acting_user`` approves, rejects or returns a deciding step, with a
    signed annotation. Filing and report steps are acknowledged (``decision="acknowledge"``)."""
    now = now or timezone.now()
    by = person_of(acting_user)
    step = LeaveStep.objects.select_for_update().select_related("request").get(pk=step.pk)
    request = LeaveRequest.objects.select_for_update().get(pk=step.request_id)
    if step.round != request.round or not can_decide(by, step, timezone.localdate(now)):
        raise PermissionDenied
    allowed = ("approve", "reject", "return") if step.is_deciding else ("acknowledge",)
    if decision not in allowed:
        raise ValidationError(MSG_NOT_THAT_WAY)
    if decision in ("reject", "return") and not annotation.strip():
        raise ValidationError({"annotation": MSG_ANNOTATION_REASON})
    step.state = {
        "approve": StepState.APPROVED,
        "acknowledge": StepState.ACKNOWLEDGED,
        "reject": StepState.REJECTED,
        "return": StepState.RETURNED,
    }[decision]
    step.annotation = annotation
    step.decided_by = by
    step.decided_at = now
    acting(step, acting_user).save()
    _settle(step, now, acting_user=acting_user)
    if decision in ("reject", "return"):
        request.state = LeaveState.REJECTED if decision == "reject" else LeaveState.RETURNED
        acting(request, acting_user).save(update_fields=["state"])
        current_steps(request).filter(state=StepState.WAITING).update(state=StepState.CANCELLED)
        outcome = LEAVE_REJECTED if decision == "reject" else LEAVE_RETURNED
        _notify_outcome(request, outcome, step=step, acting_user=acting_user)
    else:
        _advance(request, now, acting_user)
    return step


@transaction.atomic
def resubmit(
    request: LeaveRequest, *, now: datetime.datetime | None = None, acting_user: User, **changes
) -> LeaveRequest:
    """A request returned for changes is edited by its requester and runs a new chain from the new
    request day."""
    now = now or timezone.now()
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if not _is_requester(acting_user, request):
        raise PermissionDenied
    if request.state != LeaveState.RETURNED:
        raise ValidationError(MSG_ONLY_RETURNED_RESUBMITTED)
    for name, value in changes.items():
        setattr(request, name, value)
    _rerun(request, now, acting_user)
    return request


def _is_requester(acting_user: User, request: LeaveRequest) -> bool:
    person = person_of(acting_user)
    return person is not None and person.pk == request.person_id


def _rerun(request: LeaveRequest, now: datetime.datetime, acting_user: User) -> None:
    today = timezone.localdate(now)
    version = current_rules(request.committee) or request.rule_set_version
    request.calendar_days, request.working_days = lengths(
        request.start_date, request.end_date, request.starts_afternoon, request.ends_morning
    )
    _check_overlap(request.person, request.start_date, request.end_date, exclude_pk=request.pk)
    request.is_late = _check_late(request.kind, today, request.start_date, request.urgency_reason, version)
    role = requester_role(request.person, request.committee, today)
    chain = compute_chain(
        committee=request.committee,
        person=request.person,
        role=role,
        kind=request.kind,
        days=request.calendar_days,
        on=today,
        version=version,
    )
    for step in current_steps(request).filter(state__in=(StepState.PENDING, StepState.WAITING)):
        step.state = StepState.CANCELLED
        acting(step, acting_user).save(update_fields=["state"])
        _drop(step, "chain re-run", acting_user=acting_user)
    _drop(request, "chain re-run", rule_id="L-6", acting_user=acting_user)
    request.requester_role = role
    request.rule_set_version = version
    request.request_date = today
    request.submitted_at = now
    request.round += 1
    request.state = LeaveState.SUBMITTED
    request.chain_rule = chain.rule
    acting(request, acting_user).save()
    _start_round(request, chain, now, acting_user)


@transaction.atomic
def change_dates(
    request: LeaveRequest,
    *,
    start_date: datetime.date,
    end_date: datetime.date,
    starts_afternoon: bool = False,
    ends_morning: bool = False,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> LeaveRequest:
    """New dates for an approved or waiting request. When the new length crosses a limit of L-3
    (the chain's shape changes), the chain runs again; otherwise the approvals stand."""
    bounds.require_dates(start_date=start_date, end_date=end_date)
    now = now or timezone.now()
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if not _is_requester(acting_user, request):
        raise PermissionDenied
    if request.state not in (LeaveState.SUBMITTED, LeaveState.APPROVED):
        raise ValidationError(MSG_ONLY_WAITING_OR_APPROVED)
    version = request.rule_set_version
    is_principal = request.requester_role == Role.SECRETARY
    before = rules.chain_signature(
        kind=request.kind,
        days=request.calendar_days,
        is_principal=is_principal,
        principal_max_days=version.leave_principal_max_days,
        filing_max_days=version.leave_filing_max_days,
    )
    request.start_date, request.end_date = start_date, end_date
    request.starts_afternoon, request.ends_morning = starts_afternoon, ends_morning
    calendar_days, working_days = lengths(start_date, end_date, starts_afternoon, ends_morning)
    after = rules.chain_signature(
        kind=request.kind,
        days=calendar_days,
        is_principal=is_principal,
        principal_max_days=version.leave_principal_max_days,
        filing_max_days=version.leave_filing_max_days,
    )
    if before != after:
        _rerun(request, now, acting_user)
        return request
    _check_overlap(request.person, start_date, end_date, exclude_pk=request.pk)
    request.calendar_days, request.working_days = calendar_days, working_days
    acting(request, acting_user).save()
    if request.state == LeaveState.APPROVED:
        open_report_back = [d for d in deadlines.for_subject(request) if d.rule_id == "L-6" and d.met_at is None]
        if open_report_back:
            deadlines.extend(
                open_report_back[0],
                new_due_at=report_back_due(request),
                reason="dates changed",
                now=now,
                acting_user=acting_user,
            )
        else:
            _register_report_back(request, now, acting_user=acting_user)
    return request


@transaction.atomic
def withdraw(request: LeaveRequest, *, now: datetime.datetime | None = None, acting_user: User) -> LeaveRequest:
    now = now or timezone.now()
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if not _is_requester(acting_user, request):
        raise PermissionDenied
    if request.state not in (LeaveState.SUBMITTED, LeaveState.RETURNED, LeaveState.APPROVED):
        raise ValidationError(MSG_NO_LONGER_WITHDRAWN)
    for step in current_steps(request).filter(state__in=(StepState.PENDING, StepState.WAITING)):
        step.state = StepState.CANCELLED
        acting(step, acting_user).save(update_fields=["state"])
        _drop(step, "request withdrawn", acting_user=acting_user)
    _drop(request, "request withdrawn", rule_id="L-6", acting_user=acting_user)
    request.state = LeaveState.WITHDRAWN
    acting(request, acting_user).save(update_fields=["state"])
    return request


@transaction.atomic
def report_back(
    request: LeaveRequest, *, briefing: str, now: datetime.datetime | None = None, acting_user: User
) -> LeaveRequest:
    """L-6: the member reports back (销假) on return with a short briefing; settles the deadline."""
    now = now or timezone.now()
    request = LeaveRequest.objects.select_for_update().get(pk=request.pk)
    if not _is_requester(acting_user, request):
        raise PermissionDenied
    if request.state != LeaveState.APPROVED:
        raise ValidationError(MSG_ONLY_APPROVED_REPORTED_BACK)
    if request.returned_at is not None:
        raise ValidationError(MSG_ALREADY_REPORTED_BACK)
    if not briefing.strip():
        raise ValidationError({"briefing": MSG_GIVE_BRIEFING})
    request.returned_at = now
    request.briefing = briefing
    acting(request, acting_user).save(update_fields=["returned_at", "briefing"])
    deadlines.met(request, at=now, rule_id="L-6", acting_user=acting_user)
    return request


# --------------------------------------------------------------------------- L-8, L-9


@transaction.atomic
def ensure_summary(
    committee: Committee, day: datetime.date, now: datetime.datetime | None = None, *, acting_user: User
) -> LeaveSummary:
    """L-8: the summary of the period containing ``day`` is an obligation in the engine, due at
    the end of the period's last day (to the parent's organisation department)."""
    now = now or timezone.now()
    version: RuleSetVersion = current_rules(committee)
    start, end = rules.period_of(day, version.leave_summary_interval_months)
    summary = LeaveSummary.objects.filter(committee=committee, period_start=start).first()
    if summary is not None:
        return summary
    try:
        with transaction.atomic():
            summary = LeaveSummary(committee=committee, period_start=start, period_end=end, rule_set_version=version)
            acting(summary, acting_user).save()
    except IntegrityError:  # a concurrent run made it first (one summary per committee and period)
        return LeaveSummary.objects.get(committee=committee, period_start=start)
    title = stored(phrases.DEADLINE_LEAVE_SUMMARY, start=start.isoformat(), end=end.isoformat())
    deadlines.register(
        subject=summary,
        committee=committee,
        title=title,
        due_at=_aware(end + DAY),
        rule_id="L-8",
        schedule=days_schedule(before=(7, 1), escalate_after=(1, 7)),
        owner=_first(_holders(committee, (Role.SECRETARY,), timezone.localdate(now))),
        notify=_holders(committee, (Role.OFFICE_STAFF,), timezone.localdate(now)),
        url=reverse("leave_summary", args=[committee.pk]) + f"?start={start.isoformat()}",
        rule_set_version=version,
        now=now,
        acting_user=acting_user,
    )
    return summary


@transaction.atomic
def send_summary(summary: LeaveSummary, *, now: datetime.datetime | None = None, acting_user: User) -> LeaveSummary:
    now = now or timezone.now()
    summary = LeaveSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.sent_at is None:
        summary.sent_at = now
        summary.sent_by = person_of(acting_user)
        acting(summary, acting_user).save(update_fields=["sent_at", "sent_by"])
        deadlines.met(summary, at=now, acting_user=acting_user)
    return summary


def set_duty(committee: Committee, day: datetime.date, people: list[Person], *, acting_user: User) -> None:
    """L-9: the holiday duty rota of one day."""
    with transaction.atomic():
        rota = DutyAssignment.objects.filter(committee=committee, date=day)
        for leaving in rota.exclude(person__in=[p.pk for p in people]):
            acting(leaving, acting_user).delete()
        kept = set(rota.values_list("person_id", flat=True))
        for person in people:
            if person.pk not in kept:
                acting(DutyAssignment(committee=committee, date=day, person=person), acting_user).save()
                kept.add(person.pk)
