"""Accountability register pages."""

import pytest

from supervision import services
from supervision.models import AccountabilityCase, AccountabilityGround, SanctionKind

from .factories import assigned_item, make_office

pytestmark = pytest.mark.django_db


def team_case(office):
    return services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.INACTION,
        facts="不作为",
        acting_user=office.inspector.user,
        subject_committee=office.committee,
    )


def test_case_list_query_count_is_fixed(client, office, django_assert_max_num_queries):
    for _ in range(5):
        team_case(office)
    client.force_login(office.inspector.user)
    with django_assert_max_num_queries(12):
        response = client.get("/supervision/accountability/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5


@pytest.mark.parametrize(("who", "own", "status"), [("inspector", True, 200), ("inspector", False, 404)])
def test_case_detail_permissions(client, office, who, own, status):
    case = team_case(office if own else make_office())
    client.force_login(getattr(office, who).user)
    assert client.get(f"/supervision/accountability/{case.pk}/").status_code == status


def test_a_4_page_shows_the_refusal_as_a_form_error(client, office):
    case = team_case(office)
    client.force_login(office.inspector.user)
    response = client.post(
        f"/supervision/accountability/{case.pk}/",
        {"action": "sanction", "sanction-kind": SanctionKind.PARTY_DISCIPLINE},
    )
    assert response.status_code == 400
    assert "A-4" in response.content.decode()
    assert not case.sanctions.exists()


def test_a_4_page_records_a_team_sanction(client, office):
    case = team_case(office)
    client.force_login(office.inspector.user)
    response = client.post(
        f"/supervision/accountability/{case.pk}/", {"action": "sanction", "sanction-kind": SanctionKind.TEAM_CRITICISM}
    )
    assert response.status_code == 302
    assert case.sanctions.get().kind == SanctionKind.TEAM_CRITICISM


def test_member_cannot_add_sanctions_on_the_page(client, office):
    case = team_case(office)
    client.force_login(office.member.user)
    response = client.post(
        f"/supervision/accountability/{case.pk}/", {"action": "sanction", "sanction-kind": SanctionKind.TEAM_CRITICISM}
    )
    assert response.status_code == 403


def test_a_2_open_a_case_from_a_supervision_item_page(client, office):
    item = assigned_item(office)
    client.force_login(office.inspector.user)
    assert client.get(f"/supervision/accountability/open/item/{item.pk}/").status_code == 200
    response = client.post(
        f"/supervision/accountability/open/item/{item.pk}/",
        {
            "ground": AccountabilityGround.SUPERVISION_ITEM_FAILED,
            "facts": "逾期未完成",
            "subject_person": office.member.pk,
        },
    )
    assert response.status_code == 302
    case = AccountabilityCase.objects.get()
    assert case.source == item
    assert case.subject_person == office.member


def test_a_2_open_a_case_without_facts_keeps_the_input(client, office):
    item = assigned_item(office)
    client.force_login(office.inspector.user)
    response = client.post(
        f"/supervision/accountability/open/item/{item.pk}/",
        {"ground": AccountabilityGround.SUPERVISION_ITEM_FAILED, "facts": ""},
    )
    assert response.status_code == 400


def test_member_cannot_open_a_case_from_an_item(client, office):
    item = assigned_item(office)
    client.force_login(office.member.user)
    assert client.get(f"/supervision/accountability/open/item/{item.pk}/").status_code == 403
