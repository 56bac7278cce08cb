"""Supervision pages: list (filters, pagination, queries), detail with the workflow, registration."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Role
from committees.paging import PAGE_SIZE
from supervision.models import ItemState, SupervisionItem
from tests.factories import CommitteeFactory, user_with_role

from .factories import assigned_item, item_with_feedback, make_item, make_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_client(client, office):
    client.force_login(office.inspector.user)
    return client


@pytest.mark.parametrize(
    ("role", "own", "expected"),
    [
        (Role.DISCIPLINE_INSPECTOR, True, 200),
        (Role.MEMBER, True, 200),
        (Role.DISCIPLINE_INSPECTOR, False, 404),
        (Role.SECRETARY, False, 404),
    ],
)
def test_detail_visible_only_in_visible_committees(client, office, role, own, expected):
    item = make_item(office)
    user = user_with_role(office.committee if own else CommitteeFactory(), role)
    client.force_login(user)
    assert client.get(reverse("supervision_detail", args=[item.pk])).status_code == expected


def test_the_responsible_person_elsewhere_sees_their_item(client, office):
    other = make_office()
    item = make_item(office, responsible_person=other.member)
    client.force_login(other.member.user)
    assert client.get(reverse("supervision_detail", args=[item.pk])).status_code == 200


def test_list_hides_other_committees(client, office):
    make_item(office, matter="本委事项")
    make_item(make_office(), matter="他委事项")
    client.force_login(office.member.user)
    content = client.get(reverse("supervision_list")).content.decode()
    assert "本委事项" in content and "他委事项" not in content


def test_list_queries_do_not_grow_with_rows(inspector_client, office, django_assert_max_num_queries):
    for n in range(PAGE_SIZE + 10):
        make_item(office, matter=f"事项{n}")
    with django_assert_max_num_queries(15):
        response = inspector_client.get(reverse("supervision_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.num_pages == 2


def test_list_filters_by_state_and_overdue(inspector_client, office):
    make_item(office, matter="未审批")
    assigned_item(office, matter="已逾期", deadline=datetime.date(2026, 11, 1))
    response = inspector_client.get(reverse("supervision_list"), {"overdue": "true"})
    assert [item.matter for item in response.context["page"]] == ["已逾期"]
    response = inspector_client.get(reverse("supervision_list"), {"state": ItemState.REGISTERED})
    assert [item.matter for item in response.context["page"]] == ["未审批"]


def test_register_form_creates_an_item(inspector_client, office):
    response = inspector_client.post(
        reverse("supervision_register", args=[office.committee.pk]),
        {
            "source_kind": "media_criticism",
            "matter": "媒体报道的道路破损问题",
            "unit_name": "县交通运输局",
            "feedback_deadline": "2026-12-20",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302
    assert item.unit_name == "县交通运输局"
    assert item.rule_set_version is not None


def test_register_form_without_a_unit_keeps_the_input(inspector_client, office):
    response = inspector_client.post(
        reverse("supervision_register", args=[office.committee.pk]),
        {"source_kind": "mailbox", "matter": "群众来信", "feedback_deadline": "2026-12-20"},
    )
    assert response.status_code == 200
    assert "群众来信" in response.content.decode()
    assert not SupervisionItem.objects.exists()


def test_an_ordinary_member_may_not_register(client, office):
    client.force_login(office.member.user)
    assert client.get(reverse("supervision_register", args=[office.committee.pk])).status_code == 403


def test_s_2_page_refuses_assignment_before_approval_with_the_rule(inspector_client, office):
    item = make_item(office)
    response = inspector_client.post(reverse("supervision_action", args=[item.pk, "assign"]))
    assert response.status_code == 400
    assert "S-2" in response.content.decode()
    item.refresh_from_db()
    assert item.state == ItemState.REGISTERED


def test_s_2_page_rejection_without_deadline_is_a_form_error(inspector_client, office):
    item = item_with_feedback(office)
    response = inspector_client.post(
        reverse("supervision_action", args=[item.pk, "review"]),
        {"review-outcome": "rejected", "review-opinions": "材料不全"},
    )
    assert response.status_code == 400
    assert "S-2" in response.content.decode()


def test_s_2_page_workflow_from_registration_to_archive(client, office):
    item = make_item(office)
    client.force_login(office.secretary.user)
    assert client.post(reverse("supervision_action", args=[item.pk, "approve"])).status_code == 302
    client.force_login(office.inspector.user)
    assert client.post(reverse("supervision_action", args=[item.pk, "assign"])).status_code == 302
    client.force_login(office.member.user)
    response = client.post(
        reverse("supervision_action", args=[item.pk, "feedback"]),
        {"feedback-content": "已完成", "feedback-is_finished": "on"},
    )
    assert response.status_code == 302
    client.force_login(office.inspector.user)
    response = client.post(
        reverse("supervision_action", args=[item.pk, "review"]),
        {"review-outcome": "rejected", "review-opinions": "材料不全", "review-new_deadline": "2027-01-15"},
    )
    assert response.status_code == 302
    client.force_login(office.member.user)
    client.post(
        reverse("supervision_action", args=[item.pk, "feedback"]),
        {"feedback-content": "补充", "feedback-is_finished": "on"},
    )
    client.force_login(office.inspector.user)
    client.post(reverse("supervision_action", args=[item.pk, "review"]), {"review-outcome": "accepted"})
    response = client.post(reverse("supervision_action", args=[item.pk, "close"]), {"close-closing_report": "已办结"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.CLOSED


def test_detail_shows_the_actions_the_user_may_take(client, office):
    item = make_item(office)
    client.force_login(office.secretary.user)
    assert client.get(reverse("supervision_detail", args=[item.pk])).context["actions"] == ["approve"]
    client.force_login(office.inspector.user)
    assert client.get(reverse("supervision_detail", args=[item.pk])).context["actions"] == []


def test_s_5_inspection_page_warns_about_overlap(inspector_client, office):
    data = {
        "unit_name": "县农业农村局",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "inspected_on": "2026-04-02",
        "result": "passed",
    }
    url = reverse("supervision_inspection_register", args=[office.committee.pk])
    inspector_client.post(url, data)
    response = inspector_client.post(url, {**data, "inspected_on": "2026-04-03"}, follow=True)
    assert "S-5" in response.content.decode()


def test_s_4_award_eligibility_page_lists_the_people(inspector_client, office):
    from supervision import services
    from supervision.models import InspectionResult

    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)):
        services.record_inspection(
            committee=office.committee,
            unit_name="县农业农村局",
            period_start=day,
            period_end=day,
            inspected_on=day,
            result=InspectionResult.FAILED,
            problems="台账不全",
            unit_head=office.member,
            acting_user=office.inspector.user,
        )
    response = inspector_client.get(reverse("supervision_award_eligibility"), {"year": "2026"})
    assert office.member.name in response.content.decode()


@pytest.mark.parametrize(
    ("role", "own", "expected"),
    [
        (Role.DISCIPLINE_INSPECTOR, True, 200),
        (Role.OFFICE_STAFF, True, 200),
        (Role.SECRETARY, True, 200),
        (Role.MEMBER, True, 403),
        (Role.DISCIPLINE_INSPECTOR, False, 404),
    ],
)
def test_register_page_permissions(client, office, role, own, expected):
    user = user_with_role(office.committee if own else CommitteeFactory(), role)
    client.force_login(user)
    assert client.get(reverse("supervision_register", args=[office.committee.pk])).status_code == expected


def test_detail_renders_the_whole_timeline(inspector_client, office):
    from supervision import services

    item = item_with_feedback(office)
    services.reject(
        item, acting_user=office.inspector.user, opinions="材料不全", new_deadline=datetime.date(2027, 1, 15)
    )
    services.urge(
        item,
        contact="王主任",
        contacted_on=datetime.date(2026, 11, 26),
        content="催报",
        acting_user=office.inspector.user,
    )
    services.submit_feedback(item, content="补充材料", acting_user=office.member.user)
    services.accept(item, acting_user=office.inspector.user)
    services.write_instruction(item, text="巩固成果", acting_user=office.secretary.user)
    services.mark_instruction_handled(item, acting_user=office.inspector.user)
    services.close(item, closing_report="已办结归档", acting_user=office.inspector.user)
    content = inspector_client.get(reverse("supervision_detail", args=[item.pk])).content.decode()
    for text in ("材料不全", "王主任", "补充材料", "巩固成果", "已办结归档"):
        assert text in content


def _failed_inspection(office, day=datetime.date(2026, 11, 20)):
    from supervision import services
    from supervision.models import InspectionResult

    inspection, _ = services.record_inspection(
        committee=office.committee,
        unit_name="县农业农村局",
        period_start=day,
        period_end=day,
        inspected_on=day,
        result=InspectionResult.FAILED,
        problems="台账不全",
        acting_user=office.inspector.user,
    )
    return inspection


def test_inspection_list_is_paginated_with_fixed_queries(inspector_client, office, django_assert_max_num_queries):
    for n in range(PAGE_SIZE + 5):
        _failed_inspection(office, datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    with django_assert_max_num_queries(15):
        response = inspector_client.get(reverse("supervision_inspections"))
    assert response.context["page"].paginator.num_pages == 2


def test_s_3_rectification_page_settles_the_deadline(inspector_client, office):
    from reporting import deadlines
    from reporting.models import DeadlineState

    inspection = _failed_inspection(office)
    url = reverse("supervision_inspection_rectification", args=[inspection.pk])
    assert inspector_client.post(url, {"report": "已完成整改"}).status_code == 302
    assert deadlines.for_subject(inspection).get().state == DeadlineState.MET


def test_s_3_rectification_page_hidden_from_other_committees(client, office):
    inspection = _failed_inspection(office)
    client.force_login(make_office().inspector.user)
    url = reverse("supervision_inspection_rectification", args=[inspection.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("who", "is_linked"), [("inspector", True), ("member", False)])
def test_s_3_the_inspection_list_links_the_rectification_form_only_for_who_may_record_it(
    client, office, who, is_linked
):
    """Issue 14: an ordinary member saw "Record (S-3)" and got a 403."""
    inspection = _failed_inspection(office)
    client.force_login(getattr(office, who).user)
    url = reverse("supervision_inspection_rectification", args=[inspection.pk])
    page = client.get(reverse("supervision_inspections")).content.decode()
    assert (f'href="{url}"' in page) is is_linked
    assert client.get(url).status_code == (200 if is_linked else 403)
