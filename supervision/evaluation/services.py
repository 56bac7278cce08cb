"""State changes of talks (A-6), evaluations (A-8), year-end reports (A-9) and the annual
assessment records (A-10). Views, the API and the demo call these; accountability goes through
``supervision.services`` (open_case, add_sanction, send_inquiry) – never around it."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, is_system, person_of
from committees.models import TEAM_ROLES, Committee, Level, Person, Role, RoleAssignment
from committees.phrases import stored
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.schedules import days_schedule
from supervision import phrases
from supervision import services as supervision_services
from supervision.messages import MSG_DESCRIBE_PROBLEMS, MSG_WRITE_RECTIFICATION_REPORT
from supervision.models import AccountabilityCase, AccountabilityGround, LetterInquiry, SanctionKind
from supervision.rules import due_at_end_of

from . import rules
from .models import (
    INVALID,
    AdmonishmentTalk,
    AnnualReport,
    Evaluation,
    EvaluationParticipation,
    EvaluationStatus,
    EvaluationSubject,
    Rating,
    TalkKind,
    TalkOutcome,
    TownRanking,
    VillageTeamAssessment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

acting_person = supervision_services.acting_person

#: Who runs evaluations and talks and sees their results: the discipline body and the
#: organisation department of the committee (001 监督制度(二): 纪检机关和组织部门).
OVERSIGHT_ROLES = frozenset(
    {Role.DISCIPLINE_SECRETARY, Role.DISCIPLINE_INSPECTOR, Role.ORGANIZATION_MEMBER, Role.ORGANIZATION_STAFF}
)
#: The parent's organisation department oversees its child committees (as committees.permissions).
PARENT_OVERSIGHT_ROLES = frozenset({Role.ORGANIZATION_MEMBER, Role.ORGANIZATION_STAFF})
#: A-8/A-9 (003 述德述职述廉 四.2-3): those taking part by default – the team and the committee's
#: cadres (中层干部). Party-congress delegates attend as observers (O-5) and do not rate.
VOTER_ROLES = frozenset(Role) - {Role.DELEGATE}
#: A-6: not corrected → criticism and organisational handling (001 监督制度(二)).
NOT_CORRECTED_SANCTIONS = (SanctionKind.CRITICISM, SanctionKind.ORGANISATIONAL)
NOT_CORRECTED_TEAM_SANCTIONS = (SanctionKind.TEAM_CRITICISM, SanctionKind.TEAM_ORGANISATIONAL)


def oversees(person: Person | None, committee: Committee, on: datetime.date | None = None) -> bool:
    """Does ``person`` hold a discipline/organisation role on the committee (or an organisation
    role on its parent) on ``on``?"""
    if person is None:
        return False
    roles = RoleAssignment.objects.on(on or timezone.localdate()).filter(person=person)
    if roles.filter(committee=committee, role__in=OVERSIGHT_ROLES).exists():
        return True
    return committee.parent_id is not None and (
        roles.filter(committee_id=committee.parent_id, role__in=PARENT_OVERSIGHT_ROLES).exists()
    )


def principal_of(committee: Committee, on: datetime.date | None = None) -> Person | None:
    """The principal leader (secretary) on ``on``: a collective problem goes to the head (A-7)."""
    assignment = (
        RoleAssignment.objects.on(on or timezone.localdate())
        .filter(committee=committee, role=Role.SECRETARY)
        .select_related("person")
        .order_by("start_date", "pk")
        .first()
    )
    return assignment.person if assignment else None


def team_members(committee: Committee, on: datetime.date) -> list[Person]:
    """Team members (班子成员) holding a team role on ``on``, each once."""
    ids = (
        RoleAssignment.objects.on(on)
        .filter(committee=committee, role__in=TEAM_ROLES)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return list(Person.objects.filter(pk__in=ids).order_by("name", "pk"))


# -----------------------------------------------------------------------------------


#: A-9: shown when the year-end reports of a year are due in another year.
MSG_DUE_WITHIN_YEAR = gettext_lazy("The reports of %(year)s are due within %(year)s.")
#: A-9: shown when someone submits another member's year-end report.
MSG_OWN_REPORT = gettext_lazy("Each team member submits their own year-end report.")
#: A-9: shown when the year-end report is empty.
MSG_WRITE_REPORT = gettext_lazy("Write the report.")


@transaction.atomic
def require_annual_reports(
    committee: Committee, year: int, *, acting_user: User, due_on: datetime.date | None = None
) -> list[AnnualReport]:
    """A-9 (003 述德述职述廉 四.1): every team member reports at year end – one obligation and one
    engine deadline per member. Calling it again adds only the members still missing."""
    due_on = due_on or datetime.date(year, 12, 31)
    if due_on.year != year:
        raise ValidationError(str(MSG_DUE_WITHIN_YEAR) % {"year": year})
    version = current_rules(committee)
    reports = []
    for person in team_members(committee, due_on):
        report = AnnualReport.objects.filter(committee=committee, person=person, year=year).first()
        created = report is None
        if created:
            report = AnnualReport(
                committee=committee, person=person, year=year, due_on=due_on, rule_set_version=version
            )
            acting(report, acting_user).save()
            deadlines.register(
                subject=report,
                committee=committee,
                title=stored(phrases.DEADLINE_YEAR_END_REPORT, year=year, person=str(person)),
                due_at=due_at_end_of(due_on),
                rule_id="A-9",
                schedule=days_schedule(before=(14, 3, 1)),
                owner=person,
                # Followed, like the report itself, by its author and the organisation department
                # (issue 14: a public deadline led the committee's other members to a 404).
                is_private=True,
                escalation=[deadlines.ORGANISATION_DEPARTMENT],
                url=reverse("evaluation_report_detail", args=[report.pk]),
                rule_set_version=version,
                acting_user=acting_user,
            )
        reports.append(report)
    return reports


@transaction.atomic
def submit_annual_report(
    report: AnnualReport, *, text: str, acting_user: User, on_behalf_of: Person | None = None
) -> AnnualReport:
    """A-9: the member submits their own report; it settles the obligation."""
    by = acting_person(acting_user, on_behalf_of)
    if by is None or by.pk != report.person_id:
        raise RuleViolation("A-9", str(MSG_OWN_REPORT))
    if not text.strip():
        raise ValidationError(MSG_WRITE_REPORT)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report.report, report.submitted_at = text.strip(), timezone.now()
    acting(report, acting_user).save()
    deadlines.met(report, rule_id="A-9", acting_user=acting_user)
    return report


# -----------------------------------------------------------------------------------


#: A-8: shown when the committee's evaluation of that year is already open.
MSG_EVALUATION_EXISTS = gettext_lazy("This year's evaluation of the committee already exists.")
#: A-8: shown when nobody holds a team role to be rated.
MSG_NO_TEAM_MEMBERS = gettext_lazy("The committee has no team members to evaluate.")


@transaction.atomic
def open_evaluation(
    committee: Committee,
    year: int,
    *,
    acting_user: User,
    on_behalf_of: Person | None = None,
    subjects: Iterable[Person] | None = None,
    voters: Iterable[Person] | None = None,
    on: datetime.date | None = None,
) -> Evaluation:
    """A-8/A-9: open the year's anonymous evaluation of the team and of each team member.
    Rated by default: the team members on ``on``; taking part by default: everyone holding one of
    ``VOTER_ROLES`` on the committee that day (003 四.3: 与会人员; not its delegates) – pass
    ``voters`` to widen it (middle cadres, village heads)."""
    on = on or timezone.localdate()
    if Evaluation.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(MSG_EVALUATION_EXISTS)
    people = list(subjects) if subjects is not None else team_members(committee, on)
    if not people:
        raise ValidationError(MSG_NO_TEAM_MEMBERS)
    if voters is None:
        ids = (
            RoleAssignment.objects.on(on)
            .filter(committee=committee, role__in=VOTER_ROLES)
            .values_list("person_id", flat=True)
        )
        voters = Person.objects.filter(pk__in=ids)
    evaluation = Evaluation(
        committee=committee,
        year=year,
        opened_by=acting_person(acting_user, on_behalf_of),
        rule_set_version=current_rules(committee),
    )
    acting(evaluation, acting_user).save()
    evaluation.voters.set({*voters, *people})
    EvaluationSubject.objects.bulk_create(
        [EvaluationSubject(evaluation=evaluation, person=None)]
        + [EvaluationSubject(evaluation=evaluation, person=person) for person in {p.pk: p for p in people}.values()]
    )
    return evaluation


def _lock(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


#: A-8: shown when a ballot is cast for someone else than the session's own person.
MSG_OWN_SESSION = gettext_lazy("The evaluation is anonymous: each participant rates from their own session.")
#: A-8: shown when a ballot reaches a closed evaluation.
MSG_EVALUATION_CLOSED = gettext_lazy("The evaluation is closed.")
#: A-8: shown when someone outside the participants casts a ballot.
MSG_NOT_TAKING_PART = gettext_lazy("You are not among those taking part in this evaluation.")
#: A-8: shown when a ballot rates a subject of another evaluation.
MSG_NOT_EVALUATED_HERE = gettext_lazy("The ballot rates someone who is not evaluated here.")
#: A-8: shown when a ballot gives a grade the subject cannot have.
MSG_CHOOSE_GRADE = gettext_lazy("Choose one of the grades offered.")
#: A-8: shown when a participant casts a second ballot.
MSG_ALREADY_TAKEN_PART = gettext_lazy("You have already taken part.")


@transaction.atomic
def take_part(
    evaluation: Evaluation,
    *,
    person: Person,
    acting_user: User,
    ratings: Mapping[int, str],
) -> None:
    """A-8: a participant rates each team member and the team, anonymously.

    ``ratings`` maps an ``EvaluationSubject`` id to a grade; a subject left out, or given
    ``"invalid"``, is a blank entry (counted as invalid, never as valid). Threat model as
    ``meetings.services.votes.cast_ballot``: cast from the participant's own session only; one
    transaction writes the "has taken part" row and the unrelated anonymous ratings (random
    keys, no voter, no time, no history, written in random order); nothing logs the grades; they
    are read only aggregated, after closing, which rewrites every rating under new keys. Only the
    system user (the demo seed) casts for ``person`` from outside their session; nothing records
    who acted here (the participation and the ratings have no history)."""
    voter = person_of(acting_user)
    if not is_system(acting_user) and (voter is None or voter.pk != person.pk):
        raise RuleViolation("A-8", str(MSG_OWN_SESSION))
    evaluation = _lock(evaluation)
    if not evaluation.is_open:
        raise ValidationError(MSG_EVALUATION_CLOSED)
    if not evaluation.voters.filter(pk=person.pk).exists():
        raise RuleViolation("A-8", str(MSG_NOT_TAKING_PART))
    subjects = list(evaluation.subjects.all())
    known = {s.pk for s in subjects}
    if set(ratings) - known:
        raise ValidationError(MSG_NOT_EVALUATED_HERE)
    rows = []
    for subject in subjects:
        choice = ratings.get(subject.pk) or INVALID
        if choice != INVALID and choice not in rules.valid_grades(subject.is_team):
            raise ValidationError(MSG_CHOOSE_GRADE)
        rows.append(Rating(subject=subject, choice=choice))
    try:
        with transaction.atomic():
            EvaluationParticipation.objects.create(evaluation=evaluation, person=person)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_TAKEN_PART)
    secrets.SystemRandom().shuffle(rows)
    Rating.objects.bulk_create(rows)


def _shuffle_ratings(evaluation: Evaluation) -> None:
    """A-8: rewrite the ratings of a closing evaluation in random order under new keys."""
    ratings = Rating.objects.filter(subject__evaluation=evaluation)
    rows = [Rating(subject_id=s, choice=c) for s, c in ratings.values_list("subject_id", "choice")]
    ratings._raw_delete(Rating.objects.db)
    secrets.SystemRandom().shuffle(rows)
    Rating.objects.bulk_create(rows)


#: A-8: shown when an evaluation is closed twice.
MSG_ALREADY_CLOSED = gettext_lazy("The evaluation is already closed.")


@transaction.atomic
def close_evaluation(evaluation: Evaluation, *, acting_user: User, on_behalf_of: Person | None = None) -> Evaluation:
    """A-8: close, shuffle, count (aggregated only) and flag under the evaluation's rule set."""
    evaluation = _lock(evaluation)
    if not evaluation.is_open:
        raise ValidationError(MSG_ALREADY_CLOSED)
    _shuffle_ratings(evaluation)
    counts: dict[int, dict[str, int]] = {}
    for subject_id, choice, n in (
        Rating.objects.filter(subject__evaluation=evaluation)
        .order_by()
        .values("subject_id", "choice")
        .annotate(n=Count("pk"))
        .values_list("subject_id", "choice", "n")
    ):
        counts.setdefault(subject_id, {})[choice] = n
    version = evaluation.rule_set_version
    subjects = list(evaluation.subjects.all())
    for subject in subjects:
        result = rules.tally(counts.get(subject.pk, {}))
        subject.tally = result.counts
        subject.valid_votes, subject.invalid_votes, subject.flag_votes = result.valid, result.invalid, result.flag_votes
        subject.is_flagged = rules.is_flagged(
            result.flag_votes,
            result.valid,
            version.evaluation_flag_numerator,
            version.evaluation_flag_denominator,
            version.evaluation_flag_strict,
        )
    EvaluationSubject.objects.bulk_update(
        subjects, ["tally", "valid_votes", "invalid_votes", "flag_votes", "is_flagged"]
    )
    evaluation.status, evaluation.closed_at = EvaluationStatus.CLOSED, timezone.now()
    evaluation.closed_by = acting_person(acting_user, on_behalf_of)
    acting(evaluation, acting_user).save()
    return evaluation


