"""Actions on recurring reports: generate the obligations of each period, submit a report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.actors import acting
from committees.models import Committee, Person, RuleSet, RuleSetVersion
from committees.phrases import stored
from reporting import deadlines, phrases
from reporting.schedules import days_schedule

from . import rules
from .models import PeriodicObligation, PeriodicReportKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MSG_ALREADY_SUBMITTED = gettext_lazy("This report has already been submitted.")
MSG_WRITE_OR_ATTACH = gettext_lazy("Write the report or attach it.")
MSG_PERIOD_NOT_BEGUN = gettext_lazy("The period of this report has not begun yet.")


class _RuleSets:
    """``committees.selectors.current_rules`` for every committee of a run, without a query per
    committee: a committee follows its own rule set, else its nearest ancestor's, else the default."""

    def __init__(self, committees: dict[int, Committee]):
        self.committees = committees
        self.default = RuleSet.objects.filter(is_default=True).first()
        self.versions: dict[int, RuleSetVersion | None] = {}

    def _current(self, rule_set_id: int) -> RuleSetVersion | None:
        if rule_set_id not in self.versions:
            self.versions[rule_set_id] = (
                RuleSetVersion.objects.filter(rule_set_id=rule_set_id).order_by("-number").first()
            )
        return self.versions[rule_set_id]

    def __call__(self, committee: Committee) -> RuleSetVersion | None:
        seen, current = set(), committee
        while current is not None and current.pk not in seen:
            if current.rule_set_id:
                return self._current(current.rule_set_id)
            seen.add(current.pk)
            current = self.committees.get(current.parent_id)
        return self._current(self.default.pk) if self.default else None


@dataclass(frozen=True)
class _Wanted:
    kind: str
    reporting_committee: Committee | None
    reporting_unit: str
    receiving_committee: Committee
    period: rules.Period
    version: RuleSetVersion

    @property
    def reporter_key(self) -> tuple:
        reporter = self.reporting_committee.pk if self.reporting_committee else None
        return (self.kind, reporter, self.reporting_unit, self.receiving_committee.pk)


def _wanted(on: datetime.date) -> list[_Wanted]:
    committees = {c.pk: c for c in Committee.objects.all()}
    rules_of = _RuleSets(committees)
    wanted = []
    for committee in committees.values():
        parent = committees.get(committee.parent_id)
        for kind, rule in rules.KIND_RULES.items():
            if not rules.owes(rule, committee.level, parent.level if parent else None):
                continue
            version = rules_of(committee)
            if version is None:
                continue
            months = getattr(version, rule.interval_field) if rule.interval_field else None
            receiver = committee if rule.receiver == rules.SAME_LEVEL else parent
            for period in rules.open_periods(rule, on, months):
                if rule.units:
                    wanted += [_Wanted(kind, None, unit, receiver, period, version) for unit in rule.units]
                else:
                    wanted.append(_Wanted(kind, committee, "", receiver, period, version))
    return wanted


def generate_obligations(
    on: datetime.date | None = None, *, now: datetime.datetime | None = None, acting_user: User
) -> list:
    """Create the obligations of every period that has begun by ``on`` (default: today) and is
    not yet past due, for every committee that owes each kind (``rules.KIND_RULES``): branches
    to their town (M-C5), towns, streets and counties their leave summary to the parent (L-8),
    the party groups of cities and counties to their standing committee (R-4), …

    Idempotent: a period already covered for a reporter – the same one, or an overlapping one
    cut under an older interval – is skipped, and the unique constraints stop a concurrent run.
    Each new obligation registers a deadline that reminds the reporting committee's office.
    Returns the obligations created.
    """
    now = now or timezone.now()
    on = on or timezone.localdate(now)
    wanted = _wanted(on)
    if not wanted:
        return []
    earliest = min(item.period.start for item in wanted)
    covered: dict[tuple, list[tuple[datetime.date, datetime.date]]] = {}
    for kind, reporter, unit, receiver, start, end in PeriodicObligation.objects.filter(
        period_end__gte=earliest
    ).values_list(
        "kind", "reporting_committee_id", "reporting_unit", "receiving_committee_id", "period_start", "period_end"
    ):
        covered.setdefault((kind, reporter, unit, receiver), []).append((start, end))
    created = []
    for item in wanted:
        spans = covered.get(item.reporter_key, [])
        if any(start <= item.period.end and item.period.start <= end for start, end in spans):
            continue
        try:
            with transaction.atomic():
                obligation = _create(item, now, acting_user)
        except IntegrityError:  # a concurrent run created it first
            continue
        spans.append((item.period.start, item.period.end))
        covered[item.reporter_key] = spans
        created.append(obligation)
    return created


