"""REST API: filtered by object permissions exactly like the pages."""

import datetime

import pytest

from committees.models import Level, Role
from tests.factories import CommitteeFactory, RoleFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    RoleFactory(committee=other, role=Role.SECRETARY, person__name="外县书记")
    RoleFactory(committee=town, role=Role.SECRETARY, person__name="镇书记")
    return county, other, town


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_api_committees_are_filtered_by_permission(client, setting):
    county, other, _town = setting
    client.force_login(user_with_role(county, Role.MEMBER))
    assert ids(client.get("/api/committees/")) == {county.pk}
    assert client.get(f"/api/committees/{other.pk}/").status_code == 404


def test_api_organisation_staff_sees_children(client, setting):
    county, _other, town = setting
    client.force_login(user_with_role(county, Role.ORGANIZATION_STAFF))
    assert ids(client.get("/api/committees/")) == {county.pk, town.pk}
    assert ids(client.get(f"/api/committees/?parent={county.pk}")) == {town.pk}


def test_api_people_and_roles_exclude_other_committees(client, setting):
    county, _other, _town = setting
    client.force_login(user_with_role(county, Role.MEMBER))
    names = {row["name"] for row in client.get("/api/people/").json()["results"]}
    assert "外县书记" not in names and "镇书记" not in names
    roles = client.get("/api/roles/").json()["results"]
    assert {row["committee"] for row in roles} == {county.pk}


def test_api_roles_on_a_date(client, setting):
    county, _other, _town = setting
    user = user_with_role(county, Role.SECRETARY)
    RoleFactory(
        committee=county, role=Role.MEMBER, start_date=datetime.date(2016, 1, 1), end_date=datetime.date(2020, 1, 1)
    )
    client.force_login(user)
    all_roles = client.get(f"/api/roles/?committee={county.pk}").json()["results"]
    on_date = client.get(f"/api/roles/?committee={county.pk}&on=2026-03-05").json()["results"]
    assert len(all_roles) == 2
    assert [row["role"] for row in on_date] == ["secretary"]


def test_api_rule_sets_readable_by_signed_in_users(client, setting):
    county, *_ = setting
    client.force_login(user_with_role(county, Role.MEMBER))
    data = client.get("/api/rule-sets/").json()["results"]
    assert data[0]["versions"][0]["petition_answer_days"] == 60


def test_api_requires_login(client, setting):
    assert client.get("/api/committees/").status_code in (401, 403)


def test_api_schema_and_docs_are_served(admin_client):
    schema = admin_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/committees/" in schema.content
    docs = admin_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # vendored assets: works on an intranet


def test_api_list_query_count_is_fixed(client, setting, django_assert_max_num_queries):
    county, *_ = setting
    for _n in range(20):
        RoleFactory(committee=county)
    client.force_login(user_with_role(county, Role.MEMBER))
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/roles/").json()["results"]) == 21
