"""Leave and travel approvals (L-1..L-9, M-N4).

Every absence of a team member is a ``LeaveRequest`` (L-1). Its approval chain is computed by
``rules.approval_chain`` from the role history on the day of the request (L-3..L-5) and stored as
``LeaveStep`` rows, one round per submission; filing steps (备案) are acknowledgements.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, Role, RuleVersioned
from committees.phrases import render


class LeaveKind(models.TextChoices):
    PRIVATE_LEAVE = "private_leave", _("Private leave")
    BUSINESS_TRIP = "business_trip", _("Business trip out of the jurisdiction")
    MEETING_TRAINING = "meeting_training", _("Meeting or training outside")
    ABROAD_BUSINESS = "abroad_business", _("Going abroad for business")
    ABROAD_PRIVATE = "abroad_private", _("Going abroad privately")


#: L-5: going abroad (出国(境)), business or private, needs prior consent.
ABROAD_KINDS = frozenset({LeaveKind.ABROAD_BUSINESS, LeaveKind.ABROAD_PRIVATE})
#: L-2 / L-4: trips are reported (not private leave).
TRIP_KINDS = frozenset({LeaveKind.BUSINESS_TRIP, LeaveKind.MEETING_TRAINING, LeaveKind.ABROAD_BUSINESS})
#: L-9: trips on duty count as days present; private absences do not.
PRIVATE_KINDS = frozenset({LeaveKind.PRIVATE_LEAVE, LeaveKind.ABROAD_PRIVATE})


class LeaveState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LeaveRequest(RuleVersioned):
    """L-1: one absence of a team member – leave, a trip out, or going abroad."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="leave_requests", verbose_name=_("committee"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="leave_requests", verbose_name=_("requester"))
    requester_role = models.CharField(
        _("requester's role"), max_length=30, choices=Role.choices, help_text=_("On the day of the request.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LeaveKind.choices)
    reason = models.TextField(_("reason"))
    destination = models.CharField(_("destination"), max_length=200)
    start_date = models.DateField(_("first day"))
    starts_afternoon = models.BooleanField(_("from the afternoon"), default=False)
    end_date = models.DateField(_("last day"))
    ends_morning = models.BooleanField(_("until noon"), default=False)
    calendar_days = models.DecimalField(_("calendar days"), max_digits=5, decimal_places=1)
    working_days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1)
    covered_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leave_covers",
        verbose_name=_("duties covered by"),
        help_text=_("Also stands in for the requester's approvals while away."),
    )
    contact = models.CharField(_("contact while away"), max_length=100)
    urgency_reason = models.TextField(
        _("urgency reason"), blank=True, help_text=_("Needed for trips reported less than the rule set's days ahead.")
    )
    is_late = models.BooleanField(_("reported late"), default=False, help_text="L-2")
    state = models.CharField(_("state"), max_length=20, choices=LeaveState.choices, default=LeaveState.SUBMITTED)
    request_date = models.DateField(_("request day"), help_text=_("Approvers are resolved on this day."))
    submitted_at = models.DateTimeField(_("submitted at"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    #: Which rule made the chain (L-3..L-5): a stored phrase worded in the reader's language
    #: (``chain_rule_text``); a plain string in requests made before issue 14.
    chain_rule = models.JSONField(_("chain rule"), default=str, blank=True)
    returned_at = models.DateTimeField(_("reported back at"), null=True, blank=True)
    briefing = models.TextField(_("report-back briefing"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["committee", "start_date", "end_date"], name="leave_committee_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_dates_ordered"),
            models.CheckConstraint(condition=Q(calendar_days__gt=0), name="leave_length_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.start_date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.state in (LeaveState.SUBMITTED, LeaveState.RETURNED)

    @property
    def chain_rule_text(self) -> str:
        """The rule of the chain in the language active now – the reader's."""
        return render(self.chain_rule)

    def starts_before_approval(self, today: datetime.date) -> bool:
        """A request still waiting on its first day is flagged."""
        return self.state == LeaveState.SUBMITTED and self.start_date <= today

    @property
    def is_report_back_missing(self) -> bool:
        """L-6: back (the last day has passed) after more than a day away, not yet reported back."""
        return (
            self.state == LeaveState.APPROVED
            and self.returned_at is None
            and self.end_date < timezone.localdate()
            and self.calendar_days > self.rule_set_version.town_trip_report_over_days
        )


class StepKind(models.TextChoices):
    CONSENT = "consent", _("Prior consent")
    AGREE = "agree", _("Agrees")
    APPROVE = "approve", _("Approves")
    REPORT = "report", _("Is reported to")
    FILE = "file", _("Filing (备案)")


#: Steps that decide (approve / reject / return); the others are acknowledgements.
DECIDING_KINDS = frozenset({StepKind.CONSENT, StepKind.AGREE, StepKind.APPROVE})


class StepState(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier step")
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")
    CANCELLED = "cancelled", _("Cancelled")


DONE_STATES = frozenset({StepState.APPROVED, StepState.ACKNOWLEDGED})


class LeaveStep(models.Model):
    """One step of a request's computed chain (L-3..L-5) with its signed annotation (L-7)."""

    request = models.ForeignKey(LeaveRequest, models.CASCADE, related_name="steps", verbose_name=_("request"))
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    rule_id = models.CharField(_("rule"), max_length=10)
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="+", verbose_name=_("committee of the approver")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    #: What the step asks of whom under its rule: a stored phrase (``title_text``), as ``chain_rule``.
    title = models.JSONField(_("step"), default=str)
    approver = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leave_steps",
        verbose_name=_("approver"),
        help_text=_("Empty for filing: anyone of the organisation department acknowledges."),
    )
    stands_in_for = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stands in for"),
        help_text=_("The role holder who was away on the request day."),
    )
    state = models.CharField(_("state"), max_length=20, choices=StepState.choices, default=StepState.WAITING)
    annotation = models.TextField(_("annotation"), blank=True)
    decided_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave approval step")
        verbose_name_plural = _("leave approval steps")
        ordering = ["request", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "order"], name="unique_leave_step_order"),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "acknowledged", "rejected", "returned"])
                | Q(decided_at__isnull=False),
                name="leave_step_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.title_text}"

    @property
    def title_text(self) -> str:
        return render(self.title)

    @property
    def is_deciding(self) -> bool:
        return self.kind in DECIDING_KINDS


class LeaveSummary(RuleVersioned):
    """L-8: the half-yearly summary of all members' trips and leave sent to the parent's
    organisation department."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="leave_summaries", verbose_name=_("committee")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave summary")
        verbose_name_plural = _("leave summaries")
        ordering = ["committee", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "period_start"], name="unique_leave_summary_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="leave_summary_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class DutyAssignment(models.Model):
    """L-9: the holiday duty rota – who is on duty on a holiday day."""

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="duty_rota", verbose_name=_("committee"))
    date = models.DateField(_("date"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="duties", verbose_name=_("on duty"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday duty")
        verbose_name_plural = _("holiday duty rota")
        ordering = ["committee", "date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date", "person"], name="unique_duty_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.date:%Y-%m-%d} · {self.person}"
