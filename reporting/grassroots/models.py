"""Grassroots time (X-6): what a person did at the grassroots, and their yearly floors."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned


class EntryKind(models.TextChoices):
    DAYS = "days", _("Days at the grassroots")
    MEETING = "meeting", _("Branch or villager representative meeting")
    REPORT = "report", _("Research topic and report")


class Measure(models.TextChoices):
    """What each floor of X-6 counts."""

    GRASSROOTS_DAYS = "grassroots_days", _("Days of grassroots research")
    VILLAGE_DAYS = "village_days", _("Days staying in villages")
    BACKWARD_VILLAGE_DAYS = "backward_village_days", _("Days in a backward village")
    BRANCH_MEETINGS = "branch_meetings", _("Branch or villager representative meetings")
    RESEARCH_REPORTS = "research_reports", _("Research topics and reports")


#: Measures counted in days (distinct dates, accumulated over the year); the others count entries.
DAY_MEASURES = frozenset({Measure.GRASSROOTS_DAYS, Measure.VILLAGE_DAYS, Measure.BACKWARD_VILLAGE_DAYS})


class GrassrootsEntry(RecordedBy, RuleVersioned):
    """One stay, meeting or report of a team member, for the committee whose team they are on."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="grassroots_entries", verbose_name=_("person"))
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="grassroots_entries", verbose_name=_("committee")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, help_text=_("The village, unit or enterprise."))
    is_village = models.BooleanField(_("in a village"), default=False)
    is_backward_village = models.BooleanField(
        _("in a backward village"), default=False, help_text=_("A village the town secretary is linked to (后进村).")
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grassroots entry")
        verbose_name_plural = _("grassroots entries")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["person", "start_date"], name="grassroots_person_day")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="grassroots_dates_ordered"),
            models.CheckConstraint(
                condition=Q(kind="days") | Q(end_date=F("start_date")), name="grassroots_one_day_unless_a_stay"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.start_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class GrassrootsTarget(RuleVersioned):
    """A floor of one person's year (X-6), watched by the deadline engine; ``done`` is kept by the
    services whenever an entry of that year is recorded or removed."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="grassroots_targets", verbose_name=_("person"))
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="grassroots_targets", verbose_name=_("committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    floor = models.PositiveSmallIntegerField(_("at least"))
    done = models.PositiveSmallIntegerField(_("done"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grassroots floor")
        verbose_name_plural = _("grassroots floors")
        ordering = ["year", "person__name", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "committee", "year", "measure"], name="one_grassroots_floor_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.year} · {self.get_measure_display()} {self.done}/{self.floor}"

    @property
    def remaining(self) -> int:
        return max(self.floor - self.done, 0)

    @property
    def is_met(self) -> bool:
        return self.done >= self.floor

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.floor)) if self.floor else 100

    @property
    def in_days(self) -> bool:
        return self.measure in DAY_MEASURES
