"""Leave steps, periodic reports and the engine's obligations in the to-do inbox
(``committees.todo``): for the right person only, gone once done, then in the done list."""

import datetime

import pytest
import time_machine

from committees import todo
from committees.models import Level, Role
from committees.selectors import current_rules
from reporting.leave import services as leave_services
from reporting.leave.models import LeaveKind, StepState
from reporting.periodic import rules as periodic_rules
from reporting.periodic import services as periodic_services
from reporting.periodic.models import PeriodicReportKind
from tests.factories import CommitteeFactory, user_with_role
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def county():
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    return {
        "committee": county,
        "secretary": user_with_role(county, Role.SECRETARY),
        "deputy": user_with_role(county, Role.DEPUTY_SECRETARY),
        "member": user_with_role(county, Role.MEMBER),
        "colleague": user_with_role(county, Role.MEMBER),
        "office": user_with_role(county, Role.OFFICE_STAFF),
    }


def of_kind(user, kind, *, done=False):
    rows = todo.done_by(user) if done else todo.waiting_for(user)
    return [row for row in rows if row.kind == kind]


def test_l3_leave_step_waits_for_its_approver_only_and_moves_to_done(county):
    request = leave_services.submit(
        person=county["member"].person,
        committee=county["committee"],
        kind=LeaveKind.PRIVATE_LEAVE,
        reason="探亲",
        destination="北京",
        start_date=datetime.date(2026, 11, 10),
        end_date=datetime.date(2026, 11, 11),
        contact="13800000000",
        acting_user=clerk(),
    )
    step = request.steps.get(state=StepState.PENDING)
    approver = step.approver.user
    [row] = of_kind(approver, "leave_step")
    assert row.url == f"/leave/{request.pk}/#decide-{step.pk}"
    assert row.due_at is not None  # the engine's due time: when the absence starts
    assert row.group == "people"
    others = [county[name] for name in ("secretary", "deputy", "colleague", "office", "member")]
    for user in [u for u in others if u != approver]:
        assert of_kind(user, "leave_step") == []
    # The engine's deadline of the step is not listed a second time.
    assert of_kind(approver, "obligation") == []

    leave_services.decide(step, decision="approve", acting_user=approver)
    assert of_kind(approver, "leave_step") == []
    [row] = of_kind(approver, "leave_step", done=True)
    assert row.url == f"/leave/{request.pk}/"


def test_periodic_report_waits_for_those_who_file_it_not_for_a_plain_member(county):
    committee = county["committee"]
    obligation = periodic_services.ensure_obligation(
        PeriodicReportKind.DEMOCRATIC_LIFE,
        committee,
        periodic_rules.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        version=current_rules(committee),
        acting_user=clerk(),
    )
    for name in ("office", "secretary", "deputy"):
        [row] = of_kind(county[name], "periodic_report")
        assert row.url == f"/periodic/{obligation.pk}/submit/"
        assert row.group == "reports"
    assert of_kind(county["member"], "periodic_report") == []

    periodic_services.submit(
        obligation, text="报告全文", submitted_by=county["office"].person, acting_user=county["office"]
    )
    assert of_kind(county["office"], "periodic_report") == []
    assert of_kind(county["secretary"], "periodic_report") == []
    assert len(of_kind(county["office"], "periodic_report", done=True)) == 1
    assert of_kind(county["secretary"], "periodic_report", done=True) == []


def test_the_inbox_is_sorted_by_deadline_and_pages_merge_the_sources(county):
    committee = county["committee"]
    version = current_rules(committee)
    for year in (2026, 2025, 2024):
        periodic_services.ensure_obligation(
            PeriodicReportKind.DEMOCRATIC_LIFE,
            committee,
            periodic_rules.Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
            version=version,
            acting_user=clerk(),
        )
    rows = todo.waiting_for(county["office"])
    assert len(rows) == 3
    dues = [row.due_at for row in rows]
    assert dues == sorted(dues)
    assert rows[1:3] == list(rows)[1:3]
    assert rows[0].is_overdue()


