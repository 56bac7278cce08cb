"""M-V6 (secret ballots) and A-8 (democratic evaluation): nothing links a participant to a choice –
not the tables, not the history, not the API, not the admin. The checks are generic
(``unlinkability.py``): apply them to any new anonymous model with its participation model."""

from __future__ import annotations

import secrets

import pytest
from django.db import transaction

from committees.actors import system_user
from meetings.models import AgendaCategory, SecretBallot, SecretBallotCast, Vote, VoteChoice, VoteMethod
from meetings.services import votes
from meetings.services.votes import cast_ballot, close_vote, open_vote
from supervision.evaluation import services as evaluation_services
from supervision.evaluation.models import EvaluationParticipation, PersonRating, Rating, TeamRating
from tests.meetings.factories import discussed, login_of
from tests.meetings.factories import make_team as make_meeting_team
from tests.supervision.evaluation.factories import make_team as make_evaluation_team

from .unlinkability import (
    assert_rewritten_together,
    dead_tuples,
    dumped_rows,
    footprint_problems,
    pg_dump_data,
    rows_with_system_columns,
    schema_problems,
    write_footprint,
    xmin_links,
)

pytestmark = pytest.mark.django_db
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_secret_ballot():
    team = make_meeting_team(9)
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = open_vote(item, acting_user=system_user())
    assert vote.method == VoteMethod.SECRET
    return team, vote


def cast_all(team, vote):
    choices = [VoteChoice.YES] * 6 + [VoteChoice.NO] * 2 + [VoteChoice.ABSTAIN]
    for person, choice in zip(team.everyone, choices, strict=True):
        cast_ballot(vote, person=person, choice=choice, acting_user=login_of(person))


def open_evaluation():
    team = make_evaluation_team(members=2, voters=2)
    evaluation = evaluation_services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    return team, evaluation


def ratings_for(evaluation):
    return {s.pk: TeamRating.GOOD if s.is_team else PersonRating.COMPETENT for s in evaluation.subjects.all()}


# ------------------------------------------------------------------------------- M-V6 ballots


def test_m_v6_no_table_history_api_or_admin_links_a_voter_to_a_secret_ballot():
    assert schema_problems(SecretBallot, SecretBallotCast) == []


def test_m_v6_one_cast_writes_one_anonymous_ballot_and_one_has_voted_row_and_nothing_else():
    team, vote = open_secret_ballot()
    member = team.members[0]
    login = login_of(member)
    footprint = write_footprint(lambda: cast_ballot(vote, person=member, choice=VoteChoice.NO, acting_user=login))
    assert footprint_problems(footprint, SecretBallot, SecretBallotCast) == []


def test_m_v6_the_api_shows_no_choice_next_to_a_person(client):
    from tests.factories import UserFactory

    team, vote = open_secret_ballot()
    cast_all(team, vote)
    close_vote(vote, acting_user=system_user())
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
    close_vote(vote, acting_user=system_user())
    ballots = SecretBallot.objects.filter(vote=vote)
    assert_rewritten_together(ballots)
    assert not before & set(ballots.values_list("pk", flat=True))


@transactional
def test_m_v6_system_columns_link_no_ballot_to_a_voter_once_the_vote_is_closed():
    """While the vote is open, someone reading PostgreSQL's system columns directly may pair a
    ballot with its "has voted" row – but only with a sealed choice (the dump test below). Once
    the vote closes the pairing itself must be gone: one transaction id for every ballot, new keys."""
    team, vote = open_secret_ballot()
    cast_all(team, vote)
    close_vote(vote, acting_user=system_user())
    assert_rewritten_together(SecretBallot.objects.filter(vote=vote))


CAST_ORDER = [VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN]


def _cast_three(team, vote):
    for person, choice in zip(team.everyone[: len(CAST_ORDER)], CAST_ORDER, strict=True):
        cast_ballot(vote, person=person, choice=choice, acting_user=login_of(person))


def _holds_a_choice(text: str) -> bool:
    """Hex (ciphertext, UUIDs) and numbers never spell a choice: none of them has these letters."""
    return any(choice in text for choice in VoteChoice.values)