#: A-8: shown when a result is acted on before the evaluation is closed.
MSG_RESULTS_AFTER_CLOSING = gettext_lazy("Results exist only once the evaluation is closed.")


def _closed_subject(subject: EvaluationSubject) -> EvaluationSubject:
    subject = EvaluationSubject.objects.select_for_update().select_related("evaluation__committee").get(pk=subject.pk)
    if subject.evaluation.is_open:
        raise ValidationError(MSG_RESULTS_AFTER_CLOSING)
    return subject


def subject_owner(subject: EvaluationSubject) -> Person | None:
    """Who answers for a result: the person rated, or for the team its principal leader."""
    return subject.person if subject.person_id else principal_of(subject.evaluation.committee)


#: A-8: shown when the correction deadline is today or earlier.
MSG_CORRECTION_AFTER_TODAY = gettext_lazy("The correction deadline must be after today.")
#: A-8: shown when a correction is reported on a result that had no problems fed back.
MSG_NO_PROBLEMS_FED_BACK = gettext_lazy("No problems were fed back.")


@transaction.atomic
def feed_back_problems(
    subject: EvaluationSubject, *, problems: str, rectify_by: datetime.date, acting_user: User
) -> EvaluationSubject:
    """A-8 (002 §27: 向被测评的班子和个人反馈,并限期改正): problems found go back to the person or
    team with a deadline the engine watches. (A result has no history: nothing here exists per
    voter; the deadline engine records the obligation.)"""
    bounds.require_dates(rectify_by=rectify_by)
    subject = _closed_subject(subject)
    if not problems.strip():
        raise ValidationError(MSG_DESCRIBE_PROBLEMS)
    if rectify_by <= timezone.localdate():
        raise ValidationError(MSG_CORRECTION_AFTER_TODAY)
    subject.problems, subject.rectify_by, subject.fed_back_at = problems.strip(), rectify_by, timezone.now()
    subject.save()
    committee = subject.evaluation.committee
    deadlines.met(subject, rule_id="A-8", acting_user=acting_user)  # a new feedback replaces an earlier one
    deadlines.register(
        subject=subject,
        committee=committee,
        title=stored(phrases.DEADLINE_EVALUATION_CORRECTION, who=str(subject.person or committee)),
        due_at=due_at_end_of(rectify_by),
        rule_id="A-8",
        schedule=days_schedule(before=(7, 1)),
        owner=subject_owner(subject),
        is_private=True,
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        url=reverse("evaluation_detail", args=[subject.evaluation_id]),
        rule_set_version=subject.evaluation.rule_set_version,
        acting_user=acting_user,
    )
    return subject


