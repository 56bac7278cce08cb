"""Leave and travel: the pure rules (L-2..L-9) with plain objects, no database."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from committees.models import PortfolioArea
from committees.phrases import render
from reporting.leave import rules
from reporting.leave.models import LeaveKind, StepKind
from tests.reporting.refusals import says

D = datetime.date


def person(pk, name=""):
    return SimpleNamespace(pk=pk, name=name or f"p{pk}")


COUNTY = SimpleNamespace(pk=2, name="临江区委")
CITY = SimpleNamespace(pk=1, name="云川市委")
SECRETARY, CITY_SECRETARY, IN_CHARGE, DEPUTY, MEMBER = (person(i) for i in (10, 20, 21, 11, 12))


def chain(days, kind=LeaveKind.PRIVATE_LEAVE, is_principal=False, away=None, requester=MEMBER, **numbers):
    return rules.approval_chain(
        kind=kind,
        days=Decimal(days),
        is_principal=is_principal,
        committee=COUNTY,
        parent=CITY,
        principal_max_days=numbers.get("principal_max", 3),
        filing_max_days=numbers.get("filing_max", 7),
        approvers=rules.Approvers(SECRETARY, CITY_SECRETARY, IN_CHARGE, away or {}),
        requester=requester,
    )


def shape(result):
    return [(s.kind, s.committee.name, s.approver.pk if s.approver else None) for s in result.steps]


def test_l_3_exactly_three_days_the_principal_alone_approves():
    assert shape(chain("3")) == [(StepKind.APPROVE, "临江区委", 10)]


def test_l_3_three_and_a_half_days_is_also_filed_with_the_parent():
    assert shape(chain("3.5")) == [(StepKind.APPROVE, "临江区委", 10), (StepKind.FILE, "云川市委", None)]


def test_l_3_exactly_seven_days_principal_approves_and_files():
    result = chain("7")
    assert shape(result) == [(StepKind.APPROVE, "临江区委", 10), (StepKind.FILE, "云川市委", None)]
    assert render(result.rule).startswith("L-3")


def test_l_3_eight_days_principal_agrees_parent_leader_in_charge_approves_and_files():
    assert shape(chain("8")) == [
        (StepKind.AGREE, "临江区委", 10),
        (StepKind.APPROVE, "云川市委", 21),
        (StepKind.FILE, "云川市委", None),
    ]


def test_l_3_seven_and_a_half_days_goes_to_the_parent():
    assert chain("7.5").tier == "parent"


def test_l_3_limits_come_from_the_rule_set():
    assert chain("4", principal_max=5).tier == "principal"
    assert chain("9", filing_max=10).tier == "filing"


def test_l_4_principal_private_leave_is_approved_by_the_parents_principal_and_filed():
    result = chain("2", is_principal=True, requester=SECRETARY)
    assert shape(result) == [(StepKind.APPROVE, "云川市委", 20), (StepKind.FILE, "云川市委", None)]
    assert render(result.rule).startswith("L-4")


def test_l_4_principal_long_leave_does_not_go_to_the_leader_in_charge():
    assert shape(chain("10", is_principal=True, requester=SECRETARY)) == [
        (StepKind.APPROVE, "云川市委", 20),
        (StepKind.FILE, "云川市委", None),
    ]


def test_l_4_principal_trip_is_reported_to_the_parents_principal_and_filed():
    result = chain("2", kind=LeaveKind.BUSINESS_TRIP, is_principal=True, requester=SECRETARY)
    assert shape(result) == [(StepKind.REPORT, "云川市委", 20), (StepKind.FILE, "云川市委", None)]


def test_l_5_member_abroad_needs_the_principals_consent_first():
    result = chain("2", kind=LeaveKind.ABROAD_PRIVATE)
    assert shape(result) == [(StepKind.CONSENT, "临江区委", 10), (StepKind.APPROVE, "临江区委", 10)]
    assert result.steps[0].rule_id == "L-5"
    assert render(result.rule).startswith("L-5")


def test_l_5_long_business_abroad_consent_then_full_l_3_chain():
    assert [s.kind for s in chain("12", kind=LeaveKind.ABROAD_BUSINESS).steps] == [
        StepKind.CONSENT,
        StepKind.AGREE,
        StepKind.APPROVE,
        StepKind.FILE,
    ]


def test_l_5_principal_abroad_needs_the_parents_principals_consent():
    result = chain("5", kind=LeaveKind.ABROAD_PRIVATE, is_principal=True, requester=SECRETARY)
    assert shape(result)[0] == (StepKind.CONSENT, "云川市委", 20)


def test_l_3_approver_away_is_replaced_by_the_stand_in_and_shown():
    result = chain("2", away={SECRETARY.pk: DEPUTY})
    step = result.steps[0]
    assert step.approver is DEPUTY
    assert step.stands_in_for is SECRETARY


def test_l_3_parent_leader_in_charge_away_is_replaced_too():
    stand_in = person(22)
    step = chain("9", away={IN_CHARGE.pk: stand_in}).steps[1]
    assert (step.approver, step.stands_in_for) == (stand_in, IN_CHARGE)


def test_l_3_stand_in_who_is_the_requester_does_not_approve_their_own_leave():
    step = chain("2", away={SECRETARY.pk: DEPUTY}, requester=DEPUTY).steps[0]
    assert step.approver is SECRETARY
    assert step.stands_in_for is None


def test_l_3_away_without_stand_in_keeps_the_holder():
    assert chain("2", away={SECRETARY.pk: None}).steps[0].approver is SECRETARY


def test_l_3_no_principal_on_the_request_day_is_refused():
    with pytest.raises(ValidationError) as refused:
        rules.approval_chain(
            kind=LeaveKind.PRIVATE_LEAVE,
            days=Decimal(2),
            is_principal=False,
            committee=COUNTY,
            parent=CITY,
            principal_max_days=3,
            filing_max_days=7,
            approvers=rules.Approvers(None, CITY_SECRETARY, IN_CHARGE),
        )
    assert says(refused.value, rules.MSG_NOBODY_HOLDS_ROLE)


def test_l_3_filing_without_parent_is_refused():
    with pytest.raises(ValidationError) as refused:
        rules.approval_chain(
            kind=LeaveKind.PRIVATE_LEAVE,
            days=Decimal(5),
            is_principal=False,
            committee=CITY,
            parent=None,
            principal_max_days=3,
            filing_max_days=7,
            approvers=rules.Approvers(CITY_SECRETARY, None, None),
        )
    assert says(refused.value, rules.MSG_NO_HIGHER_COMMITTEE)


def test_l_3_leader_in_charge_is_the_organisation_portfolio_holder():
    org, overall = person(30), person(31)
    portfolios = [(overall, PortfolioArea.OVERALL), (org, PortfolioArea.ORGANIZATION)]
    assert rules.leader_in_charge(portfolios, [DEPUTY]) is org


def test_l_3_leader_in_charge_falls_back_to_overall_then_deputy():
    overall = person(31)
    assert rules.leader_in_charge([(overall, PortfolioArea.OVERALL)], [DEPUTY]) is overall
    assert rules.leader_in_charge([(person(32), PortfolioArea.ECONOMY)], [DEPUTY]) is DEPUTY


def test_l_3_leader_in_charge_is_never_the_parents_principal():
    assert rules.leader_in_charge([(CITY_SECRETARY, PortfolioArea.OVERALL)], [DEPUTY], exclude=[CITY_SECRETARY]) is (
        DEPUTY
    )


def test_l_3_chain_signature_changes_only_across_a_limit():
    def sig(days):
        return rules.chain_signature(
            kind=LeaveKind.PRIVATE_LEAVE,
            days=Decimal(days),
            is_principal=False,
            principal_max_days=3,
            filing_max_days=7,
        )

    assert sig("2") == sig("3")
    assert sig("3") != sig("4")
    assert sig("7") != sig("8")


def test_l_2_trip_reported_exactly_three_days_ahead_is_in_time():
    assert not rules.is_reported_late(LeaveKind.BUSINESS_TRIP, D(2026, 11, 22), D(2026, 11, 25), 3)


def test_l_2_trip_reported_two_days_ahead_is_late():
    assert rules.is_reported_late(LeaveKind.BUSINESS_TRIP, D(2026, 11, 23), D(2026, 11, 25), 3)


def test_l_2_private_leave_is_never_late():
    assert not rules.is_reported_late(LeaveKind.PRIVATE_LEAVE, D(2026, 11, 25), D(2026, 11, 25), 3)


def test_length_counts_half_days():
    assert rules.leave_length(D(2026, 11, 2), D(2026, 11, 4), starts_afternoon=True) == Decimal("2.5")
    assert rules.leave_length(D(2026, 11, 2), D(2026, 11, 2), ends_morning=True) == Decimal("0.5")


def test_working_length_skips_weekends():
    is_working = lambda day: day.weekday() < 5  # noqa: E731
    assert rules.leave_length(D(2026, 11, 6), D(2026, 11, 9), is_working_day=is_working) == 2


def test_l_6_exactly_one_day_needs_no_report_back():
    assert not rules.needs_report_back(Decimal(1), 1)


def test_l_6_one_and_a_half_days_needs_a_report_back():
    assert rules.needs_report_back(Decimal("1.5"), 1)


def absence(start, end, kind=LeaveKind.PRIVATE_LEAVE, **halves):
    return rules.Absence(start, end, kind, **halves)


def test_l_9_exactly_22_days_present_is_enough():
    present = rules.days_present([absence(D(2026, 11, 1), D(2026, 11, 8))], 2026, 11)
    assert present == 22
    assert not rules.is_under_presence(present, 22)


def test_l_9_half_a_day_more_away_warns():
    present = rules.days_present([absence(D(2026, 11, 1), D(2026, 11, 9))], 2026, 11)
    assert present == 21
    present = rules.days_present([absence(D(2026, 11, 1), D(2026, 11, 9), ends_morning=True)], 2026, 11)
    assert present == Decimal("21.5")
    assert rules.is_under_presence(present, 22)


def test_l_9_trips_on_duty_count_as_present():
    trip = absence(D(2026, 11, 1), D(2026, 11, 20), kind=LeaveKind.BUSINESS_TRIP)
    assert rules.days_present([trip], 2026, 11) == 30


def test_l_9_absence_across_months_counts_only_the_days_in_the_month():
    assert rules.days_away_in_month([absence(D(2026, 10, 28), D(2026, 11, 3))], 2026, 11) == 3


def test_l_9_holiday_without_principal_on_duty_is_uncovered():
    days = [D(2026, 10, 1), D(2026, 10, 2)]
    assert rules.uncovered_holidays(days, {D(2026, 10, 1): {10}, D(2026, 10, 2): {12}}, {10, 11}) == [D(2026, 10, 2)]


def test_l_8_half_year_periods():
    assert rules.period_of(D(2026, 6, 30), 6) == (D(2026, 1, 1), D(2026, 6, 30))
    assert rules.period_of(D(2026, 7, 1), 6) == (D(2026, 7, 1), D(2026, 12, 31))


def test_l_3_the_chain_rule_and_step_titles_are_phrases_worded_in_each_readers_language():
    """Issue 14: the chain keeps message keys with their parameters, not the words of one language."""
    result = chain("8")

    assert render(result.rule, "en").startswith("L-3: more than 7 days, the principal leader agrees")
    assert render(result.rule, "zh-hans").startswith("L-3：超过7天，经主要负责同志同意")
    assert [render(s.title, "en") for s in result.steps] == [
        "The principal leader agrees",
        "Approved by the leader in charge of 云川市委",
        "Filed with the organisation department of 云川市委",
    ]
    assert [render(s.title, "zh-hans") for s in result.steps] == [
        "主要负责同志同意",
        "由云川市委分管领导审批",
        "报云川市委组织部门备案",
    ]


def test_l_5_the_abroad_rule_nests_the_rule_of_the_chain_in_the_readers_language():
    result = chain("2", kind=LeaveKind.ABROAD_PRIVATE)

    assert render(result.rule, "en") == (
        "L-5: prior consent to go abroad; then L-3: up to 3 days, the principal leader approves"
    )
    assert render(result.rule, "zh-hans") == "L-5：出国（境）须事先征得同意；随后L-3：3天以内，由主要负责同志审批"
