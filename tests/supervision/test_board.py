"""The inspectors' board (kanban by S-2 state, overdue first), its charts, the award-eligibility
view with teams and reasons (S-4 / A-4) and the person panel."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from committees import panels
from committees.actors import system_user
from supervision import selectors, services
from supervision.models import AccountabilityGround, InspectionResult, ItemState, SanctionKind, SupervisionItem
from tests.meetings.factories import sh

from .factories import assigned_item, make_item, make_office

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def test_s_2_board_puts_overdue_items_first_in_their_column(client, office):
    timely = assigned_item(office, deadline=datetime.date(2026, 11, 30), matter="按期事项")
    late = assigned_item(office, deadline=datetime.date(2026, 12, 31), matter="逾期事项")
    SupervisionItem.objects.filter(pk=late.pk).update(feedback_deadline=datetime.date(2026, 11, 24))
    make_item(office, matter="刚登记")
    client.force_login(office.inspector.user)
    response = client.get("/supervision/board/")
    assert response.status_code == 200
    columns = {column.state: column for column in response.context["columns"]}
    assert [card.pk for card in columns[ItemState.ASSIGNED].cards] == [late.pk, timely.pk]
    assert columns[ItemState.ASSIGNED].overdue == 1
    assert columns[ItemState.REGISTERED].count == 1
    assert response.context["overdue"] == 1
    page = response.content.decode()
    assert "逾期事项" in page and 'id="items-by-state"' in page


def test_s_2_deadline_today_is_not_overdue(office):
    # rule: S-2 – due today is still on time; due yesterday is overdue
    today = assigned_item(office, deadline=datetime.date(2026, 11, 30))
    yesterday = assigned_item(office, deadline=datetime.date(2026, 11, 30))
    SupervisionItem.objects.filter(pk=today.pk).update(feedback_deadline=TODAY)
    SupervisionItem.objects.filter(pk=yesterday.pk).update(feedback_deadline=TODAY - datetime.timedelta(days=1))
    assert list(SupervisionItem.objects.filter(selectors.overdue_q(TODAY))) == [yesterday]


def test_board_query_count_does_not_grow_with_items(client, office, django_assert_max_num_queries):
    client.force_login(office.inspector.user)
    assigned_item(office)
    make_item(office)
    with django_assert_max_num_queries(40) as few:
        client.get("/supervision/board/")
    for _ in range(6):
        assigned_item(office)
        make_item(office)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/supervision/board/").status_code == 200


def test_board_shows_only_visible_committees(client, office):
    other = make_office()
    assigned_item(other, matter="别处的事项")
    client.force_login(office.inspector.user)
    response = client.get("/supervision/board/")
    assert "别处的事项" not in response.content.decode()
    assert response.context["total"] == 0


def test_board_filters_by_source_and_rejects_bad_input(client, office):
    assigned_item(office)
    client.force_login(office.inspector.user)
    response = client.get("/supervision/board/?overdue=true")
    assert response.status_code == 200
    assert response.context["total"] == 0
    assert client.get("/supervision/board/?committee=abc").status_code == 200


def feedback_at(office, item, moment, finished=True):
    with time_machine.travel(moment, tick=False):
        services.submit_feedback(item, content="已完成" if finished else "进行中", acting_user=office.member.user)


def test_s_2_on_time_rate_counts_feedback_on_the_deadline_day_in_beijing_time(office):
    on_day = assigned_item(office, deadline=datetime.date(2026, 11, 20), unit_name="农业办", unit_committee=None)
    day_after = assigned_item(office, deadline=datetime.date(2026, 11, 20), unit_name="农业办", unit_committee=None)
    silent = assigned_item(office, deadline=datetime.date(2026, 11, 20), unit_name="林业站", unit_committee=None)
    not_due = assigned_item(office, deadline=datetime.date(2026, 12, 20), unit_name="林业站", unit_committee=None)
    feedback_at(office, on_day, sh(2026, 11, 20, 23, 30))  # 15:30 UTC, still the 20th in Beijing
    feedback_at(office, day_after, sh(2026, 11, 21, 0, 30))  # already the 21st in Beijing
    rates = {unit: (met, due) for unit, met, due in selectors.on_time_by_unit(SupervisionItem.objects.all(), TODAY)}
    assert rates["农业办"] == (1, 2)
    assert rates["林业站"] == (0, 1)  # the silent one is due, the other not yet
    assert silent.pk and not_due.pk


def test_s_2_rejected_feedback_is_not_on_time(office):
    item = assigned_item(office, deadline=datetime.date(2026, 11, 26), unit_name="农业办", unit_committee=None)
    feedback_at(office, item, sh(2026, 11, 24, 10))
    services.reject(
        item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=datetime.date(2026, 11, 27)
    )
    item.refresh_from_db()
    assert selectors.on_time_by_unit(SupervisionItem.objects.all(), TODAY) == [("农业办", 0, 1)]


# ------------------------------------------------------------------------- case page, inquiries


def person_case(office, **kwargs):
    return services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="逾期未反馈",
        acting_user=office.inspector.user,
        subject_person=office.member,
        **kwargs,
    )


def post_action(client, case, action, **data):
    return client.post(
        f"/supervision/accountability/{case.pk}/",
        {"action": action, **{f"{action}-{key}": value for key, value in data.items()}},
    )


def test_a_4_combined_sanctions_and_decision_feed_award_eligibility(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    assert post_action(client, case, "sanction", kind=SanctionKind.CRITICISM).status_code == 302
    assert post_action(client, case, "sanction", kind=SanctionKind.NO_AWARDS).status_code == 302
    assert case.sanctions.count() == 2
    assert office.member.pk not in selectors.award_ineligible_people(office.committee, 2026)  # not decided yet
    assert post_action(client, case, "decide", decided_on="2026-11-25").status_code == 302
    case.refresh_from_db()
    assert case.decided_by == office.inspector
    losses = selectors.award_losses(office.committee, 2026)
    assert [(loss.rule_id, loss.person) for loss in losses] == [("A-4", office.member)]
    page = client.get("/supervision/award-eligibility/?year=2026").content.decode()
    assert office.member.name in page and "A-4" in page


def test_a_4_team_losing_awards_is_listed_as_a_team(client, office):
    case = services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.INACTION,
        facts="班子不作为",
        acting_user=office.inspector.user,
        subject_committee=office.committee,
    )
    services.add_sanction(case, kind=SanctionKind.TEAM_NO_AWARDS, acting_user=system_user())
    services.decide_case(case, acting_user=office.secretary.user, decided_on=datetime.date(2026, 11, 1))
    [loss] = selectors.award_losses(office.committee, 2026)
    assert loss.team == office.committee and loss.person is None
    client.force_login(office.inspector.user)
    assert client.get("/supervision/award-eligibility/?year=2025").context["rows"] == []
    assert client.get("/supervision/award-eligibility/?year=2026").context["rows"][0][1] == [loss]
    assert client.get("/supervision/award-eligibility/?year=abc").status_code == 200


def test_a_3_responsibility_share_is_recorded_on_the_page(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    response = post_action(
        client, case, "responsibility", person=office.secretary.pk, position="principal", degree="main"
    )
    assert response.status_code == 302
    share = case.responsibilities.get()
    assert (share.person, share.degree) == (office.secretary, "main")


def test_a_3_outsider_cannot_be_given_responsibility(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    response = post_action(client, case, "responsibility", person=office.outsider.pk, position="other", degree="main")
    assert response.status_code == 400
    assert not case.responsibilities.exists()


def test_a_5_mitigation_without_self_correction_is_refused_and_keeps_the_note(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    response = post_action(client, case, "mitigation", mitigation="lighter", note="主动整改")
    assert response.status_code == 400
    assert "A-5" in response.content.decode() and "主动整改" in response.content.decode()
    response = post_action(
        client, case, "mitigation", is_self_corrected="on", mitigation="lighter", note="主动发现并纠正"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.is_self_corrected, case.mitigation) == (True, "lighter")


def test_a_7_inquiry_from_the_case_page_and_an_unclear_reply_starts_a_second(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    assert post_action(client, case, "inquiry", person=office.member.pk, letter="请说明情况").status_code == 302
    inquiry = case.inquiries.get()
    assert client.get("/supervision/inquiries/").context["pending"][0] == inquiry
    reply = {"reply": "说明不清", "assessment": "unclear"}
    response = client.post(f"/supervision/inquiries/{inquiry.pk}/reply/", reply)
    assert response.status_code == 302
    assert case.inquiries.count() == 2
    second = case.inquiries.get(previous=inquiry)
    assert second.outcome == "pending"


def test_a_7_refused_reply_flags_for_organisational_handling(client, office):
    inquiry = services.send_inquiry(
        committee=office.committee, person=office.member, letter="请说明", acting_user=office.inspector.user
    )
    client.force_login(office.inspector.user)
    assert client.post(f"/supervision/inquiries/{inquiry.pk}/reply/", {"assessment": "refused"}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.is_flagged and inquiry.outcome == "no_reply"
    assert list(client.get("/supervision/inquiries/").context["settled"]) == [inquiry]


def test_a_7_member_cannot_record_replies(client, office):
    inquiry = services.send_inquiry(
        committee=office.committee, person=office.member, letter="请说明", acting_user=office.inspector.user
    )
    client.force_login(office.member.user)
    assert client.get("/supervision/inquiries/").status_code == 200
    assert client.get(f"/supervision/inquiries/{inquiry.pk}/reply/").status_code == 403


def test_member_sees_no_case_forms(client, office):
    case = person_case(office)
    client.force_login(office.member.user)
    response = client.get(f"/supervision/accountability/{case.pk}/")
    assert response.status_code == 200
    assert response.context["forms"] == {}
    assert post_action(client, case, "decide", decided_on="2026-11-25").status_code == 403


# ------------------------------------------------------------------------- person panel (S-4)


def failed_twice(office, person):
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)):
        services.record_inspection(
            committee=office.committee,
            period_start=day - datetime.timedelta(days=30),
            period_end=day,
            inspected_on=day,
            result=InspectionResult.FAILED,
            acting_user=office.inspector.user,
            unit_name="农业办",
            problems="台账不全",
            person_concerned=person,
        )


def person_panel(user, person):
    request = RequestFactory().get("/")
    request.user = user
    [panel] = [p for p in panels.collect("person", request, person) if p.template.endswith("person_awards.html")]
    return panel


def test_s_4_person_panel_shows_the_loss_and_why(office):
    failed_twice(office, office.member)
    panel = person_panel(office.inspector.user, office.member)
    [loss] = panel.context["losses"]
    assert loss.rule_id == "S-4" and "农业办" in loss.reason


def test_s_4_person_panel_hides_other_committees_reasons(office):
    failed_twice(office, office.member)
    stranger = make_office()
    assert person_panel(stranger.inspector.user, office.member).context["losses"] == []
    assert person_panel(office.member.user, office.member).context["losses"] != []
