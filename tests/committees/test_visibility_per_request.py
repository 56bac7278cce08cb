"""Issue 19: the committees a user sees are asked of guardian once per request (a literal id list
the planner estimates), yet change as soon as a role is granted or revoked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees import selectors, services
from committees.actors import system_user
from committees.models import Level, Role
from meetings.selectors.decisions import visible_decisions
from meetings.selectors.votes import visible_votes
from tests.factories import CommitteeFactory, PersonFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return CommitteeFactory(name="临江区委", level=Level.COUNTY)


def grant(person, committee, role=Role.MEMBER):
    return services.assign_role(
        person=person,
        committee=committee,
        role=role,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        acting_user=system_user(),
    )


def revoke(assignment):
    services.end_role(assignment, end_date=timezone.localdate() - datetime.timedelta(days=1), acting_user=system_user())


def test_the_same_user_object_sees_a_grant_and_a_revocation_at_once(county):
    user = UserFactory()
    person = PersonFactory(user=user)
    assert selectors.visible_committee_ids(user) == frozenset()
    assignment = grant(person, county)
    assert selectors.visible_committee_ids(user) == {county.pk}
    assert list(selectors.visible_committees(user)) == [county]
    revoke(assignment)
    assert selectors.visible_committee_ids(user) == frozenset()
    assert not selectors.visible_committees(user).exists()


def test_a_page_answers_from_the_set_of_its_request_and_follows_grants_and_revocations(county, client):
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    assert client.get(f"/committees/{county.pk}/").status_code == 404
    assignment = grant(person, county)
    assert client.get(f"/committees/{county.pk}/").status_code == 200
    revoke(assignment)
    assert client.get(f"/committees/{county.pk}/").status_code == 404


def test_guardian_is_asked_once_per_user_object(county):
    user = user_with_role(county, Role.OFFICE_STAFF)
    with CaptureQueriesContext(connection) as first:
        list(selectors.visible_committees(user))
        assert selectors.can_manage(user, county)
    with CaptureQueriesContext(connection) as again:
        list(selectors.visible_committees(user))
        assert selectors.can_manage(user, county)
        assert selectors.manageable_committee_ids(user) == {county.pk}
    assert len(again) == 1  # the committees themselves; the ids are known
    assert len(first) > len(again)


def queries_to_list(function, user) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh request's user object
    with CaptureQueriesContext(connection) as queries:
        list(function(user))
    return len(queries)


@pytest.mark.parametrize("function", [visible_decisions, visible_votes])
def test_m_m3_confidential_registers_cost_the_same_for_1_or_12_committees_overseen(function):
    # rule: M-M3
    few = CommitteeFactory(name="甲县委", level=Level.COUNTY)
    CommitteeFactory(name="甲镇党委", level=Level.TOWN, parent=few)
    many = CommitteeFactory(name="乙县委", level=Level.COUNTY)
    for n in range(11):
        CommitteeFactory(name=f"乙镇{n}党委", level=Level.TOWN, parent=many)
    narrow = user_with_role(few, Role.ORGANIZATION_STAFF, username="narrow")
    broad = user_with_role(many, Role.ORGANIZATION_STAFF, username="broad")
    assert len(selectors.visible_committee_ids(broad)) == 12
    assert queries_to_list(function, narrow) == queries_to_list(function, broad)
