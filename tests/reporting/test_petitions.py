"""Petitions: reception types, transfer, the 60-day answer with one extension, representatives (P-1..P-3, P-5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.actors import system_user
from committees.models import Role
from committees.rules import RuleViolation
from committees.services import create_rule_set
from reporting import deadlines
from reporting.models import DeadlineState, Notification
from reporting.petitions import rules, services
from reporting.petitions.models import Petition, PetitionState, ReceptionType, ToldBy
from reporting.petitions.rules import answer_due_at, days_left
from tests.factories import PersonFactory, RoleFactory
from tests.reporting.accounts import clerk
from tests.reporting.factories_petitions import (
    BEIJING,
    local,
    make_petition,
    petitioners,
    town_setting,
    transferred_petition,
)
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

RECEIVED = local(2026, 1, 10, 9, 30)
DUE = datetime.datetime(2026, 3, 11, 23, 59, 59, 999999, tzinfo=BEIJING)


@pytest.fixture
def setting():
    return town_setting()


def extend(petition, days=30, **kwargs):
    values = {
        "days": days,
        "reason": "涉及多个部门,需联合调查",
        "petitioner_told_on": datetime.date(2026, 2, 20),
        "petitioner_told_how": ToldBy.PHONE,
        "now": local(2026, 2, 20),
    }
    values.update(kwargs)
    return services.extend(petition, **values, acting_user=clerk())


# --------------------------------------------------------------------------- P-1


def test_p_1_three_reception_types():
    assert set(ReceptionType.values) == {"scheduled", "appointment", "on_site"}


@pytest.mark.parametrize("kind", ReceptionType.values)
def test_p_1_each_reception_type_is_recorded(setting, kind):
    petition = make_petition(setting, received_at=RECEIVED, reception_type=kind)
    assert Petition.objects.get(pk=petition.pk).reception_type == kind


def test_p_1_unknown_reception_type_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        make_petition(setting, received_at=RECEIVED, reception_type="letter")
    assert says(refused.value, services.MSG_CHOOSE_RECEPTION_TYPE)


# --------------------------------------------------------------------------- P-2


def test_p_2_transfer_records_instruction_unit_and_time(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    assert petition.state == PetitionState.RECEIVED
    at = local(2026, 1, 11)
    services.transfer(
        petition, instruction="请村支部七日内核实", responsible_committee=setting["village"], at=at, acting_user=clerk()
    )
    petition.refresh_from_db()
    assert petition.state == PetitionState.TRANSFERRED
    assert petition.instruction == "请村支部七日内核实"
    assert petition.responsible_committee == setting["village"]
    assert petition.transferred_at == at
    assert petition.history.first().instruction == "请村支部七日内核实"


def test_p_2_transfer_to_a_department_named_in_free_text(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    services.transfer(
        petition,
        instruction="转县住建局办理",
        responsible_department="县住建局",
        at=local(2026, 1, 11),
        acting_user=clerk(),
    )
    petition.refresh_from_db()
    assert petition.responsible_unit == "县住建局"
    assert petition.responsible_committee is None


def test_p_2_transfer_without_instruction_is_refused(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refusal:
        services.transfer(
            petition,
            instruction=" ",
            responsible_committee=setting["village"],
            at=local(2026, 1, 11),
            acting_user=clerk(),
        )
    assert refusal.value.rule_id == "P-2"


def test_p_2_transfer_to_both_a_committee_and_a_department_is_refused(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(ValidationError) as refused:
        services.transfer(
            petition,
            instruction="办理",
            responsible_committee=setting["village"],
            responsible_department="县住建局",
            at=local(2026, 1, 11),
            acting_user=clerk(),
        )
    assert says(refused.value, services.MSG_COMMITTEE_OR_DEPARTMENT)


def test_p_2_instruction_at_registration_transfers_at_once(setting):
    petition = transferred_petition(setting, received_at=RECEIVED)
    assert petition.state == PetitionState.TRANSFERRED
    assert petition.transferred_at == RECEIVED


def test_p_2_answer_before_transfer_is_refused(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        services.answer(
            petition, answer="已答复", answered_at=local(2026, 1, 20), now=local(2026, 1, 20), acting_user=clerk()
        )
    assert refused.value.rule_id == "P-2"


def test_p_2_receiving_leader_must_be_on_the_team_on_the_day(setting):
    outsider = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        make_petition(setting, received_at=RECEIVED, leader=outsider)
    assert says(refused.value, services.MSG_NOT_A_LEADER)
    former = RoleFactory(
        committee=setting["town"],
        role=Role.MEMBER,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    ).person
    with pytest.raises(ValidationError) as refused:
        make_petition(setting, received_at=RECEIVED, leader=former)
    assert says(refused.value, services.MSG_NOT_A_LEADER)


# --------------------------------------------------------------------------- P-3 deadline


def test_p_3_due_at_the_end_of_the_60th_day_after_receipt():
    assert answer_due_at(RECEIVED, 60) == DUE


def test_p_3_receipt_day_is_the_beijing_date():
    just_after_midnight = local(2026, 1, 10, 0, 30)  # 2026-01-09 16:30 UTC
    assert answer_due_at(just_after_midnight.astimezone(datetime.UTC), 60) == DUE
    assert answer_due_at(local(2026, 1, 10, 23, 50), 60) == DUE


def test_p_3_petition_records_due_time_and_rule_set_version(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    assert petition.due_at == DUE
    assert petition.rule_set_version.petition_answer_days == 60


def test_p_3_deadline_registered_with_the_engine(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    (deadline,) = deadlines.for_subject(petition)
    assert deadline.rule_id == "P-3"
    assert deadline.due_at == DUE
    assert deadline.owner == setting["leader"]
    assert list(deadline.notify.all()) == [setting["staff"]]
    assert deadline.rule_set_version == petition.rule_set_version
    assert deadline.url == f"/petitions/{petition.pk}/"
    keys = [step[0] for step in deadline.schedule["steps"]]
    assert keys[:4] == ["before-15d", "before-7d", "before-1d", "due"]


def test_p_3_reminders_15_days_before_reach_leader_and_petition_staff(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    deadlines.scan(DUE - datetime.timedelta(days=15, seconds=1))
    assert not Notification.objects.exists()
    deadlines.scan(DUE - datetime.timedelta(days=15))
    recipients = {n.recipient for n in Notification.objects.filter(deadline__object_id=petition.pk)}
    assert recipients == {setting["leader"], setting["staff"]}


def answered(setting, answered_at):
    petition = transferred_petition(setting, received_at=RECEIVED)
    return services.answer(petition, answer="道路已修复", answered_at=answered_at, now=answered_at, acting_user=clerk())


def test_p_3_answer_on_the_60th_day_is_on_time(setting):
    petition = answered(setting, local(2026, 3, 11, 23, 59))
    assert not petition.is_overdue
    assert not Petition.objects.overdue(local(2026, 6, 1)).exists()


def test_p_3_answer_on_the_61st_day_is_late(setting):
    petition = answered(setting, local(2026, 3, 12, 0, 0))
    assert petition.is_overdue
    assert list(Petition.objects.overdue(local(2026, 6, 1))) == [petition]


def test_p_3_open_petition_is_overdue_after_the_60th_day(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    assert not Petition.objects.overdue(local(2026, 3, 11, 23, 59)).exists()
    assert list(Petition.objects.overdue(local(2026, 3, 12, 0, 0))) == [petition]


def test_p_3_countdown_days_left_and_overdue():
    assert days_left(DUE, datetime.date(2026, 3, 1)) == 10
    assert days_left(DUE, datetime.date(2026, 3, 11)) == 0
    assert days_left(DUE, datetime.date(2026, 3, 14)) == -3


def test_p_3_answer_meets_the_deadline(setting):
    petition = answered(setting, local(2026, 2, 1))
    (deadline,) = deadlines.for_subject(petition)
    assert petition.state == PetitionState.ANSWERED
    assert deadline.state == DeadlineState.MET
    assert deadline.met_at == local(2026, 2, 1)


def test_p_3_answered_petition_cannot_be_answered_again(setting):
    petition = answered(setting, local(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        services.answer(
            petition, answer="再次答复", answered_at=local(2026, 2, 2), now=local(2026, 2, 2), acting_user=clerk()
        )
    assert says(refused.value, services.MSG_ALREADY_ANSWERED)


def test_p_3_case_answered_at_once_closes_with_no_deadline(setting):
    petition = make_petition(setting, received_at=RECEIVED, answer_at_once="当场解释政策,群众表示满意")
    assert petition.state == PetitionState.ANSWERED
    assert petition.is_answered_at_once
    assert petition.answered_at == RECEIVED
    assert petition.due_at is None
    assert not petition.is_overdue
    assert not deadlines.for_subject(petition).exists()


def test_p_3_answer_days_follow_the_committee_rule_set(setting):
    town = setting["town"]
    town.rule_set = create_rule_set(name="桃源镇规则", petition_answer_days=30, acting_user=system_user())
    town.save()
    petition = make_petition(setting, received_at=RECEIVED)
    assert petition.due_at == datetime.datetime(2026, 2, 9, 23, 59, 59, 999999, tzinfo=BEIJING)


# --------------------------------------------------------------------------- P-3 extension


def test_p_3_extension_of_30_days_is_allowed(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    extension = extend(petition, days=30)
    petition.refresh_from_db()
    new_due = datetime.datetime(2026, 4, 10, 23, 59, 59, 999999, tzinfo=BEIJING)
    assert petition.due_at == new_due
    assert (extension.number, extension.previous_due_at, extension.new_due_at) == (1, DUE, new_due)
    assert extension.petitioner_told_how == ToldBy.PHONE


def test_p_3_extension_moves_the_engine_deadline(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    extend(petition, days=30)
    (deadline,) = deadlines.for_subject(petition)
    assert deadline.due_at == datetime.datetime(2026, 4, 10, 23, 59, 59, 999999, tzinfo=BEIJING)
    assert deadline.original_due_at == DUE
    assert deadline.revision == 1


def test_p_3_extension_of_31_days_is_refused(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        extend(petition, days=31)
    assert refused.value.rule_id == "P-3"
    assert "延长期限不得超过30日" in str(refused.value)  # cites the article
    petition.refresh_from_db()
    assert petition.due_at == DUE
    assert not petition.extensions.exists()


def test_p_3_second_extension_is_refused(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    extend(petition, days=10)
    with pytest.raises(RuleViolation) as refused:
        extend(petition, days=5, now=local(2026, 3, 1), petitioner_told_on=datetime.date(2026, 3, 1))
    assert refused.value.rule_id == "P-3"
    assert petition.extensions.count() == 1


def test_p_3_extension_needs_a_reason(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        extend(petition, reason="  ")
    assert refused.value.rule_id == "P-3"
    assert says(refused.value, rules.MSG_EXTENSION_REASON)


def test_p_3_extension_needs_the_petitioner_told(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        extend(petition, petitioner_told_on=None)
    assert refused.value.rule_id == "P-3"
    assert says(refused.value, rules.MSG_PETITIONER_TOLD)


def test_p_3_overdue_petition_cannot_be_extended(setting):
    petition = make_petition(setting, received_at=RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        extend(petition, now=local(2026, 3, 12, 0, 0), petitioner_told_on=datetime.date(2026, 3, 12))
    assert refused.value.rule_id == "P-3"
    assert says(refused.value, rules.MSG_EXPIRED_NO_EXTENSION)


def test_p_3_answer_after_extension_is_judged_against_the_new_due_time(setting):
    petition = transferred_petition(setting, received_at=RECEIVED)
    extend(petition, days=30)
    petition = services.answer(
        petition, answer="已办结", answered_at=local(2026, 4, 10, 18), now=local(2026, 4, 10, 18), acting_user=clerk()
    )
    assert not petition.is_overdue


def test_p_3_answer_at_once_cannot_be_extended(setting):
    petition = make_petition(setting, received_at=RECEIVED, answer_at_once="当场答复")
    with pytest.raises(ValidationError) as refused:
        extend(petition)
    assert says(refused.value, services.MSG_ANSWERED_NO_EXTENSION)


# --------------------------------------------------------------------------- P-5


def test_p_5_five_representatives_are_accepted(setting):
    petition = make_petition(setting, received_at=RECEIVED, people=petitioners(20, representatives=5))
    assert petition.petitioners.filter(is_representative=True).count() == 5
    assert petition.petitioners.count() == 20


def test_p_5_six_representatives_are_refused(setting):
    with pytest.raises(RuleViolation) as refused:
        make_petition(setting, received_at=RECEIVED, people=petitioners(20, representatives=6))
    assert refused.value.rule_id == "P-5"
    assert not Petition.objects.exists()


def test_p_5_limit_follows_the_committee_rule_set(setting):
    town = setting["town"]
    town.rule_set = create_rule_set(name="桃源镇规则", petition_representatives_max=3, acting_user=system_user())
    town.save()
    with pytest.raises(RuleViolation) as refused:
        make_petition(setting, received_at=RECEIVED, people=petitioners(10, representatives=4))
    assert refused.value.rule_id == "P-5"
    assert says(refused.value, rules.MSG_TOO_MANY_REPRESENTATIVES)


def test_a_petition_needs_a_petitioner(setting):
    with pytest.raises(ValidationError) as refused:
        make_petition(setting, received_at=RECEIVED, people=[])
    assert says(refused.value, services.MSG_RECORD_PETITIONER)


def test_receipt_in_the_future_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        make_petition(setting, received_at=RECEIVED, now=RECEIVED - datetime.timedelta(minutes=5))
    assert says(refused.value, services.MSG_IN_FUTURE)
