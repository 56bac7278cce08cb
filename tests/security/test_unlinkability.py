"""M-V6 (secret ballots) and A-8 (democratic evaluation): nothing links a participant to a choice –
not the tables, not the history, not the API, not the admin. The checks are generic
(``unlinkability.py``): apply them to any new anonymous model with its participation model."""

from __future__ import annotations

import pytest

from meetings import services as meeting_services
from meetings.models import AgendaCategory, SecretBallot, SecretBallotCast, VoteChoice, VoteMethod
from supervision.evaluation import services as evaluation_services
from supervision.evaluation.models import EvaluationParticipation, PersonRating, Rating, TeamRating
from tests.meetings.factories import discussed
from tests.meetings.factories import make_team as make_meeting_team
from tests.supervision.evaluation.factories import make_team as make_evaluation_team

from .unlinkability import (
    assert_rewritten_together,
    footprint_problems,
    schema_problems,
    write_footprint,
    xmin_links,
)

pytestmark = pytest.mark.django_db
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_secret_ballot():
    team = make_meeting_team(9)
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = meeting_services.open_vote(item)
    assert vote.method == VoteMethod.SECRET
    return team, vote


def cast_all(team, vote):
    choices = [VoteChoice.YES] * 6 + [VoteChoice.NO] * 2 + [VoteChoice.ABSTAIN]
    for person, choice in zip(team.everyone, choices, strict=True):
        meeting_services.cast_ballot(vote, person=person, choice=choice, by=person)


def open_evaluation():
    team = make_evaluation_team(members=2, voters=2)
    evaluation = evaluation_services.open_evaluation(team.committee, 2026, by=team.inspector)
    return team, evaluation


def ratings_for(evaluation):
    return {s.pk: TeamRating.GOOD if s.is_team else PersonRating.COMPETENT for s in evaluation.subjects.all()}


# ------------------------------------------------------------------------------- M-V6 ballots


def test_m_v6_no_table_history_api_or_admin_links_a_voter_to_a_secret_ballot():
    assert schema_problems(SecretBallot, SecretBallotCast) == []


def test_m_v6_one_cast_writes_one_anonymous_ballot_and_one_has_voted_row_and_nothing_else():
    team, vote = open_secret_ballot()
    member = team.members[0]
    footprint = write_footprint(
        lambda: meeting_services.cast_ballot(vote, person=member, choice=VoteChoice.NO, by=member)
    )
    assert footprint_problems(footprint, SecretBallot, SecretBallotCast) == []


def test_m_v6_the_api_shows_no_choice_next_to_a_person(client):
    from tests.factories import UserFactory

    team, vote = open_secret_ballot()
    cast_all(team, vote)
    meeting_services.close_vote(vote)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (f"/api/votes/{vote.pk}/", f"/api/votes/?item={vote.item_id}", f"/meetings/votes/{vote.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/json"):
            assert _pairs_person_and_choice(response.json()) == [], url
    admin_page = client.get("/admin/meetings/secretballotcast/")
    assert admin_page.status_code in (200, 404)
    if admin_page.status_code == 200:
        for choice in VoteChoice:
            assert f">{choice.label}<" not in admin_page.content.decode()


def _pairs_person_and_choice(data, path="$") -> list[str]:
    """JSON objects holding a voter and a choice together."""
    found = []
    if isinstance(data, dict):
        keys = set(data)
        if {"choice"} & keys and {"person", "voter", "member", "person_name", "name"} & keys:
            found.append(path)
        for key, value in data.items():
            found += _pairs_person_and_choice(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _pairs_person_and_choice(value, f"{path}[{index}]")
    return found


@transactional
def test_m_v6_closing_rewrites_every_ballot_together_under_new_keys():
    team, vote = open_secret_ballot()
    cast_all(team, vote)
    before = set(SecretBallot.objects.filter(vote=vote).values_list("pk", flat=True))
    meeting_services.close_vote(vote)
    ballots = SecretBallot.objects.filter(vote=vote)
    assert_rewritten_together(ballots)
    assert not before & set(ballots.values_list("pk", flat=True))


@transactional
def test_m_v6_system_columns_link_no_ballot_to_a_voter_once_the_vote_is_closed():
    """While the vote is open, someone reading PostgreSQL's system columns directly may pair a
    ballot with its "has voted" row (documented out of scope in ``cast_ballot``). Once the vote
    closes the link must be gone: one transaction id for every ballot, new keys."""
    team, vote = open_secret_ballot()
    cast_all(team, vote)
    meeting_services.close_vote(vote)
    assert_rewritten_together(SecretBallot.objects.filter(vote=vote))


# --------------------------------------------------------------------------- A-8 evaluation


def test_a_8_no_table_history_api_or_admin_links_a_participant_to_a_rating():
    assert schema_problems(Rating, EvaluationParticipation) == []


def test_a_8_taking_part_writes_one_participation_and_the_anonymous_ratings_and_nothing_else():
    team, evaluation = open_evaluation()
    person = team.voters[0]
    ratings = ratings_for(evaluation)
    footprint = write_footprint(
        lambda: evaluation_services.take_part(evaluation, person=person, by=person, ratings=ratings)
    )
    assert footprint_problems(footprint, Rating, EvaluationParticipation, rows=len(ratings)) == []


@transactional
def test_a_8_closing_rewrites_every_rating_together_under_new_keys():
    team, evaluation = open_evaluation()
    for person in team.everyone:
        evaluation_services.take_part(evaluation, person=person, by=person, ratings=ratings_for(evaluation))
    before = set(Rating.objects.filter(subject__evaluation=evaluation).values_list("pk", flat=True))
    evaluation_services.close_evaluation(evaluation, by=team.inspector)
    ratings = Rating.objects.filter(subject__evaluation=evaluation)
    assert_rewritten_together(ratings)
    assert not before & set(ratings.values_list("pk", flat=True))


@transactional
def test_a_8_system_columns_link_ratings_to_participants_only_while_open():
    team, evaluation = open_evaluation()
    for person in team.everyone:
        evaluation_services.take_part(evaluation, person=person, by=person, ratings=ratings_for(evaluation))
    participations = EvaluationParticipation.objects.filter(evaluation=evaluation)
    assert xmin_links(Rating.objects.filter(subject__evaluation=evaluation), participations) > 0
    evaluation_services.close_evaluation(evaluation, by=team.inspector)
    assert_rewritten_together(Rating.objects.filter(subject__evaluation=evaluation))
