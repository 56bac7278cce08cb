"""A-8 democratic evaluation: anonymity, thresholds of valid votes, flags; A-9 year-end reports."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection

from committees.actors import system_user
from committees.models import Role, RuleSetVersion
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from supervision.evaluation import rules, selectors, services
from supervision.evaluation.models import (
    AnnualReport,
    Evaluation,
    EvaluationParticipation,
    EvaluationSubject,
    PersonRating,
    Rating,
    TeamRating,
)
from supervision.models import InquiryOutcome, LetterInquiry
from tests.factories import RoleFactory

from .factories import holder, make_team, subject_of, vote_all

pytestmark = pytest.mark.django_db

INCOMPETENT, COMPETENT = PersonRating.INCOMPETENT, PersonRating.COMPETENT


def closed_with(team, grades: list[str]) -> EvaluationSubject:
    """Close an evaluation where the voters rate the first member with ``grades``."""
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    rated = team.members[0]
    vote_all(evaluation, team.everyone[: len(grades)], grades, rated)
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    return subject_of(evaluation, rated)


# ------------------------------------------------------------------ thresholds (pure)


@pytest.mark.parametrize(
    ("flag", "valid", "strict", "expected"),
    [
        (3, 9, True, False),  # 001: exactly one third is not "more than one third"
        (4, 9, True, True),
        (3, 9, False, True),  # 002 §27: exactly one third is "one third or more"
        (2, 9, False, False),
        (0, 0, False, False),  # no valid votes: no flag
        (1, 3, True, False),
        (1, 3, False, True),
    ],
)
def test_a_8_one_third_of_valid_votes_in_integers(flag, valid, strict, expected):
    assert rules.is_flagged(flag, valid, 1, 3, strict) is expected


def test_a_8_tally_excludes_invalid_votes_from_the_base():
    result = rules.tally({INCOMPETENT: 3, COMPETENT: 5, "invalid": 2})
    assert (result.valid, result.invalid, result.flag_votes) == (8, 2, 3)


# ------------------------------------------------------------------ thresholds (database)


def test_a_8_exactly_one_third_strict_rule_set_is_not_flagged():
    team = make_team(members=2, voters=6, strict=True)
    subject = closed_with(team, [INCOMPETENT] * 3 + [COMPETENT] * 6)
    assert (subject.flag_votes, subject.valid_votes) == (3, 9)
    assert subject.is_flagged is False


def test_a_8_exactly_one_third_not_strict_rule_set_is_flagged():
    team = make_team(members=2, voters=6, strict=False)
    subject = closed_with(team, [INCOMPETENT] * 3 + [COMPETENT] * 6)
    assert subject.is_flagged is True


def test_a_8_one_more_than_a_third_strict_is_flagged():
    team = make_team(members=2, voters=6, strict=True)
    subject = closed_with(team, [INCOMPETENT] * 4 + [COMPETENT] * 5)
    assert subject.is_flagged is True


def test_a_8_invalid_votes_are_excluded_from_the_base():
    """3 incompetent of 8 valid (2 blank) is more than a third; of 10 ballots it would not be."""
    team = make_team(members=2, voters=7, strict=True)
    subject = closed_with(team, [INCOMPETENT] * 3 + [COMPETENT] * 5 + ["invalid"] * 2)
    assert (subject.valid_votes, subject.invalid_votes) == (8, 2)
    assert subject.is_flagged is True


def test_a_8_a_subject_left_blank_counts_as_invalid():
    team = make_team(members=1, voters=0)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    services.take_part(evaluation, person=team.secretary, acting_user=team.secretary.user, ratings={})
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    subject = subject_of(evaluation, team.members[0])
    assert (subject.valid_votes, subject.invalid_votes, subject.is_flagged) == (0, 1, False)


def test_a_8_poor_team_votes_flag_the_team():
    team = make_team(members=2, voters=0, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    team_subject = subject_of(evaluation, None)
    for person, grade in zip(team.rated, [TeamRating.POOR, TeamRating.POOR, TeamRating.GOOD], strict=True):
        services.take_part(evaluation, person=person, acting_user=person.user, ratings={team_subject.pk: grade})
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    team_subject.refresh_from_db()
    assert team_subject.tally == {TeamRating.POOR: 2, TeamRating.GOOD: 1}
    assert team_subject.is_flagged is True


def test_a_8_grades_of_the_other_kind_are_refused():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    with pytest.raises(ValidationError) as refused:
        services.take_part(
            evaluation,
            person=team.secretary,
            acting_user=team.secretary.user,
            ratings={subject_of(evaluation, None).pk: PersonRating.EXCELLENT},
        )
    assert services.MSG_CHOOSE_GRADE in refused.value.messages
    assert not EvaluationParticipation.objects.exists() and not Rating.objects.exists()


def test_a_8_flag_uses_the_rule_set_version_recorded_at_opening():
    team = make_team(members=2, voters=6, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    RuleSetVersion.objects.create(rule_set=team.committee.rule_set, number=2, evaluation_flag_strict=False)
    vote_all(evaluation, team.everyone[:9], [INCOMPETENT] * 3 + [COMPETENT] * 6, team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    assert subject_of(evaluation, team.members[0]).is_flagged is False  # version 1: strictly more


# ------------------------------------------------------------------ anonymity


def test_a_8_participation_records_that_someone_took_part_never_what_or_when():
    team = make_team(members=2, voters=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.everyone, [INCOMPETENT, COMPETENT, COMPETENT, COMPETENT], team.members[0])
    assert EvaluationParticipation.objects.filter(evaluation=evaluation).count() == 4
    assert {f.name for f in EvaluationParticipation._meta.get_fields()} == {"id", "evaluation", "person"}
    assert {f.name for f in Rating._meta.get_fields()} == {"id", "subject", "choice"}
    for model in (Rating, EvaluationParticipation, EvaluationSubject):
        assert not hasattr(model, "history")


def test_a_8_no_table_row_links_a_participant_to_a_rating(caplog):
    caplog.set_level(logging.DEBUG)
    team = make_team(members=2, voters=3)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.everyone, [INCOMPETENT] * 2 + [COMPETENT] * 4, team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [Rating._meta.db_table]
        )
        assert {row[0] for row in cursor.fetchall()} == {"id", "subject_id", "choice"}
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [EvaluationParticipation._meta.db_table],
        )
        assert {row[0] for row in cursor.fetchall()} == {"id", "evaluation_id", "person_id"}
        # no column anywhere refers to a rating or a participation
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND (column_name LIKE %s OR column_name LIKE %s)",
            ["%rating_id%", "%participation_id%"],
        )
        assert cursor.fetchall() == []
        # no history table of ratings, participations or subjects
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE %s "
            "AND (table_name LIKE %s OR table_name LIKE %s OR table_name LIKE %s)",
            ["%historical%", "%rating%", "%participation%", "%evaluationsubject%"],
        )
        assert cursor.fetchall() == []
        # after closing, every rating was rewritten in one transaction under new keys
        cursor.execute(
            f"SELECT count(DISTINCT r.xmin::text) FROM {Rating._meta.db_table} r "  # noqa: S608
            f"JOIN {EvaluationSubject._meta.db_table} s ON s.id = r.subject_id WHERE s.evaluation_id = %s",
            [evaluation.pk],
        )
        assert cursor.fetchone()[0] == 1
    # the evaluation's own history holds no voter and no grade
    for row in Evaluation.history.filter(id=evaluation.pk).values():
        assert not {"person", "choice", "rating"} & set(row)
    for record in caplog.records:
        message = record.getMessage()
        assert "'incompetent'" not in message and "'competent'" not in message


def test_a_8_closing_gives_the_ratings_new_keys():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [COMPETENT, COMPETENT], team.members[0])
    before = set(Rating.objects.values_list("pk", flat=True))
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    after = set(Rating.objects.values_list("pk", flat=True))
    assert len(after) == len(before) == 6 and not before & after  # 2 voters × (team + 2 members)


def test_a_8_ratings_are_cast_only_from_the_participants_session():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    with pytest.raises(RuleViolation) as refused:
        services.take_part(evaluation, person=team.members[0], acting_user=team.inspector.user, ratings={})
    assert refused.value.rule_id == "A-8"
    assert "A-8" in str(refused.value)


def test_a_8_a_participant_takes_part_once():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    services.take_part(evaluation, person=team.secretary, acting_user=team.secretary.user, ratings={})
    with pytest.raises(ValidationError) as refused:
        services.take_part(evaluation, person=team.secretary, acting_user=team.secretary.user, ratings={})
    assert services.MSG_ALREADY_TAKEN_PART in refused.value.messages
    assert Rating.objects.count() == 3  # one per subject (team, secretary, member), from the first ballot


def test_a_8_only_those_taking_part_may_rate():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    with pytest.raises(RuleViolation, match="A-8"):
        services.take_part(evaluation, person=team.outsider, acting_user=team.outsider.user, ratings={})


def test_a_9_the_committees_delegates_do_not_take_part_by_default():
    """003 述德述职述廉 四.2-3: the team and the cadres rate; a party-congress delegate observes (O-5)."""
    team = make_team(members=1, voters=1)
    delegate = holder(team.committee, Role.DELEGATE, "党代表")
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    assert set(evaluation.voters.all()) == {*team.rated, *team.voters, team.inspector}
    with pytest.raises(RuleViolation, match="A-8"):
        services.take_part(evaluation, person=delegate, acting_user=delegate.user, ratings={})


def test_a_8_no_results_while_open_and_none_after_closing_a_second_time():
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [INCOMPETENT, INCOMPETENT], team.members[0])
    subject = subject_of(evaluation, team.members[0])
    assert (subject.valid_votes, subject.tally, subject.is_flagged) == (None, {}, False)
    assert selectors.evaluation_results(team.committee, 2026) is None
    assert selectors.results_for(team.inspector.user, evaluation) == []
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    with pytest.raises(ValidationError) as refused:
        services.close_evaluation(evaluation, acting_user=team.inspector.user)
    assert services.MSG_ALREADY_CLOSED in refused.value.messages
    with pytest.raises(ValidationError) as refused:
        services.take_part(evaluation, person=team.inspector, acting_user=team.inspector.user, ratings={})
    assert services.MSG_EVALUATION_CLOSED in refused.value.messages


def test_a_8_admin_exposes_no_raw_ratings():
    for model in (Rating, EvaluationParticipation, EvaluationSubject):
        assert model not in admin.site._registry


# ------------------------------------------------------------------ who sees results


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("inspector", {"team", "member0", "member1", "secretary"}),
        ("member0", {"team", "member0"}),
        ("outsider", set()),
    ],
)
def test_a_8_results_are_shown_to_overseers_and_to_the_person_concerned(who, sees):
    team = make_team(members=2)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    evaluation = services.close_evaluation(evaluation, acting_user=team.inspector.user)
    people = {"inspector": team.inspector, "member0": team.members[0], "outsider": team.outsider}
    names = {None: "team", team.secretary.pk: "secretary", team.members[0].pk: "member0", team.members[1].pk: "member1"}
    shown = {names[s.person_id] for s in selectors.results_for(people[who].user, evaluation)}
    assert shown == sees


def test_a_8_parent_organisation_department_oversees_the_child():
    team = make_team(members=1)
    parent_staff = make_team().secretary
    team.committee.parent = RoleFactory(person=parent_staff, role=Role.ORGANIZATION_STAFF).committee
    team.committee.save()
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    assert evaluation in selectors.visible_evaluations(parent_staff.user)
    assert evaluation not in selectors.visible_evaluations(team.outsider.user)


def test_a_8_results_feed_the_democratic_life_meeting():
    team = make_team(members=2, voters=1, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.everyone, [INCOMPETENT, INCOMPETENT, COMPETENT, COMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    results = selectors.evaluation_results(team.committee, 2026)
    assert results.participants == 4
    assert results.team.grades[0][2] == 4  # all rated the team "good"
    assert [r.person for r in results.flagged] == [team.members[0]]
    assert selectors.evaluation_results(team.committee, 2025) is None


# ------------------------------------------------------------------ flag → inquiry, talk, feedback


def flagged_subject(team) -> EvaluationSubject:
    return closed_with(team, [INCOMPETENT, INCOMPETENT, COMPETENT])


def test_a_8_a_flag_leads_to_a_written_inquiry_in_one_step():
    team = make_team(members=2, strict=True)
    subject = flagged_subject(team)
    inquiry = services.inquire_on_flag(subject, acting_user=team.inspector.user)
    assert inquiry.person == team.members[0] and inquiry.outcome == InquiryOutcome.PENDING
    assert "2/3" in inquiry.letter or "2" in inquiry.letter
    subject.refresh_from_db()
    assert subject.inquiry == inquiry
    assert deadlines.for_subject(inquiry).filter(rule_id="A-7").exists()
    with pytest.raises(ValidationError) as refused:
        services.inquire_on_flag(subject, acting_user=team.inspector.user)
    assert services.MSG_INQUIRY_ALREADY_SENT in refused.value.messages


def test_a_8_an_unflagged_result_leads_to_no_inquiry():
    team = make_team(members=2, strict=True)
    subject = closed_with(team, [INCOMPETENT, COMPETENT, COMPETENT])
    with pytest.raises(RuleViolation) as refused:
        services.inquire_on_flag(subject, acting_user=team.inspector.user)
    assert refused.value.rule_id == "A-8"
    assert not LetterInquiry.objects.exists()


def test_a_8_problems_are_fed_back_with_an_engine_deadline():
    team = make_team(members=2, strict=True)
    subject = flagged_subject(team)
    services.feed_back_problems(
        subject, problems="工作作风不扎实", rectify_by=datetime.date(2027, 1, 31), acting_user=team.inspector.user
    )
    deadline = deadlines.for_subject(subject).get(rule_id="A-8")
    assert deadline.owner == team.members[0] and deadline.state == DeadlineState.OPEN
    services.report_correction(subject, report="已整改", acting_user=team.members[0].user)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET


def test_a_8_feedback_deadline_must_be_in_the_future():
    team = make_team(members=2, strict=True)
    subject = flagged_subject(team)
    with pytest.raises(ValidationError) as refused:
        services.feed_back_problems(
            subject, problems="问题", rectify_by=datetime.date(2026, 11, 25), acting_user=team.inspector.user
        )
    assert services.MSG_CORRECTION_AFTER_TODAY in refused.value.messages


# ------------------------------------------------------------------


def test_a_9_every_team_member_owes_a_year_end_report_with_a_deadline():
    team = make_team(members=2)
    reports = services.require_annual_reports(team.committee, 2026, acting_user=team.inspector.user)
    assert {r.person for r in reports} == set(team.rated)  # the inspector is not a team member
    for report in reports:
        deadline = deadlines.for_subject(report).get()
        assert deadline.rule_id == "A-9" and deadline.owner == report.person
        assert report.due_on == datetime.date(2026, 12, 31)


def test_a_9_requiring_twice_adds_nothing():
    team = make_team(members=2)
    services.require_annual_reports(team.committee, 2026, acting_user=team.inspector.user)
    services.require_annual_reports(team.committee, 2026, acting_user=team.inspector.user)
    assert AnnualReport.objects.count() == 3
    assert sum(deadlines.for_subject(r).count() for r in AnnualReport.objects.all()) == 3


def test_a_9_a_member_submits_their_own_report_and_meets_the_deadline():
    team = make_team(members=1)
    report = services.require_annual_reports(team.committee, 2026, acting_user=team.inspector.user)[0]
    other = next(p for p in team.rated if p != report.person)
    with pytest.raises(RuleViolation) as refused:
        services.submit_annual_report(report, text="述职", acting_user=other.user)
    assert refused.value.rule_id == "A-9"
    services.submit_annual_report(report, text="本年度述德述职述廉报告", acting_user=report.person.user)
    assert deadlines.for_subject(report).get().state == DeadlineState.MET


def test_a_9_the_reports_of_a_year_are_due_within_it():
    team = make_team(members=1)
    with pytest.raises(ValidationError) as refused:
        services.require_annual_reports(
            team.committee, 2026, due_on=datetime.date(2027, 1, 5), acting_user=system_user()
        )
    assert services.MSG_DUE_WITHIN_YEAR % {"year": 2026} in refused.value.messages
