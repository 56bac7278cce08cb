"""Emergency reports (R-1): a sudden public incident is reported to the higher-level committee
within the rule set's ``emergency_report_minutes`` (120) of becoming known.

The due time is computed when the incident is recorded and stored, never typed; the deadline
engine watches it. An incident not reported in time is a ground for accountability (A-2).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned


class EmergencyKind(models.TextChoices):
    NATURAL_DISASTER = "natural_disaster", _("Natural disaster")
    ACCIDENT = "accident", _("Accident or disaster")
    PUBLIC_HEALTH = "public_health", _("Public health incident")
    SOCIAL_SECURITY = "social_security", _("Social security incident")


class Emergency(RecordedBy, RuleVersioned):
    """A sudden public incident (突发公共事件) recorded by a committee's office."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="emergencies", verbose_name=_("committee reporting")
    )
    title = models.CharField(_("incident"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EmergencyKind.choices)
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("summary"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    known_at = models.DateTimeField(
        _("known at"), help_text=_("When the incident became known: the reporting time limit starts here (R-1).")
    )
    known_by = models.TextField(_("known by"), blank=True, help_text=_("Who knows of the incident, and how."))
    known_by_people = models.ManyToManyField(
        Person, blank=True, related_name="emergencies_known", verbose_name=_("people who know")
    )
    due_at = models.DateTimeField(_("report due at"), help_text=_("Computed: known at + the rule set's limit."))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[known_by_people])

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-known_at", "-pk"]
        indexes = [models.Index(fields=["committee", "known_at"], name="emergency_committee_known")]
        constraints = [
            models.CheckConstraint(condition=Q(occurred_at__lte=F("known_at")), name="emergency_occurred_before_known"),
            models.CheckConstraint(condition=Q(due_at__gte=F("known_at")), name="emergency_due_after_known"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def first_report(self) -> EmergencyReport | None:
        """The report to the higher-level committee, or None while unreported."""
        try:
            return self.report
        except EmergencyReport.DoesNotExist:
            return None


class EmergencyReport(models.Model):
    """R-1: the first report to the higher-level committee. It settles the deadline."""

    emergency = models.OneToOneField(Emergency, models.PROTECT, related_name="report", verbose_name=_("emergency"))
    sent_at = models.DateTimeField(_("sent at"))
    recipient_committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="emergency_reports_received",
        verbose_name=_("higher-level committee"),
    )
    recipient = models.CharField(
        _("sent to"), max_length=200, help_text=_("Office or person who received it, and how (phone, fax, system).")
    )
    text = models.TextField(_("report"))
    sent_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="emergency_reports_sent", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency report")
        verbose_name_plural = _("emergency reports")
        ordering = ["-sent_at"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="emergency_report_has_text")]

    def __str__(self) -> str:
        return str(self.emergency)

    @property
    def is_late(self) -> bool:
        """R-1: late when sent after the due time (exactly at the due time is on time)."""
        return self.sent_at > self.emergency.due_at


class EmergencyFollowUp(RecordedBy, models.Model):
    """A later report on the same incident (progress, casualties, handling), after the first one."""

    emergency = models.ForeignKey(Emergency, models.PROTECT, related_name="follow_ups", verbose_name=_("emergency"))
    at = models.DateTimeField(_("sent at"))
    text = models.TextField(_("report"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="emergency_follow_up_has_text")]

    def __str__(self) -> str:
        return f"{self.emergency} · {self.at:%Y-%m-%d %H:%M}"


class EmergencyAttachment(models.Model):
    """A file sent with the first report or with a follow-up report (exactly one of them)."""

    report = models.ForeignKey(
        EmergencyReport,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("report"),
    )
    follow_up = models.ForeignKey(
        EmergencyFollowUp,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("follow-up report"),
    )
    file = models.FileField(_("file"), upload_to="emergencies/%Y/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, follow_up__isnull=True)
                | Q(report__isnull=True, follow_up__isnull=False),
                name="emergency_attachment_belongs_to_one_report",
            )
        ]

    def __str__(self) -> str:
        return self.name