@transactional
def test_m_v6_a_dump_taken_while_the_vote_is_open_pairs_voters_with_ciphertext_only():
    team, vote = open_secret_ballot()
    _cast_three(team, vote)
    ballots = rows_with_system_columns(SecretBallot, vote_id=vote.pk)
    casts = rows_with_system_columns(SecretBallotCast, vote_id=vote.pk)
    assert len(ballots) == len(casts) == 3
    # The link the review found is still there: each ballot row was written next to its
    # "has voted" row (transaction ids) and in the same order (physical order, ids) …
    assert xmin_links(SecretBallot.objects.filter(vote=vote), SecretBallotCast.objects.filter(vote=vote)) == 3
    # … but whichever way a voter is paired with a ballot row, the row holds only ciphertext:
    # no plain choice, one length for all, no two alike, the padded choice nowhere in it.
    sealed = [bytes(ballot["sealed_choice"]) for ballot in ballots]
    assert {ballot["choice"] for ballot in ballots} == {""}
    assert len({len(s) for s in sealed}) == 1 and len(set(sealed)) == 3
    assert not any(c.encode().ljust(16, b"\0") in s for s in sealed for c in VoteChoice.values)
    for order in ("xmin", "ctid", "id"):
        for cast, ballot in zip(
            sorted(casts, key=lambda row: row[order]),
            sorted(ballots, key=lambda row: row["ctid" if order == "id" else order]),
            strict=True,
        ):
            assert set(cast) == {"xmin", "ctid", "id", "vote_id", "person_id"}
            assert ballot["choice"] == "" and bytes(ballot["sealed_choice"]) in sealed
    # No count exists: not on the vote, not in its history.
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted) == (None, None, None, None)
    assert not vote.history.exclude(yes=None, no=None, abstain=None).exists()
    # A backup taken now holds the same and no more.
    dump = pg_dump_data()
    dumped_ballots = [row for row in dumped_rows(dump, SecretBallot) if row["vote_id"] == str(vote.pk)]
    assert len(dumped_ballots) == 3
    assert {row["choice"] for row in dumped_ballots} == {""}
    assert len({len(row["sealed_choice"]) for row in dumped_ballots}) == 1
    assert len({row["sealed_choice"] for row in dumped_ballots}) == 3
    assert not any(_holds_a_choice("\t".join(row.values())) for row in dumped_ballots)
    dumped_casts = [row for row in dumped_rows(dump, SecretBallotCast) if row["vote_id"] == str(vote.pk)]
    assert len(dumped_casts) == 3 and {frozenset(row) for row in dumped_casts} == {
        frozenset({"id", "vote_id", "person_id"})
    }
    for model in (Vote, Vote.history.model):
        for row in dumped_rows(dump, model):
            if row["id"] == str(vote.pk):
                assert (row["yes"], row["no"], row["abstain"]) == ("\\N", "\\N", "\\N")


@transactional
def test_m_v6_closing_unseals_tallies_and_rewrites_in_shuffled_order_leaving_no_dead_rows(monkeypatch):
    team, vote = open_secret_ballot()
    _cast_three(team, vote)
    sealed_ids = set(SecretBallot.objects.filter(vote=vote).values_list("pk", flat=True))
    assert isinstance(votes._ballot_order, secrets.SystemRandom)
    # The shuffle decides the physical order of the rewritten rows: reversed here, so we can see it.
    monkeypatch.setattr(votes._ballot_order, "shuffle", lambda choices: choices.reverse())
    vote = close_vote(vote, acting_user=system_user())
    assert (vote.yes, vote.no, vote.abstain) == (1, 1, 1)
    ballots = rows_with_system_columns(SecretBallot, vote_id=vote.pk)
    assert [ballot["choice"] for ballot in ballots] == list(reversed(CAST_ORDER))
    assert {ballot["sealed_choice"] for ballot in ballots} == {None}
    assert len({ballot["xmin"] for ballot in ballots}) == 1
    assert not sealed_ids & {ballot["id"] for ballot in ballots}
    # VACUUM ran after the commit: the sealed rows, in casting order, are gone from the pages.
    assert dead_tuples(SecretBallot) == 0


@transactional
def test_m_v6_a_close_inside_an_outer_transaction_vacuums_after_the_outer_commit():
    team, vote = open_secret_ballot()
    _cast_three(team, vote)
    with transaction.atomic():
        close_vote(vote, acting_user=system_user())
        assert dead_tuples(SecretBallot) == 3
    assert dead_tuples(SecretBallot) == 0


def test_m_v6_commit_hooks_run_inside_the_test_transaction_leave_the_vacuum_for_later(
    django_capture_on_commit_callbacks,
):
    team, vote = open_secret_ballot()
    _cast_three(team, vote)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        vote = close_vote(vote, acting_user=system_user())
    assert len(callbacks) == 1
    assert (vote.yes, vote.no, vote.abstain) == (1, 1, 1)


# --------------------------------------------------------------------------- A-8 evaluation


def test_a_8_no_table_history_api_or_admin_links_a_participant_to_a_rating():
    assert schema_problems(Rating, EvaluationParticipation) == []


def test_a_8_taking_part_writes_one_participation_and_the_anonymous_ratings_and_nothing_else():
    team, evaluation = open_evaluation()
    person = team.voters[0]
    ratings = ratings_for(evaluation)
    footprint = write_footprint(
        lambda: evaluation_services.take_part(evaluation, person=person, acting_user=person.user, ratings=ratings)
    )
    assert footprint_problems(footprint, Rating, EvaluationParticipation, rows=len(ratings)) == []


@transactional
def test_a_8_closing_rewrites_every_rating_together_under_new_keys():
    team, evaluation = open_evaluation()
    for person in team.everyone:
        evaluation_services.take_part(
            evaluation, person=person, acting_user=person.user, ratings=ratings_for(evaluation)
        )
    before = set(Rating.objects.filter(subject__evaluation=evaluation).values_list("pk", flat=True))
    evaluation_services.close_evaluation(evaluation, acting_user=team.inspector.user)
    ratings = Rating.objects.filter(subject__evaluation=evaluation)
    assert_rewritten_together(ratings)
    assert not before & set(ratings.values_list("pk", flat=True))


@transactional
def test_a_8_system_columns_link_ratings_to_participants_only_while_open():
    team, evaluation = open_evaluation()
    for person in team.everyone:
        evaluation_services.take_part(
            evaluation, person=person, acting_user=person.user, ratings=ratings_for(evaluation)
        )
    participations = EvaluationParticipation.objects.filter(evaluation=evaluation)
    assert xmin_links(Rating.objects.filter(subject__evaluation=evaluation), participations) > 0
    evaluation_services.close_evaluation(evaluation, acting_user=team.inspector.user)
    assert_rewritten_together(Rating.objects.filter(subject__evaluation=evaluation))
