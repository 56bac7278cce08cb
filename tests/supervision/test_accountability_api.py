"""Accountability API and the award-eligibility feed (A-4 → S-4)."""

import datetime

import pytest

from committees.actors import system_user
from supervision import selectors, services
from supervision.models import AccountabilityGround, SanctionKind

from .factories import make_office

pytestmark = pytest.mark.django_db


def person_case(office, **kwargs):
    return services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="逾期未反馈",
        acting_user=office.inspector.user,
        **({"subject_person": office.member} | kwargs),
    )


def rows(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_a_4_no_awards_sanction_makes_the_person_award_ineligible(office):
    case = person_case(office)
    services.add_sanction(case, kind=SanctionKind.NO_AWARDS, acting_user=system_user())
    services.decide_case(case, acting_user=office.secretary.user, decided_on=datetime.date(2026, 11, 25))
    assert selectors.is_award_ineligible(office.member, 2026)
    assert office.member.pk in selectors.award_ineligible_people(office.committee, 2026)


def test_a_4_undecided_case_does_not_remove_awards(office):
    services.add_sanction(person_case(office), kind=SanctionKind.NO_AWARDS, acting_user=system_user())
    assert not selectors.is_award_ineligible(office.member, 2026)


def test_case_list_shows_only_visible_cases(client, office):
    mine = person_case(office)
    other = make_office()
    person_case(other, subject_person=other.member)
    client.force_login(office.inspector.user)
    assert [row["id"] for row in rows(client.get("/api/accountability-cases/"))] == [mine.pk]


def test_a_4_api_refuses_individual_sanction_for_a_team_with_409(client, office):
    case = services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.INACTION,
        facts="不作为",
        acting_user=office.inspector.user,
        subject_committee=office.committee,
    )
    client.force_login(office.inspector.user)
    response = client.post(
        f"/api/accountability-cases/{case.pk}/sanction/", {"kind": "party_discipline"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "A-4"


def test_a_4_api_records_combined_sanctions(client, office):
    case = person_case(office)
    client.force_login(office.inspector.user)
    for kind in ("criticism", "no_awards"):
        response = client.post(
            f"/api/accountability-cases/{case.pk}/sanction/", {"kind": kind}, content_type="application/json"
        )
        assert response.status_code == 200
    assert {s["kind"] for s in response.json()["sanctions"]} == {"criticism", "no_awards"}


def test_ordinary_member_cannot_sanction(client, office):
    case = person_case(office)
    client.force_login(office.member.user)
    response = client.post(
        f"/api/accountability-cases/{case.pk}/sanction/", {"kind": "criticism"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_7_person_sees_the_inquiry_sent_to_them(client, office):
    other = make_office()
    inquiry = services.send_inquiry(
        committee=other.committee, person=office.member, letter="请说明", acting_user=other.inspector.user
    )
    client.force_login(office.member.user)
    assert inquiry.pk in [row["id"] for row in rows(client.get("/api/letter-inquiries/"))]


def test_a_7_outsider_does_not_see_inquiries(client, office):
    services.send_inquiry(
        committee=office.committee, person=office.member, letter="请说明", acting_user=office.inspector.user
    )
    client.force_login(office.outsider.user)
    assert rows(client.get("/api/letter-inquiries/")) == []
