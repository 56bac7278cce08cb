"""Leave and travel services (L-1..L-8): chains from the role history, steps, deadlines."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Level, PortfolioArea, Role
from committees.rules import RuleViolation
from meetings.selectors.attendance import leave_approvers as meeting_leave_approvers
from reporting import deadlines
from reporting.leave import services
from reporting.leave.models import LeaveKind, LeaveState, StepKind, StepState
from reporting.models import DeadlineState, Notification
from tests.factories import CommitteeFactory, PortfolioFactory, RoleFactory
from tests.reporting.accounts import clerk, user_of
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)  # Monday 10:00 in Shanghai
DAY = datetime.timedelta(days=1)


@pytest.fixture
def org():
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    people = {
        "city": city,
        "county": county,
        "city_secretary": RoleFactory(committee=city, role=Role.SECRETARY, person__name="市委书记").person,
        "city_deputy": RoleFactory(committee=city, role=Role.DEPUTY_SECRETARY, person__name="市委副书记").person,
        "city_org": RoleFactory(committee=city, role=Role.ORGANIZATION_MEMBER, person__name="组织部长").person,
        "city_org_staff": RoleFactory(committee=city, role=Role.ORGANIZATION_STAFF, person__name="组织部干事").person,
        "secretary": RoleFactory(committee=county, role=Role.SECRETARY, person__name="区委书记").person,
        "deputy": RoleFactory(committee=county, role=Role.DEPUTY_SECRETARY, person__name="区委副书记").person,
        "member": RoleFactory(committee=county, role=Role.MEMBER, person__name="常委").person,
        "office": RoleFactory(committee=county, role=Role.OFFICE_STAFF, person__name="办公室").person,
    }
    PortfolioFactory(committee=city, person=people["city_org"], area=PortfolioArea.ORGANIZATION)
    return people


START = D(2026, 11, 10)


def ask(org, who="member", days=2, kind=LeaveKind.PRIVATE_LEAVE, start=START, now=NOW, **extra):
    return services.submit(
        person=org[who],
        committee=org["county"],
        kind=kind,
        reason="家中有事",
        destination="省城",
        start_date=start,
        end_date=start + (days - 1) * DAY,
        contact="13800000000",
        now=now,
        **extra,
        acting_user=clerk(),
    )


def steps(request):
    return list(services.current_steps(request))


def test_l_3_two_days_pending_with_the_principal_and_a_deadline(org):
    request = ask(org, days=2)
    [step] = steps(request)
    assert (step.kind, step.approver, step.state) == (StepKind.APPROVE, org["secretary"], StepState.PENDING)
    [deadline] = deadlines.for_subject(step)
    assert deadline.rule_id == "L-3"
    assert deadline.owner == org["secretary"]


def test_l_3_approved_by_the_principal_settles_its_deadline(org):
    request = ask(org, days=2)
    [step] = steps(request)
    services.decide(step, acting_user=user_of(org["secretary"]), decision="approve", annotation="同意", now=NOW + DAY)
    request.refresh_from_db()
    assert request.state == LeaveState.APPROVED
    assert deadlines.for_subject(step).get().state == DeadlineState.MET


def test_l_3_only_the_resolved_approver_decides(org):
    [step] = steps(ask(org, days=2))
    with pytest.raises(PermissionDenied):
        services.decide(step, acting_user=user_of(org["deputy"]), decision="approve", now=NOW)


def test_l_3_five_days_approved_then_filed_with_the_parents_organisation_department(org):
    request = ask(org, days=5)
    approve, filing = steps(request)
    assert (filing.kind, filing.committee, filing.state) == (StepKind.FILE, org["city"], StepState.WAITING)
    services.decide(approve, acting_user=user_of(org["secretary"]), decision="approve", annotation="同意", now=NOW)
    request.refresh_from_db()
    filing.refresh_from_db()
    assert request.state == LeaveState.APPROVED  # filing is an acknowledgement, not an approval
    assert filing.state == StepState.PENDING
    assert set(deadlines.for_subject(filing).get().notify.all()) == {org["city_org"], org["city_org_staff"]}
    services.decide(
        filing, acting_user=user_of(org["city_org_staff"]), decision="acknowledge", annotation="已备案", now=NOW
    )
    filing.refresh_from_db()
    assert filing.state == StepState.ACKNOWLEDGED


def test_l_3_filing_cannot_be_approved_only_acknowledged(org):
    request = ask(org, days=5)
    approve, filing = steps(request)
    services.decide(approve, acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    with pytest.raises(ValidationError) as refused:
        services.decide(filing, acting_user=user_of(org["city_org_staff"]), decision="approve", now=NOW)
    assert says(refused.value, services.MSG_NOT_THAT_WAY)


def test_l_3_ten_days_goes_to_the_parents_leader_in_charge(org):
    request = ask(org, days=10)
    agree, approve, _filing = steps(request)
    assert agree.kind == StepKind.AGREE and agree.approver == org["secretary"]
    assert approve.approver == org["city_org"]
    services.decide(agree, acting_user=user_of(org["secretary"]), decision="approve", annotation="同意", now=NOW)
    request.refresh_from_db()
    assert request.state == LeaveState.SUBMITTED
    services.decide(approve, acting_user=user_of(org["city_org"]), decision="approve", annotation="同意", now=NOW)
    request.refresh_from_db()
    assert request.state == LeaveState.APPROVED


def test_l_4_principals_own_leave_goes_to_the_parents_principal(org):
    request = ask(org, who="secretary", days=2)
    approve, _filing = steps(request)
    assert approve.approver == org["city_secretary"]
    assert approve.rule_id == "L-4"
    assert request.requester_role == Role.SECRETARY


def test_l_5_abroad_consent_is_passed_before_anything_else(org):
    request = ask(org, days=2, kind=LeaveKind.ABROAD_PRIVATE, start=D(2026, 11, 20))
    consent, approve = steps(request)
    assert consent.kind == StepKind.CONSENT and consent.state == StepState.PENDING
    assert approve.state == StepState.WAITING
    assert not deadlines.for_subject(approve).exists()


def test_l_3_approver_on_leave_replaced_by_the_stand_in(org):
    away = ask(org, who="secretary", days=5, start=D(2026, 11, 5), covered_by=org["deputy"])
    for step in steps(away):
        decider = step.approver or org["city_org_staff"]
        services.decide(
            step, acting_user=user_of(decider), decision="approve" if step.is_deciding else "acknowledge", now=NOW
        )
    request = ask(org, days=2, start=D(2026, 11, 12), now=NOW + 4 * DAY)  # on the 6th the secretary is away
    [step] = steps(request)
    assert step.approver == org["deputy"]
    assert step.stands_in_for == org["secretary"]


def test_l_3_approvers_are_the_holders_on_the_request_day(org):
    old = org["county"].roles.get(role=Role.SECRETARY)
    old.end_date = D(2026, 11, 15)
    old.save()
    new = RoleFactory(committee=org["county"], role=Role.SECRETARY, start_date=D(2026, 11, 16)).person
    early = ask(org, days=2, start=D(2026, 11, 20))
    late = ask(org, days=2, start=D(2026, 12, 20), now=NOW + 20 * DAY)
    assert steps(early)[0].approver == org["secretary"]
    assert steps(late)[0].approver == new


def test_l_1_only_team_members_ask_through_the_chain(org):
    with pytest.raises(ValidationError) as refused:
        ask(org, who="office", days=2)
    assert says(refused.value, services.MSG_NOT_ON_TEAM_ON_DAY)


def test_l_2_trip_two_days_ahead_without_urgency_reason_is_refused(org):
    with pytest.raises(RuleViolation) as error:
        ask(org, kind=LeaveKind.BUSINESS_TRIP, start=D(2026, 11, 4))
    assert error.value.rule_id == "L-2"


def test_l_2_trip_two_days_ahead_with_urgency_reason_is_flagged(org):
    request = ask(org, kind=LeaveKind.BUSINESS_TRIP, start=D(2026, 11, 4), urgency_reason="省里临时通知")
    assert request.is_late


def test_l_2_trip_three_days_ahead_is_not_flagged(org):
    assert not ask(org, kind=LeaveKind.BUSINESS_TRIP, start=D(2026, 11, 5)).is_late


def test_l_7_reject_needs_an_annotation(org):
    [step] = steps(ask(org, days=2))
    with pytest.raises(ValidationError) as refused:
        services.decide(step, acting_user=user_of(org["secretary"]), decision="reject", now=NOW)
    assert says(refused.value, services.MSG_ANNOTATION_REASON)


def test_l_7_rejected_request_cancels_the_rest(org):
    request = ask(org, days=5)
    approve, filing = steps(request)
    services.decide(approve, acting_user=user_of(org["secretary"]), decision="reject", annotation="工作繁忙", now=NOW)
    request.refresh_from_db()
    filing.refresh_from_db()
    assert request.state == LeaveState.REJECTED
    assert filing.state == StepState.CANCELLED


def test_l_3_returned_request_resubmitted_runs_a_new_chain(org):
    request = ask(org, days=2)
    [step] = steps(request)
    services.decide(step, acting_user=user_of(org["secretary"]), decision="return", annotation="请写明事由", now=NOW)
    request.refresh_from_db()
    services.resubmit(
        request, acting_user=user_of(org["member"]), reason="探亲", end_date=D(2026, 11, 14), now=NOW + DAY
    )
    request.refresh_from_db()
    assert request.round == 2
    assert [s.kind for s in steps(request)] == [StepKind.APPROVE, StepKind.FILE]


def test_l_3_changing_dates_across_a_limit_reruns_the_chain(org):
    request = ask(org, days=3)
    [step] = steps(request)
    services.decide(step, acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    services.change_dates(
        request, acting_user=user_of(org["member"]), start_date=D(2026, 11, 10), end_date=D(2026, 11, 13), now=NOW
    )
    request.refresh_from_db()
    assert request.state == LeaveState.SUBMITTED
    assert request.round == 2
    assert len(steps(request)) == 2


def test_l_3_changing_dates_within_a_limit_keeps_the_approval(org):
    request = ask(org, days=2)
    [step] = steps(request)
    services.decide(step, acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    services.change_dates(
        request, acting_user=user_of(org["member"]), start_date=D(2026, 11, 10), end_date=D(2026, 11, 12), now=NOW
    )
    request.refresh_from_db()
    assert (request.state, request.round, request.calendar_days) == (LeaveState.APPROVED, 1, 3)


def test_l_6_more_than_one_day_registers_a_report_back_deadline(org):
    request = ask(org, days=2)
    services.decide(steps(request)[0], acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    [deadline] = deadlines.for_subject(request).filter(rule_id="L-6")
    assert deadline.owner == org["member"]
    services.report_back(request, acting_user=user_of(org["member"]), briefing="已返岗", now=NOW + 10 * DAY)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET


def test_l_6_exactly_one_day_needs_no_report_back(org):
    request = ask(org, days=1)
    services.decide(steps(request)[0], acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    assert not deadlines.for_subject(request).filter(rule_id="L-6").exists()


def test_l_8_summary_is_an_obligation_in_the_engine(org):
    summary = services.ensure_summary(org["county"], D(2026, 11, 2), now=NOW, acting_user=clerk())
    assert (summary.period_start, summary.period_end) == (D(2026, 7, 1), D(2026, 12, 31))
    [deadline] = deadlines.for_subject(summary)
    assert deadline.rule_id == "L-8"
    assert services.ensure_summary(org["county"], D(2026, 12, 2), now=NOW, acting_user=clerk()) == summary
    services.send_summary(summary, acting_user=user_of(org["office"]), now=NOW)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET


def test_request_starting_before_approval_is_flagged(org):
    request = ask(org, days=2, start=D(2026, 11, 3))
    assert not request.starts_before_approval(D(2026, 11, 2))
    assert request.starts_before_approval(D(2026, 11, 3))
    [deadline] = deadlines.for_subject(steps(request)[0])
    assert deadline.due_at == datetime.datetime(2026, 11, 2, 16, 0, tzinfo=datetime.UTC)


def test_overlapping_requests_are_refused(org):
    ask(org, days=3)
    with pytest.raises(ValidationError) as refused:
        ask(org, days=2, start=D(2026, 11, 12))
    assert says(refused.value, services.MSG_OVERLAP)


def test_m_n4_meeting_leave_goes_to_the_secretary_or_the_deputy_for_the_five_person_group(org):
    assert meeting_leave_approvers(org["county"], "secretary_office", D(2026, 11, 2)) == [org["secretary"].pk]
    assert meeting_leave_approvers(org["county"], "five_person", D(2026, 11, 2)) == [org["deputy"].pk]


def test_m_n4_meeting_leave_approver_away_is_replaced_by_the_stand_in(org):
    away = ask(org, who="secretary", days=2, start=D(2026, 11, 5), covered_by=org["deputy"])
    services.decide(steps(away)[0], acting_user=user_of(org["city_secretary"]), decision="approve", now=NOW)
    assert meeting_leave_approvers(org["county"], "standing", D(2026, 11, 5)) == [org["deputy"].pk]


def test_l_8_task_opens_one_summary_per_committee_and_period(org):
    from reporting.leave.tasks import ensure_summaries

    ensure_summaries()
    ensure_summaries()
    assert org["county"].leave_summaries.count() == 1
    assert org["city"].leave_summaries.count() == 1


def test_l_6_missing_report_back_is_shown_after_the_last_day(org):
    request = ask(org, days=2)
    services.decide(steps(request)[0], acting_user=user_of(org["secretary"]), decision="approve", now=NOW)
    request.refresh_from_db()
    with time_machine.travel(datetime.datetime(2026, 11, 11, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert not request.is_report_back_missing  # still away on the last day
    with time_machine.travel(datetime.datetime(2026, 11, 12, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert request.is_report_back_missing


def test_withdrawn_request_waives_its_pending_step_deadline(org):
    request = ask(org, days=2)
    services.withdraw(request, acting_user=user_of(org["member"]), now=NOW)
    assert deadlines.for_subject(steps(request)[0]).get().state == DeadlineState.WAIVED


def test_l_7_each_decided_step_notifies_the_next_approver_and_at_the_end_the_requester(org):
    request = ask(org, days=10)
    agree, approve, filing = steps(request)
    services.decide(agree, acting_user=user_of(org["secretary"]), decision="approve", annotation="同意", now=NOW)
    told = Notification.objects.filter(deadline__isnull=True)
    assert set(told.filter(step_key=f"leave-step:{approve.pk}").values_list("recipient_id", flat=True)) == {
        org["city_org"].pk
    }
    assert not told.filter(step_key__startswith=f"leave:{request.pk}:").exists()  # not decided yet
    services.decide(approve, acting_user=user_of(org["city_org"]), decision="approve", annotation="同意", now=NOW)
    assert set(told.filter(step_key__startswith=f"leave:{request.pk}:").values_list("recipient_id", flat=True)) == {
        org["member"].pk
    }
    filing_told = set(told.filter(step_key=f"leave-step:{filing.pk}").values_list("recipient_id", flat=True))
    assert filing_told == {org["city_org"].pk, org["city_org_staff"].pk}  # filing: the organisation department
