"""Every state change of reporting names who acted in its history (STYLE.md "Services"): the
user of the page or the API, or the system account for scheduled work and the demo data."""

import datetime

import pytest
from django.utils import timezone

from committees.actors import system_user
from committees.models import Level, Role
from committees.services import assign_role
from reporting.emergencies import services as emergencies
from reporting.emergencies.models import EmergencyKind
from reporting.leave import services as leave
from reporting.leave.models import LeaveKind, LeaveSummary
from reporting.leave.tasks import ensure_summaries
from reporting.periodic import services as periodic
from reporting.periodic.models import PeriodicObligation, PeriodicReportKind
from reporting.periodic.tasks import generate_periodic_obligations
from reporting.personal import services as personal
from reporting.personal.models import MatterKind, PersonalMatterReport
from reporting.petitions import services as petitions
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory
from tests.reporting.accounts import user_of
from tests.reporting.factories_personal import add_user, build_setting, declaration
from tests.reporting.factories_personal import local as beijing
from tests.reporting.factories_petitions import local, make_petition, town_setting

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
M = datetime.timedelta(minutes=1)
LEAVE_NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)  # Monday 10:00 in Shanghai


@pytest.fixture
def town():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    RoleFactory(committee=town, role=Role.SECRETARY)
    return town


def test_emergency_report_and_follow_up_name_the_user_who_recorded_them(town):
    officer = UserFactory(username="office")
    emergency = emergencies.record_emergency(
        committee=town,
        title="山体滑坡",
        kind=EmergencyKind.NATURAL_DISASTER,
        place="三组",
        occurred_at=T0 - 10 * M,
        known_at=T0,
        now=T0,
        acting_user=officer,
    )
    report = emergencies.send_report(
        emergency, sent_at=T0 + 30 * M, recipient="区委", text="已处置", now=T0 + 30 * M, acting_user=officer
    )
    follow_up = emergencies.add_follow_up(
        emergency, at=T0 + 60 * M, text="续报", now=T0 + 60 * M, acting_user=system_user()
    )
    assert emergency.history.first().history_user == officer
    assert report.history.first().history_user == officer
    assert follow_up.history.first().history_user == system_user()


def test_petition_registered_and_transferred_by_the_petition_staff():
    setting = town_setting()
    staff = setting["staff_user"]
    received = local(2026, 1, 10, 9, 0)
    petition = make_petition(setting, received_at=received, acting_user=staff)
    assert petition.history.first().history_user == staff
    petitions.transfer(
        petition, instruction="请村支部核实", responsible_committee=setting["village"], at=received, acting_user=staff
    )
    latest = petition.history.first()
    assert (latest.state, latest.history_user) == ("transferred", staff)


def test_the_daily_generation_acts_as_the_system_and_the_submitter_as_themselves(town, time_machine):
    branch = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=town)
    time_machine.move_to(datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC), tick=False)
    assert generate_periodic_obligations() > 0
    obligation = PeriodicObligation.objects.get(kind=PeriodicReportKind.BRANCH_QUARTERLY, reporting_committee=branch)
    assert obligation.history.first().history_user == system_user()
    secretary = UserFactory(username="branch-secretary")
    periodic.submit(obligation, text="第四季度汇报", acting_user=secretary)
    assert obligation.history.first().history_user == secretary


def test_personal_matters_name_the_cadre_the_department_and_whoever_appointed():
    setting = build_setting()
    org = add_user(setting, "town_org_staff")
    report = personal.report_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind=MatterKind.PRIVATE_TRIP_ABROAD,
        event_date=datetime.date(2026, 11, 15),
        description="赴泰国旅游",
        at=beijing(2026, 11, 20),
        acting_user=setting.cadre_user,
    )
    assert report.history.first().history_user == setting.cadre_user
    personal.reply(report, text="请补充", at=beijing(2026, 11, 21), acting_user=org)
    assert report.history.first().history_user == org
    declared = declaration(setting, acting_user=setting.cadre_user)
    assert declared.history.first().history_user == setting.cadre_user
    # R-2 第六条: the new team member's obligation is registered by whoever assigned the role.
    officer = UserFactory(username="officer")
    newcomer = PersonFactory(name="新任委员")
    assign_role(
        person=newcomer, committee=setting.town, role=Role.MEMBER, start_date=timezone.localdate(), acting_user=officer
    )
    obligation = PersonalMatterReport.objects.get(cadre=newcomer)
    assert obligation.history.first().history_user == officer


def test_leave_names_the_requester_the_approver_and_the_system():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    secretary = RoleFactory(committee=county, role=Role.SECRETARY, person__name="区委书记").person
    member = RoleFactory(committee=county, role=Role.MEMBER, person__name="常委").person
    requester, approver = user_of(member), user_of(secretary)
    request = leave.submit(
        person=member,
        committee=county,
        kind=LeaveKind.PRIVATE_LEAVE,
        reason="家中有事",
        destination="省城",
        start_date=datetime.date(2026, 11, 10),
        end_date=datetime.date(2026, 11, 11),
        contact="13800000000",
        now=LEAVE_NOW,
        acting_user=requester,
    )
    assert request.history.earliest().history_user == requester
    [step] = leave.current_steps(request)
    leave.decide(step, decision="approve", annotation="同意", now=LEAVE_NOW, acting_user=approver)
    step.refresh_from_db()
    assert (step.decided_by, step.history.first().history_user) == (secretary, approver)
    assert request.history.first().history_user == approver  # the approval that completed the chain
    leave.withdraw(request, now=LEAVE_NOW, acting_user=requester)
    assert request.history.first().history_user == requester


def test_the_leave_summary_task_acts_as_the_system(time_machine):
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    RoleFactory(committee=county, role=Role.SECRETARY, start_date=datetime.date(2026, 1, 1))
    time_machine.move_to(LEAVE_NOW, tick=False)
    ensure_summaries()
    summary = LeaveSummary.objects.get(committee=county)
    assert summary.history.first().history_user == system_user()
