"""Issue 18, items 3 and 4: the wrong hands inside the right committee.

3. Anyone who could see could act: file an inspection's rectification report (S-3) or record a
   reservation on a decision (M-V8); a second reservation was a 500.
4. Observers saw too much: accountability cases, written inquiries to a named cadre, petitioners'
   ID and phone numbers (A-7, P-2, M-M7).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from committees.actors import system_user
from committees.rules import RuleViolation
from meetings.models import Reservation
from meetings.services.decisions import add_reservation
from reporting import deadlines
from supervision import services as supervision

pytestmark = pytest.mark.django_db


def _client(column, clients, insiders):
    return clients[column] if column in clients else insiders[column]


# ---------------------------------------------------------------------------------- S-3 rectification


@pytest.mark.parametrize(
    "column", ["member", "inspector", "orgstaff", "parent_org", "delegate", "petition", "in_charge"]
)
def test_s_3_only_the_inspected_unit_files_the_rectification_report(column, world, clients, insiders):
    inspection = world.objects["inspection"]
    url = reverse("supervision_inspection_rectification", args=[inspection.pk])
    response = _client(column, clients, insiders).post(url, {"report": "已整改"})
    assert response.status_code == 403, column
    inspection.refresh_from_db()
    assert inspection.rectification_reported_at is None
    assert deadlines.for_subject(inspection).filter(rule_id="S-3", met_at__isnull=False).count() == 0


@pytest.mark.parametrize("column", ["office", "secretary", "deputy"])
def test_s_3_the_inspected_committees_office_and_principal_leaders_file_it(column, world, clients, insiders):
    inspection = world.objects["inspection"]
    url = reverse("supervision_inspection_rectification", args=[inspection.pk])
    response = _client(column, clients, insiders).post(url, {"report": "已整改"})
    assert response.status_code == 302, column
    inspection.refresh_from_db()
    assert inspection.rectification_report == "已整改"
    assert deadlines.for_subject(inspection).filter(rule_id="S-3", met_at__isnull=False).count() == 1


def test_s_3_the_service_refuses_the_inspector_who_found_the_problems(world):
    inspection = world.objects["inspection"]
    with pytest.raises(RuleViolation) as refused:
        supervision.report_rectification(inspection, report="已整改", acting_user=world.users["inspector"])
    assert refused.value.rule_id == "S-3"


def test_s_3_the_unit_head_named_on_the_inspection_files_it(world):
    inspection = world.objects["inspection"]
    head = world.users["member"].person
    inspection.unit_head = head
    inspection.save(update_fields=["unit_head"])
    supervision.report_rectification(inspection, report="已整改", acting_user=head.user)
    assert inspection.rectification_reported_at is not None


# ---------------------------------------------------------------------------------- M-V8 reservations


def _reservation_api(decision) -> str:
    return reverse("decision-reservation", args=[decision.pk])


@pytest.mark.parametrize("column", ["member", "office", "orgstaff", "inspector", "delegate", "petition"])
def test_m_v8_api_refuses_a_reservation_from_anyone_not_present(column, world, clients, insiders):
    decision = world.objects["decision"]
    response = _client(column, clients, insiders).post(
        _reservation_api(decision), {"text": "保留意见"}, content_type="application/json"
    )
    assert response.status_code == 403, column
    assert response.json()["rule"] == "M-V8"
    assert not Reservation.objects.filter(decision=decision).exists()


@pytest.mark.parametrize("column", ["member", "office", "delegate"])
def test_m_v8_page_refuses_a_reservation_from_anyone_not_present(column, world, clients, insiders):
    decision = world.objects["decision"]
    response = _client(column, clients, insiders).post(
        reverse("meetings_decision", args=[decision.pk]), {"form": "reservation", "text": "保留意见"}
    )
    assert response.status_code == 403, column
    assert not Reservation.objects.filter(decision=decision).exists()


def test_m_v8_a_member_present_records_a_reservation(world, insiders):
    decision = world.objects["decision"]
    response = insiders["applicant"].post(
        _reservation_api(decision), {"text": "保留意见"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert Reservation.objects.get(decision=decision).person == world.insiders["applicant"].person


def test_m_v8_a_second_reservation_by_the_same_member_is_409_with_the_rule(world, insiders):
    decision = world.objects["decision"]
    url = _reservation_api(decision)
    insiders["applicant"].post(url, {"text": "保留意见"}, content_type="application/json")
    response = insiders["applicant"].post(url, {"text": "再次保留"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["rule"] == "M-V8"
    assert Reservation.objects.filter(decision=decision).count() == 1


def test_m_v8_a_second_reservation_on_the_page_is_a_form_error(world, insiders):
    decision = world.objects["decision"]
    url = reverse("meetings_decision", args=[decision.pk])
    insiders["applicant"].post(url, {"form": "reservation", "text": "保留意见"})
    response = insiders["applicant"].post(url, {"form": "reservation", "text": "再次保留"})
    assert response.status_code == 200
    assert "[M-V8]" in response.context["reservation_form"].non_field_errors()[0]
    assert Reservation.objects.filter(decision=decision).count() == 1


def test_m_v8_the_service_refuses_a_duplicate_with_the_rule(world):
    decision = world.objects["decision"]
    person = world.insiders["applicant"].person
    add_reservation(decision, person=person, text="保留意见", acting_user=system_user())
    with pytest.raises(RuleViolation) as refused:
        add_reservation(decision, person=person, text="再次保留", acting_user=system_user())
    assert refused.value.rule_id == "M-V8"


# ---------------------------------------------------------------------------------- reads (A-7, P-2, M-M7)

CASE_PAGES = [
    ("supervision_case_detail", "case"),
    ("accountability-case-detail", "case"),
    ("supervision_inquiry_reply", "letter_inquiry"),
    ("letter-inquiry-detail", "letter_inquiry"),
]


@pytest.mark.parametrize("column", ["delegate", "petition"])
@pytest.mark.parametrize(("name", "key"), CASE_PAGES)
def test_a_7_observers_and_petition_staff_do_not_read_cases_or_inquiries(name, key, column, world, insiders):
    response = insiders[column].get(reverse(name, args=[world.objects[key].pk]))
    assert response.status_code == 404, (name, column)


@pytest.mark.parametrize("column", ["delegate", "petition"])
@pytest.mark.parametrize("name", ["accountability-case-list", "letter-inquiry-list"])
def test_a_7_the_lists_of_observers_and_petition_staff_are_empty(name, column, world, insiders):
    rows = insiders[column].get(reverse(name), {"page_size": 1000}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows == [], (name, column)


def test_a_7_an_inquiry_is_read_by_its_addressee_not_by_another_member(world, clients, insiders):
    url = reverse("letter-inquiry-detail", args=[world.objects["letter_inquiry"].pk])
    assert clients["member"].get(url).status_code == 200  # the addressee
    assert insiders["in_charge"].get(url).status_code == 404  # another member of the team
    assert clients["inspector"].get(url).status_code == 200  # the discipline office


def test_a_3_a_case_on_the_team_is_read_by_its_members(world, insiders):
    url = reverse("accountability-case-detail", args=[world.objects["case"].pk])
    assert insiders["in_charge"].get(url).status_code == 200


def _petitioners(client, petition) -> list[dict]:
    return client.get(reverse("petition-detail", args=[petition.pk])).json()["petitioners"]


def _identified(petition):
    """A petitioner of the demo petition with an ID card number and a phone number."""
    petitioner = petition.petitioners.order_by("pk").first()
    petitioner.id_number, petitioner.phone = "51010219800101123X", "13800001234"
    petitioner.save(update_fields=["id_number", "phone"])
    return petitioner


@pytest.mark.parametrize("column", ["delegate", "inspector_insider", "in_charge"])
def test_p_2_petitioners_identity_is_hidden_from_who_does_not_handle_the_petition(column, world, clients, insiders):
    petition = world.objects["petition"]
    petitioner = _identified(petition)
    client = clients["inspector"] if column == "inspector_insider" else insiders[column]
    rows = _petitioners(client, petition)
    assert rows and all(row["id_number"] is None and row["phone"] is None for row in rows)
    page = client.get(reverse("petitions_detail", args=[petition.pk])).content.decode()
    assert petitioner.id_number not in page and petitioner.phone not in page
    assert petitioner.name in page


@pytest.mark.parametrize("column", ["petition", "office", "secretary"])
def test_p_2_petition_handlers_see_the_identity(column, world, clients, insiders):
    petition = world.objects["petition"]
    petitioner = _identified(petition)
    rows = _petitioners(_client(column, clients, insiders), petition)
    assert petitioner.id_number in json.dumps(rows) and petitioner.phone in json.dumps(rows)
    page = _client(column, clients, insiders).get(reverse("petitions_detail", args=[petition.pk])).content.decode()
    assert petitioner.id_number in page
