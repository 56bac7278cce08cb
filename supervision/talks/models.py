"""Talks (X-3): the plan's lines, each period's duty, the talks held, and must-talk occasions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned


class PairKind(models.TextChoices):
    """003 谈心谈话 二.1: 一级抓一级、分级负责谈."""

    PRINCIPAL_TEAM = "principal_team", _("Principal leader with a team member")
    TEAM_HEAD = "team_head", _("Team member with a department head in their charge")
    HEAD_STAFF = "head_staff", _("Department head with a staff member")


class Trigger(models.TextChoices):
    """003 谈心谈话 二.3: the seven must-talk occasions (七必谈)."""

    JOB_CHANGE = "job_change", _("A change of post")
    AWARD_OR_SANCTION = "award_or_sanction", _("An award or a sanction")
    DIFFICULTY = "difficulty", _("Difficulties or setbacks")
    DISAGREEMENT = "disagreement", _("Conflicts or disagreements")
    INTEGRITY = "integrity", _("Adverse public reports on integrity")
    ON_REQUEST = "on_request", _("The cadre asks for a talk")
    RETIREMENT = "retirement", _("Retirement")


class TalkPlanLine(RuleVersioned):
    """One line of a committee's yearly plan: ``leader`` talks with ``counterpart`` at least
    ``required`` times a year (or a quarter, for a department head with staff)."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="talk_lines", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=PairKind.choices)
    leader = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("leader"))
    counterpart = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("talks with"))
    required = models.PositiveSmallIntegerField(_("at least"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("talk plan line")
        verbose_name_plural = _("talk plan lines")
        ordering = ["committee", "year", "kind", "leader__name", "counterpart__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "leader", "counterpart"], name="one_talk_line_per_pair_and_year"
            ),
            models.CheckConstraint(condition=~Q(leader=F("counterpart")), name="talk_line_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.leader} – {self.counterpart} · {self.year}"


class TalkDuty(RuleVersioned):
    """A line's period (the year, or a quarter), watched by the deadline engine until ``done``
    reaches ``required``."""

    line = models.ForeignKey(TalkPlanLine, models.CASCADE, related_name="duties", verbose_name=_("plan line"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    required = models.PositiveSmallIntegerField(_("at least"))
    done = models.PositiveSmallIntegerField(_("held"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("talk duty")
        verbose_name_plural = _("talk duties")
        ordering = ["period_start", "pk"]
        constraints = [models.UniqueConstraint(fields=["line", "period_start"], name="one_talk_duty_per_period")]

    def __str__(self) -> str:
        return f"{self.line} · {self.period_start}–{self.period_end} {self.done}/{self.required}"

    @property
    def is_met(self) -> bool:
        return self.done >= self.required


class MustTalk(RuleVersioned):
    """A must-talk occasion (七必谈): ``talker`` owes ``person`` a talk, by the rule set's days."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="must_talks", verbose_name=_("committee"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("talk with"))
    talker = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("talked with by"))
    trigger = models.CharField(_("occasion"), max_length=20, choices=Trigger.choices)
    reason = models.CharField(_("what happened"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("talk by"))
    talk = models.ForeignKey(
        "Talk", models.SET_NULL, null=True, blank=True, related_name="occasions", verbose_name=_("held in")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("must-talk occasion")
        verbose_name_plural = _("must-talk occasions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_trigger_display()}"


class Talk(RecordedBy, RuleVersioned):
    """A talk held (003 谈心谈话 三, 四): who talked with whom, when, on which occasion, and the
    record – private to the two and the organisation department."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="talks", verbose_name=_("committee"))
    leader = models.ForeignKey(Person, models.PROTECT, related_name="talks_given", verbose_name=_("leader"))
    counterpart = models.ForeignKey(Person, models.PROTECT, related_name="talks_had", verbose_name=_("talked with"))
    held_on = models.DateField(_("held on"))
    trigger = models.CharField(_("occasion"), max_length=20, choices=Trigger.choices, blank=True)
    record = models.TextField(_("record"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["-held_on", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(leader=F("counterpart")), name="talk_two_people")]

    def __str__(self) -> str:
        return f"{self.leader} – {self.counterpart} · {self.held_on}"
