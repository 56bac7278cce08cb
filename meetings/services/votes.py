"""Votes (M-V1..M-V6): open the vote on a discussed item, cast ballots (secret ballots sealed and
anonymous), close it and compute the outcome – a decision, a deferral or a failed motion."""

from __future__ import annotations

import datetime
import logging
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy, override

from committees.actors import acting, person_of
from committees.models import Person
from committees.phrases import stored
from committees.rules import RuleViolation
from meetings import ballot_seal, phrases, rules
from meetings.messages import MSG_MEETING_NOT_SESSION
from meetings.models import (
    AgendaCategory,
    AgendaItem,
    Ballot,
    ItemStatus,
    MeetingStatus,
    SecretBallot,
    SecretBallotCast,
    Vote,
    VoteChoice,
    VoteMethod,
    VoteOutcome,
    VoteStatus,
)
from meetings.selectors.attendance import members_due
from meetings.selectors.console import item_context, item_quorum
from meetings.selectors.votes import written_sides

from .agenda import follow_up_item
from .decisions import record_decision
from .locks import acting_at, lock_item
from .session import check_decidable

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


logger = logging.getLogger(__name__)


#: Refusals (user-facing; the .po files translate these msgids).
MSG_CHOOSE_VOTE_METHOD = gettext_lazy("Choose a vote method.")
MSG_VOTE_FOLLOWS_DISCUSSION_CLOSE_DISCUSSION_ITEM = gettext_lazy(
    "The vote follows the discussion: close the discussion of the item first."
)
MSG_ITEM_ALREADY_VOTED = gettext_lazy("This item has already been voted on.")
MSG_MATTERS_VOTED_ONE_ONE_CLOSE_VOTE = gettext_lazy(
    "Matters are voted on one by one: close the vote on “%(title)s” first."
)
MSG_NOT_A_DECISION_BODY_RECORD_RECOMMENDATION = gettext_lazy(
    "A %(kind)s is not a decision body: it records no binding decision on an important matter. "
    "Record a recommendation and forward it to the standing committee."
)
MSG_VOTE_CLOSED = gettext_lazy("The vote is closed.")
MSG_CHOOSE_YES_NO_ABSTAIN = gettext_lazy("Choose yes, no or abstain.")
MSG_VOTE_ALREADY_CLOSED = gettext_lazy("The vote is already closed.")
MSG_SECRET_BALLOT_CAST_VOTER_OWN_SESSION = gettext_lazy("A secret ballot is cast by the voter, from their own session.")
MSG_ALREADY_VOTED = gettext_lazy("%(person)s has already voted.")
MSG_SECRET_BALLOTS_CANNOT_OPENED_SERVER_BALLOT = gettext_lazy(
    "The secret ballots cannot be opened with the server's ballot key: it was changed while "
    "the vote was open. Restore the earlier key (or list it in DANGWEI_BALLOT_KEY_FALLBACKS), "
    "then close the vote."
)
MSG_YOU_ALREADY_VOTED = gettext_lazy("You have already voted.")
MSG_SECRET_BALLOTS_NOT_RECORDED_BY_NAME = gettext_lazy(
    "A secret ballot is never recorded by name: each member casts it from their own session, or the "
    "office enters the counts of the paper ballots (M-V6)."
)
MSG_BALLOT_CHANGED_MEANWHILE = gettext_lazy(
    "Recorded meanwhile by someone else as “%(current)s” – your “%(entered)s” was not saved. Check with the "
    "member and the other recorder."
)
MSG_COUNTS_ONLY_SHOW_OF_HANDS_OR_PAPER = gettext_lazy(
    "Counts are entered only for a show of hands or for the paper ballots of a secret ballot."
)
MSG_COUNTS_BESIDE_NAMED_BALLOTS = gettext_lazy(
    "%(count)s ballots were already recorded by name for this show of hands: close it without counts, "
    "the recorded ballots are counted."
)
MSG_PAPER_BESIDE_ELECTRONIC_BALLOTS = gettext_lazy(
    "%(count)s members have already cast their secret ballot electronically: paper ballot counts cannot be "
    "added to them (a member could be counted twice). Close the vote without counts, or ask the remaining "
    "members to cast their ballot from their own session (M-V6)."
)
MSG_COUNTS_EXCEED_VOTERS = gettext_lazy(
    "The counts add up to %(total)s, more than the %(eligible)s members who may vote (present when the vote "
    "opened, not recused; M-D3, M-D4)."
)
MSG_NO_INVALID_HANDS = gettext_lazy("A show of hands has no invalid ballots: enter 0.")
MSG_COUNT_NOT_NEGATIVE = gettext_lazy("Enter a number of 0 or more.")