@transaction.atomic
def report_correction(subject: EvaluationSubject, *, report: str, acting_user: User) -> EvaluationSubject:
    """A-8: the rectification report settles the deadline of the problems fed back."""
    subject = _closed_subject(subject)
    if not subject.problems:
        raise ValidationError(MSG_NO_PROBLEMS_FED_BACK)
    if not report.strip():
        raise ValidationError(MSG_WRITE_RECTIFICATION_REPORT)
    subject.rectification_report, subject.rectified_at = report.strip(), timezone.now()
    subject.save()
    deadlines.met(subject, rule_id="A-8", acting_user=acting_user)
    return subject


#: A-8: shown when an inquiry or a talk starts from a result that is not flagged.
MSG_ONLY_FLAGGED = gettext_lazy("Only a flagged result leads to an inquiry or an admonishment talk.")
#: A-8: shown when a second inquiry is sent on one result.
MSG_INQUIRY_ALREADY_SENT = gettext_lazy("An inquiry was already sent on this result.")
#: A-8 → A-7: shown when a flagged team has no principal leader to write to.
MSG_NO_PRINCIPAL = gettext_lazy("The team has no principal leader to write to.")


def _require_flag(subject: EvaluationSubject) -> None:
    if not subject.is_flagged:
        raise RuleViolation("A-8", str(MSG_ONLY_FLAGGED))


