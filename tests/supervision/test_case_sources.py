"""A-2: "open a case" on the pages of what revealed the fault – an overdue emergency report, an
invalid decision, an overdue petition, a personal-matter report – and the case links back."""

import datetime
import types

import pytest

from reporting.emergencies import services as emergency_services
from reporting.emergencies.models import EmergencyKind
from supervision import sources
from supervision.models import AccountabilityCase, AccountabilityGround
from tests.factories import UserFactory
from tests.meetings.factories import sh

from .factories import make_decision, make_office

pytestmark = pytest.mark.django_db


def emergency(office, known_at):
    return emergency_services.record_emergency(
        committee=office.committee,
        title="桃源村山体滑坡",
        kind=EmergencyKind.NATURAL_DISASTER,
        place="桃源村三组",
        occurred_at=known_at - datetime.timedelta(minutes=20),
        known_at=known_at,
        recorded_by=office.member,
        now=known_at,
        acting_user=UserFactory(username="clerk"),
    )


def test_a_2_overdue_emergency_page_offers_a_case_and_the_case_links_back(client, office):
    # rule: A-2 – known at 05:00, due 07:00, still unreported at 10:00
    late = emergency(office, sh(2026, 11, 25, 5))
    client.force_login(office.inspector.user)
    page = client.get(f"/emergencies/{late.pk}/").content.decode()
    assert f"/supervision/accountability/open/emergency/{late.pk}/" in page
    response = client.post(
        f"/supervision/accountability/open/emergency/{late.pk}/",
        {"ground": AccountabilityGround.EMERGENCY_NOT_REPORTED, "facts": "超过两小时未报告"},
    )
    assert response.status_code == 302
    case = AccountabilityCase.objects.get()
    assert case.source == late
    assert case.subject_committee == office.committee
    page = client.get(f"/emergencies/{late.pk}/").content.decode()
    assert f"/supervision/accountability/{case.pk}/" in page


def test_a_2_emergency_still_within_its_two_hours_is_no_ground(client, office):
    # rule: A-2 – known at 09:00, due 11:00: at 10:00 nothing is late yet
    timely = emergency(office, sh(2026, 11, 25, 9))
    client.force_login(office.inspector.user)
    assert "/supervision/accountability/open/" not in client.get(f"/emergencies/{timely.pk}/").content.decode()
    response = client.post(
        f"/supervision/accountability/open/emergency/{timely.pk}/",
        {"ground": AccountabilityGround.EMERGENCY_NOT_REPORTED, "facts": "x"},
    )
    assert response.status_code == 400
    assert not AccountabilityCase.objects.exists()


def test_a_2_members_without_a_handling_role_get_no_offer(client, office):
    late = emergency(office, sh(2026, 11, 25, 5))
    client.force_login(office.member.user)
    assert "/supervision/accountability/open/" not in client.get(f"/emergencies/{late.pk}/").content.decode()
    assert client.get(f"/supervision/accountability/open/emergency/{late.pk}/").status_code == 403


def test_a_2_another_committees_emergency_is_not_found(client, office):
    late = emergency(make_office(), sh(2026, 11, 25, 5))
    client.force_login(office.inspector.user)
    assert client.get(f"/supervision/accountability/open/emergency/{late.pk}/").status_code == 404


def test_a_2_invalid_decision_offers_a_case_valid_one_does_not(client, office):
    valid = make_decision(office)
    invalid = make_decision(office)
    type(invalid).objects.filter(pk=invalid.pk).update(needs_accountability_review=True)
    client.force_login(office.inspector.user)
    assert "/supervision/accountability/open/" not in client.get(f"/meetings/decisions/{valid.pk}/").content.decode()
    assert f"/supervision/accountability/open/decision/{invalid.pk}/" in (
        client.get(f"/meetings/decisions/{invalid.pk}/").content.decode()
    )
    response = client.post(
        f"/supervision/accountability/open/decision/{invalid.pk}/",
        {"ground": AccountabilityGround.INDIVIDUAL_DECISION, "facts": "未经集体讨论"},
    )
    assert response.status_code == 302
    assert AccountabilityCase.objects.get().source == invalid


def test_a_2_unknown_source_kind_is_not_found(client, office):
    client.force_login(office.inspector.user)
    assert client.get("/supervision/accountability/open/nothing/1/").status_code == 404


@pytest.mark.parametrize(
    ("answered_at", "now", "overdue"),
    [
        (None, sh(2026, 11, 25, 10), False),  # due on the 26th, not yet
        (None, sh(2026, 11, 27, 10), True),
        (sh(2026, 11, 26, 23), sh(2026, 11, 28, 10), False),  # answered on the last day
        (sh(2026, 11, 27, 9), sh(2026, 11, 28, 10), True),  # answered a day late
    ],
)
def test_a_2_petition_is_a_ground_once_its_time_limit_passed(answered_at, now, overdue):
    petition = types.SimpleNamespace(due_at=sh(2026, 11, 26, 23, 59), answered_at=answered_at)
    assert sources._petition_overdue(petition, now) is overdue


def test_a_2_personal_report_grounds():
    concealed = types.SimpleNamespace(is_untruthful=False, is_concealed=True)
    late = types.SimpleNamespace(is_untruthful=False, is_concealed=False)
    assert sources._personal_ground(concealed) == AccountabilityGround.FALSIFICATION
    assert sources._personal_ground(late) == AccountabilityGround.OTHER_FAULT
