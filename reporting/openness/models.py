"""Party-affairs openness assessment (X-2): the checks of a unit and the duties they meet."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, RecordedBy, RuleVersioned


class CheckKind(models.TextChoices):
    """003 党务公开 第十一条: focused checks on matters of public concern, routine checks at random
    (at least twice a year), and the year-end check."""

    ROUTINE = "routine", _("Routine check")
    FOCUSED = "focused", _("Focused check")
    ANNUAL = "annual", _("Year-end check")


class Grade(models.TextChoices):
    """003 党务公开 第十条: 优秀, 良好, 合格, 不合格."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Part(models.TextChoices):
    """The five parts of the score sheet (003 党务公开 第八条 一–五); each part's points come from
    the rule set (``committees.models.DISCLOSURE_SHEET_FIELDS``, in this order)."""

    CONTENT = "content", _("Content disclosed fully and truthfully")
    SYSTEM = "system", _("Leadership and procedures in place")
    PUBLICITY = "publicity", _("Publicity, timeliness and practical form")
    SUPERVISION = "supervision", _("Supervision carried out, people satisfied")
    OTHER = "other", _("Other items set by the office")


class OpennessCheck(RecordedBy, RuleVersioned):
    """One check of a unit's party-affairs openness by the committee above it (``committee``),
    scored on the 100-point sheet; ``total`` and ``grade`` are set by the services."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="openness_checks_made", verbose_name=_("assessing committee")
    )
    unit = models.ForeignKey(Committee, models.PROTECT, related_name="openness_checks", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    year = models.PositiveSmallIntegerField(_("year assessed"))
    held_on = models.DateField(_("held on"))
    score_content = models.PositiveSmallIntegerField(Part.CONTENT.label)
    score_system = models.PositiveSmallIntegerField(Part.SYSTEM.label)
    score_publicity = models.PositiveSmallIntegerField(Part.PUBLICITY.label)
    score_supervision = models.PositiveSmallIntegerField(Part.SUPERVISION.label)
    score_other = models.PositiveSmallIntegerField(Part.OTHER.label)
    total = models.PositiveSmallIntegerField(_("score"))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    findings = models.TextField(_("findings"), blank=True)
    assessors = models.CharField(_("assessors"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("openness check")
        verbose_name_plural = _("openness checks")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "year", "kind"], name="openness_unit_year_kind")]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=F("committee")), name="openness_unit_is_not_the_assessor"),
            models.CheckConstraint(condition=Q(total__lte=100), name="openness_total_at_most_100"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(kind="annual"), name="openness_one_year_end_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} · {self.held_on}"

    @property
    def scores(self) -> dict[str, int]:
        return {part: getattr(self, f"score_{part}") for part in Part.values}


class OpennessDuty(RuleVersioned):
    """The checks a unit's year owes (X-2): ``required`` routine checks, or the one year-end check,
    watched by the deadline engine; ``done`` is kept by the services as checks are recorded."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="openness_duties", verbose_name=_("assessing committee")
    )
    unit = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    required = models.PositiveSmallIntegerField(_("at least"))
    done = models.PositiveSmallIntegerField(_("done"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("openness check duty")
        verbose_name_plural = _("openness check duties")
        ordering = ["year", "unit__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"], name="one_openness_duty_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year} · {self.get_kind_display()} {self.done}/{self.required}"

    @property
    def is_met(self) -> bool:
        return self.done >= self.required
