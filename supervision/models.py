"""Supervision of implementation (督查督办, DOMAIN.md S-1..S-6): items, urging, feedback, review,
inspections. The workflow itself lives in rules.py (S-2 table) and services.py."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RuleVersioned


class SourceKind(models.TextChoices):
    """S-1: where a supervision item comes from."""

    COMMITTEE_DECISION = "committee_decision", _("Committee decision")
    HIGHER_INSTRUCTION = "higher_instruction", _("Instruction from a higher level")
    LEADER_INSTRUCTION = "leader_instruction", _("Leader's written instruction")
    MEETING_RESOLUTION = "meeting_resolution", _("Meeting resolution")
    MEDIA_CRITICISM = "media_criticism", _("Media criticism")
    MAILBOX = "mailbox", _("Public opinion mailbox")
    PETITION = "petition", _("Petition")
    RULE_EXECUTION = "rule_execution", _("Execution of institutional rules")
    OTHER = "other", _("Other")


class ItemState(models.TextChoices):
    """S-2: the workflow states, in order."""

    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    FEEDBACK = "feedback", _("Feedback submitted")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed and archived")


class SupervisionItem(RuleVersioned):
    """A supervision item (督查事项). ``committee`` is the committee that supervises it."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="supervision_items", verbose_name=_("committee")
    )
    source_kind = models.CharField(_("source"), max_length=30, choices=SourceKind.choices)
    source_content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    matter = models.TextField(_("matter"))
    basis = models.TextField(_("basis"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    unit_committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="undertaken_supervision_items",
        verbose_name=_("undertaking committee"),
    )
    unit_name = models.CharField(_("undertaking department"), max_length=200, blank=True)
    responsible_person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible person")
    )
    leader_in_charge = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("leader in charge")
    )
    feedback_deadline = models.DateField(_("feedback deadline"))
    state = models.CharField(_("state"), max_length=20, choices=ItemState.choices, default=ItemState.REGISTERED)
    registered_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    leader_instruction = models.TextField(_("principal leader's instruction"), blank=True)
    is_instruction_handled = models.BooleanField(_("instruction handled"), default=False)
    closing_report = models.TextField(_("closing report"), blank=True)
    reported_to = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("results reported to")
    )
    closed_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed and archived at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["feedback_deadline", "pk"]
        indexes = [models.Index(fields=["committee", "state", "feedback_deadline"], name="supervision_board")]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_committee__isnull=False) | ~Q(unit_name=""), name="supervision_item_has_unit"
            ),
            models.CheckConstraint(condition=~Q(matter=""), name="supervision_item_has_matter"),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(closing_report=""), name="supervision_item_closed_has_report"
            ),
            models.UniqueConstraint(
                fields=["source_content_type", "source_object_id"],
                condition=Q(source_kind="committee_decision"),
                name="supervision_one_item_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.matter[:80]

    @property
    def undertaking_unit(self) -> str:
        return self.unit_committee.name if self.unit_committee_id else self.unit_name


class SupervisionWaiver(models.Model):
    """S-1: a committee decision deliberately not supervised – only with a reason."""

    decision = models.OneToOneField(
        "meetings.Decision", models.PROTECT, related_name="supervision_waiver", verbose_name=_("decision")
    )
    reason = models.TextField(_("reason"))
    waived_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("waived by"))
    waived_at = models.DateTimeField(_("waived at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision waiver")
        verbose_name_plural = _("supervision waivers")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="supervision_waiver_has_reason")]

    def __str__(self) -> str:
        return f"{self.decision} · {self.reason[:40]}"


class UrgingRecord(models.Model):
    """S-2 催办: each contact the office makes to follow progress."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="urgings", verbose_name=_("item"))
    contact = models.CharField(_("contact"), max_length=200)
    contacted_on = models.DateField(_("date"))
    content = models.TextField(_("content"))
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("urging record")
        verbose_name_plural = _("urging records")
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contacted_on} · {self.contact}"


class Feedback(models.Model):
    """S-2 反馈: the unit's written report; if unfinished, why and when it reports next."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="feedbacks", verbose_name=_("item"))
    content = models.TextField(_("written feedback"))
    attachment = models.FileField(_("attachment"), upload_to="supervision/feedback/%Y/", blank=True)
    is_finished = models.BooleanField(_("finished"), default=True)
    unfinished_reason = models.TextField(_("why it is not finished"), blank=True)
    next_report_date = models.DateField(_("next progress report by"), null=True, blank=True)
    submitted_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_finished=True) | (~Q(unfinished_reason="") & Q(next_report_date__isnull=False)),
                name="supervision_unfinished_feedback_explained",
            )
        ]

    def __str__(self) -> str:
        return self.content[:60]


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("supervision review", "Rejected")


class Review(models.Model):
    """S-2 审核: the office accepts the feedback, or rejects it with opinions and a new deadline."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="reviews", verbose_name=_("item"))
    feedback = models.OneToOneField(Feedback, models.PROTECT, related_name="review", verbose_name=_("feedback"))
    outcome = models.CharField(
        pgettext_lazy("supervision review", "outcome"), max_length=10, choices=ReviewOutcome.choices
    )
    opinions = models.TextField(_("opinions"), blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    reviewed_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["reviewed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="accepted") | (~Q(opinions="") & Q(new_deadline__isnull=False)),
                name="supervision_rejection_has_opinions_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"


class InspectionResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("inspection result", "Passed")
    FAILED = "failed", pgettext_lazy("inspection result", "Failed")


class Inspection(RuleVersioned):
    """A check of a unit (S-3..S-6). ``committee`` is the inspecting committee."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="inspections", verbose_name=_("committee"))
    item = models.ForeignKey(
        SupervisionItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("supervision item"),
    )
    unit_committee = models.ForeignKey(
        Committee, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("inspected committee")
    )
    unit_name = models.CharField(_("inspected department"), max_length=200, blank=True)
    period_start = models.DateField(pgettext_lazy("inspection", "period from"))
    period_end = models.DateField(pgettext_lazy("inspection", "period to"))
    inspected_on = models.DateField(_("inspected on"))
    result = models.CharField(_("result"), max_length=10, choices=InspectionResult.choices)
    problems = models.TextField(_("problems found"), blank=True)
    leader_in_charge = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("leader in charge")
    )
    unit_head = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit head")
    )
    person_concerned = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person concerned")
    )
    rectification_report = models.TextField(_("rectification report"), blank=True)
    rectification_reported_at = models.DateTimeField(_("rectification reported at"), null=True, blank=True)
    reported_to = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("results reported to")
    )
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_committee__isnull=False) | ~Q(unit_name=""), name="inspection_has_unit"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="inspection_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.undertaking_unit} · {self.inspected_on} · {self.get_result_display()}"

    @property
    def undertaking_unit(self) -> str:
        return self.unit_committee.name if self.unit_committee_id else self.unit_name

    @property
    def unit_key(self) -> tuple:
        return (self.unit_committee_id, "" if self.unit_committee_id else self.unit_name.strip())
