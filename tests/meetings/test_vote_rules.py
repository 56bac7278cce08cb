"""The pure vote rules: tally (M-V4), closeness and deferral (M-V5), methods (M-V2), must-vote
categories (M-V3), non-decision bodies (M-V7), who may vote (M-D3, M-D4, O-5)."""

import pytest

from committees.models import RuleSetVersion
from committees.phrases import render
from meetings import rules
from meetings.models import AgendaCategory, MeetingKind

RULES = RuleSetVersion()  # the rulebook's defaults: more than 1/2, close within 1


def tally(due=9, present=9, yes=0, no=0, abstain=0, recused=0, wf=0, wa=0, emergency=False, version=RULES):
    return rules.tally(
        due=due,
        present=present,
        recused=recused,
        yes=yes,
        no=no,
        abstain=abstain,
        written_for=wf,
        written_against=wa,
        version=version,
        is_emergency=emergency,
    )


def test_m_v4_four_of_nine_due_fails_even_with_majority_present():
    outcome = tally(due=9, present=6, yes=4, no=2)
    assert not outcome.is_passed
    assert outcome.outcome == "failed"
    words = render(outcome.arithmetic)
    assert "4.5" in words and "(M-V4)" in words


def test_m_v4_five_of_nine_due_passes():
    outcome = tally(due=9, present=6, yes=5, no=1)
    assert outcome.is_passed


def test_m_v4_exactly_half_of_the_members_due_fails():
    outcome = tally(due=8, present=8, yes=4, no=1, abstain=3)
    assert not outcome.is_passed
    assert outcome.threshold == 4 and "4" in render(outcome.arithmetic)


def test_m_v4_written_opinions_are_never_votes():
    outcome = tally(due=9, present=5, yes=4, no=0, wf=4)
    assert not outcome.is_passed  # 4 yes, however many agree in writing


def test_m_v4_counts_absent_separately_from_abstentions():
    outcome = tally(due=9, present=7, yes=5, no=0, abstain=1, recused=1)
    assert (outcome.absent, outcome.abstain, outcome.recused, outcome.not_voted) == (2, 1, 1, 0)


def test_m_v4_members_present_who_did_not_vote_are_counted_as_such():
    outcome = tally(due=9, present=9, yes=6, no=1)
    assert outcome.not_voted == 2


def test_m_v5_difference_within_the_margin_defers():
    outcome = tally(due=9, present=9, yes=5, no=4)
    assert outcome.is_close and outcome.is_deferred
    assert not outcome.is_passed
    assert outcome.outcome == "deferred" and outcome.rule_id == "M-V5"


def test_m_v5_difference_beyond_the_margin_is_not_close():
    outcome = tally(due=9, present=9, yes=6, no=3)
    assert not outcome.is_close and outcome.is_passed


def test_m_v5_written_opinions_count_for_closeness():
    assert not tally(due=9, present=7, yes=5, no=2).is_close
    outcome = tally(due=9, present=7, yes=5, no=2, wa=2)
    assert outcome.is_close and outcome.is_deferred


def test_m_v5_emergency_is_not_deferred_and_the_majority_is_executed():
    outcome = tally(due=9, present=9, yes=5, no=4, emergency=True)
    assert outcome.is_passed and not outcome.is_deferred and outcome.is_emergency_majority
    assert "emergency" in render(outcome.arithmetic, "en")


def test_m_v5_margin_comes_from_the_rule_set():
    wider = RuleSetVersion(close_vote_margin=3)
    assert tally(due=9, present=9, yes=6, no=3, version=wider).is_deferred
    assert not tally(due=9, present=9, yes=6, no=3).is_deferred


def test_m_v2_defaults_by_category():
    assert rules.default_method(AgendaCategory.IMPORTANT) == "named"
    assert rules.default_method(AgendaCategory.MAJOR_CONSTRUCTION) == "named"
    assert rules.default_method(AgendaCategory.LARGE_FUNDS) == "named"
    assert rules.default_method(AgendaCategory.PERSONNEL) == "secret"
    assert rules.default_method(AgendaCategory.REPORT) == "show_of_hands"


@pytest.mark.parametrize(
    ("category", "method", "reason", "allowed"),
    [
        (AgendaCategory.REPORT, "named", "敏感", True),
        (AgendaCategory.REPORT, "named", "", False),
        (AgendaCategory.REPORT, "oral", "更快", False),
        (AgendaCategory.IMPORTANT, "show_of_hands", "更快", False),
        (AgendaCategory.IMPORTANT, "secret", "敏感", False),
        (AgendaCategory.PERSONNEL, "named", "公开", False),
        (AgendaCategory.PERSONNEL, "secret", "", True),
    ],
)
def test_m_v2_method_changes_only_to_a_stricter_one_with_a_reason(category, method, reason, allowed):
    assert (rules.method_change_refusal(category, method, reason) is None) is allowed


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        (AgendaCategory.PERSONNEL, True),
        (AgendaCategory.LARGE_FUNDS, True),
        (AgendaCategory.DEMOLITION, True),
        (AgendaCategory.RESETTLEMENT, True),
        (AgendaCategory.MAJOR_CONSTRUCTION, True),
        (AgendaCategory.IMPORTANT, False),
        (AgendaCategory.REPORT, False),
    ],
)
def test_m_v3_categories_that_must_be_voted(category, expected):
    assert rules.must_vote(category) is expected


@pytest.mark.parametrize(
    ("kind", "category", "expected"),
    [
        (MeetingKind.SECRETARY_OFFICE, AgendaCategory.IMPORTANT, False),
        (MeetingKind.FIVE_PERSON, AgendaCategory.PERSONNEL, False),
        (MeetingKind.SECRETARY_OFFICE, AgendaCategory.REPORT, True),
        (MeetingKind.STANDING, AgendaCategory.IMPORTANT, True),
    ],
)
def test_m_v7_non_decision_bodies_take_no_binding_decision_on_important_matters(kind, category, expected):
    assert rules.may_decide(kind, category) is expected


def test_m_d4_recused_member_may_not_vote():
    refusal = rules.may_vote_refusal(1, due_ids={1, 2}, present_ids={1, 2}, recused_ids={1})
    assert refusal[0] == "M-D4"


def test_m_d3_absent_member_may_not_vote():
    refusal = rules.may_vote_refusal(2, due_ids={1, 2}, present_ids={1}, recused_ids=set())
    assert refusal[0] == "M-D3"


def test_o_5_observer_may_not_vote():
    assert rules.may_vote_refusal(3, due_ids={1, 2}, present_ids={1, 2, 3}, recused_ids=set())[0] == "O-5"


def test_m_v4_the_arithmetic_is_a_phrase_worded_in_each_readers_language():
    """Issue 14: the outcome keeps a message key with its numbers, not the words of one language."""
    outcome = tally(due=9, present=6, yes=4, no=2)

    assert outcome.arithmetic["key"] == "meetings.vote.with_rule"
    assert render(outcome.arithmetic, "en") == (
        "9 members due, 6 present, 4 yes: not more than half of the members due (4.5), not passed (M-V4)"
    )
    assert render(outcome.arithmetic, "zh-hans").startswith("应到9人，实到6人，赞成4票")


def test_m_v5_the_closeness_words_follow_the_reader_too():
    outcome = tally(due=9, present=9, yes=5, no=4)

    assert outcome.is_deferred
    assert "deferred to a later meeting" in render(outcome.arithmetic, "en")
    assert "暂缓表决" in render(outcome.arithmetic, "zh-hans") and "(M-V5)" in render(outcome.arithmetic, "zh-hans")
