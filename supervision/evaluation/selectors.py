"""Reads of talks, evaluations, reports and town warnings, filtered by what the user may see.

Who sees what: the discipline body and the organisation department of a committee (and the
organisation department of its parent) see its evaluations, talks and reports; everybody else
sees only what concerns them (their own talk, report, result, the evaluations they take part
in). Nobody ever sees an individual's rating: results exist only aggregated, once closed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from committees.models import Committee, Person, RoleAssignment
from committees.selectors import current_rules

from . import rules
from .models import (
    AdmonishmentTalk,
    AnnualReport,
    Evaluation,
    EvaluationParticipation,
    EvaluationStatus,
    EvaluationSubject,
    VillageTeamAssessment,
)
from .services import OVERSIGHT_ROLES, PARENT_OVERSIGHT_ROLES


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def overseen_committees(user, on: datetime.date | None = None) -> QuerySet[Committee]:
    """Committees whose evaluations and talks the user oversees (superusers: all)."""
    if not user.is_authenticated:
        return Committee.objects.none()
    if user.is_superuser:
        return Committee.objects.all()
    roles = RoleAssignment.objects.on(on or timezone.localdate()).filter(person__user=user)
    own = roles.filter(role__in=OVERSIGHT_ROLES).values("committee_id")
    parents = roles.filter(role__in=PARENT_OVERSIGHT_ROLES).values("committee_id")
    return Committee.objects.filter(Q(pk__in=own) | Q(parent_id__in=parents))


def is_overseer(user, committee: Committee) -> bool:
    return overseen_committees(user).filter(pk=committee.pk).exists()


# -----------------------------------------------------------------------------------


def visible_evaluations(user) -> QuerySet[Evaluation]:
    """Evaluations of overseen committees, and those the user takes part in or is rated in."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    condition = Q(committee__in=overseen_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(pk__in=Evaluation.voters.through.objects.filter(person=person).values("evaluation_id"))
        condition |= Q(pk__in=EvaluationSubject.objects.filter(person=person).values("evaluation_id"))
    return Evaluation.objects.filter(condition).select_related("committee")


def evaluation_list(user) -> QuerySet[Evaluation]:
    return visible_evaluations(user).order_by("-year", "committee__name", "pk")


def has_taken_part(person: Person | None, evaluation: Evaluation) -> bool:
    return person is not None and EvaluationParticipation.objects.filter(evaluation=evaluation, person=person).exists()


def may_take_part(person: Person | None, evaluation: Evaluation) -> bool:
    return (
        person is not None
        and evaluation.is_open
        and evaluation.voters.filter(pk=person.pk).exists()
        and not has_taken_part(person, evaluation)
    )


def pending_for(user) -> tuple[list[Evaluation], list[AnnualReport]]:
    """Open evaluations the user may still take part in, and the year-end reports they owe. Two queries."""
    person = _person(user)
    if person is None:
        return [], []
    ballots = (
        Evaluation.objects.filter(status=EvaluationStatus.OPEN, voters=person)
        .exclude(pk__in=EvaluationParticipation.objects.filter(person=person).values("evaluation_id"))
        .select_related("committee")
        .order_by("-year", "pk")
    )
    reports = AnnualReport.objects.filter(person=person, submitted_at__isnull=True).select_related("committee")
    return list(ballots), list(reports.order_by("due_on", "pk"))


def ballot_subjects(evaluation: Evaluation) -> list[EvaluationSubject]:
    """The lines of the ballot: the team first, then each member."""
    return list(evaluation.subjects.select_related("person").order_by(F("person__name").asc(nulls_first=True), "pk"))


def results_for(user, evaluation: Evaluation) -> list[EvaluationSubject]:
    """A-8/A-9: aggregated results, only once closed. Overseers see all of them; a person rated
    sees their own result and the team's (003 四.3: 向述德述职述廉对象反馈); others none."""
    if evaluation.status != EvaluationStatus.CLOSED:
        return []
    subjects = ballot_subjects(evaluation)
    if is_overseer(user, evaluation.committee):
        return subjects
    person = _person(user)
    if person is None or not any(s.person_id == person.pk for s in subjects):
        return []
    return [s for s in subjects if s.is_team or s.person_id == person.pk]


@dataclass(frozen=True)
class Result:
    """One aggregated result, for the democratic life meeting and other pages."""

    person: Person | None  # None: the leadership team
    grades: list[tuple[str, str, int]]
    valid_votes: int
    invalid_votes: int
    flag_votes: int
    is_flagged: bool
    problems: str
    rectify_by: datetime.date | None