def flag_problem(subject: EvaluationSubject) -> str:
    """The problem text a talk or inquiry opened from a flag starts with."""
    version = subject.evaluation.rule_set_version
    return _(
        "Democratic evaluation %(year)s: %(flag)s of %(valid)s valid votes rated %(who)s "
        "'incompetent' or 'poor' (threshold %(sign)s %(n)s/%(d)s)."
    ) % {
        "year": subject.evaluation.year,
        "flag": subject.flag_votes,
        "valid": subject.valid_votes,
        "who": subject.person or subject.evaluation.committee,
        "sign": ">" if version.evaluation_flag_strict else "≥",
        "n": version.evaluation_flag_numerator,
        "d": version.evaluation_flag_denominator,
    }


@transaction.atomic
def inquire_on_flag(
    subject: EvaluationSubject, *, acting_user: User, on_behalf_of: Person | None = None, letter: str = ""
) -> LetterInquiry:
    """A-8 → A-7: one click sends a written inquiry to the flagged cadre (for the team: to its
    principal leader), through ``supervision.services.send_inquiry``."""
    subject = _closed_subject(subject)
    _require_flag(subject)
    if subject.inquiry_id:
        raise ValidationError(MSG_INQUIRY_ALREADY_SENT)
    person = subject_owner(subject)
    if person is None:
        raise ValidationError(MSG_NO_PRINCIPAL)
    inquiry = supervision_services.send_inquiry(
        committee=subject.evaluation.committee,
        person=person,
        letter=letter.strip() or flag_problem(subject) + " " + _("Please explain in writing."),
        acting_user=acting_user,
        on_behalf_of=on_behalf_of,
    )
    subject.inquiry = inquiry
    subject.save(update_fields=["inquiry"])
    return inquiry


