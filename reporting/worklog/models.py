"""Daily work logs (X-5) and the items carried over from one day to a later one."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned


class WorkLog(RecordedBy, RuleVersioned):
    """One team member's log of one working day: the day's summary and the next working day's plan."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="work_logs", verbose_name=_("person"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="work_logs", verbose_name=_("committee"))
    day = models.DateField(_("day"))
    summary = models.TextField(_("summary of the day"))
    plan = models.TextField(_("plan for the next working day"))
    plan_day = models.DateField(_("next working day"))
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("submitted late"), default=False, help_text="X-5")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering = ["-day", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "committee", "day"], name="one_work_log_a_day"),
            models.CheckConstraint(condition=Q(plan_day__gt=F("day")), name="work_log_plans_ahead"),
        ]
        indexes = [models.Index(fields=["committee", "day"], name="work_log_committee_day")]

    def __str__(self) -> str:
        return f"{self.person} · {self.day}"


class CarriedItem(models.Model):
    """X-5: an item not finished on its day, carried over with the reason and the day it moves to."""

    log = models.ForeignKey(WorkLog, models.CASCADE, related_name="carried", verbose_name=_("work log"))
    text = models.CharField(_("unfinished item"), max_length=300)
    reason = models.CharField(_("reason"), max_length=300)
    new_date = models.DateField(_("new date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("carried-over item")
        verbose_name_plural = _("carried-over items")
        ordering = ["new_date", "pk"]

    def __str__(self) -> str:
        return f"{self.text} → {self.new_date}"
