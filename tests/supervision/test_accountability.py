"""Accountability cases (A-1..A-5) and written inquiries (A-7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committees.actors import system_user
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from supervision import services
from supervision.models import (
    INDIVIDUAL_SANCTIONS,
    TEAM_SANCTIONS,
    AccountabilityCase,
    AccountabilityGround,
    InquiryOutcome,
    LeadershipPosition,
    LetterInquiry,
    Mitigation,
    ResponsibilityDegree,
    SanctionKind,
)
from tests.factories import CommitteeFactory

from .factories import assigned_item, make_decision

pytestmark = pytest.mark.django_db
D = datetime.date


def person_case(office, **kwargs):
    return services.open_case(
        committee=office.committee,
        ground=kwargs.pop("ground", AccountabilityGround.SUPERVISION_ITEM_FAILED),
        facts=kwargs.pop("facts", "逾期未反馈"),
        acting_user=office.inspector.user,
        subject_person=kwargs.pop("subject_person", office.member),
        **kwargs,
    )


def team_case(office, **kwargs):
    return services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.NO_DECISION_PROCEDURE,
        facts="未经集体讨论决策",
        acting_user=office.inspector.user,
        subject_committee=office.committee,
        **kwargs,
    )


# -----------------------------------------------------------------------------------


def test_a_2_grounds_are_the_11_of_001_and_the_8_of_003():
    assert len(AccountabilityGround.values) == 19
    assert len(set(AccountabilityGround.values)) == 19


def test_a_2_case_from_a_failed_supervision_item_links_the_item(office):
    item = assigned_item(office, deadline=D(2026, 11, 30))
    case = person_case(office, source=item)
    assert case.source == item
    assert list(services.cases_for_source(item)) == [case]


def test_a_2_case_from_an_invalid_decision_links_the_decision(office):
    decision = make_decision(office)
    case = team_case(office, source=decision)
    assert case.source == decision
    assert case.rule_set_version is not None


def test_a_2_unknown_ground_is_refused(office):
    with pytest.raises(ValidationError) as refused:
        person_case(office, ground="made_up")
    assert services.MSG_CHOOSE_GROUND in refused.value.messages


def test_a_1_a_case_needs_facts(office):
    with pytest.raises(ValidationError) as refused:
        person_case(office, facts="  ")
    assert services.MSG_STATE_FACTS in refused.value.messages


def test_a_2_a_case_concerns_a_team_or_a_person_not_both(office):
    with pytest.raises(ValidationError) as refused:
        person_case(office, subject_committee=office.committee)
    assert services.MSG_TEAM_OR_PERSON in refused.value.messages


def test_a_2_the_database_refuses_a_case_with_both_subjects(office):
    case = person_case(office)
    case.subject_committee = office.committee
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


# -----------------------------------------------------------------------------------


def test_a_3_principal_fell_short_bears_main_responsibility(office):
    case = team_case(office)
    principal, in_charge = services.split_leaders(
        case,
        principal=office.secretary,
        in_charge=office.member,
        fell_short=LeadershipPosition.PRINCIPAL,
        acting_user=system_user(),
    )
    assert principal.degree == ResponsibilityDegree.MAIN
    assert in_charge.degree == ResponsibilityDegree.SECONDARY


def test_a_3_leader_in_charge_fell_short_bears_main_responsibility(office):
    case = team_case(office)
    principal, in_charge = services.split_leaders(
        case,
        principal=office.secretary,
        in_charge=office.member,
        fell_short=LeadershipPosition.IN_CHARGE,
        acting_user=system_user(),
    )
    assert principal.degree == ResponsibilityDegree.SECONDARY
    assert in_charge.degree == ResponsibilityDegree.MAIN


def test_a_3_one_share_per_person_is_updated_not_duplicated(office):
    case = team_case(office)
    services.set_responsibility(
        case,
        person=office.member,
        position=LeadershipPosition.IN_CHARGE,
        degree=ResponsibilityDegree.MAIN,
        acting_user=system_user(),
    )
    services.set_responsibility(
        case,
        person=office.member,
        position=LeadershipPosition.IN_CHARGE,
        degree=ResponsibilityDegree.SECONDARY,
        acting_user=system_user(),
    )
    assert case.responsibilities.get().degree == ResponsibilityDegree.SECONDARY


# -----------------------------------------------------------------------------------


def test_a_4_five_team_and_seven_individual_sanctions():
    assert len(TEAM_SANCTIONS) == 5
    assert len(INDIVIDUAL_SANCTIONS) == 7


def test_a_4_individual_sanction_for_a_team_is_refused(office):
    case = team_case(office)
    with pytest.raises(RuleViolation) as error:
        services.add_sanction(case, kind=SanctionKind.PARTY_DISCIPLINE, acting_user=system_user())
    assert error.value.rule_id == "A-4"


def test_a_4_team_sanction_for_a_person_is_refused(office):
    case = person_case(office)
    with pytest.raises(RuleViolation) as error:
        services.add_sanction(case, kind=SanctionKind.TEAM_RATED_POOR, acting_user=system_user())
    assert error.value.rule_id == "A-4"


def test_a_4_sanctions_can_be_combined(office):
    case = person_case(office)
    services.add_sanction(case, kind=SanctionKind.CRITICISM, acting_user=system_user())
    services.add_sanction(case, kind=SanctionKind.NO_AWARDS, acting_user=system_user())
    assert set(case.sanctions.values_list("kind", flat=True)) == {SanctionKind.CRITICISM, SanctionKind.NO_AWARDS}


def test_a_4_the_same_sanction_twice_is_refused(office):
    case = person_case(office)
    services.add_sanction(case, kind=SanctionKind.CRITICISM, acting_user=system_user())
    with pytest.raises(ValidationError) as refused:
        services.add_sanction(case, kind=SanctionKind.CRITICISM, acting_user=system_user())
    assert services.MSG_SANCTION_ALREADY_RECORDED in refused.value.messages


def test_a_4_loss_of_awards_feeds_the_eligibility_sets(office):
    person = person_case(office)
    team = team_case(office)
    services.add_sanction(person, kind=SanctionKind.NO_AWARDS, acting_user=system_user())
    services.add_sanction(team, kind=SanctionKind.TEAM_NO_AWARDS, acting_user=system_user())
    services.decide_case(person, acting_user=office.secretary.user, decided_on=D(2026, 11, 25))
    services.decide_case(team, acting_user=office.secretary.user, decided_on=D(2026, 11, 25))
    assert services.no_award_subjects(2026) == ({office.committee.pk}, {office.member.pk})
    assert services.no_award_subjects(2025) == (set(), set())


def test_a_4_referral_to_judicial_organs_is_recorded(office):
    case = services.decide_case(person_case(office), acting_user=office.secretary.user, refer_to_judicial=True)
    assert case.is_referred_to_judicial
    assert case.decided_on == D(2026, 11, 25)


# -----------------------------------------------------------------------------------


def test_a_5_self_corrected_fault_may_be_reduced(office):
    case = person_case(office, is_self_corrected=True)
    case = services.mitigate(
        case, mitigation=Mitigation.REDUCED, note="主动发现并纠正,未造成损失", acting_user=system_user()
    )
    assert AccountabilityCase.objects.get(pk=case.pk).mitigation == Mitigation.REDUCED


def test_a_5_mitigation_without_self_correction_is_refused(office):
    case = person_case(office)
    with pytest.raises(RuleViolation) as error:
        services.mitigate(case, mitigation=Mitigation.EXEMPT, note="情节轻微", acting_user=system_user())
    assert error.value.rule_id == "A-5"


def test_a_5_mitigation_needs_a_note(office):
    case = person_case(office, is_self_corrected=True)
    with pytest.raises(ValidationError) as refused:
        services.mitigate(case, mitigation=Mitigation.LIGHTER, note="", acting_user=system_user())
    assert services.MSG_EXPLAIN_MITIGATION in refused.value.messages


# -----------------------------------------------------------------------------------


def send(office, **kwargs):
    return services.send_inquiry(
        committee=office.committee,
        person=office.member,
        letter="请说明有关情况",
        acting_user=office.inspector.user,
        **kwargs,
    )


def test_a_7_reply_is_due_after_the_rule_sets_days(office):
    inquiry = send(office)
    assert inquiry.reply_due_on == D(2026, 11, 25) + datetime.timedelta(
        days=inquiry.rule_set_version.letter_inquiry_reply_days
    )


def test_a_7_reply_deadline_is_registered_with_the_engine(office):
    inquiry = send(office)
    [deadline] = deadlines.for_subject(inquiry)
    assert deadline.rule_id == "A-7"
    assert deadline.owner == office.member


def test_a_7_a_clear_reply_settles_the_deadline(office):
    inquiry = services.record_reply(send(office), reply="情况属实,已说明", acting_user=system_user())
    assert inquiry.outcome == InquiryOutcome.CLEAR
    assert deadlines.for_subject(inquiry).get().state == DeadlineState.MET
    assert not LetterInquiry.objects.filter(previous=inquiry).exists()


def test_a_7_an_unclear_reply_starts_a_second_inquiry(office):
    first = services.record_reply(send(office), reply="含糊其辞", clear=False, acting_user=system_user())
    assert first.outcome == InquiryOutcome.UNCLEAR
    second = LetterInquiry.objects.get(previous=first)
    assert second.person == office.member
    assert second.outcome == InquiryOutcome.PENDING


def test_a_7_refusal_flags_for_organisational_handling(office):
    inquiry = services.record_reply(send(office), refused=True, acting_user=system_user())
    assert inquiry.is_flagged
    assert inquiry.outcome == InquiryOutcome.NO_REPLY


def test_a_7_no_reply_on_the_due_day_is_not_flagged(office):
    inquiry = send(office)
    assert services.flag_unanswered_inquiries(inquiry.reply_due_on, acting_user=system_user()) == 0


def test_a_7_no_reply_the_day_after_the_deadline_is_flagged(office):
    inquiry = send(office)
    assert (
        services.flag_unanswered_inquiries(inquiry.reply_due_on + datetime.timedelta(days=1), acting_user=system_user())
        == 1
    )
    inquiry.refresh_from_db()
    assert inquiry.is_flagged


def test_a_7_a_settled_inquiry_cannot_be_replied_again(office):
    inquiry = services.record_reply(send(office), reply="已说明", acting_user=system_user())
    with pytest.raises(ValidationError) as refused:
        services.record_reply(inquiry, reply="再次说明", acting_user=system_user())
    assert services.MSG_INQUIRY_SETTLED in refused.value.messages


def test_a_7_inquiry_to_a_team_case_goes_to_the_head(office):
    other = CommitteeFactory()
    case = services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.INACTION,
        facts="不作为",
        acting_user=office.inspector.user,
        subject_committee=other,
    )
    inquiry = services.send_inquiry(
        committee=office.committee,
        person=office.secretary,
        letter="请说明",
        acting_user=office.inspector.user,
        case=case,
    )
    assert list(case.inquiries.all()) == [inquiry]