def _create(item: _Wanted, now: datetime.datetime, acting_user: User) -> PeriodicObligation:
    obligation = PeriodicObligation(
        kind=item.kind,
        reporting_committee=item.reporting_committee,
        reporting_unit=item.reporting_unit,
        receiving_committee=item.receiving_committee,
        period_start=item.period.start,
        period_end=item.period.end,
        period_label=item.period.label,
        due_date=item.period.due_date,
        rule_set_version=item.version,
    )
    acting(obligation, acting_user).save()
    rule = rules.KIND_RULES[item.kind]
    title = stored(
        phrases.DEADLINE_PERIODIC_REPORT,
        report=PeriodicReportKind(obligation.kind).label,
        period=obligation.period_label,
        reporter=obligation.reporter_name,
        receiver=item.receiving_committee.name,
    )
    deadlines.register(
        subject=obligation,
        # No single person owes it: the reporting committee's office is reminded. A party group
        # has no committee here; the receiving committee's office follows it up.
        committee=item.reporting_committee or item.receiving_committee,
        title=title,
        due_at=rules.due_at(obligation.due_date, timezone.get_default_timezone()),
        rule_id=rule.rule_id,
        schedule=days_schedule(before=(7, 1)),
        owner=None,
        escalation=[deadlines.PRINCIPAL] if item.reporting_unit else None,
        url=reverse("periodic_detail", args=[obligation.pk]),
        rule_set_version=item.version,
        now=now,
        acting_user=acting_user,
    )
    return obligation


def ensure_obligation(
    kind: str,
    committee: Committee,
    period: rules.Period,
    *,
    version: RuleSetVersion,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> PeriodicObligation:
    """The obligation of ``committee`` to report ``kind`` to its parent for ``period``: the one the
    daily generation made, or made now the same way (for callers that need it before that run,
    e.g. the democratic life meeting's DL-4 report). Safe against a concurrent generation."""
    existing = PeriodicObligation.objects.filter(
        kind=kind, reporting_committee=committee, reporting_unit="", period_start=period.start
    ).first()
    if existing is not None:
        return existing
    wanted = _Wanted(kind, committee, "", committee.parent, period, version)
    try:
        with transaction.atomic():
            return _create(wanted, now or timezone.now(), acting_user)
    except IntegrityError:
        return PeriodicObligation.objects.get(
            kind=kind, reporting_committee=committee, reporting_unit="", period_start=period.start
        )


@transaction.atomic
def submit(
    obligation: PeriodicObligation,
    *,
    text: str = "",
    attachment: UploadedFile | None = None,
    submitted_by: Person | None = None,
    at: datetime.datetime | None = None,
    acting_user: User,
) -> PeriodicObligation:
    """The report was submitted: record it and settle its deadline. A report after the due date
    is accepted and shown as late."""
    at = at or timezone.now()
    obligation = PeriodicObligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.submitted_at is not None:
        raise ValidationError(MSG_ALREADY_SUBMITTED)
    if not text.strip() and not attachment:
        raise ValidationError({"text": MSG_WRITE_OR_ATTACH})
    if timezone.localdate(at) < obligation.period_start:
        raise ValidationError(MSG_PERIOD_NOT_BEGUN)
    obligation.text = text
    if attachment:
        obligation.attachment = attachment
    obligation.submitted_at = at
    obligation.submitted_by = submitted_by
    acting(obligation, acting_user).save()
    deadlines.met(obligation, at=at, acting_user=acting_user)
    return obligation
