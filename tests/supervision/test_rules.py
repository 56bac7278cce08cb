"""Pure supervision rules: the S-2 transition table, S-4 streaks, S-5 overlap, S-3 date."""

import datetime

import pytest

from committees.rules import RuleViolation
from supervision import rules
from supervision.models import InspectionResult, ItemState
from supervision.rules import Action, Actor, InspectionFact

D = datetime.date
FAIL, PASS = InspectionResult.FAILED, InspectionResult.PASSED


@pytest.mark.parametrize(
    ("state", "action", "actor", "expected"),
    [
        (ItemState.REGISTERED, Action.APPROVE, Actor.PRINCIPAL, ItemState.APPROVED),
        (ItemState.APPROVED, Action.ASSIGN, Actor.OFFICE, ItemState.ASSIGNED),
        (ItemState.ASSIGNED, Action.URGE, Actor.OFFICE, ItemState.IN_PROGRESS),
        (ItemState.IN_PROGRESS, Action.REPORT_PROGRESS, Actor.UNIT, ItemState.IN_PROGRESS),
        (ItemState.IN_PROGRESS, Action.SUBMIT_FEEDBACK, Actor.UNIT, ItemState.FEEDBACK),
        (ItemState.FEEDBACK, Action.REJECT, Actor.OFFICE, ItemState.IN_PROGRESS),
        (ItemState.FEEDBACK, Action.ACCEPT, Actor.OFFICE, ItemState.ACCEPTED),
        (ItemState.ACCEPTED, Action.CLOSE, Actor.OFFICE, ItemState.CLOSED),
    ],
)
def test_s_2_legal_transitions(state, action, actor, expected):
    assert rules.next_state(state, action, {actor}) == expected


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (ItemState.REGISTERED, Action.ASSIGN),
        (ItemState.REGISTERED, Action.CLOSE),
        (ItemState.ASSIGNED, Action.ACCEPT),
        (ItemState.FEEDBACK, Action.CLOSE),
        (ItemState.CLOSED, Action.URGE),
    ],
)
def test_s_2_illegal_transition_is_refused(state, action):
    with pytest.raises(RuleViolation) as error:
        rules.next_state(state, action, {Actor.PRINCIPAL, Actor.OFFICE, Actor.UNIT})
    assert error.value.rule_id == "S-2"


def test_s_2_only_the_principal_leader_approves():
    with pytest.raises(RuleViolation) as refused:
        rules.next_state(ItemState.REGISTERED, Action.APPROVE, {Actor.OFFICE, Actor.UNIT})
    assert refused.value.message == rules.MSG_NOT_YOUR_STEP % {"action": Action.APPROVE}


def test_s_2_the_unit_may_not_review_its_own_feedback():
    with pytest.raises(RuleViolation) as refused:
        rules.next_state(ItemState.FEEDBACK, Action.ACCEPT, {Actor.UNIT})
    assert refused.value.message == rules.MSG_NOT_YOUR_STEP % {"action": Action.ACCEPT}


def test_s_2_allowed_actions_for_the_office_on_feedback():
    assert set(rules.allowed_actions(ItemState.FEEDBACK, {Actor.OFFICE})) == {Action.ACCEPT, Action.REJECT}


def fact(day, result, people=(1, 2, 3)):
    return InspectionFact(day, result, people)


def test_s_4_two_consecutive_failures_cost_the_awards():
    facts = [fact(D(2026, 3, 1), FAIL), fact(D(2026, 6, 1), FAIL)]
    assert rules.award_ineligible_people(facts, 2026) == {1, 2, 3}


def test_s_4_a_single_failure_does_not():
    assert rules.award_ineligible_people([fact(D(2026, 3, 1), FAIL)], 2026) == set()


def test_s_4_a_pass_in_between_breaks_the_streak():
    facts = [fact(D(2026, 3, 1), FAIL), fact(D(2026, 4, 1), PASS), fact(D(2026, 6, 1), FAIL)]
    assert rules.award_ineligible_people(facts, 2026) == set()


def test_s_4_failures_in_another_year_do_not_count():
    facts = [fact(D(2025, 12, 1), FAIL), fact(D(2026, 1, 10), FAIL)]
    assert rules.award_ineligible_people(facts, 2026) == set()


def test_s_4_order_is_by_date_not_by_input():
    facts = [fact(D(2026, 6, 1), FAIL), fact(D(2026, 4, 1), PASS), fact(D(2026, 3, 1), FAIL)]
    assert rules.award_ineligible_people(facts, 2026) == set()


def test_s_4_missing_people_are_skipped():
    facts = [fact(D(2026, 3, 1), FAIL, (1, None, None)), fact(D(2026, 6, 1), FAIL, (None, 2, None))]
    assert rules.award_ineligible_people(facts, 2026) == {1, 2}


def test_s_5_periods_sharing_one_day_overlap():
    assert rules.periods_overlap((D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 3, 31), D(2026, 6, 30)))


def test_s_5_adjacent_periods_do_not_overlap():
    assert not rules.periods_overlap((D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30)))


def test_s_3_rectification_due_seven_days_later():
    assert rules.rectification_due_on(D(2026, 11, 25), 7) == D(2026, 12, 2)
