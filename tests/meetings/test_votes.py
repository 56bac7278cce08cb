"""Votes and decisions through the services: one by one (M-V1), methods (M-V2, M-V3), the tally
(M-V4), deferral (M-V5), secret ballots (M-V6), non-decision bodies (M-V7), reservations (M-V8),
re-deliberation (M-V9), invalid decisions (M-V10), never deleted (M-M5)."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from committees.actors import system_user
from committees.rules import RuleViolation
from meetings import ballot_seal
from meetings.messages import MSG_MEETING_NOT_SESSION
from meetings.models import (
    AgendaCategory,
    Ballot,
    Decision,
    DecisionKind,
    DecisionStatus,
    ItemStatus,
    MeetingKind,
    SecretBallot,
    SecretBallotCast,
    StanceChoice,
    Vote,
    VoteChoice,
    VoteOutcome,
)
from meetings.services.agenda import approve_item
from meetings.services.attendance import mark_left
from meetings.services.decisions import (
    MSG_SAY_WHY_DECISION_INVALID,
    add_reservation,
    decide_by_consensus,
    invalidate_decision,
    publish_decision,
    record_recommendation,
    table_redeliberation,
)
from meetings.services.session import close_discussion, record_stance, take_up_item
from meetings.services.votes import (
    MSG_SECRET_BALLOTS_CANNOT_OPENED_SERVER_BALLOT,
    MSG_YOU_ALREADY_VOTED,
    cast_ballot,
    close_vote,
    open_vote,
)
from tests.meetings.factories import _materials, discussed, login_of, make_item, make_meeting, open_with

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=30)


def vote_on(item, method=None, reason="", **kwargs):
    return open_vote(
        item, method=method, reason=reason, at=item.meeting.start_at + M, **kwargs, acting_user=system_user()
    )


def cast(vote, choices):
    """``choices``: (person, choice); secret ballots are cast by the voter themselves."""
    for person, choice in choices:
        cast_ballot(vote, person=person, choice=choice, acting_user=login_of(person))


# ------------------------------------------------------------------ M-V1, M-V2, M-V3


def test_m_v1_a_second_vote_waits_until_the_first_is_closed(team):
    meeting, first = discussed(team)
    vote_on(first)
    second = make_item(team, meeting, AgendaCategory.REPORT, title="第二项")
    second.status = ItemStatus.DISCUSSED
    second.taken_up_at = second.discussed_at = meeting.start_at + M
    second.save()
    with pytest.raises(RuleViolation) as refused:
        vote_on(second)
    assert refused.value.rule_id == "M-V1"


def test_m_v1_the_vote_follows_the_closed_discussion(team):
    meeting = make_meeting(team)
    item = make_item(team, meeting, AgendaCategory.REPORT)
    with pytest.raises(ValidationError) as refused:
        open_vote(item, at=meeting.start_at, acting_user=system_user())
    assert refused.value.messages == [MSG_MEETING_NOT_SESSION]


def test_m_v2_method_defaults_from_the_category(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    assert vote_on(item).method == "named"


def test_m_v2_personnel_defaults_to_a_secret_ballot(team):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    assert vote_on(item).method == "secret"


def test_m_v2_a_less_strict_method_is_refused(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    with pytest.raises(RuleViolation) as refused:
        vote_on(item, method="show_of_hands", reason="快")
    assert refused.value.rule_id == "M-V2"


def test_m_v2_a_stricter_method_needs_a_reason(team):
    _meeting, item = discussed(team)
    with pytest.raises(RuleViolation) as refused:
        vote_on(item, method="named")
    assert refused.value.rule_id == "M-V2"
    assert vote_on(item, method="named", reason="涉及群众利益").method_reason == "涉及群众利益"


def test_m_v3_demolition_cannot_be_decided_by_consensus(team):
    _meeting, item = discussed(team, AgendaCategory.DEMOLITION)
    with pytest.raises(RuleViolation) as refused:
        decide_by_consensus(item, resolution="同意拆迁", acting_user=system_user())
    assert refused.value.rule_id == "M-V3"


def test_m_v3_a_report_may_be_closed_by_consensus(team):
    _meeting, item = discussed(team)
    decision = decide_by_consensus(item, resolution="同意报告", acting_user=system_user())
    assert decision.vote is None and decision.is_binding


# ------------------------------------------------------------------ M-V4, M-V5


def test_m_v4_four_yes_of_nine_due_with_six_present_fails(team):
    present = team.everyone[:6]
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, present=present)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in present[:4]] + [(p, VoteChoice.NO) for p in present[4:5]])
    vote = close_vote(vote, acting_user=system_user())
    assert vote.outcome == VoteOutcome.FAILED
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted, vote.absent) == (4, 1, 0, 1, 3)
    assert "4.5" in vote.arithmetic_text
    assert not Decision.objects.filter(item=item).exists()


def test_m_v4_five_yes_of_nine_passes_and_records_a_decision(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:7]] + [(team.everyone[7], VoteChoice.NO)])
    vote = close_vote(
        vote, resolution="同意实施", basis="调研报告", responsible=[team.members[0]], acting_user=system_user()
    )
    decision = vote.decision
    assert vote.outcome == VoteOutcome.PASSED
    assert decision.resolution == "同意实施" and list(decision.responsible.all()) == [team.members[0]]


def test_m_v4_exactly_half_of_eight_due_fails(team):
    team.members[-1].roles.update(end_date=datetime.date(2026, 1, 1))  # 8 members due
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, present=team.everyone[:8])
    vote = vote_on(item)
    assert vote.due == 8
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:4]] + [(p, VoteChoice.ABSTAIN) for p in team.everyone[4:8]])
    assert close_vote(vote, acting_user=system_user()).outcome == VoteOutcome.FAILED


def test_m_d4_a_recused_member_cannot_vote(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, recused=[team.members[0]])
    vote = vote_on(item)
    with pytest.raises(RuleViolation) as refused:
        cast_ballot(vote, person=team.members[0], choice=VoteChoice.YES, acting_user=login_of(team.office))
    assert refused.value.rule_id == "M-D4"


def test_m_d3_an_absent_member_cannot_vote(team):
    _meeting, item = discussed(team, present=team.everyone[:8])
    vote = vote_on(item)
    with pytest.raises(RuleViolation) as refused:
        cast_ballot(vote, person=team.everyone[8], choice=VoteChoice.YES, acting_user=login_of(team.office))
    assert refused.value.rule_id == "M-D3"


def test_m_v5_close_vote_is_deferred_with_a_follow_up_item(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:5]] + [(p, VoteChoice.NO) for p in team.everyone[5:9]])
    vote = close_vote(vote, acting_user=system_user())
    item.refresh_from_db()
    assert vote.outcome == VoteOutcome.DEFERRED and vote.rule_id == "M-V5"
    assert item.status == ItemStatus.DEFERRED
    assert team.committee.agenda_items.filter(meeting=None, title=item.title, deferred_count=1).exists()
    assert not Decision.objects.filter(item=item).exists()
    # The minutes print 缓议 with this reason (issue 15), in the record's language.
    assert item.deferred_reason == "暂缓表决：赞成与反对意见接近"


def test_m_v5_written_opinions_make_a_vote_close_but_never_count_as_votes(team):
    absent = team.everyone[7:]
    _meeting, item = discussed(
        team,
        AgendaCategory.IMPORTANT,
        present=team.everyone[:7],
        opinions=[(p, StanceChoice.DISAGREE) for p in absent],
    )
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:5]] + [(p, VoteChoice.NO) for p in team.everyone[5:7]])
    vote = close_vote(vote, acting_user=system_user())
    assert (vote.yes, vote.no, vote.written_against) == (5, 2, 2)
    assert vote.outcome == VoteOutcome.DEFERRED


def test_m_v5_emergency_executes_the_majority_and_says_so(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT)
    vote = vote_on(item, is_emergency=True)
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:5]] + [(p, VoteChoice.NO) for p in team.everyone[5:9]])
    vote = close_vote(vote, refer_upward=True, referral_note="报请上级裁决", acting_user=system_user())
    assert vote.outcome == VoteOutcome.PASSED and vote.decision.is_emergency_majority
    assert vote.referred_upward


# ------------------------------------------------------------------ M-V6 secret ballots


def secret_vote(team, caplog):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    caplog.set_level(logging.DEBUG)
    choices = [VoteChoice.YES] * 6 + [VoteChoice.NO] * 2 + [VoteChoice.ABSTAIN]
    cast(vote, list(zip(team.everyone, choices, strict=True)))
    return vote


def test_m_v6_secret_ballot_records_that_a_member_voted_and_never_what(team, caplog):
    vote = secret_vote(team, caplog)
    assert SecretBallotCast.objects.filter(vote=vote).count() == 9
    assert SecretBallot.objects.filter(vote=vote).count() == 9
    assert not Ballot.objects.filter(vote=vote).exists()
    ballot_fields = {f.name for f in SecretBallot._meta.get_fields()}
    assert ballot_fields == {"id", "vote", "choice", "sealed_choice"}
    # while the vote is open the choice is stored sealed only
    assert set(SecretBallot.objects.filter(vote=vote).values_list("choice", flat=True)) == {""}
    assert not hasattr(SecretBallot, "history") and not hasattr(SecretBallotCast, "history")
    cast_fields = {f.name for f in SecretBallotCast._meta.get_fields()}
    assert cast_fields == {"id", "vote", "person"}


def test_m_v6_nothing_in_the_database_or_logs_links_a_ballot_to_a_voter(team, caplog):
    vote = secret_vote(team, caplog)
    vote = close_vote(vote, acting_user=system_user())
    assert (vote.yes, vote.no, vote.abstain) == (6, 2, 1)
    ballot_table = SecretBallot._meta.db_table
    with connection.cursor() as cursor:
        # no column of any table refers to a secret ballot's key
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name LIKE %s",
            ["%secretballot%"],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE %s", ["%historical%secret%"]
        )
        assert cursor.fetchall() == []
        # after closing, the ballots were rewritten together: one transaction id for all of them
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM meetings_secretballot WHERE vote_id = %s", [vote.pk])
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [ballot_table])
        assert {row[0] for row in cursor.fetchall()} == {"id", "vote_id", "choice", "sealed_choice"}
    for record in caplog.records:
        message = record.getMessage()
        for choice in VoteChoice.values:
            assert f"'{choice}'" not in message and f"choice={choice}" not in message
    for history_model in (Vote.history.model,):
        for row in history_model.objects.filter(id=vote.pk).values():
            assert "person" not in str(row.keys())


def test_m_v6_a_secret_ballot_is_cast_only_from_the_voters_session(team, caplog):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    with pytest.raises(RuleViolation) as refused:
        cast_ballot(vote, person=team.members[0], choice=VoteChoice.YES, acting_user=login_of(team.office))
    assert refused.value.rule_id == "M-V6"


def test_m_v6_a_member_votes_once(team):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    member = team.members[0]
    cast_ballot(vote, person=member, choice=VoteChoice.YES, acting_user=login_of(member))
    with pytest.raises(ValidationError) as refused:
        cast_ballot(vote, person=member, choice=VoteChoice.NO, acting_user=login_of(member))
    assert refused.value.messages == [MSG_YOU_ALREADY_VOTED]
    assert SecretBallot.objects.filter(vote=vote).count() == 1


def test_m_v6_no_counts_exist_while_the_vote_is_open(team, caplog):
    vote = secret_vote(team, caplog)
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain) == (None, None, None)


def test_m_v6_every_sealed_choice_has_one_length_and_no_two_are_alike():
    choices = [choice for choice in VoteChoice.values for _ in range(3)]
    sealed = [ballot_seal.seal(7, choice) for choice in choices]
    assert {len(s) for s in sealed} == {ballot_seal.SEALED_BYTES}
    assert len(set(sealed)) == len(sealed)
    assert [ballot_seal.unseal(7, s) for s in sealed] == choices


def test_m_v6_a_ballot_sealed_for_one_vote_does_not_open_for_another():
    with pytest.raises(ballot_seal.UnreadableBallot):
        ballot_seal.unseal(8, ballot_seal.seal(7, VoteChoice.YES))


def test_m_v6_the_database_refuses_a_plain_choice_beside_a_sealed_one_or_a_sealed_choice_of_another_length(team):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    sealed = ballot_seal.seal(vote.pk, VoteChoice.YES)
    for row in ({"choice": VoteChoice.YES, "sealed_choice": sealed}, {"sealed_choice": sealed + b"\0"}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SecretBallot.objects.create(vote=vote, **row)


def test_m_v6_another_key_does_not_open_a_sealed_ballot_and_a_fallback_does(settings):
    sealed = ballot_seal.seal(7, VoteChoice.NO)
    earlier = settings.DANGWEI_BALLOT_KEY or settings.SECRET_KEY
    settings.DANGWEI_BALLOT_KEY = "the key of another installation"
    with pytest.raises(ballot_seal.UnreadableBallot):
        ballot_seal.unseal(7, sealed)
    settings.DANGWEI_BALLOT_KEY_FALLBACKS = [earlier]
    assert ballot_seal.unseal(7, sealed) == VoteChoice.NO


def test_m_v6_closing_after_the_ballot_key_changed_is_refused_and_the_vote_stays_open(team, settings):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    member = team.members[0]
    cast_ballot(vote, person=member, choice=VoteChoice.YES, acting_user=login_of(member))
    earlier = settings.DANGWEI_BALLOT_KEY or settings.SECRET_KEY
    settings.DANGWEI_BALLOT_KEY = "a new key"
    with pytest.raises(ValidationError) as refused:
        close_vote(vote, acting_user=system_user())
    assert refused.value.messages == [MSG_SECRET_BALLOTS_CANNOT_OPENED_SERVER_BALLOT]
    vote.refresh_from_db()
    assert vote.is_open and SecretBallot.objects.filter(vote=vote, choice="").count() == 1
    settings.DANGWEI_BALLOT_KEY_FALLBACKS = [earlier]
    assert close_vote(vote, acting_user=system_user()).yes == 1


# ------------------------------------------------------------------ M-V7..M-V10


def test_m_v7_secretary_office_refuses_a_binding_vote_on_an_important_matter(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, kind=MeetingKind.SECRETARY_OFFICE)
    with pytest.raises(RuleViolation) as refused:
        vote_on(item)
    assert refused.value.rule_id == "M-V7"


def test_m_v7_five_person_group_refuses_a_consensus_decision_on_an_important_matter(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, kind=MeetingKind.FIVE_PERSON)
    with pytest.raises(RuleViolation) as refused:
        decide_by_consensus(item, resolution="决定", acting_user=system_user())
    assert refused.value.rule_id == "M-V7"


def test_m_v7_recommendation_is_forwarded_to_the_standing_committee(team):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, kind=MeetingKind.SECRETARY_OFFICE)
    recommendation = record_recommendation(item, text="建议提交常委会研究", acting_user=system_user())
    assert recommendation.kind == DecisionKind.RECOMMENDATION and not recommendation.is_binding
    assert recommendation.forwarded_item.meeting is None


def passed_decision(team, category=AgendaCategory.IMPORTANT, **kwargs):
    _meeting, item = discussed(team, category, **kwargs)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone[:8]])
    # Decided in the meeting, not at the clock: the register files it under the meeting's year.
    return close_vote(vote, resolution="同意", at=item.meeting.start_at + M + M, acting_user=system_user()).decision


def test_m_v8_reservation_does_not_suspend_the_decision(team):
    decision = passed_decision(team)
    add_reservation(decision, person=team.members[0], text="保留意见", report_upward=True, acting_user=system_user())
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_FORCE
    assert decision.reservations.get().is_reported_upward


def test_m_v9_re_deliberation_supersedes_and_keeps_the_chain(team):
    old = passed_decision(team)
    later = make_meeting(team, start=old.item.meeting.start_at + datetime.timedelta(days=7), title="第二次会议")
    item = table_redeliberation(old, meeting=later, proposed_by=team.secretary, acting_user=system_user())
    approve_item(item, acting_user=login_of(team.secretary))
    _materials(item, later)
    open_with(later, team, team.everyone)
    at = later.start_at + datetime.timedelta(minutes=5)
    take_up_item(item, at=at, acting_user=system_user())
    for person in sorted(team.everyone, key=lambda p: p == later.chair):
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())
    vote = open_vote(item, at=at, acting_user=system_user())
    cast(vote, [(p, VoteChoice.YES) for p in team.everyone])
    new = close_vote(vote, resolution="修改后同意", acting_user=system_user()).decision
    old.refresh_from_db()
    assert old.status == DecisionStatus.SUPERSEDED and new.supersedes == old
    assert [d.pk for d in old.chain()] == [old.pk, new.pk]


def test_m_v9_another_body_cannot_re_deliberate(team):
    old = passed_decision(team)
    other = make_meeting(
        team,
        kind=MeetingKind.SECRETARY_OFFICE,
        start=old.item.meeting.start_at + datetime.timedelta(days=7),
        title="书记办公会",
    )
    with pytest.raises(RuleViolation) as refused:
        table_redeliberation(old, meeting=other, proposed_by=team.secretary, acting_user=system_user())
    assert refused.value.rule_id == "M-V9"


def test_m_v10_invalid_decision_needs_re_deliberation_and_opens_an_accountability_ground(team):
    decision = passed_decision(team)
    item = invalidate_decision(
        decision, reason="未经集体讨论程序", proposed_by=team.secretary, acting_user=system_user()
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.INVALID and decision.needs_accountability_review
    assert item.redeliberates == decision and item.meeting is None


def test_m_v10_invalid_needs_a_reason(team):
    decision = passed_decision(team)
    with pytest.raises(ValidationError) as refused:
        invalidate_decision(decision, reason=" ", proposed_by=team.secretary, acting_user=system_user())
    assert refused.value.message_dict == {"reason": [MSG_SAY_WHY_DECISION_INVALID]}


def test_m_m5_decisions_and_votes_are_never_deleted(team):
    decision = passed_decision(team)
    with pytest.raises(RuleViolation) as refused:
        decision.delete()
    assert refused.value.rule_id == "M-M5"
    with pytest.raises(RuleViolation) as refused:
        Vote.objects.all().delete()
    assert refused.value.rule_id == "M-M5"


def test_m_m6_confidential_decision_is_not_published(team):
    decision = passed_decision(team)
    decision.is_confidential = True
    decision.save()
    with pytest.raises(RuleViolation) as refused:
        publish_decision(decision, acting_user=system_user())
    assert refused.value.rule_id == "M-M6"


def test_m_q6_the_vote_is_refused_when_members_left_and_quorum_fails(team):
    meeting, item = discussed(team, AgendaCategory.IMPORTANT, present=team.everyone[:5])
    mark_left(
        meeting.attendances.get(person=team.everyone[4]), left_at=meeting.start_at + M / 2, acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        vote_on(item)
    assert refused.value.rule_id == "M-Q1"


def test_m_v10_invalid_decisions_are_listed_as_accountability_grounds(team):
    in_force = Decision.objects.filter(committee=team.committee, status=DecisionStatus.IN_FORCE, kind="decision")
    grounds = Decision.objects.filter(committee=team.committee, needs_accountability_review=True)
    decision = passed_decision(team)
    assert list(in_force.all()) == [decision]
    invalidate_decision(decision, reason="程序缺失", proposed_by=team.secretary, acting_user=system_user())
    assert list(grounds.all()) == [decision]
    assert not in_force.all().exists()