# -----------------------------------------------------------------------------------


#: A-6: shown when a talk names nobody who held it.
MSG_SAY_WHO_TALKED = gettext_lazy("Say who held the talk.")
#: A-6: shown when a talk is recorded without the problem or what was said.
MSG_RECORD_PROBLEM_AND_TALK = gettext_lazy("Record the problem and what was said.")
#: A-6: shown when the follow-up is dated on or before the talk's day.
MSG_FOLLOW_UP_AFTER_TALK = gettext_lazy("The follow-up date must be after the talk.")


@transaction.atomic
def record_talk(
    *,
    committee: Committee,
    person: Person,
    problem: str,
    talked_by: Iterable[Person],
    talked_at: datetime.datetime,
    content: str,
    follow_up_due_on: datetime.date,
    acting_user: User,
    on_behalf_of: Person | None = None,
    kind: str = TalkKind.ADMONISHMENT,
    commitments: str = "",
    is_collective: bool = False,
    evaluation_subject: EvaluationSubject | None = None,
    case: AccountabilityCase | None = None,
) -> AdmonishmentTalk:
    """A-6 (001 监督制度(二)): record the talk – problem, who talked, when, what was said and
    committed – and the date by which the correction is checked (an engine deadline)."""
    bounds.require_dates(talked_at=talked_at, follow_up_due_on=follow_up_due_on)
    talkers = list(talked_by)
    if not talkers:
        raise ValidationError(MSG_SAY_WHO_TALKED)
    if not problem.strip() or not content.strip():
        raise ValidationError(MSG_RECORD_PROBLEM_AND_TALK)
    if follow_up_due_on <= timezone.localdate(talked_at):
        raise ValidationError(MSG_FOLLOW_UP_AFTER_TALK)
    if evaluation_subject is not None:
        _require_flag(evaluation_subject)
    talk = AdmonishmentTalk(
        committee=committee,
        person=person,
        is_collective=is_collective,
        kind=kind,
        problem=problem.strip(),
        talked_at=talked_at,
        content=content.strip(),
        commitments=commitments.strip(),
        follow_up_due_on=follow_up_due_on,
        evaluation_subject=evaluation_subject,
        case=case,
        recorded_by=acting_person(acting_user, on_behalf_of),
        rule_set_version=current_rules(committee),
    )
    acting(talk, acting_user).save()
    talk.talked_by.set(talkers)
    deadlines.register(
        subject=talk,
        committee=committee,
        title=stored(phrases.DEADLINE_TALK_FOLLOW_UP, person=str(person)),
        due_at=due_at_end_of(follow_up_due_on),
        rule_id="A-6",
        schedule=days_schedule(before=(7, 1)),
        owner=talkers[0],
        notify=[person, *talkers[1:]],
        is_private=True,
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        url=reverse("evaluation_talk_detail", args=[talk.pk]),
        rule_set_version=talk.rule_set_version,
        acting_user=acting_user,
    )
    return talk


