"""Votes (M-V1..M-V6): the visible votes, who may still vote, and counts – never a partial count
of a secret ballot."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from committees.models import Person
from committees.selectors import in_visible_committees
from meetings.models import (
    AgendaItem,
    Ballot,
    StanceChoice,
    Vote,
    VoteChoice,
    VoteMethod,
)

from .access import confidential_committee_ids


def visible_votes(user) -> QuerySet[Vote]:
    """Votes of the visible committees; those on confidential items (personnel) only for the
    leadership team and the meeting managers (M-M3, M-M7)."""
    votes = Vote.objects.filter(in_visible_committees(user, "item__committee")).select_related(
        "item__meeting__committee", "rule_set_version"
    )
    allowed = confidential_committee_ids(user)
    if allowed is None:
        return votes
    return votes.filter(Q(item__is_confidential=False) | Q(item__committee__in=sorted(allowed)))


def live_counts(vote: Vote) -> dict[str, int] | None:
    """Live counts while an oral / show-of-hands / named vote is open. None for secret ballots:
    no partial tally of a secret ballot is visible to anyone before the vote closes (M-V6);
    only the number of members who have voted."""
    if vote.is_secret:
        return None
    counts = dict(vote.ballots.order_by().values("choice").annotate(n=Count("pk")).values_list("choice", "n"))
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}


def voted_count(vote: Vote) -> int:
    if vote.is_secret:
        return vote.secret_casts.count()
    return vote.ballots.count()


def has_voted(vote: Vote, person: Person | None) -> bool:
    if person is None:
        return False
    if vote.is_secret:
        return vote.secret_casts.filter(person=person).exists()
    return vote.ballots.filter(person=person).exists()


def written_sides(item: AgendaItem, present_ids: set[int]) -> tuple[int, int]:
    """M-D3, M-V5: written opinions of absent members on each side (agree / disagree)."""
    positions = [
        p for person_id, p in item.written_opinions.values_list("person_id", "position") if person_id not in present_ids
    ]
    return positions.count(StanceChoice.AGREE), positions.count(StanceChoice.DISAGREE)


def vote_members(vote: Vote) -> QuerySet[Person]:
    """Members who may vote: present when the vote opened, not recused."""
    ids = set(vote.present_ids) - set(vote.recused_ids)
    return Person.objects.filter(pk__in=ids).order_by("name")


def ballot_rows(vote: Vote) -> list[tuple[Person, Ballot | None]]:
    """The named-ballot grid: every member who may vote (present when the vote opened, not
    recused), with the ballot already recorded for them. Never for a secret ballot (M-V6)."""
    if vote.is_secret:
        return []
    ballots = {b.person_id: b for b in vote.ballots.select_related("recorded_by")}
    return [(person, ballots.get(person.pk)) for person in vote_members(vote)]


def may_enter_counts(vote: Vote) -> bool:
    """Counts instead of ballots one by one: a show of hands with no ballot recorded by name, or
    the paper ballots of a secret ballot that nobody has cast electronically (M-V6)."""
    if not vote.is_open:
        return False
    if vote.method == VoteMethod.SHOW_OF_HANDS:
        return not vote.ballots.exists()
    return vote.is_secret and not vote.secret_casts.exists()