#: The key of a refusal that concerns all the counts together (their sum, what they stand beside).
COUNTS = "counts"


@dataclass(frozen=True)
class BallotEntry:
    """One row of the named-ballot grid: the member, the choice entered (blank: not yet), and the
    choice the page showed when it was rendered (blank: none) – a different one now means the row
    is stale (someone else recorded it meanwhile)."""

    person: Person
    choice: str
    seen: str = ""


@dataclass(frozen=True)
class RecordedBallots:
    """What one submit of the named-ballot grid did: how many ballots it saved, and the rows it
    refused because someone else recorded them meanwhile (``{person id: message}``)."""

    saved: int
    refused: dict[int, str]


@dataclass(frozen=True)
class CountedBallots:
    """A show of hands counted by the office, or the counted paper ballots of a secret ballot
    (M-V6): numbers only, no names."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    invalid: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain + self.invalid


def _lock_vote(vote: Vote) -> Vote:
    vote = Vote.objects.select_for_update(of=("self",)).select_related("rule_set_version").get(pk=vote.pk)
    vote.item = AgendaItem.objects.select_related("meeting__committee", "meeting__rule_set_version").get(
        pk=vote.item_id
    )
    return vote


@transaction.atomic
def open_vote(
    item: AgendaItem,
    *,
    method: str | None = None,
    reason: str = "",
    is_emergency: bool | None = None,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> Vote:
    """Open the vote on an item whose discussion is closed.

    M-V1: one item at a time – refused while another vote of the meeting is open. The quorum is
    evaluated again now (M-Q6). M-V2: the method defaults from the category and may only become
    stricter, with a reason. M-V7: a secretary office meeting or the five-person group takes no
    binding decision on an important matter (it records a recommendation instead). Who is present
    and who is recused is fixed now: they are the only possible voters.
    """
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    meeting = item.meeting
    _refuse_unless_votable(item)
    due_ids, attendances, recused_ids = item_context(item)
    result = item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    default = rules.default_method(item.category)
    method = method or default
    if method not in VoteMethod.values:
        raise ValidationError({"method": MSG_CHOOSE_VOTE_METHOD})
    refusal = rules.method_change_refusal(item.category, method, reason)
    if refusal:
        raise RuleViolation("M-V2", refusal)
    present = sorted(rules.present_members(attendances, due_ids, at))
    vote = Vote(
        item=item,
        method=method,
        default_method=default,
        method_reason=reason.strip() if method != default else "",
        is_emergency=(item.category == AgendaCategory.EMERGENCY) if is_emergency is None else is_emergency,
        opened_at=at,
        opened_by=by,
        due=len(due_ids),
        present_ids=present,
        recused_ids=sorted(recused_ids & due_ids),
        rule_set_version=meeting.rule_set_version,
    )
    acting(vote, acting_user).save()
    return vote


def _refuse_unless_votable(item: AgendaItem) -> None:
    """The vote follows the closed discussion of an item of a meeting in session, once. M-V1:
    one vote of the meeting open at a time. M-V7: no binding vote at a body that does not decide
    the matter. M-N2, M-N3: only approved items, important ones only from the notified agenda."""
    meeting = item.meeting
    if meeting is None or meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(MSG_MEETING_NOT_SESSION)
    if item.status != ItemStatus.DISCUSSED:
        raise ValidationError(MSG_VOTE_FOLLOWS_DISCUSSION_CLOSE_DISCUSSION_ITEM)
    if Vote.objects.filter(item=item).exists():
        raise ValidationError(MSG_ITEM_ALREADY_VOTED)
    current = Vote.objects.filter(item__meeting=meeting, status=VoteStatus.OPEN).select_related("item").first()
    if current is not None:
        raise RuleViolation(
            "M-V1",
            MSG_MATTERS_VOTED_ONE_ONE_CLOSE_VOTE % {"title": current.item.title},
        )
    if not rules.may_decide(meeting.kind, item.category):
        raise RuleViolation(
            "M-V7",
            MSG_NOT_A_DECISION_BODY_RECORD_RECOMMENDATION % {"kind": meeting.get_kind_display()},
        )
    check_decidable(item)


@transaction.atomic
def cast_ballot(
    vote: Vote, *, person: Person, choice: str, acting_user: User, at: datetime.datetime | None = None
) -> None:
    """A member votes yes / no / abstain. Absent (M-D3), recused (M-D4) members and observers
    (O-5) cannot vote.

    Oral, show-of-hands and named votes: the recorder may record the member's choice; one
    ``Ballot`` per member, by name.

    Secret ballots (M-V6) – the threat model. The voter casts from their own session only
    (``acting_user`` must be the voter's login). One transaction writes two unrelated rows: ``SecretBallotCast``
    (*that* the member voted; unique per vote) and ``SecretBallot`` (a random UUID key, no voter,
    no timestamp, no simple-history, no admin change form) holding the choice only *sealed*:
    AES-GCM under a per-vote key derived from ``DANGWEI_BALLOT_KEY`` (or ``SECRET_KEY``), which
    the database never holds; every sealed choice has the same length and a fresh nonce
    (``ballot_seal``). So while the vote is open, whoever reads the database – tables, system
    columns ``xmin``/``ctid``, a ``pg_dump``, a backup, the WAL – can still pair a ballot row with
    its "has voted" row, but the pair yields only ciphertext; no count exists anywhere. Nothing
    logs the choice, no Celery task carries it, and URLs never contain it (it is POSTed).
    ``close_vote`` unseals and tallies in one transaction, rewriting the ballots in plain text, in
    random order, under new keys (one ``xmin``, a random physical order), then vacuums the table
    after commit so the sealed rows in casting order are gone too.

    Out of scope: someone holding *both* the database (or a copy of it taken while the vote is
    open, or its WAL or data files) *and* the ballot key – the application server's environment –
    can unseal and pair; a live attacker on the application server sees choices as they arrive;
    an older transaction still running at close keeps VACUUM from removing the sealed rows until
    the next vacuum; someone looking over the voter's shoulder.
    """
    by = person_of(acting_user)
    at = acting_at(at)
    vote = _lock_vote(vote)
    if not vote.is_open:
        raise ValidationError(MSG_VOTE_CLOSED)
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": MSG_CHOOSE_YES_NO_ABSTAIN})
    _refuse_unless_may_vote(vote, person, {a.person_id for a in members_due(vote.item.meeting)})
    if vote.is_secret:
        if by is None or by.pk != person.pk:
            raise RuleViolation("M-V6", str(MSG_SECRET_BALLOT_CAST_VOTER_OWN_SESSION))
        try:
            with transaction.atomic():
                SecretBallotCast.objects.create(vote=vote, person=person)
        except IntegrityError:
            raise ValidationError(MSG_YOU_ALREADY_VOTED)
        SecretBallot.objects.create(vote=vote, sealed_choice=ballot_seal.seal(vote.pk, choice))
        return
    try:
        with transaction.atomic():
            ballot = Ballot(vote=vote, person=person, choice=choice, cast_at=at, recorded_by=by)
            acting(ballot, acting_user).save()
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_VOTED % {"person": person})


def _refuse_unless_may_vote(vote: Vote, person: Person, due_ids: set[int]) -> None:
    """M-D3, M-D4, O-5: only a member due, present when the vote opened and not recused votes."""
    refusal = rules.may_vote_refusal(
        person.pk, due_ids=due_ids, present_ids=set(vote.present_ids), recused_ids=set(vote.recused_ids)
    )
    if refusal:
        raise RuleViolation(*refusal)


@transaction.atomic
def record_ballots(
    vote: Vote,
    entries: Iterable[BallotEntry],
    *,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> RecordedBallots:
    """The recorder enters the ballots of an oral or named vote from one grid, in one transaction,
    with ``cast_ballot``'s checks: the vote is open, each choice is yes / no / abstain, each member
    may vote (M-D3, M-D4, O-5) – any of these refuses the whole grid, nothing is saved. Never a
    secret ballot (M-V6).

    Two people at the same vote: a row whose ballot changed since the page showed it (``seen``) is
    refused for that row, never overwritten – recorded ballots are final. Blank rows are left for
    later; an unchanged row is skipped.
    """
    by = person_of(acting_user)
    at = acting_at(at)
    entries = [e for e in entries if e.choice or e.seen]
    vote = _lock_vote(vote)
    if not vote.is_open:
        raise ValidationError(MSG_VOTE_CLOSED)
    if vote.is_secret:
        raise RuleViolation("M-V6", str(MSG_SECRET_BALLOTS_NOT_RECORDED_BY_NAME))
    due_ids = {a.person_id for a in members_due(vote.item.meeting)}
    for entry in entries:
        if entry.choice and entry.choice not in VoteChoice.values:
            raise ValidationError({"choice": MSG_CHOOSE_YES_NO_ABSTAIN})
        if entry.choice:
            _refuse_unless_may_vote(vote, entry.person, due_ids)
    # The vote row is locked: no ballot of this vote is written by anyone else until we commit.
    current = dict(
        Ballot.objects.filter(vote=vote, person__in=[e.person for e in entries]).values_list("person_id", "choice")
    )
    labels = dict(VoteChoice.choices)
    refused: dict[int, str] = {}
    saved = 0
    for entry in entries:
        now = current.get(entry.person.pk, "")
        if now != entry.seen:
            if now != entry.choice:
                refused[entry.person.pk] = str(
                    MSG_BALLOT_CHANGED_MEANWHILE
                    % {"current": labels.get(now, "–"), "entered": labels.get(entry.choice, "–")}
                )
            continue
        if now or not entry.choice:
            continue  # already recorded (ballots are final), or left blank
        ballot = Ballot(vote=vote, person=entry.person, choice=entry.choice, cast_at=at, recorded_by=by)
        acting(ballot, acting_user).save()
        saved += 1
    return RecordedBallots(saved=saved, refused=refused)


def check_counts(vote: Vote, counted: CountedBallots) -> None:
    """The counts of a show of hands or of paper secret ballots are possible: none negative, an
    invalid ballot only on paper, no more than the members who may vote (present when the vote
    opened, not recused: M-D3, M-D4), and never beside ballots already recorded – by name for a
    show of hands, electronically for a secret ballot (a member would be counted twice). Raises
    ``ValidationError`` with the message on the count it concerns, or on ``COUNTS`` (all of them)."""
    if vote.method not in (VoteMethod.SHOW_OF_HANDS, VoteMethod.SECRET):
        raise ValidationError({COUNTS: MSG_COUNTS_ONLY_SHOW_OF_HANDS_OR_PAPER})
    errors = {
        name: MSG_COUNT_NOT_NEGATIVE for name in ("yes", "no", "abstain", "invalid") if getattr(counted, name) < 0
    }
    if counted.invalid and not vote.is_secret:
        errors.setdefault("invalid", MSG_NO_INVALID_HANDS)
    if errors:
        raise ValidationError(errors)
    eligible = len(set(vote.present_ids) - set(vote.recused_ids))
    if counted.total > eligible:
        raise ValidationError({COUNTS: MSG_COUNTS_EXCEED_VOTERS % {"total": counted.total, "eligible": eligible}})
    if vote.is_secret:
        cast = vote.secret_casts.count()
        if cast:
            raise ValidationError({COUNTS: MSG_PAPER_BESIDE_ELECTRONIC_BALLOTS % {"count": cast}})
    else:
        recorded = vote.ballots.count()
        if recorded:
            raise ValidationError({COUNTS: MSG_COUNTS_BESIDE_NAMED_BALLOTS % {"count": recorded}})


#: Shuffles the ballots of a closing secret vote (tests replace it to check the rewrite's order).
_ballot_order = secrets.SystemRandom()


def _unseal_secret_ballots(vote: Vote) -> dict[str, int]:
    """M-V6: unseal the ballots of a closing vote, count them, and write them back in plain text
    in random order under new keys – in the closing transaction, so every row has its ``xmin``
    and none keeps the casting order. The sealed rows are vacuumed once it commits."""
    sealed = SecretBallot.objects.filter(vote=vote).values_list("sealed_choice", flat=True)
    try:
        choices = [ballot_seal.unseal(vote.pk, s) for s in sealed]
    except ballot_seal.UnreadableBallot:
        logger.error("M-V6: the ballot key does not open the secret ballots of vote %s", vote.pk)
        raise ValidationError(MSG_SECRET_BALLOTS_CANNOT_OPENED_SERVER_BALLOT)
    # Not an archive deletion (M-M5): the same ballots are written back at once, shuffled.
    SecretBallot.objects.filter(vote=vote)._raw_delete(SecretBallot.objects.db)
    _ballot_order.shuffle(choices)
    SecretBallot.objects.bulk_create([SecretBallot(vote=vote, choice=c) for c in choices])
    transaction.on_commit(_vacuum_secret_ballots, using=SecretBallot.objects.db, robust=True)
    return dict(Counter(choices))


def _vacuum_secret_ballots() -> None:
    """M-V6: remove the sealed rows a close left behind (dead tuples, still in casting order).
    VACUUM runs outside any transaction: after the closing commit. Where the commit hooks run
    inside an outer transaction (a test's ``django_capture_on_commit_callbacks``), or on a
    database other than PostgreSQL (the SQLite demo), it is left to the next vacuum."""
    connection = connections[SecretBallot.objects.db]
    if connection.vendor != "postgresql" or connection.in_atomic_block or not connection.get_autocommit():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (INDEX_CLEANUP ON) {connection.ops.quote_name(SecretBallot._meta.db_table)}")


@transaction.atomic
def close_vote(
    vote: Vote,
    *,
    acting_user: User,
    at: datetime.datetime | None = None,
    resolution: str = "",
    basis: str = "",
    responsible: Iterable[Person] = (),
    supervision: str = "",
    refer_upward: bool = False,
    referral_note: str = "",
    counted: CountedBallots | None = None,
) -> Vote:
    """Close the vote and compute its outcome (M-V4, M-V5). Passed: a ``Decision`` is recorded
    (M-V8; re-deliberation supersedes the earlier decision, M-V9). Close: deferred to a later
    meeting with a follow-up item in the pool, unless an emergency. Asking the higher level to
    rule is recorded with the vote.

    ``counted``: a show of hands counted in the room, or the paper ballots of a secret ballot
    counted by the office (M-V6: numbers only) – instead of ballots recorded one by one; refused
    beside such ballots and when impossible (``check_counts``). Invalid paper ballots count as
    not voted, and the arithmetic says how many there were."""
    by = person_of(acting_user)
    at = acting_at(at)
    vote = _lock_vote(vote)
    if not vote.is_open:
        raise ValidationError(MSG_VOTE_ALREADY_CLOSED)
    item = vote.item
    if counted is not None:
        check_counts(vote, counted)
    outcome = _tally(vote, counted)
    vote.status = VoteStatus.CLOSED
    vote.closed_at, vote.closed_by = at, by
    vote.yes, vote.no, vote.abstain, vote.not_voted = outcome.yes, outcome.no, outcome.abstain, outcome.not_voted
    vote.written_for, vote.written_against = outcome.written_for, outcome.written_against
    vote.outcome, vote.rule_id, vote.arithmetic = outcome.outcome, outcome.rule_id, outcome.arithmetic
    if counted is not None and counted.invalid:
        vote.arithmetic = stored(phrases.WITH_INVALID_BALLOTS, words=outcome.arithmetic, invalid=counted.invalid)
    vote.referred_upward, vote.referral_note = refer_upward, referral_note.strip()
    acting(vote, acting_user).save()
    if outcome.is_deferred:
        item.status = ItemStatus.DEFERRED
        with override(settings.LANGUAGE_CODE):  # M-V5's reason, in the record's language
            item.deferred_reason = str(VoteOutcome.DEFERRED.label)
        acting(item, acting_user).save(update_fields=["status", "deferred_reason"])
        follow_up_item(item, acting_user=acting_user)
    elif outcome.is_passed:
        record_decision(
            item,
            vote=vote,
            resolution=resolution or item.title,
            basis=basis,
            responsible=responsible,
            supervision=supervision,
            is_emergency_majority=outcome.is_emergency_majority,
            at=at,
            acting_user=acting_user,
        )
    return vote


def _tally(vote: Vote, counted: CountedBallots | None = None) -> rules.Outcome:
    """M-V4, M-V5: count the ballots – a secret ballot's unsealed now (M-V6), or the counts the
    office entered – and the written opinions of absent members on each side (M-D3), and compute
    the outcome."""
    if counted is not None:
        counts = {VoteChoice.YES: counted.yes, VoteChoice.NO: counted.no, VoteChoice.ABSTAIN: counted.abstain}
    elif vote.is_secret:
        counts = _unseal_secret_ballots(vote)
    else:
        counts = dict(
            Ballot.objects.filter(vote=vote).values_list("choice").annotate(n=Count("pk")).values_list("choice", "n")
        )
    written_for, written_against = written_sides(vote.item, set(vote.present_ids))
    return rules.tally(
        due=vote.due,
        present=len(vote.present_ids),
        recused=len(set(vote.recused_ids) & set(vote.present_ids)),
        yes=counts.get(VoteChoice.YES, 0),
        no=counts.get(VoteChoice.NO, 0),
        abstain=counts.get(VoteChoice.ABSTAIN, 0),
        written_for=written_for,
        written_against=written_against,
        version=vote.rule_set_version,
        is_emergency=vote.is_emergency,
    )
