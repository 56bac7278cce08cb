"""Supervision services: S-1 decisions, the S-2 workflow with deadlines, S-3..S-6 inspections."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.actors import system_user
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from supervision import rules, selectors, services
from supervision.models import InspectionResult, ItemState, ReviewOutcome, SupervisionItem, SupervisionWaiver
from supervision.rules import Action
from tests.factories import CommitteeFactory, PersonFactory

from .factories import assigned_item, item_with_feedback, make_decision, make_item

pytestmark = pytest.mark.django_db
D = datetime.date


# ----------------------------------------------------------------------------------- S-1


def test_s_1_a_decision_creates_an_item_for_the_member_in_charge(office):
    decision = make_decision(office)
    [item] = services.create_items_for_decision(decision, acting_user=system_user())
    assert item.source == decision
    assert item.responsible_person == office.member
    assert item.matter == decision.resolution
    assert item.state == ItemState.REGISTERED


def test_s_1_without_a_member_in_charge_the_responsible_person_supervises(office):
    decision = make_decision(office)
    decision.item.member_in_charge = None
    decision.item.save()
    decision.responsible.set([office.secretary])
    [item] = services.create_items_for_decision(decision, acting_user=system_user())
    assert item.responsible_person == office.secretary


def test_s_1_calling_twice_creates_one_item(office):
    decision = make_decision(office)
    services.create_items_for_decision(decision, acting_user=system_user())
    services.create_items_for_decision(decision, acting_user=system_user())
    assert SupervisionItem.objects.count() == 1


def test_s_1_waived_with_a_reason_creates_no_item(office):
    decision = make_decision(office)
    services.waive_decision(decision, reason="已由专项工作组督办", acting_user=office.secretary.user)
    assert services.create_items_for_decision(decision, acting_user=system_user()) == []
    assert SupervisionWaiver.objects.get(decision=decision).reason == "已由专项工作组督办"


def test_s_1_waiving_without_a_reason_is_refused(office):
    decision = make_decision(office)
    with pytest.raises(RuleViolation) as error:
        services.waive_decision(decision, reason="  ", acting_user=office.secretary.user)
    assert error.value.rule_id == "S-1"
    assert not SupervisionWaiver.objects.exists()


def test_s_1_a_recommendation_is_not_a_decision_to_supervise(office):
    decision = make_decision(office, kind="recommendation")
    assert services.create_items_for_decision(decision, acting_user=system_user()) == []


# ----------------------------------------------------------------------------------- S-2


def test_s_2_approval_by_the_principal_leader(office):
    item = services.approve(make_item(office), acting_user=office.secretary.user)
    assert item.state == ItemState.APPROVED
    assert item.approved_by == office.secretary


def test_s_2_the_inspector_may_not_approve(office):
    with pytest.raises(RuleViolation) as refused:
        services.approve(make_item(office), acting_user=office.inspector.user)
    assert refused.value.message == rules.MSG_NOT_YOUR_STEP % {"action": Action.APPROVE}
    assert SupervisionItem.objects.get().state == ItemState.REGISTERED


def test_s_2_assigning_before_approval_is_refused(office):
    with pytest.raises(RuleViolation) as error:
        services.assign(make_item(office), acting_user=office.inspector.user)
    assert error.value.rule_id == "S-2"


def test_s_2_assignment_registers_the_feedback_deadline(office):
    item = assigned_item(office, deadline=D(2026, 12, 31))
    [deadline] = deadlines.for_subject(item)
    assert deadline.rule_id == "S-2"
    assert deadline.owner == office.member
    assert deadline.due_at.astimezone(datetime.UTC).date() == D(2026, 12, 31)


def test_s_2_urging_records_the_contact(office):
    item = assigned_item(office)
    record = services.urge(
        item, contact="王主任", contacted_on=D(2026, 11, 25), content="询问进度", acting_user=office.inspector.user
    )
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    assert record.contact == "王主任"


def test_s_2_unfinished_feedback_needs_reason_and_next_date(office):
    item = assigned_item(office)
    with pytest.raises(RuleViolation) as refused:
        services.submit_feedback(item, content="部分完成", acting_user=office.member.user, is_finished=False)
    assert refused.value.rule_id == "S-2" and refused.value.message == services.MSG_UNFINISHED_NEEDS_REASON


def test_s_2_unfinished_feedback_sets_the_next_report_deadline(office):
    item = assigned_item(office)
    services.submit_feedback(
        item,
        content="部分完成",
        acting_user=office.member.user,
        is_finished=False,
        unfinished_reason="资金未到位",
        next_report_date=D(2026, 12, 10),
    )
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    open_dates = [timezonelocal(d.due_at) for d in deadlines.for_subject(item) if d.state == DeadlineState.OPEN]
    assert open_dates == [D(2026, 12, 10)]


def test_s_2_finished_feedback_settles_the_deadline(office):
    item = item_with_feedback(office)
    assert item.state == ItemState.FEEDBACK
    assert {d.state for d in deadlines.for_subject(item)} == {DeadlineState.MET}


def test_s_2_an_outsider_may_not_submit_feedback(office):
    item = assigned_item(office)
    with pytest.raises(RuleViolation) as refused:
        services.submit_feedback(item, content="已完成", acting_user=office.outsider.user)
    assert refused.value.message == rules.MSG_NOT_YOUR_STEP % {"action": Action.SUBMIT_FEEDBACK}


def test_s_2_rejection_needs_opinions_and_a_new_deadline(office):
    item = item_with_feedback(office)
    with pytest.raises(RuleViolation) as refused:
        services.reject(item, acting_user=office.inspector.user, opinions="", new_deadline=D(2027, 1, 15))
    assert refused.value.message == services.MSG_REJECTION_NEEDS_OPINIONS
    with pytest.raises(RuleViolation) as refused:
        services.reject(item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=None)
    assert refused.value.message == services.MSG_REJECTION_NEEDS_OPINIONS


def test_s_2_rejection_returns_the_item_with_a_new_deadline(office):
    item = item_with_feedback(office)
    review = services.reject(item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=D(2027, 1, 15))
    item.refresh_from_db()
    assert review.outcome == ReviewOutcome.REJECTED
    assert item.state == ItemState.IN_PROGRESS
    assert item.feedback_deadline == D(2027, 1, 15)
    open_deadlines = [d for d in deadlines.for_subject(item) if d.state == DeadlineState.OPEN]
    assert [timezonelocal(d.due_at) for d in open_deadlines] == [D(2027, 1, 15)]


def timezonelocal(value):
    from django.utils import timezone

    return timezone.localdate(value)


def test_s_2_full_workflow_to_archive_with_a_rejection(office):
    item = item_with_feedback(office)
    services.reject(item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=D(2027, 1, 15))
    services.submit_feedback(item, content="补充材料", acting_user=office.member.user)
    services.accept(item, acting_user=office.inspector.user)
    item = services.close(item, closing_report="已办结", acting_user=office.inspector.user)
    assert item.state == ItemState.CLOSED
    assert item.reviews.count() == 2
    assert {d.state for d in deadlines.for_subject(item)} == {DeadlineState.MET}


def test_s_2_closing_waits_for_the_principal_leaders_instruction(office):
    item = item_with_feedback(office)
    services.accept(item, acting_user=office.inspector.user)
    services.write_instruction(item, text="请进一步巩固成果", acting_user=office.secretary.user)
    with pytest.raises(RuleViolation) as refused:
        services.close(item, closing_report="已办结", acting_user=office.inspector.user)
    assert refused.value.message == services.MSG_INSTRUCTION_BEFORE_ARCHIVING
    services.mark_instruction_handled(item, acting_user=office.inspector.user)
    assert services.close(item, closing_report="已办结", acting_user=office.inspector.user).state == ItemState.CLOSED


def test_s_2_closing_needs_a_report(office):
    item = item_with_feedback(office)
    services.accept(item, acting_user=office.inspector.user)
    with pytest.raises(ValidationError) as refused:
        services.close(item, closing_report=" ", acting_user=office.inspector.user)
    assert services.MSG_WRITE_CLOSING_REPORT in refused.value.messages


def test_s_2_a_closed_item_cannot_be_urged(office):
    item = item_with_feedback(office)
    services.accept(item, acting_user=office.inspector.user)
    services.close(item, closing_report="已办结", acting_user=office.inspector.user)
    with pytest.raises(RuleViolation) as refused:
        services.urge(item, contact="王", contacted_on=D(2026, 11, 25), content="x", acting_user=office.inspector.user)
    assert refused.value.message == rules.MSG_NOT_IN_THIS_STATE % {
        "action": Action.URGE,
        "state": ItemState.CLOSED.label,
    }


def test_s_2_a_unit_is_required(office):
    with pytest.raises(ValidationError) as refused:
        make_item(office, unit_committee=None)
    assert services.MSG_NAME_UNIT in refused.value.messages


# ----------------------------------------------------------------------------------- S-3..S-6


FIRST_QUARTER = (D(2026, 1, 1), D(2026, 3, 31))


def inspect(office, day, result, *, unit=None, period=FIRST_QUARTER, **kwargs):
    return services.record_inspection(
        committee=office.committee,
        unit_committee=unit,
        unit_name="" if unit else kwargs.pop("unit_name", "县农业农村局"),
        period_start=period[0],
        period_end=period[1],
        inspected_on=day,
        result=result,
        problems="台账不全" if result == InspectionResult.FAILED else kwargs.pop("problems", ""),
        acting_user=office.inspector.user,
        **kwargs,
    )


def test_s_3_problems_found_start_a_seven_day_rectification_report(office):
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.FAILED)
    [deadline] = deadlines.for_subject(inspection)
    assert deadline.rule_id == "S-3"
    assert timezonelocal(deadline.due_at) == D(2026, 12, 2)


def test_s_3_the_report_settles_it(office):
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.FAILED)
    # S-3: a department outside the system hands its report to the supervision office, which records it.
    services.report_rectification(inspection, report="已整改", acting_user=office.inspector.user)
    assert {d.state for d in deadlines.for_subject(inspection)} == {DeadlineState.MET}


def test_s_3_a_member_of_the_inspecting_committee_does_not_file_the_units_report(office):
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.FAILED)
    with pytest.raises(RuleViolation) as refused:
        services.report_rectification(inspection, report="已整改", acting_user=office.member.user)
    assert refused.value.rule_id == "S-3"
    assert {d.state for d in deadlines.for_subject(inspection)} != {DeadlineState.MET}


def test_s_3_a_clean_pass_has_no_rectification(office):
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.PASSED)
    assert not deadlines.for_subject(inspection).exists()


def test_s_4_two_failures_in_a_row_make_the_people_ineligible(office):
    head, concerned = PersonFactory(), PersonFactory()
    people = {"leader_in_charge": office.member, "unit_head": head, "person_concerned": concerned}
    inspect(office, D(2026, 3, 1), InspectionResult.FAILED, **people)
    inspect(office, D(2026, 6, 1), InspectionResult.FAILED, period=(D(2026, 4, 1), D(2026, 6, 30)), **people)
    assert selectors.award_ineligible_people(office.committee, 2026) == {office.member.pk, head.pk, concerned.pk}
    assert selectors.is_award_ineligible(head, 2026)
    assert not selectors.is_award_ineligible(head, 2025)


def test_s_4_failures_of_two_different_units_do_not_add_up(office):
    inspect(office, D(2026, 3, 1), InspectionResult.FAILED, unit_head=office.member)
    inspect(office, D(2026, 6, 1), InspectionResult.FAILED, unit_name="县水利局", unit_head=office.member)
    assert selectors.award_ineligible_people(office.committee, 2026) == set()


def test_s_5_overlapping_inspection_of_the_same_unit_is_warned(office):
    first, _ = inspect(office, D(2026, 4, 1), InspectionResult.PASSED)
    _, overlapping = inspect(office, D(2026, 4, 5), InspectionResult.PASSED, period=(D(2026, 3, 1), D(2026, 5, 31)))
    assert overlapping == [first]


def test_s_5_another_unit_or_period_is_not_warned(office):
    inspect(office, D(2026, 4, 1), InspectionResult.PASSED)
    _, other_unit = inspect(office, D(2026, 4, 5), InspectionResult.PASSED, unit=CommitteeFactory())
    _, later = inspect(office, D(2026, 7, 5), InspectionResult.PASSED, period=(D(2026, 4, 1), D(2026, 6, 30)))
    assert other_unit == [] and later == []


def test_s_6_inspection_results_go_back_to_the_assigner(office):
    item = assigned_item(office)
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.PASSED, item=item)
    assert inspection.reported_to == office.inspector


def test_s_6_closing_results_go_back_to_the_assigner(office):
    item = item_with_feedback(office)
    services.accept(item, acting_user=office.inspector.user)
    item = services.close(item, closing_report="已办结", acting_user=office.inspector.user)
    assert item.reported_to == office.inspector


def test_s_4_the_streak_length_follows_the_rule_set(office):
    from committees.services import create_rule_set

    office.committee.rule_set = create_rule_set(
        name="三次规则", failed_inspections_award_loss=3, acting_user=system_user()
    )
    office.committee.save()
    inspect(office, D(2026, 3, 1), InspectionResult.FAILED, unit_head=office.member)
    inspect(office, D(2026, 6, 1), InspectionResult.FAILED, unit_head=office.member)
    assert selectors.award_ineligible_people(office.committee, 2026) == set()
    inspect(office, D(2026, 9, 1), InspectionResult.FAILED, unit_head=office.member)
    assert selectors.award_ineligible_people(office.committee, 2026) == {office.member.pk}


def test_s_3_the_rectification_days_follow_the_rule_set(office):
    from committees.services import create_rule_set

    office.committee.rule_set = create_rule_set(name="五日规则", rectification_report_days=5, acting_user=system_user())
    office.committee.save()
    inspection, _ = inspect(office, D(2026, 11, 25), InspectionResult.FAILED)
    assert timezonelocal(deadlines.for_subject(inspection).get().due_at) == D(2026, 11, 30)
