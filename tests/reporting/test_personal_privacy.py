"""R-2 privacy: a personal-matter report is seen only by the cadre who filed it, the organisation
department of the cadre's committee and of its parent, and superusers – on pages, in the API,
in the engine's deadlines and in notifications."""

import datetime

import pytest
import time_machine
from guardian.models import UserObjectPermission

from committees import services as committee_services
from committees.actors import system_user
from committees.models import Role, RoleAssignment
from reporting import deadlines
from reporting import selectors as engine_selectors
from reporting.personal import selectors, services
from reporting.personal.models import PersonalMatterReport
from tests.factories import PersonFactory, UserFactory, user_with_role
from tests.reporting.accounts import clerk
from tests.reporting.factories_personal import MATRIX_USERS, add_all_users, build_setting, event_report, local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 25, 10)

SEES = {"cadre", "town_org_staff", "town_org_member", "county_org_staff", "county_org_member", "superuser"}
EVERYONE = ["cadre", *MATRIX_USERS, "superuser", "no_role"]
MATRIX = [(label, 200 if label in SEES else 404) for label in EVERYONE]


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setting(travel):
    setting = add_all_users(build_setting())
    setting.users["cadre"] = setting.cadre_user
    return setting


@pytest.fixture
def report(setting):
    return event_report(setting, at=local(2026, 11, 20))


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_2_privacy_report_page(client, setting, report, label, status):
    client.force_login(setting.users[label])
    response = client.get(f"/personal/{report.pk}/")
    assert response.status_code == status
    if status == 404:
        assert "赴泰国旅游" not in response.content.decode()


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_2_privacy_api_detail(client, setting, report, label, status):
    client.force_login(setting.users[label])
    assert client.get(f"/api/personal-matter-reports/{report.pk}/").status_code == status


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_2_privacy_api_list(client, setting, report, label, status):
    client.force_login(setting.users[label])
    response = client.get("/api/personal-matter-reports/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (report.pk in ids) == (status == 200)


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_2_privacy_selector_and_guardian_permission(setting, report, label, status):
    user = setting.users[label]
    assert selectors.visible_reports(user).filter(pk=report.pk).exists() == (status == 200)
    if label != "superuser":
        assert user.has_perm("reporting.view_personalmatterreport", report) == (status == 200)


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_2_privacy_engine_deadline(setting, label, status):
    pending = services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind="real_estate",
        event_date=datetime.date(2026, 11, 20),
        acting_user=clerk(),
    )
    (deadline,) = deadlines.for_subject(pending)
    visible = engine_selectors.visible_deadlines(setting.users[label]).filter(pk=deadline.pk).exists()
    assert visible == (status == 200)


@pytest.mark.parametrize(
    "label",
    ["town_secretary", "town_office", "town_discipline_secretary", "town_discipline_inspector", "town_member"],
)
def test_r_2_privacy_action_urls_hide_the_report(client, setting, report, label):
    client.force_login(setting.users[label])
    for action in ("reply", "mark", "reply-outcome", "file", "respond"):
        assert client.post(f"/personal/{report.pk}/{action}/", {"text": "x"}).status_code == 404
    assert client.post(f"/api/personal-matter-reports/{report.pk}/reply/", {"text": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("label", "status"), [("town_secretary", 403), ("town_member", 403), ("town_org_staff", 200), ("superuser", 200)]
)
def test_r_2_privacy_inbox_is_for_the_organisation_department(client, setting, report, label, status):
    client.force_login(setting.users[label])
    response = client.get("/personal/inbox/")
    assert response.status_code == status
    if status == 200:
        assert [r.pk for r in response.context["page"]] == [report.pk]


def test_r_2_privacy_my_reports_lists_only_my_own(client, setting, report):
    other = user_with_role(setting.town, Role.MEMBER)
    client.force_login(other)
    assert list(client.get("/personal/").context["page"]) == []
    client.force_login(setting.cadre_user)
    assert [r.pk for r in client.get("/personal/").context["page"]] == [report.pk]


def test_r_2_privacy_sibling_organisation_department_does_not_see_the_other_towns_reports(setting, report):
    assert not selectors.inbox(setting.users["sibling_town_org_staff"]).exists()
    assert list(selectors.inbox(setting.users["county_org_staff"])) == [report]


def test_r_2_privacy_the_cadre_does_not_act_as_the_organisation(client, setting, report):
    client.force_login(setting.cadre_user)
    assert client.post(f"/personal/{report.pk}/reply/", {"text": "x", "response_days": 15}).status_code == 403
    assert client.post(f"/api/personal-matter-reports/{report.pk}/mark/", {"note": "x"}).status_code == 403


def test_r_2_privacy_the_organisation_does_not_file_for_the_cadre(client, setting):
    pending = services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind="salary",
        event_date=datetime.date(2026, 11, 20),
        acting_user=clerk(),
    )
    client.force_login(setting.users["town_org_staff"])
    assert client.post(f"/personal/{pending.pk}/file/", {"description": "x"}).status_code == 403
    assert client.post(f"/api/personal-matter-reports/{pending.pk}/file/", {"description": "x"}).status_code == 403


