"""The yearly democratic life meeting (民主生活会) of a committee's leadership team.

DOMAIN.md DL-1..DL-4 and M-C3; seeds 002 §11 and 003 《党委民主生活会制度》. One record per
committee and year carries the preparation (theme, opinions collected beforehand, heart-to-heart
talks between members, each member's comparison and self-examination material), the meeting
itself (a ``Meeting`` of kind DEMOCRATIC_LIFE), postponements approved by the higher-level
committee (DL-2), rectification measures (DL-3) and the written report (DL-4, a periodic report).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned
from meetings.models import Meeting, NeverDeleted
from reporting.periodic.models import PeriodicObligation


class DemocraticLifeRecord(RuleVersioned, NeverDeleted):
    """A committee's democratic life meeting of one year (M-C3: at least once a year)."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="democratic_life_records", verbose_name=_("committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(
        _("theme"), max_length=200, blank=True, help_text=_("The set theme of the meeting (DL-1).")
    )
    planned_date = models.DateField(
        _("planned date"),
        null=True,
        blank=True,
        help_text=_("Holding it later needs the approval of the higher-level committee (DL-2)."),
    )
    meeting = models.OneToOneField(
        Meeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="democratic_life_record",
        verbose_name=_("meeting"),
        limit_choices_to={"kind": "democratic_life"},
    )
    report_obligation = models.ForeignKey(
        PeriodicObligation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written report"),
        help_text=_("The report to the higher-level committee and the discipline body (DL-4)."),
    )
    discipline_report_sent_at = models.DateTimeField(_("report sent to the discipline body at"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("democratic life meeting")
        verbose_name_plural = _("democratic life meetings")
        ordering = ["-year", "committee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_democratic_life_per_committee_year"),
            models.CheckConstraint(
                condition=Q(discipline_report_sent_at__isnull=True) | Q(report_obligation__isnull=False),
                name="democratic_life_discipline_copy_has_report",
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)s, democratic life meeting %(year)s") % {"committee": self.committee, "year": self.year}


class OpinionSource(models.TextChoices):
    MEMBERS_PUBLIC = "members_public", _("Party members and the public")
    ACTIVISTS = "activists", _("Activists applying for party membership")
    GRASSROOTS = "grassroots", _("Grassroots party organisations")
    DEPARTMENTS = "departments", _("Departments and units")
    DELEGATES = "delegates", _("Party congress delegates")
    DISCIPLINE = "discipline", _("Discipline commission")
    ORGANIZATION = "organization", _("Organisation department")
    HIGHER_LEVEL = "higher_level", _("Higher-level committee")
    OTHER = "other", _("Other")


class CollectedOpinion(RecordedBy):
    """DL-1: opinions and suggestions collected from all sides before the meeting (征求意见)."""

    record = models.ForeignKey(
        DemocraticLifeRecord, models.CASCADE, related_name="opinions", verbose_name=_("democratic life meeting")
    )
    source = models.CharField(_("source"), max_length=20, choices=OpinionSource.choices)
    source_detail = models.CharField(_("from whom"), max_length=100, blank=True)
    summary = models.TextField(_("summary"))
    collected_on = models.DateField(_("collected on"))
    concerns = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerns"),
        help_text=_("Empty: the leadership team as a whole."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collected opinion")
        verbose_name_plural = _("collected opinions")
        ordering = ["record", "collected_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.collected_on:%Y-%m-%d}"


class HeartToHeartTalk(RecordedBy):
    """DL-1: two team members talked to each other before the meeting (谈心谈话). Stored once per
    pair, the lower person id first."""

    record = models.ForeignKey(
        DemocraticLifeRecord, models.CASCADE, related_name="talks", verbose_name=_("democratic life meeting")
    )
    person_a = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("member"))
    person_b = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("other member"))
    talked_on = models.DateField(_("talked on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("heart-to-heart talk")
        verbose_name_plural = _("heart-to-heart talks")
        ordering = ["record", "talked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "person_a", "person_b"], name="one_talk_per_pair"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="talk_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} ↔ {self.person_b}"


class ComparisonMaterial(RecordedBy):
    """DL-1: a member's comparison and self-examination material (对照检查材料), submitted before
    the meeting. A member without a row has not submitted."""

    record = models.ForeignKey(
        DemocraticLifeRecord, models.CASCADE, related_name="materials", verbose_name=_("democratic life meeting")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("member"))
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="democratic_life/%Y/", max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comparison and self-examination material")
        verbose_name_plural = _("comparison and self-examination materials")
        ordering = ["record", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "person"], name="one_material_per_member"),
            models.CheckConstraint(condition=~Q(text="") | ~Q(file=""), name="material_has_content"),
        ]

    def __str__(self) -> str:
        return f"{self.record} · {self.person}"


class PostponementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the higher-level committee")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DecidedAs(models.TextChoices):
    PRINCIPAL_LEADER = "principal_leader", _("By the principal leader")
    STANDING_COMMITTEE = "standing_committee", _("By the standing committee")


class PostponementRequest(models.Model):
    """DL-2: holding the meeting later than planned (or after its year) needs the higher-level
    committee's approval; a pending or rejected request allows nothing."""

    record = models.ForeignKey(
        DemocraticLifeRecord, models.PROTECT, related_name="postponements", verbose_name=_("democratic life meeting")
    )
    approving_committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="+", verbose_name=_("higher-level committee")
    )
    from_date = models.DateField(_("planned date"))
    to_date = models.DateField(_("postponed to"))
    reason = models.TextField(_("special circumstances"))
    requested_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=PostponementStatus.choices, default=PostponementStatus.PENDING
    )
    decided_as = models.CharField(_("decided"), max_length=20, choices=DecidedAs.choices, blank=True)
    decided_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("opinion of the higher-level committee"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("postponement request")
        verbose_name_plural = _("postponement requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(to_date__gt=F("from_date")), name="postponement_moves_later"),
            models.UniqueConstraint(
                fields=["record"], condition=Q(status="pending"), name="one_pending_postponement_per_record"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(decided_as="")),
                name="postponement_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.from_date:%Y-%m-%d} → {self.to_date:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.status == PostponementStatus.PENDING


class RectificationMeasure(RuleVersioned):
    """DL-3: a problem found at the meeting, its rectification measure and the person responsible,
    due a rule-set number of months (default one) after the meeting; watched by the deadline engine."""

    record = models.ForeignKey(
        DemocraticLifeRecord, models.PROTECT, related_name="measures", verbose_name=_("democratic life meeting")
    )
    problem = models.TextField(_("problem found"))
    measure = models.TextField(_("rectification measure"))
    responsible = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("responsible person"))
    due_date = models.DateField(_("due date"), help_text=_("Computed: the meeting's date plus the rule set's months."))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_note = models.TextField(_("how it was rectified"), blank=True)
    completed_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("completion recorded by")
    )
    created_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification measure")
        verbose_name_plural = _("rectification measures")
        ordering = ["record", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(completion_note=""),
                name="rectification_completion_described",
            ),
        ]

    def __str__(self) -> str:
        return self.measure[:60]

    @property
    def is_late(self) -> bool:
        """Completed after, or still open past, the due date (the day in Asia/Shanghai)."""
        day = timezone.localdate(self.completed_at) if self.completed_at else timezone.localdate()
        return day > self.due_date