#: A-6: shown when a talk's follow-up is recorded twice.
MSG_FOLLOW_UP_RECORDED = gettext_lazy("The follow-up of this talk is already recorded.")
#: A-6: shown when the follow-up is recorded without what it found.
MSG_RECORD_FOLLOW_UP = gettext_lazy("Record what the follow-up found.")
#: A-6: shown when a fault not corrected after the talk gets neither criticism nor organisational handling.
MSG_SANCTION_MUST_FOLLOW = gettext_lazy("Not corrected: criticism or organisational handling must follow.")


@transaction.atomic
def record_talk_outcome(
    talk: AdmonishmentTalk,
    *,
    is_corrected: bool,
    note: str,
    acting_user: User,
    on_behalf_of: Person | None = None,
    sanctions: Iterable[str] | None = None,
) -> AdmonishmentTalk:
    """A-6: corrected → closed. Not corrected → criticism and organisational handling through
    the accountability services: the talk's case (or a new one, linked to the talk) gets the
    sanctions – individual ones, or the team's for a collective talk (A-4)."""
    talk = AdmonishmentTalk.objects.select_for_update().get(pk=talk.pk)
    if talk.outcome != TalkOutcome.PENDING:
        raise ValidationError(MSG_FOLLOW_UP_RECORDED)
    if not note.strip():
        raise ValidationError(MSG_RECORD_FOLLOW_UP)
    talk.outcome_note, talk.outcome_recorded_at = note.strip(), timezone.now()
    talk.outcome_recorded_by = acting_person(acting_user, on_behalf_of)
    if is_corrected:
        talk.outcome = TalkOutcome.CORRECTED
    else:
        default = NOT_CORRECTED_TEAM_SANCTIONS if talk.is_collective else NOT_CORRECTED_SANCTIONS
        kinds = list(sanctions) if sanctions is not None else list(default)
        if not set(kinds) & set(default):
            raise RuleViolation("A-6", str(MSG_SANCTION_MUST_FOLLOW))
        case = talk.case or supervision_services.open_case(
            committee=talk.committee,
            ground=AccountabilityGround.RATED_POOR if talk.evaluation_subject_id else AccountabilityGround.OTHER_FAULT,
            facts=_("Not corrected after the admonishment talk of %(date)s: %(problem)s\n%(note)s")
            % {"date": timezone.localdate(talk.talked_at), "problem": talk.problem, "note": talk.outcome_note},
            acting_user=acting_user,
            on_behalf_of=on_behalf_of,
            subject_committee=talk.committee if talk.is_collective else None,
            subject_person=None if talk.is_collective else talk.person,
            source=talk,
        )
        existing = set(case.sanctions.values_list("kind", flat=True))
        for kind in kinds:
            if kind not in existing:
                supervision_services.add_sanction(
                    case, kind=kind, note=_("A-6: not corrected after the talk."), acting_user=acting_user
                )
        talk.case, talk.outcome = case, TalkOutcome.NOT_CORRECTED
    acting(talk, acting_user).save()
    deadlines.met(talk, rule_id="A-6", acting_user=acting_user)
    return talk


