"""The deadlines dashboard, the notification bell, and the engine's API – filtered per user."""

import datetime

import pytest
from django.utils import timezone

from committees.actors import system_user
from committees.models import Level, Role
from reporting import deadlines
from reporting.schedules import days_schedule, hours_schedule
from tests.factories import CommitteeFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    other = CommitteeFactory(name="柳溪镇党委", level=Level.TOWN)
    return {"county": county, "town": town, "other": other}


def register(committee, owner=None, *, private=False, hours=2, title="报告"):
    now = timezone.now()
    return deadlines.register(
        subject=committee,
        committee=committee,
        title=title,
        due_at=now + datetime.timedelta(hours=hours),
        rule_id="R-2" if private else "R-1",
        schedule=days_schedule() if private else hours_schedule(datetime.timedelta(hours=2)),
        owner=owner,
        is_private=private,
        now=now,
        acting_user=system_user(),
    )


def test_dashboard_splits_what_i_owe_from_what_my_units_owe(world, client):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    mine = register(world["town"], user.person, title="我的")
    unit = register(world["town"], PersonFactory(), title="单位的")
    register(world["other"], PersonFactory(), title="外镇的")
    client.force_login(user)
    context = client.get("/deadlines/").context
    assert context["mine"] == [mine]
    assert list(context["units"]) == [unit]


def test_overdue_first_in_the_dashboard(world, client):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    later = register(world["town"], user.person, hours=5)
    overdue = register(world["town"], user.person, hours=-1)
    client.force_login(user)
    assert client.get("/deadlines/").context["mine"] == [overdue, later]
    assert "overdue" in client.get("/deadlines/").content.decode()


@pytest.mark.parametrize(
    ("role", "where", "sees"),
    [
        (Role.SECRETARY, "town", False),
        (Role.OFFICE_STAFF, "town", False),
        (Role.DISCIPLINE_INSPECTOR, "town", False),
        (Role.ORGANIZATION_STAFF, "town", True),
        (Role.ORGANIZATION_STAFF, "county", True),  # the parent's organisation department
        (Role.ORGANIZATION_STAFF, "other", False),
    ],
)
def test_r_2_private_deadlines_only_for_the_cadre_and_the_organisation_department(world, client, role, where, sees):
    cadre = user_with_role(world["town"], Role.MEMBER)
    private = register(world["town"], cadre.person, private=True)
    viewer = user_with_role(world[where], role)
    client.force_login(viewer)
    ids = {row["id"] for row in client.get("/api/deadlines/").json()["results"]}
    assert (private.pk in ids) is sees
    client.force_login(cadre)
    assert private.pk in {row["id"] for row in client.get("/api/deadlines/").json()["results"]}


def test_bell_counts_unread_and_reading_follows_the_link(world, client):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    deadline = register(world["town"], user.person, hours=-3)
    deadline.url = "/deadlines/"
    deadline.save()
    deadlines.scan()
    client.force_login(user)
    page = client.get("/")
    unread = page.context["unread_notifications"]
    assert unread >= 1
    notification = user.person.notifications.filter(channel="in_app").first()
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/deadlines/"
    assert client.get("/").context["unread_notifications"] == unread - 1
    client.post("/notifications/read-all/")
    assert client.get("/").context["unread_notifications"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # each write commits, as in production
def test_the_bell_kept_between_pages_shows_what_the_scan_wrote_in_bulk(world, client, settings):
    settings.DANGWEI_TODO_COUNTS_SECONDS = 60  # the count is kept between pages (issue 19)
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    client.force_login(user)
    register(world["town"], user.person, hours=-3)
    assert client.get("/").context["unread_notifications"] == 0  # kept from here on
    deadlines.scan()  # notifications written in bulk, no signal per row
    assert client.get("/").context["unread_notifications"] >= 1


def test_nobody_reads_someone_elses_notification(world, client):
    owner = user_with_role(world["town"], Role.OFFICE_STAFF)
    register(world["town"], owner.person, hours=-3)
    deadlines.scan()
    notification = owner.person.notifications.first()
    client.force_login(user_with_role(world["town"], Role.SECRETARY))
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert client.get(f"/api/notifications/{notification.pk}/").status_code == 404


def test_notification_read_does_not_redirect_off_site(world, client):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    deadline = register(world["town"], user.person, hours=-3)
    deadline.url = "https://evil.example.com/"
    deadline.save()
    deadlines.scan()
    client.force_login(user)
    notification = user.person.notifications.filter(channel="in_app").first()
    assert client.post(f"/notifications/{notification.pk}/read/")["Location"] == "/notifications/"


def test_dashboard_query_count_does_not_grow_with_deadlines(world, client, django_assert_max_num_queries):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    for _n in range(3):
        register(world["town"], user.person)
    register(world["town"], PersonFactory())  # every section has rows (an empty page reads none)
    client.force_login(user)
    client.get("/deadlines/")
    with django_assert_max_num_queries(30) as captured:
        client.get("/deadlines/")
    for _n in range(15):
        register(world["town"], user.person)
        register(world["town"], PersonFactory())
    with django_assert_max_num_queries(len(captured)):
        client.get("/deadlines/")


def test_api_notifications_mark_read(world, client):
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    register(world["town"], user.person, hours=-3)
    deadlines.scan()
    client.force_login(user)
    rows = client.get("/api/notifications/").json()["results"]
    assert rows and rows[0]["read_at"] is None
    assert client.post(f"/api/notifications/{rows[0]['id']}/read/").json()["read_at"] is not None


def test_dashboard_sections_are_capped_but_count_everything(world, client, monkeypatch):
    from reporting import selectors

    monkeypatch.setattr(selectors, "DASHBOARD_ROWS", 2)
    user = user_with_role(world["town"], Role.OFFICE_STAFF)
    for hours in (1, 2, 3):
        register(world["town"], user.person, hours=hours)
    client.force_login(user)
    context = client.get("/deadlines/").context
    assert len(context["mine"]) == 2
    assert context["mine_total"] == 3
