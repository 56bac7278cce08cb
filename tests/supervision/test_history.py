"""Who acted (issue 17): every supervision state change names its login in the row's history – the
user of the page or the API, or the system user for scheduled work and seeds."""

import datetime

import pytest
from django.urls import reverse

from committees.actors import system_user
from supervision import services, tasks
from supervision.evaluation import services as evaluation_services
from supervision.models import AccountabilityGround, ItemState, SanctionKind, SupervisionItem
from tests.supervision.evaluation.factories import make_team, town_with_villages
from tests.supervision.evaluation.test_talks_and_towns import talk

from .factories import assigned_item, make_decision, make_item

pytestmark = pytest.mark.django_db


def author(instance):
    return instance.history.first().history_user


def test_each_workflow_step_names_its_user(office):
    item = make_item(office)
    assert author(item) == office.inspector.user
    item = services.approve(item, acting_user=office.secretary.user)
    assert author(item) == office.secretary.user
    record = services.urge(
        services.assign(item, acting_user=office.inspector.user),
        contact="王主任",
        contacted_on=datetime.date(2026, 11, 24),
        content="电话催办",
        acting_user=office.inspector.user,
    )
    assert author(record) == office.inspector.user
    feedback = services.submit_feedback(item, content="已完成", acting_user=office.member.user)
    assert author(feedback) == office.member.user
    assert feedback.submitted_by == office.member


def test_a_page_acts_as_its_login(client, office):
    item = make_item(office)
    client.force_login(office.secretary.user)
    response = client.post(reverse("supervision_action", args=[item.pk, "approve"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED
    assert author(item) == office.secretary.user


def test_a_waiver_names_who_withdrew_the_registration(office):
    decision = make_decision(office)
    services.create_items_for_decision(decision, acting_user=system_user())
    item = services.item_for_decision(decision)
    assert author(item) == system_user()
    services.waive_decision(decision, reason="已由上级统一督办", acting_user=office.secretary.user)
    deleted = SupervisionItem.history.filter(id=item.pk).first()
    assert deleted.history_type == "-" and deleted.history_user == office.secretary.user


def test_accountability_steps_name_their_user(office):
    case = services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="逾期未反馈",
        acting_user=office.inspector.user,
        subject_person=office.member,
    )
    assert author(case) == office.inspector.user
    sanction = services.add_sanction(case, kind=SanctionKind.CRITICISM, acting_user=office.secretary.user)
    assert author(sanction) == office.secretary.user
    case = services.decide_case(case, acting_user=office.secretary.user)
    assert author(case) == office.secretary.user and case.decided_by == office.secretary


def test_the_daily_task_flags_unanswered_inquiries_as_the_system_user(office):
    inquiry = services.send_inquiry(
        committee=office.committee,
        person=office.member,
        letter="请说明",
        acting_user=office.inspector.user,
        sent_on=datetime.date(2026, 10, 1),
    )
    assert author(inquiry) == office.inspector.user
    assert tasks.flag_unanswered() == 1
    inquiry.refresh_from_db()
    assert inquiry.is_flagged
    assert author(inquiry) == system_user()


def test_evaluation_talk_and_town_records_name_their_user():
    team = make_team()
    evaluation = evaluation_services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    assert author(evaluation) == team.inspector.user
    record = evaluation_services.record_talk_outcome(
        talk(team), is_corrected=True, note="已改正", acting_user=team.secretary.user
    )
    assert author(record) == team.secretary.user
    town, _villages = town_with_villages(1)
    ranking = evaluation_services.record_town_rank(town=town, year=2026, rank=1, out_of=3, acting_user=system_user())
    assert author(ranking) == system_user()


def test_the_demo_seed_acts_as_the_system_for_the_people_it_portrays(office):
    item = assigned_item(office)
    approved = services.approve(
        make_item(office), acting_user=system_user(), on_behalf_of=office.secretary
    )  # as seed_supervision_demo does
    assert approved.approved_by == office.secretary
    assert author(approved) == system_user()
    with pytest.raises(ValueError):
        services.assign(item, acting_user=office.member.user, on_behalf_of=office.inspector)
