"""Admonishment talks (A-6), democratic evaluations (A-8), year-end reports (A-9) and the annual
assessment records behind the town warnings (A-10).

Anonymity of the evaluation (A-8, same guarantees as the secret ballots of M-V6): a voter leaves
two unrelated kinds of rows – ``EvaluationParticipation`` (*that* they took part: no choice, no
time, no history) and one ``Rating`` per person rated and for the team (a random UUID key, the
subject and the choice: no voter, no time, no history). Ratings are only read aggregated, only
once the evaluation is closed, and closing rewrites them in random order under new keys.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned

# ------------------------------------------------------------------------------ A-8 evaluation


class PersonRating(models.TextChoices):
    """A-8: the four grades of a team member (优秀 / 称职 / 基本称职 / 不称职)."""

    EXCELLENT = "excellent", pgettext_lazy("evaluation", "Excellent")
    COMPETENT = "competent", pgettext_lazy("evaluation", "Competent")
    BASICALLY_COMPETENT = "basically_competent", pgettext_lazy("evaluation", "Basically competent")
    INCOMPETENT = "incompetent", pgettext_lazy("evaluation", "Incompetent")


class TeamRating(models.TextChoices):
    """A-8: the three grades of the leadership team (好 / 一般 / 较差)."""

    GOOD = "good", pgettext_lazy("evaluation", "Good")
    FAIR = "fair", pgettext_lazy("evaluation", "Fair")
    POOR = "poor", pgettext_lazy("evaluation", "Poor")


#: A blank or spoiled entry on a ballot: counted, but not a valid vote.
INVALID = "invalid"
#: The grades that count towards the A-8 flag.
FLAG_RATINGS = frozenset({PersonRating.INCOMPETENT, TeamRating.POOR})
RATING_CHOICES = [
    *PersonRating.choices,
    *TeamRating.choices,
    (INVALID, pgettext_lazy("evaluation", "Invalid")),
]


class EvaluationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("evaluation", "Open")
    CLOSED = "closed", pgettext_lazy("evaluation", "Closed")


class Evaluation(RuleVersioned):
    """A-8/A-9: the year's anonymous democratic evaluation (民主测评) of a committee's leadership
    team and each of its members, after the year-end reports."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="evaluations", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN
    )
    voters = models.ManyToManyField(Person, related_name="+", verbose_name=_("who may take part"))
    opened_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("democratic evaluation")
        verbose_name_plural = _("democratic evaluations")
        ordering = ["-year", "committee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="evaluation_one_per_committee_and_year"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="evaluation_closed_has_time"
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)s, democratic evaluation %(year)s") % {"committee": self.committee, "year": self.year}

    @property
    def is_open(self) -> bool:
        return self.status == EvaluationStatus.OPEN


