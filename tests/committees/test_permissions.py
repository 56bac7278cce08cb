"""Object-level permissions: role × own committee × another committee."""

import datetime

import pytest

from committees import selectors
from committees.actors import system_user
from committees.models import Level, Role
from committees.permissions import sync_all_permissions, sync_user_permissions
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    other_county = CommitteeFactory(name="青山县委", level=Level.COUNTY, parent=city)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    return {"city": city, "county": county, "other_county": other_county, "town": town}


# role held on the county committee → which committees are visible / manageable
MATRIX = [
    (Role.SECRETARY, {"county"}, {"county"}),
    (Role.DEPUTY_SECRETARY, {"county"}, {"county"}),
    (Role.ORGANIZATION_MEMBER, {"county", "town"}, {"town"}),
    (Role.DISCIPLINE_SECRETARY, {"county"}, set()),
    (Role.MEMBER, {"county"}, set()),
    (Role.OFFICE_STAFF, {"county"}, {"county"}),
    (Role.DISCIPLINE_INSPECTOR, {"county"}, set()),
    (Role.ORGANIZATION_STAFF, {"county", "town"}, {"town"}),
    (Role.PETITION_STAFF, {"county"}, set()),
    (Role.DELEGATE, {"county"}, set()),
]


@pytest.mark.parametrize(("role", "visible", "manageable"), MATRIX)
def test_role_sees_own_committee_not_others(tree, client, role, visible, manageable):
    user = user_with_role(tree["county"], role)
    names = {key for key, c in tree.items() if c in selectors.visible_committees(user)}
    assert names == visible
    assert {key for key, c in tree.items() if c in selectors.manageable_committees(user)} == manageable
    client.force_login(user)
    for key, committee in tree.items():
        response = client.get(f"/committees/{committee.pk}/")
        assert response.status_code == (200 if key in visible else 404), key
        response = client.get(f"/committees/{committee.pk}/roles/new/")
        expected = 200 if key in manageable else (403 if key in visible else 404)
        assert response.status_code == expected, key


def test_parent_organisation_department_sees_children_not_grandchildren(tree):
    user = user_with_role(tree["city"], Role.ORGANIZATION_STAFF)
    visible = set(selectors.visible_committees(user))
    assert visible == {tree["city"], tree["county"], tree["other_county"]}


def test_ended_role_grants_nothing(tree):
    user = user_with_role(tree["county"], Role.MEMBER, start=datetime.date(2016, 1, 1), end=datetime.date(2021, 1, 1))
    assert list(selectors.visible_committees(user)) == []


def test_role_ending_by_date_is_revoked_by_the_nightly_sync(tree, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC))
    user = user_with_role(tree["county"], Role.MEMBER, end=datetime.date(2026, 12, 31))
    assert tree["county"] in selectors.visible_committees(user)
    sync_all_permissions(on=datetime.date(2027, 1, 1))
    assert list(selectors.visible_committees(user)) == []


def test_future_role_is_granted_when_it_starts(tree):
    user = user_with_role(tree["town"], Role.MEMBER, start=datetime.date(2099, 1, 1))
    assert list(selectors.visible_committees(user)) == []
    sync_user_permissions(user, on=datetime.date(2099, 1, 1))
    assert list(selectors.visible_committees(user)) == [tree["town"]]


def test_deleting_the_role_revokes_access(tree):
    user = UserFactory()
    role = RoleFactory(person__user=user, committee=tree["town"])
    assert tree["town"] in selectors.visible_committees(user)
    role.delete()
    assert list(selectors.visible_committees(user)) == []


def test_user_without_person_sees_nothing(tree, client):
    user = UserFactory()
    client.force_login(user)
    assert list(selectors.visible_committees(user)) == []
    assert client.get("/committees/").context["roots"] == []


def test_superuser_sees_everything(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert set(selectors.visible_committees(admin)) == set(tree.values())


def test_tree_page_shows_only_visible_committees_as_roots(tree, client):
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    roots = client.get("/committees/").context["roots"]
    assert [node.committee for node in roots] == [tree["town"]]


def test_person_page_only_for_people_of_visible_committees(tree, client):
    stranger = RoleFactory(committee=tree["other_county"]).person
    colleague = RoleFactory(committee=tree["county"]).person
    client.force_login(user_with_role(tree["county"], Role.MEMBER))
    assert client.get(f"/people/{colleague.pk}/").status_code == 200
    assert client.get(f"/people/{stranger.pk}/").status_code == 404


def test_person_history_hides_roles_in_committees_not_visible(tree, client):
    person = RoleFactory(committee=tree["county"]).person
    RoleFactory(
        person=person,
        committee=tree["other_county"],
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    client.force_login(user_with_role(tree["county"], Role.MEMBER))
    history = client.get(f"/people/{person.pk}/").context["history"]
    assert [a.committee for a in history] == [tree["county"]]


def test_anonymous_user_is_sent_to_login(client, tree):
    response = client.get(f"/committees/{tree['county'].pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_global_model_permission_does_not_widen_visibility(tree):
    from django.contrib.auth.models import Permission

    user = user_with_role(tree["town"], Role.MEMBER)
    user.user_permissions.add(Permission.objects.get(codename="view_committee"))
    user = type(user).objects.get(pk=user.pk)
    assert list(selectors.visible_committees(user)) == [tree["town"]]


def test_reassigning_a_role_to_another_person_revokes_the_first(tree):
    first = UserFactory()
    role = RoleFactory(person__user=first, committee=tree["town"])
    second = UserFactory()
    role.person = PersonFactory(user=second)
    role.save()
    assert list(selectors.visible_committees(first)) == []
    assert list(selectors.visible_committees(second)) == [tree["town"]]


def test_moving_the_login_to_another_person_revokes_the_old_grants(tree):
    user = user_with_role(tree["town"], Role.MEMBER)
    person = user.person
    person.user = None
    person.save()
    assert list(selectors.visible_committees(user)) == []


def test_new_child_committee_is_seen_by_the_parent_organisation_department(tree):
    from committees import services

    user = user_with_role(tree["county"], Role.ORGANIZATION_STAFF)
    street = services.create_committee(
        name="白石街道党工委", level=Level.STREET, parent=tree["county"], acting_user=system_user()
    )
    assert street in selectors.visible_committees(user)
    street.parent = tree["other_county"]
    street.save()
    assert street not in selectors.visible_committees(user)


def test_admin_is_for_superusers_only(tree, client):
    from django.contrib.auth.models import Permission

    user = user_with_role(tree["county"], Role.OFFICE_STAFF)
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_committee"))
    client.force_login(user)
    assert client.get("/admin/committees/committee/").status_code == 302