@dataclass(frozen=True)
class EvaluationResults:
    evaluation: Evaluation
    participants: int
    team: Result | None
    members: list[Result]

    @property
    def flagged(self) -> list[Result]:
        return [r for r in ([self.team] if self.team else []) + self.members if r.is_flagged]


def evaluation_results(committee: Committee, year: int) -> EvaluationResults | None:
    """A-9: the closed evaluation of ``committee`` for ``year``, aggregated – what feeds the
    democratic life meeting. ``None`` while none exists or it is still open. Not filtered by user:
    the caller shows it only to those who may see the meeting's record (three queries)."""
    evaluation = (
        Evaluation.objects.filter(committee=committee, year=year, status=EvaluationStatus.CLOSED)
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=EvaluationSubject.objects.select_related("person").order_by(
                    F("person__name").asc(nulls_first=True), "pk"
                ),
            )
        )
        .first()
    )
    if evaluation is None:
        return None
    team, members = None, []
    for subject in evaluation.subjects.all():
        result = Result(
            subject.person,
            subject.grades,
            subject.valid_votes or 0,
            subject.invalid_votes or 0,
            subject.flag_votes or 0,
            subject.is_flagged,
            subject.problems,
            subject.rectify_by,
        )
        if subject.is_team:
            team = result
        else:
            members.append(result)
    return EvaluationResults(evaluation, evaluation.participations.count(), team, members)


def latest_closed_evaluation(committee: Committee, year: int) -> Evaluation | None:
    """The evaluation that feeds a democratic life meeting of ``year``: the latest closed one up to it."""
    return (
        Evaluation.objects.filter(committee=committee, year__lte=year, status=EvaluationStatus.CLOSED)
        .select_related("committee")
        .order_by("-year")
        .first()
    )


def person_flags(user, person: Person) -> list[EvaluationSubject]:
    """A-8 flags of ``person`` that the user may see (overseers of that committee, or the person)."""
    flags = EvaluationSubject.objects.filter(
        person=person, is_flagged=True, evaluation__status=EvaluationStatus.CLOSED
    ).select_related("evaluation__committee", "inquiry")
    me = _person(user)
    if me is None or me.pk != person.pk:
        flags = flags.filter(evaluation__committee__in=overseen_committees(user))
    return list(flags.order_by("-evaluation__year", "pk"))


# -----------------------------------------------------------------------------------


def report_progress(committee: Committee, year: int) -> tuple[int, int]:
    """A-9 before A-8: (submitted, required) year-end reports of the committee's team for ``year``."""
    reports = AnnualReport.objects.filter(committee=committee, year=year)
    return reports.filter(submitted_at__isnull=False).count(), reports.count()


def visible_talks(user) -> QuerySet[AdmonishmentTalk]:
    """Talks of overseen committees, plus the user's own talks."""
    if not user.is_authenticated:
        return AdmonishmentTalk.objects.none()
    condition = Q(committee__in=overseen_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(person=person)
    return AdmonishmentTalk.objects.filter(condition).select_related("committee", "person", "case")


def visible_reports(user) -> QuerySet[AnnualReport]:
    """Year-end reports of overseen committees, plus the user's own."""
    if not user.is_authenticated:
        return AnnualReport.objects.none()
    condition = Q(committee__in=overseen_committees(user))
    person = _person(user)
    if person is not None:
        condition |= Q(person=person)
    return AnnualReport.objects.filter(condition).select_related("committee", "person")


# -----------------------------------------------------------------------------------


def town_record(town: Committee) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """A-10 inputs: per year (weak/lax village teams, villages assessed) and (rank, towns). Two queries."""
    villages: dict[int, list[int]] = {}
    for year, is_weak in VillageTeamAssessment.objects.filter(town=town).values_list("year", "is_weak_lax"):
        counts = villages.setdefault(year, [0, 0])
        counts[0] += int(is_weak)
        counts[1] += 1
    ranks = {year: (rank, out_of) for year, rank, out_of in town.town_rankings.values_list("year", "rank", "out_of")}
    return {year: (weak, total) for year, (weak, total) in villages.items()}, ranks


def town_warnings(town: Committee, year: int | None = None) -> list[rules.TownWarning]:
    """A-10: the warnings of the latest assessed year (or ``year``)."""
    if not town.is_town_level:
        return []
    villages, ranks = town_record(town)
    if year is None:
        years = set(villages) | set(ranks)
        if not years:
            return []
        year = max(years)
    return rules.town_warnings(year, villages, ranks, rules.TownLimits.of(current_rules(town)))