# -----------------------------------------------------------------------------------


#: A-10: shown when village teams or a ranking are recorded for a committee above or below a town.
MSG_TOWN_ONLY = gettext_lazy("Only a town or street committee has village teams and a town ranking.")
#: A-10: shown when the assessed village team is not a branch under the town.
MSG_VILLAGE_UNDER_TOWN = gettext_lazy("The village team must be a branch under this town committee.")
#: A-10: shown when the town's rank is outside 1..number of towns.
MSG_RANK_RANGE = gettext_lazy("The rank must be between 1 and the number of towns assessed.")


def _check_town(town: Committee) -> None:
    if not town.is_town_level:
        raise ValidationError(MSG_TOWN_ONLY)


@transaction.atomic
def record_village_assessment(
    *,
    town: Committee,
    village: Committee,
    year: int,
    is_weak_lax: bool,
    acting_user: User,
    on_behalf_of: Person | None = None,
    note: str = "",
) -> VillageTeamAssessment:
    """A-10: the year's assessment of one village team under the town (one per village and year)."""
    _check_town(town)
    if village.parent_id != town.pk or village.level != Level.BRANCH:
        raise ValidationError(MSG_VILLAGE_UNDER_TOWN)
    assessment = VillageTeamAssessment.objects.select_for_update().filter(village=village, year=year).first()
    assessment = assessment or VillageTeamAssessment(village=village, year=year)
    assessment.town, assessment.is_weak_lax, assessment.note = town, is_weak_lax, note.strip()
    assessment.recorded_by = acting_person(acting_user, on_behalf_of)
    acting(assessment, acting_user).save()
    return assessment


@transaction.atomic
def record_town_rank(
    *, town: Committee, year: int, rank: int, out_of: int, acting_user: User, on_behalf_of: Person | None = None
) -> TownRanking:
    """A-10: the town's place in the year's comprehensive assessment."""
    _check_town(town)
    if not 1 <= rank <= out_of:
        raise ValidationError(MSG_RANK_RANGE)
    ranking = TownRanking.objects.select_for_update().filter(town=town, year=year).first()
    ranking = ranking or TownRanking(town=town, year=year)
    ranking.rank, ranking.out_of = rank, out_of
    ranking.recorded_by = acting_person(acting_user, on_behalf_of)
    acting(ranking, acting_user).save()
    return ranking
