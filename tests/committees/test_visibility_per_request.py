"""Issue 19: the committees a user sees are asked of guardian once per request (a literal id list
the planner estimates) and kept in the cache between requests (``committees.scope``), yet change as
soon as a role is granted or revoked."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees import scope, selectors, services
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
    cache.delete(scope.STAMP_KEY)  # and nothing kept in the cache
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


# --------------------------------------------------------------------------- the kept scope


def fresh(user):
    """The user object of another request (another worker: nothing kept on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_a_later_request_reads_the_scope_from_the_cache_not_from_guardian(county, settings):
    settings.DANGWEI_SCOPE_SECONDS = 60
    user = user_with_role(county, Role.OFFICE_STAFF)
    assert selectors.visible_committee_ids(fresh(user)) == {county.pk}
    later = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.visible_committee_ids(later) == {county.pk}
        assert selectors.manageable_committee_ids(later) == {county.pk}
        assert scope.of(later).holding([Role.OFFICE_STAFF]) == {county.pk}
    assert len(queries) == 0


def test_a_kept_scope_follows_a_grant_and_a_revocation_on_the_next_request(county, client, settings):
    settings.DANGWEI_SCOPE_SECONDS = 60
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    assert client.get(f"/committees/{county.pk}/").status_code == 404
    assert client.get(f"/committees/{county.pk}/").status_code == 404  # kept: nothing to see
    assignment = grant(person, county)
    assert client.get(f"/committees/{county.pk}/").status_code == 200
    revoke(assignment)
    assert client.get(f"/committees/{county.pk}/").status_code == 404


def test_a_scope_another_worker_kept_before_the_commit_is_dropped_when_it_commits(
    county, settings, django_capture_on_commit_callbacks
):
    settings.DANGWEI_SCOPE_SECONDS = 60
    user = UserFactory()
    person = PersonFactory(user=user)
    assert selectors.visible_committee_ids(fresh(user)) == frozenset()
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        grant(person, county)
        # Another worker read the rows before this transaction committed and kept what it saw
        # under the stamp of that moment (the new one the change set at once).
        stamp = cache.get(scope.STAMP_KEY)
        cache.set(f"scope:{user.pk}:{timezone.localdate().isoformat()}", (stamp, scope.NOBODY), 60)
        assert selectors.visible_committee_ids(fresh(user)) == frozenset()  # what it kept
    for callback in on_commit:
        callback()
    assert selectors.visible_committee_ids(fresh(user)) == {county.pk}


def test_a_kept_scope_is_the_day_s_roles(county, settings, time_machine):
    settings.DANGWEI_SCOPE_SECONDS = 3600
    user = UserFactory()
    person = PersonFactory(user=user)
    today = timezone.localdate()
    services.assign_role(
        person=person,
        committee=county,
        role=Role.MEMBER,
        start_date=today + datetime.timedelta(days=1),
        acting_user=system_user(),
    )
    assert scope.of(fresh(user)).roles == {}
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    assert scope.of(fresh(user)).roles == {Role.MEMBER: {county.pk}}
    assert scope.of(fresh(user), on=today).roles == {}


def test_a_permission_row_written_by_hand_outdates_the_kept_scopes(county, settings):
    settings.DANGWEI_SCOPE_SECONDS = 60
    from guardian.shortcuts import assign_perm, remove_perm

    user = UserFactory()
    assert selectors.visible_committee_ids(fresh(user)) == frozenset()
    assign_perm("view_committee", user, county)
    assert selectors.visible_committee_ids(fresh(user)) == {county.pk}
    remove_perm("view_committee", user, county)
    assert selectors.visible_committee_ids(fresh(user)) == frozenset()