def test_r_2_privacy_the_selector_needs_the_guardian_permission(setting, report):
    org = setting.users["town_org_staff"]
    UserObjectPermission.objects.filter(user=org, object_pk=str(report.pk)).delete()
    assert not selectors.visible_reports(org).exists()


def test_r_2_privacy_a_global_model_permission_grants_nothing(setting, report):
    from django.contrib.auth.models import Permission

    secretary = setting.users["town_secretary"]
    secretary.user_permissions.add(Permission.objects.get(codename="view_personalmatterreport"))
    assert not selectors.visible_reports(secretary).exists()


def test_r_2_privacy_organisation_staff_appointed_later_sees_existing_reports(setting, report):
    newcomer = UserFactory()
    person = PersonFactory(user=newcomer)
    committee_services.assign_role(
        person=person,
        committee=setting.town,
        role=Role.ORGANIZATION_STAFF,
        start_date=datetime.date(2026, 11, 25),
        acting_user=system_user(),
    )
    assert list(selectors.visible_reports(newcomer)) == [report]


def test_r_2_privacy_organisation_staff_whose_role_ended_no_longer_sees(setting, report):
    org = setting.users["town_org_staff"]
    assignment = RoleAssignment.objects.get(person__user=org)
    committee_services.end_role(assignment, end_date=datetime.date(2026, 11, 24), acting_user=system_user())
    assert not selectors.visible_reports(org).exists()
    assert not org.has_perm("reporting.view_personalmatterreport", report)


def test_r_2_privacy_a_role_ending_by_date_hides_the_reports_the_next_day(setting, report):
    org = setting.users["town_org_member"]
    assignment = RoleAssignment.objects.get(person__user=org)
    committee_services.end_role(assignment, end_date=datetime.date(2026, 11, 30), acting_user=system_user())
    assert selectors.visible_reports(org).exists()
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        assert not selectors.visible_reports(org).exists()


def test_r_2_privacy_reminders_go_to_the_cadre_and_escalate_to_the_organisation_department_only(setting):
    pending = services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind="marriage_change",
        event_date=datetime.date(2026, 10, 1),
        at=local(2026, 10, 2),
        acting_user=clerk(),
    )
    (deadline,) = deadlines.for_subject(pending)
    deadlines.scan(local(2026, 11, 25))  # past due and past both escalation days
    reminded = {n.recipient for n in deadline.notifications.exclude(step_kind="escalation")}
    assert reminded == {setting.cadre}
    escalated = {n.recipient for n in deadline.notifications.filter(step_kind="escalation")}
    assert escalated  # the organisation department hears of it …
    organisation = RoleAssignment.objects.on(datetime.date(2026, 11, 25)).filter(
        role__in=("organization_member", "organization_staff"),
        committee__in=(setting.town, setting.town.parent),
    )
    assert escalated <= {a.person for a in organisation}  # … and nobody else


def test_r_2_privacy_admin_shows_reports_to_superusers_only(client, setting, report):
    from django.contrib.auth.models import Permission

    staff = setting.users["town_org_staff"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_personalmatterreport"))
    client.force_login(staff)
    assert client.get(f"/admin/reporting/personalmatterreport/{report.pk}/change/").status_code in (302, 403, 404)
    client.force_login(setting.users["superuser"])
    assert client.get(f"/admin/reporting/personalmatterreport/{report.pk}/change/").status_code == 200


def test_r_2_privacy_every_report_row_grants_exactly_its_viewers(setting, report):
    granted = set(
        UserObjectPermission.objects.filter(
            object_pk=str(report.pk), permission__codename="view_personalmatterreport"
        ).values_list("user__username", flat=True)
    )
    assert granted == {"cadre", "town_org_staff", "town_org_member", "county_org_staff", "county_org_member"}
    assert PersonalMatterReport.objects.count() == 1