class EvaluationSubject(models.Model):
    """Who is rated: a team member, or (``person`` empty) the leadership team as a whole.

    The tally is written once, aggregated, when the evaluation closes; ``is_flagged`` follows
    A-8 under the evaluation's rule-set version. No history: nothing here exists per voter."""

    evaluation = models.ForeignKey(
        Evaluation, models.PROTECT, related_name="subjects", verbose_name=_("democratic evaluation")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person rated")
    )
    tally = models.JSONField(_("votes per grade"), default=dict, blank=True)
    valid_votes = models.PositiveIntegerField(_("valid votes"), null=True, blank=True)
    invalid_votes = models.PositiveIntegerField(_("invalid votes"), null=True, blank=True)
    flag_votes = models.PositiveIntegerField(_("'incompetent' or 'poor' votes"), null=True, blank=True)
    is_flagged = models.BooleanField(_("flagged for inquiry or admonishment"), default=False)
    problems = models.TextField(_("problems fed back"), blank=True)
    rectify_by = models.DateField(_("to be corrected by"), null=True, blank=True)
    fed_back_at = models.DateTimeField(_("fed back at"), null=True, blank=True)
    rectification_report = models.TextField(_("rectification report"), blank=True)
    rectified_at = models.DateTimeField(_("rectification reported at"), null=True, blank=True)
    inquiry = models.OneToOneField(
        "supervision.LetterInquiry",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_subject",
        verbose_name=_("written inquiry"),
    )

    class Meta:
        verbose_name = _("person or team evaluated")
        verbose_name_plural = _("people and teams evaluated")
        ordering = ["evaluation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="evaluation_subject_once"),
            models.UniqueConstraint(
                fields=["evaluation"], condition=Q(person__isnull=True), name="evaluation_one_team_subject"
            ),
            models.CheckConstraint(
                condition=Q(problems="") | Q(rectify_by__isnull=False), name="evaluation_feedback_has_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.person or _('the leadership team')}"

    @property
    def is_team(self) -> bool:
        return self.person_id is None

    @property
    def grades(self) -> list[tuple[str, str, int]]:
        """(value, label, votes) of each grade, in order – aggregated counts only."""
        choices = TeamRating.choices if self.is_team else PersonRating.choices
        return [(value, label, (self.tally or {}).get(value, 0)) for value, label in choices]


class EvaluationParticipation(models.Model):
    """A-8: *that* a person took part – never what, never when. No history."""

    evaluation = models.ForeignKey(
        Evaluation, models.PROTECT, related_name="participations", verbose_name=_("democratic evaluation")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("participant"))

    class Meta:
        verbose_name = _("evaluation participation")
        verbose_name_plural = _("evaluation participations")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="evaluation_takes_part_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.person}"


class Rating(models.Model):
    """A-8: one anonymous grade – a random key, whom it rates and the grade; no voter, no time,
    no history. Read only aggregated, and only once the evaluation is closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.ForeignKey(
        EvaluationSubject, models.PROTECT, related_name="ratings", verbose_name=_("person or team evaluated")
    )
    choice = models.CharField(_("grade"), max_length=20, choices=RATING_CHOICES)

    class Meta:
        verbose_name = _("anonymous rating")
        verbose_name_plural = _("anonymous ratings")

    def __str__(self) -> str:
        return str(self.subject)


# ------------------------------------------------------------------------------ A-9 reports


class AnnualReport(RuleVersioned):
    """A-9 述德述职述廉: each team member's year-end report on ethics, duty and integrity."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="annual_reports", verbose_name=_("committee"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="annual_reports", verbose_name=_("person"))
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    report = models.TextField(_("report on ethics, duty and integrity"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual ethics, duty and integrity report")
        verbose_name_plural = _("annual ethics, duty and integrity reports")
        ordering = ["-year", "committee__name", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person", "year"], name="annual_report_once_a_year"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(report=""), name="annual_report_submitted_has_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.committee} · {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


# ------------------------------------------------------------------------------ A-6 talks


class TalkKind(models.TextChoices):
    ADMONISHMENT = "admonishment", _("Admonishment talk")
    REMINDER = "reminder", _("Reminder talk")


class TalkOutcome(models.TextChoices):
    PENDING = "pending", _("Follow-up pending")
    CORRECTED = "corrected", _("Corrected – closed")
    NOT_CORRECTED = "not_corrected", _("Not corrected – criticism and organisational handling")


class AdmonishmentTalk(RecordedBy, RuleVersioned):
    """A-6 诫勉谈话 / 提醒谈话: for a minor problem needing no sanction; followed up by a date.
    A collective talk (A-4) is held with the team through its principal leader (``person``)."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="admonishment_talks", verbose_name=_("committee")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("person talked to"))
    is_collective = models.BooleanField(_("collective talk with the team"), default=False)
    kind = models.CharField(_("kind"), max_length=20, choices=TalkKind.choices, default=TalkKind.ADMONISHMENT)
    problem = models.TextField(_("problem"))
    talked_by = models.ManyToManyField(Person, related_name="+", verbose_name=_("talked by"))
    talked_at = models.DateTimeField(_("talked at"))
    content = models.TextField(_("what was said"))
    commitments = models.TextField(_("what was committed"), blank=True)
    follow_up_due_on = models.DateField(_("to be corrected by"))
    outcome = models.CharField(
        pgettext_lazy("talk", "outcome"), max_length=20, choices=TalkOutcome.choices, default=TalkOutcome.PENDING
    )
    outcome_note = models.TextField(_("follow-up findings"), blank=True)
    outcome_recorded_at = models.DateTimeField(_("follow-up recorded at"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("follow-up recorded by")
    )
    case = models.ForeignKey(
        "supervision.AccountabilityCase",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="admonishment_talks",
        verbose_name=_("accountability case"),
    )
    evaluation_subject = models.ForeignKey(
        EvaluationSubject,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=_("evaluation flag"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("admonishment talk")
        verbose_name_plural = _("admonishment talks")
        ordering = ["-talked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(problem=""), name="talk_has_problem"),
            models.CheckConstraint(condition=~Q(content=""), name="talk_has_content"),
            models.CheckConstraint(
                condition=~Q(outcome="not_corrected") | Q(case__isnull=False), name="talk_not_corrected_has_case"
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(outcome_recorded_at__isnull=False),
                name="talk_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person} · {timezone.localtime(self.talked_at):%Y-%m-%d}"


# ------------------------------------------------------------------------------ A-10 records


class VillageTeamAssessment(RecordedBy):
    """A-10 (002 §25): the annual assessment of a village team – weak and lax (软弱涣散) or not."""

    town = models.ForeignKey(
        Committee, models.PROTECT, related_name="village_assessments", verbose_name=_("town committee")
    )
    village = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("village team"))
    year = models.PositiveSmallIntegerField(_("year"))
    is_weak_lax = models.BooleanField(_("weak and lax"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village team assessment")
        verbose_name_plural = _("village team assessments")
        ordering = ["town", "-year", "village__name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="village_assessed_once_a_year"),
            models.CheckConstraint(condition=~Q(village=models.F("town")), name="village_is_not_the_town"),
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.year}"


class TownRanking(RecordedBy):
    """A-10 (002 §26): a town's place in the annual comprehensive assessment, among ``out_of``."""

    town = models.ForeignKey(Committee, models.PROTECT, related_name="town_rankings", verbose_name=_("town committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    out_of = models.PositiveSmallIntegerField(_("towns assessed"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("town assessment rank")
        verbose_name_plural = _("town assessment ranks")
        ordering = ["town", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="town_ranked_once_a_year"),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=models.F("out_of")), name="town_rank_within_towns"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.town} · {self.year} · {self.rank}/{self.out_of}"