def test_p_3_petition_waits_for_its_leader_and_the_petition_staff_and_moves_to_done():
    # rule: P-2
    # rule: P-3
    from reporting.petitions import services as petition_services
    from tests.reporting.factories_petitions import leader_user, local, make_petition, town_setting

    setting = town_setting()
    leader = leader_user(setting)
    staff = setting["staff_user"]
    office = user_with_role(setting["town"], Role.OFFICE_STAFF)
    member = user_with_role(setting["town"], Role.MEMBER)
    other_staff = user_with_role(setting["county"], Role.PETITION_STAFF)
    petition = make_petition(setting, received_at=local(2026, 10, 20), content="反映村道年久失修，雨天无法通行")

    for user in (leader, staff):
        [row] = of_kind(user, "petition")
        assert row.url == f"/petitions/{petition.pk}/transfer/"
        assert row.due_at == petition.due_at and row.group == "reports"
        assert "村道年久失修" in row.subject
        # The receiving leader's P-3 deadline is not listed a second time.
        assert of_kind(user, "obligation") == []
    # Not for a member of the same committee, nor the office, nor another committee's petition staff.
    for user in (member, office, other_staff):
        assert of_kind(user, "petition") == []

    petition = petition_services.transfer(
        petition, instruction="请村支部核实答复", responsible_committee=setting["village"], acting_user=staff
    )
    [row] = of_kind(staff, "petition")
    assert row.url == f"/petitions/{petition.pk}/answer/"
    [done] = of_kind(staff, "petition", done=True)
    assert done.url == f"/petitions/{petition.pk}/" and done.done_at == petition.transferred_at

    petition_services.answer(petition, answer="已修复村道", acting_user=leader)
    assert of_kind(staff, "petition") == [] and of_kind(leader, "petition") == []
    [done] = of_kind(leader, "petition", done=True)
    assert done.done_at == datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)
    assert str(done.action) != str(of_kind(staff, "petition", done=True)[0].action)  # answered vs transferred


def test_p_3_a_leader_whose_role_ended_no_longer_sees_the_petition_in_the_inbox_or_done_list():
    from committees.models import RoleAssignment
    from committees.services import end_role
    from reporting.petitions import services as petition_services
    from tests.reporting.factories_petitions import leader_user, local, make_petition, town_setting

    setting = town_setting()
    leader = leader_user(setting)
    answered = make_petition(
        setting, received_at=local(2026, 10, 19), instruction="请核实", responsible_department="镇城建办"
    )
    petition_services.answer(answered, answer="已答复", acting_user=leader)
    open_one = make_petition(setting, received_at=local(2026, 10, 20))
    assert [row.key for row in of_kind(leader, "petition")] == [todo.key(open_one.pk)]
    assert len(of_kind(leader, "petition", done=True)) == 1
    role = RoleAssignment.objects.get(person=setting["leader"], committee=setting["town"])
    end_role(role, end_date=datetime.date(2026, 11, 1), acting_user=clerk())
    # Moved on: the petitions stay with the committee (its petition staff), not on the old desk.
    assert of_kind(leader, "petition") == [] and of_kind(leader, "petition", done=True) == []
    assert [row.key for row in of_kind(setting["staff_user"], "petition")] == [todo.key(open_one.pk)]


def test_petitions_recorded_before_the_columns_get_their_handlers_from_history():
    import importlib

    from django.apps import apps

    from reporting.petitions import services as petition_services
    from reporting.petitions.models import Petition
    from tests.reporting.factories_petitions import leader_user, local, make_petition, town_setting

    migration = importlib.import_module("reporting.migrations.0011_petition_handled_by")
    setting = town_setting()
    leader = leader_user(setting)
    petition = make_petition(setting, received_at=local(2026, 10, 20))
    petition_services.transfer(
        petition,
        instruction="请村支部核实答复",
        responsible_committee=setting["village"],
        acting_user=setting["staff_user"],
    )
    petition_services.answer(petition, answer="已修复村道", acting_user=leader)
    untouched = make_petition(setting, received_at=local(2026, 10, 21))
    Petition.objects.update(transferred_by=None, answered_by=None)

    migration.from_history(apps, None)
    petition.refresh_from_db()
    assert (petition.transferred_by, petition.answered_by) == (setting["staff"], setting["leader"])
    untouched.refresh_from_db()
    assert (untouched.transferred_by, untouched.answered_by) == (None, None)
