"""Quorum (M-Q1..M-Q6) as a pure function: the edges are the point."""

import pytest

from committees.models import RuleSetVersion
from meetings.models import AgendaCategory, MeetingKind
from meetings.rules import needed_for, quorum


@pytest.fixture
def version():
    """The rulebook's defaults, unsaved: the rule function needs no database."""
    return RuleSetVersion()


def q(version, due, present, *, category=AgendaCategory.IMPORTANT, kind=MeetingKind.STANDING, recused=(), **kw):
    return quorum(
        due=due,
        present_ids=range(1, present + 1),
        recused_ids=recused,
        category=category,
        kind=kind,
        version=version,
        **kw,
    )


def test_m_q1_exactly_half_is_not_more_than_half(version):
    result = q(version, 8, 4)
    assert (result.due, result.present, result.needed, result.may_proceed) == (8, 4, 5, False)
    assert result.rule_id == "M-Q1"


def test_m_q1_one_more_than_half_may_proceed(version):
    result = q(version, 8, 5)
    assert result.may_proceed and result.rule_id == "M-Q1" and result.needed == 5


def test_m_q1_odd_number_due_needs_the_next_whole_member(version):
    assert q(version, 9, 4).may_proceed is False
    assert q(version, 9, 5).may_proceed is True
    assert q(version, 9, 5).needed == 5


def test_m_q2_exactly_two_thirds_is_enough_for_personnel(version):
    result = q(version, 9, 6, category=AgendaCategory.PERSONNEL)
    assert (result.needed, result.may_proceed, result.rule_id) == (6, True, "M-Q2")


def test_m_q2_one_short_of_two_thirds_is_refused(version):
    result = q(version, 9, 5, category=AgendaCategory.PERSONNEL)
    assert (result.may_proceed, result.rule_id) == (False, "M-Q2")


def test_m_q2_two_thirds_of_ten_rounds_up_to_seven(version):
    assert q(version, 10, 6, category=AgendaCategory.PERSONNEL).may_proceed is False
    assert q(version, 10, 7, category=AgendaCategory.PERSONNEL).may_proceed is True


def test_m_q2_a_majority_that_suffices_for_other_items_does_not_for_personnel(version):
    assert q(version, 9, 5).may_proceed is True
    assert q(version, 9, 5, category=AgendaCategory.PERSONNEL).may_proceed is False


def test_m_q4_secretary_office_needs_more_than_half_of_secretary_and_deputies(version):
    kind = MeetingKind.SECRETARY_OFFICE
    assert q(version, 4, 2, kind=kind).may_proceed is False  # exactly half
    result = q(version, 4, 3, kind=kind)
    assert (result.may_proceed, result.rule_id, result.needed) == (True, "M-Q4", 3)


def test_m_q4_applies_to_personnel_items_of_the_secretary_office_too(version):
    result = q(version, 3, 2, kind=MeetingKind.SECRETARY_OFFICE, category=AgendaCategory.PERSONNEL)
    assert (result.may_proceed, result.rule_id) == (True, "M-Q4")


def test_m_q5_five_person_group_three_present_is_refused(version):
    result = q(version, 5, 3, kind=MeetingKind.FIVE_PERSON, category=AgendaCategory.PERSONNEL)
    assert (result.may_proceed, result.rule_id, result.needed) == (False, "M-Q5", 4)


def test_m_q5_five_person_group_four_present_may_proceed(version):
    result = q(version, 5, 4, kind=MeetingKind.FIVE_PERSON, category=AgendaCategory.PERSONNEL)
    assert (result.may_proceed, result.rule_id) == (True, "M-Q5")


def test_m_q5_the_minimum_follows_the_rule_set(version):
    version.five_person_min_present = 5
    assert q(version, 6, 4, kind=MeetingKind.FIVE_PERSON).may_proceed is False


def test_m_q3_member_in_charge_absent_without_reason_is_refused(version):
    result = q(version, 9, 8, member_in_charge_present=False)
    assert (result.may_proceed, result.rule_id) == (False, "M-Q3")


def test_m_q3_member_in_charge_absent_with_a_recorded_special_reason_may_proceed(version):
    result = q(version, 9, 8, member_in_charge_present=False, member_in_charge_reason="赴省里参加紧急会议")
    assert result.may_proceed is True


def test_m_q3_a_blank_reason_is_no_reason(version):
    assert q(version, 9, 8, member_in_charge_present=False, member_in_charge_reason="   ").may_proceed is False


def test_m_q3_member_in_charge_present(version):
    assert q(version, 9, 5, member_in_charge_present=True).may_proceed is True


def test_m_q6_recused_members_do_not_count_as_present(version):
    # 5 of 8 present is more than half – but one of them is recused from the item.
    result = q(version, 8, 5, recused=[5])
    assert (result.present, result.may_proceed) == (4, False)


def test_m_q6_the_rule_set_may_count_recused_members_as_present(version):
    version.recused_count_as_present = True
    assert q(version, 8, 5, recused=[5]).may_proceed is True


def test_m_q6_recused_absent_members_change_nothing(version):
    assert q(version, 8, 5, recused=[7]).present == 5


def test_m_q1_nobody_due_may_not_proceed(version):
    assert q(version, 0, 0).may_proceed is False


def test_m_q1_the_fraction_follows_the_rule_set(version):
    version.standing_quorum_numerator, version.standing_quorum_denominator = 2, 3
    version.standing_quorum_strict = False
    assert q(version, 9, 5).may_proceed is False
    assert q(version, 9, 6).may_proceed is True


@pytest.mark.parametrize(
    ("due", "fraction", "strict", "needed"),
    [(8, (1, 2), True, 5), (9, (1, 2), True, 5), (9, (2, 3), False, 6), (10, (2, 3), False, 7), (3, (1, 2), True, 2)],
)
def test_m_q1_m_q2_needed_counts(due, fraction, strict, needed):
    from fractions import Fraction

    assert needed_for(due, Fraction(*fraction), strict) == needed


def test_m_q6_reason_cites_the_counts(version):
    assert "4" in q(version, 8, 4).reason and "8" in q(version, 8, 4).reason
