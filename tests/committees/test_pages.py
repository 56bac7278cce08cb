"""Pages: language switch, forms with bad input, query counts, audit trail."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Level, Person, Role, RoleAssignment
from committees.paging import PAGE_SIZE
from tests.factories import CommitteeFactory, RoleFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_interface_is_chinese_by_default(client):
    client.force_login(UserFactory())
    page = client.get("/committees/").content.decode()
    assert "党委" in page
    assert 'lang="zh-hans"' in page


def test_language_switch_to_english_and_back(client):
    client.force_login(UserFactory())
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/committees/"})
    assert response.status_code == 302
    page = client.get("/committees/").content.decode()
    assert "Committee tree" in page
    assert 'lang="en"' in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "Committee tree" not in client.get("/committees/").content.decode()


def test_dates_are_shown_the_chinese_way(client):
    committee = CommitteeFactory()
    user = user_with_role(committee, Role.SECRETARY, start=datetime.date(2021, 9, 20))
    client.force_login(user)
    assert "2021年9月20日" in client.get(f"/committees/{committee.pk}/").content.decode()


def test_committee_detail_on_a_past_date(client):
    committee = CommitteeFactory()
    RoleFactory(
        committee=committee,
        person__name="前任",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    client.force_login(user_with_role(committee, Role.MEMBER))
    today = client.get(f"/committees/{committee.pk}/").content.decode()
    past = client.get(f"/committees/{committee.pk}/?on=2019-06-01").content.decode()
    assert "前任" not in today and "前任" in past


def test_committee_detail_bad_date_falls_back_to_today_with_error(client):
    committee = CommitteeFactory()
    client.force_login(user_with_role(committee, Role.MEMBER))
    response = client.get(f"/committees/{committee.pk}/?on=not-a-date")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_committee_detail_query_count_is_fixed(client, django_assert_max_num_queries):
    committee = CommitteeFactory()
    user = user_with_role(committee, Role.SECRETARY)
    for _n in range(10):
        RoleFactory(committee=committee)
    client.force_login(user)
    client.get(f"/committees/{committee.pk}/")
    with django_assert_max_num_queries(22) as captured:
        client.get(f"/committees/{committee.pk}/")
    baseline = len(captured)
    for _n in range(10):
        RoleFactory(committee=committee)
    client.get(f"/committees/{committee.pk}/")  # new roles outdate the kept scope (committees.scope)
    with django_assert_max_num_queries(baseline):
        client.get(f"/committees/{committee.pk}/")


def test_history_page_paginates(client):
    committee = CommitteeFactory()
    client.force_login(user_with_role(committee, Role.MEMBER))
    for _n in range(PAGE_SIZE + 10):  # with the member's own role: a page and 11 rows
        RoleFactory(committee=committee)
    page = client.get(f"/committees/{committee.pk}/history/")
    assert len(page.context["page"].object_list) == PAGE_SIZE
    assert len(client.get(f"/committees/{committee.pk}/history/?page=2").context["page"].object_list) == 11


def test_office_staff_appoints_a_new_person(client):
    committee = CommitteeFactory()
    client.force_login(user_with_role(committee, Role.OFFICE_STAFF))
    url = reverse("assign_role", args=[committee.pk])
    response = client.post(
        url,
        {"new_person_name": "新委员", "role": Role.MEMBER, "start_date": "2026-11-01", "new_person_position": "委员"},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(person__name="新委员").committee == committee


def test_appointing_a_second_secretary_is_refused_and_nothing_is_lost(client):
    committee = CommitteeFactory()
    RoleFactory(committee=committee, role=Role.SECRETARY)
    client.force_login(user_with_role(committee, Role.OFFICE_STAFF))
    response = client.post(
        reverse("assign_role", args=[committee.pk]),
        {"new_person_name": "第二书记", "role": Role.SECRETARY, "start_date": "2026-11-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="第二书记"' in response.content.decode()  # the input is kept
    assert not Person.objects.filter(name="第二书记").exists()


def test_end_role_before_start_is_a_form_error(client):
    committee = CommitteeFactory()
    role = RoleFactory(committee=committee, start_date=datetime.date(2021, 9, 20))
    client.force_login(user_with_role(committee, Role.SECRETARY))
    response = client.post(reverse("end_role", args=[role.pk]), {"end_date": "2020-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    role.refresh_from_db()
    assert role.end_date is None


def test_o_2_ending_a_town_secretary_early_shows_a_warning(client):
    town = CommitteeFactory(level=Level.TOWN)
    secretary = RoleFactory(committee=town, role=Role.SECRETARY, start_date=datetime.date(2021, 9, 20))
    client.force_login(user_with_role(town, Role.OFFICE_STAFF))
    last_day = datetime.date.today() - datetime.timedelta(days=30)
    response = client.post(reverse("end_role", args=[secretary.pk]), {"end_date": last_day.isoformat()}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("O-2" in m for m in messages)
    assert any("O-2" in w.message for w in response.context["warnings"])


def test_member_without_manage_permission_cannot_end_roles(client):
    committee = CommitteeFactory()
    role = RoleFactory(committee=committee)
    client.force_login(user_with_role(committee, Role.MEMBER))
    assert client.post(reverse("end_role", args=[role.pk]), {"end_date": "2026-01-01"}).status_code == 403


def test_unknown_year_banner_in_the_header(client, time_machine):
    """Issue 14: on every page for whoever can enter the schedule; not for the others (they see it
    only on pages whose dates fall in that year, tests/committees/test_navigation.py)."""
    time_machine.move_to(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC))
    from committees.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/").content.decode()
    assert "2027" in page
    assert client.get("/").context["years_without_schedule"] == [2027]
    client.force_login(UserFactory())
    assert client.get("/").context["years_without_schedule"] == []


def test_admin_pages_are_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "党委" in page
    assert admin_client.get("/admin/committees/roleassignment/").status_code == 200


def test_english_browser_still_gets_chinese_until_the_switch(client):
    client.force_login(UserFactory())
    page = client.get("/committees/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Committee tree" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Committee tree" in client.get("/committees/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_five_person_group_is_shown_on_the_committee_page(client):
    committee = CommitteeFactory()
    for role in (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER, Role.DISCIPLINE_SECRETARY):
        RoleFactory(committee=committee, role=role)
    client.force_login(user_with_role(committee, Role.MEMBER))
    group = client.get(f"/committees/{committee.pk}/").context["five_person_group"]
    assert [a.role for a in group] == [
        Role.SECRETARY,
        Role.DEPUTY_SECRETARY,
        Role.ORGANIZATION_MEMBER,
        Role.DISCIPLINE_SECRETARY,
    ]


def test_admin_refuses_a_second_secretary_with_a_form_error(admin_client):
    committee = CommitteeFactory()
    RoleFactory(committee=committee, role=Role.SECRETARY)
    person = RoleFactory(committee=committee).person
    response = admin_client.post(
        "/admin/committees/roleassignment/add/",
        {"person": person.pk, "committee": committee.pk, "role": Role.SECRETARY, "start_date": "2026-01-01"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert RoleAssignment.objects.filter(committee=committee, role=Role.SECRETARY).count() == 1


def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


def test_o_2_warnings_older_than_a_year_leave_the_page(client):
    town = CommitteeFactory(level=Level.TOWN)
    RoleFactory(
        committee=town, role=Role.SECRETARY, start_date=datetime.date(2016, 9, 20), end_date=datetime.date(2019, 9, 19)
    )
    client.force_login(user_with_role(town, Role.MEMBER))
    assert client.get(f"/committees/{town.pk}/").context["warnings"] == []
    past = client.get(f"/committees/{town.pk}/?on=2019-10-01").context["warnings"]
    assert len(past) == 1
