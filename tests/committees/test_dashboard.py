"""The home dashboard (issue 8): each role sees its panels, only its committees' data, in a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees.actors import system_user
from committees.models import Role
from committees.selectors import current_rules
from meetings.models import AgendaCategory, Minutes
from meetings.services.emergencies import record_emergency_handling
from meetings.services.minutes import draft_minutes
from meetings.services.session import close_discussion, record_stance, take_up_item
from meetings.services.votes import cast_ballot, open_vote
from reporting import deadlines
from reporting.emergencies import services as emergency_services
from reporting.emergencies.models import EmergencyKind
from reporting.leave import services as leave_services
from reporting.leave.models import LeaveKind
from reporting.personal import services as personal_services
from reporting.petitions import services as petition_services
from reporting.petitions.models import ReceptionType
from reporting.petitions.services import PetitionerData
from reporting.schedules import days_schedule
from supervision import services as supervision_services
from supervision.evaluation.models import Evaluation, EvaluationStatus, EvaluationSubject
from supervision.models import AccountabilityGround
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.meetings.factories import Team, make_item, make_meeting, make_team, notify, open_with, sh
from tests.supervision.factories import Office, assigned_item, item_with_feedback, make_decision
from tests.supervision.factories import make_item as make_supervision_item

pytestmark = pytest.mark.django_db

NOW = sh(2026, 11, 25, 10)  # a Wednesday, 10:00 in Shanghai
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Side:
    """One committee's team, the extra staff with logins, and a tag that marks its data."""

    team: Team
    inspector: object
    petition: object
    orgstaff: object
    tag: str
    made: int = 0

    @property
    def committee(self):
        return self.team.committee

    @property
    def office(self) -> Office:
        return Office(self.committee, self.team.secretary, self.inspector, self.team.members[0], self.team.delegate)


def side(tag: str) -> Side:
    team = make_team(logins=True)

    def staff(role, name):
        person = PersonFactory(
            name=f"{name}{team.committee.pk}", user=UserFactory(username=f"{name}-{team.committee.pk}")
        )
        RoleFactory(person=person, committee=team.committee, role=role)
        return person

    return Side(
        team,
        staff(Role.DISCIPLINE_INSPECTOR, "督查员"),
        staff(Role.PETITION_STAFF, "信访员"),
        staff(Role.ORGANIZATION_STAFF, "组织干事"),
        tag,
    )


@pytest.fixture
def own():
    return side("本委")


@pytest.fixture
def other():
    return side("外委")


# --------------------------------------------------------------------------- filling the world


def fill_office(s: Side, n: int) -> None:
    """Coming meetings (half notified), agenda items to approve, draft minutes, overdue
    obligations, petitions near their limit, unreported emergencies and M-E1 after-reports."""
    team, start = s.team, s.made
    for i in range(start, start + n):
        meeting = make_meeting(team, start=sh(2026, 12, 1, 9) + i * DAY, title=f"{s.tag}会议{i}")
        if i % 2:
            notify(meeting, team, at=NOW - HOUR)
        make_item(team, None, approve=False, title=f"{s.tag}议题{i}")
        minutes = draft_minutes(meeting, acting_user=system_user())
        Minutes.objects.filter(pk=minutes.pk).update(title=f"{s.tag}纪要{i}")
        deadlines.register(
            subject=team.committee,
            committee=team.committee,
            title=f"{s.tag}逾期事项{i}",
            due_at=NOW - HOUR,
            rule_id="R-4",
            schedule=days_schedule(),
            owner=team.members[0],
            now=NOW - 2 * DAY,
            acting_user=system_user(),
        )
        petition_services.register_petition(
            committee=team.committee,
            reception_type=ReceptionType.SCHEDULED,
            received_at=NOW - 55 * DAY,
            receiving_leader=team.secretary,
            content=f"{s.tag}信访{i}反映村道失修",
            petitioners=[PetitionerData(name="群众", phone="13900000000", is_representative=False)],
            instruction="请核实",
            responsible_department=f"{s.tag}部门{i % 3}",
            now=NOW - 55 * DAY + HOUR,
            acting_user=UserFactory(username="clerk"),
        )
        emergency_services.record_emergency(
            committee=team.committee,
            title=f"{s.tag}突发{i}",
            kind=EmergencyKind.NATURAL_DISASTER,
            place="三组",
            occurred_at=NOW - 40 * 60 * datetime.timedelta(seconds=1),
            known_at=NOW - 30 * 60 * datetime.timedelta(seconds=1),
            recorded_by=team.office,
            now=NOW,
            acting_user=UserFactory(username="clerk"),
        )
        record_emergency_handling(
            committee=team.committee,
            title=f"{s.tag}临机处置{i}",
            handled_by=team.members[0],
            principal_consulted=team.secretary,
            consulted_at=NOW - 3 * HOUR,
            handled_at=NOW - 2 * HOUR,
            actions="组织转移群众",
            now=NOW,
            acting_user=system_user(),
        )
    s.made += n


def fill_secretary(s: Side, n: int) -> None:
    """Leave steps, agenda items and supervision registrations for the principal leader;
    decisions not carried out."""
    team, start = s.team, s.made
    for i in range(start, start + n):
        first = datetime.date(2026, 12, 10) + 3 * i * DAY
        leave_services.submit(
            person=team.members[1],
            committee=team.committee,
            kind=LeaveKind.PRIVATE_LEAVE,
            reason=f"{s.tag}家中有事{i}",
            destination=f"{s.tag}省城{i}",
            start_date=first,
            end_date=first + DAY,
            contact="13800000000",
            now=NOW,
            acting_user=UserFactory(username="clerk"),
        )
        make_item(team, None, approve=False, title=f"{s.tag}议题{i}")
        make_supervision_item(s.office, matter=f"{s.tag}督查{i}")
        decision = make_decision(s.office)
        decision.resolution = f"{s.tag}决定{i}"
        decision.save(update_fields=["resolution"])
        if i % 2:
            supervision_services.create_items_for_decision(decision, acting_user=system_user())
    s.made += n


def fill_inspector(s: Side, n: int) -> None:
    """Supervision items in several states (some finished on time, some late), cases, inquiries."""
    office, start = s.office, s.made
    for i in range(start, start + n):
        make_supervision_item(office, matter=f"{s.tag}督查{i}")
        assigned_item(office, matter=f"{s.tag}逾期督查{i}", unit_name=f"{s.tag}单位{i % 3}", unit_committee=None)
        item_with_feedback(office, matter=f"{s.tag}反馈督查{i}", unit_name=f"{s.tag}单位{i % 3}", unit_committee=None)
        supervision_services.open_case(
            committee=s.committee,
            ground=AccountabilityGround.OTHER_FAULT,
            facts=f"{s.tag}问责事实{i}",
            acting_user=s.inspector.user,
            subject_person=s.team.members[i % len(s.team.members)],
        )
        supervision_services.send_inquiry(
            committee=s.committee, person=s.team.members[0], letter=f"{s.tag}函询{i}", acting_user=s.inspector.user
        )
        evaluation = Evaluation.objects.create(
            committee=s.committee,
            year=2000 + i,
            status=EvaluationStatus.CLOSED,
            closed_at=NOW,
            rule_set_version=current_rules(s.committee),
        )
        EvaluationSubject.objects.create(
            evaluation=evaluation, person=s.team.members[3], valid_votes=9, flag_votes=4, is_flagged=True
        )
    s.made += n


def fill_member(s: Side, n: int) -> None:
    """Meetings in session: one item taken up (a stance to state) and one open vote each; the
    first member's leave requests and obligations."""
    team, start = s.team, s.made
    for i in range(start, start + n):
        first = datetime.date(2026, 12, 10) + 3 * i * DAY
        leave_services.submit(
            person=team.members[0],
            committee=team.committee,
            kind=LeaveKind.BUSINESS_TRIP,
            reason="调研",
            destination=f"{s.tag}外地{i}",
            start_date=first,
            end_date=first + DAY,
            contact="13800000000",
            now=NOW,
            acting_user=UserFactory(username="clerk"),
        )
        deadlines.register(
            subject=team.committee,
            committee=team.committee,
            title=f"{s.tag}我的报告{i}",
            due_at=NOW + (i + 1) * DAY,
            rule_id="R-4",
            schedule=days_schedule(),
            owner=team.members[0],
            now=NOW,
            acting_user=system_user(),
        )
        meeting = make_meeting(team, start=sh(2026, 11, 30, 9) + i * DAY, title=f"{s.tag}会议{i}")
        voted = make_item(team, meeting, AgendaCategory.REPORT, title=f"{s.tag}表决议题{i}")
        stance = make_item(team, meeting, AgendaCategory.REPORT, title=f"{s.tag}发表意见议题{i}")
        open_with(meeting, team, team.everyone)
        at = meeting.start_at + 10 * datetime.timedelta(minutes=1)
        take_up_item(voted, at=at, acting_user=system_user())
        for person in sorted(team.everyone, key=lambda p: p == meeting.chair):
            record_stance(voted, person=person, stance="agree", at=at, acting_user=system_user())
        close_discussion(voted, at=at, acting_user=system_user())
        open_vote(voted, at=at + HOUR / 6, acting_user=system_user())
        take_up_item(stance, at=at + HOUR / 3, acting_user=system_user())
    s.made += n


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def templates_of(response) -> set[str]:
    return {panel.template for panel in response.context["panels"]}


# --------------------------------------------------------------------------- who sees which panels

OFFICE_PANELS = {
    "meetings/panels/upcoming.html",
    "meetings/panels/agenda_waiting.html",
    "meetings/panels/minutes_waiting.html",
    "meetings/panels/emergencies.html",
    "reporting/panels/overdue.html",
    "reporting/panels/petitions.html",
    "reporting/panels/my_deadlines.html",
}
SECRETARY_PANELS = {
    "supervision/panels/approval_inbox.html",
    "supervision/panels/decisions.html",
    "meetings/panels/emergencies.html",
    "meetings/panels/my_votes.html",
    "meetings/panels/my_meetings.html",
    "reporting/panels/my_deadlines.html",
    "reporting/panels/my_leave.html",
}
INSPECTOR_PANELS = {
    "supervision/panels/board.html",
    "supervision/panels/evaluation_flags.html",
    "supervision/panels/cases.html",
    "supervision/panels/inquiries.html",
    "reporting/panels/my_deadlines.html",
}
MEMBER_PANELS = {
    "meetings/panels/my_votes.html",
    "meetings/panels/my_meetings.html",
    "reporting/panels/my_deadlines.html",
    "reporting/panels/my_leave.html",
}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", OFFICE_PANELS),
        ("secretary", SECRETARY_PANELS),
        ("inspector", INSPECTOR_PANELS),
        ("member", MEMBER_PANELS),
        ("petition", {"reporting/panels/petitions.html", "reporting/panels/my_deadlines.html"}),
        ("discipline", INSPECTOR_PANELS | MEMBER_PANELS),
        ("orgstaff", {"reporting/panels/organisation.html", "reporting/panels/my_deadlines.html"}),
        ("organization", MEMBER_PANELS | {"reporting/panels/organisation.html"}),
    ],
)
def test_each_role_sees_its_panels(client, own, who, expected):
    users = {
        "office": own.team.office.user,
        "secretary": own.team.secretary.user,
        "inspector": own.inspector.user,
        "member": own.team.members[0].user,
        "petition": own.petition.user,
        "discipline": own.team.discipline.user,
        "orgstaff": own.orgstaff.user,
        "organization": own.team.organization.user,
    }
    assert templates_of(home(client, users[who])) == expected


def test_a_role_that_ended_shows_no_panels(client, own):
    user = UserFactory()
    RoleFactory(
        person=PersonFactory(user=user),
        committee=own.committee,
        role=Role.OFFICE_STAFF,
        end_date=timezone.localdate() - DAY,
    )
    assert templates_of(home(client, user)) == set()


def test_a_user_without_a_person_sees_the_page_without_panels(client):
    response = home(client, UserFactory())
    assert response.context["panels"] == []


# --------------------------------------------------------------------------- whose data


def test_office_sees_its_committees_work_and_never_another_committees(client, own, other):
    fill_office(own, 2)
    fill_office(other, 2)
    page = home(client, own.team.office.user).content.decode()
    for text in (
        "本委会议0",
        "本委会议1",
        "本委议题0",
        "本委纪要0",
        "本委逾期事项0",
        "本委信访0",
        "本委突发0",
        "本委临机处置0",
    ):
        assert text in page, text
    assert "本委部门0" in page  # the petitions-by-unit chart
    assert "外委" not in page


def test_office_sees_which_notices_are_still_to_send(client, own):
    fill_office(own, 2)
    response = home(client, own.team.office.user)
    panel = next(p for p in response.context["panels"] if p.template == "meetings/panels/upcoming.html")
    rows = {row["meeting"].title: row for row in panel.context["rows"]}
    # M-N1: a meeting on Tuesday 1 December needs its notice by the working day before, Monday 30 November.
    assert rows["本委会议0"]["notice_by"] == datetime.date(2026, 11, 30)
    assert rows["本委会议0"]["is_notice_late"] is False
    assert rows["本委会议1"]["notice_by"] is None  # sent
    assert rows["本委会议1"]["meeting"].notified == len(own.team.everyone)
    assert rows["本委会议1"]["meeting"].acknowledged == 0


def test_secretary_sees_the_approval_inbox_of_own_committee_only(client, own, other):
    fill_secretary(own, 2)
    fill_secretary(other, 2)
    response = home(client, own.team.secretary.user)
    page = response.content.decode()
    for text in ("本委省城0", "本委议题0", "本委督查0", "本委决定0", "本委决定1"):
        assert text in page, text
    assert "外委" not in page
    inbox = next(p for p in response.context["panels"] if p.template == "supervision/panels/approval_inbox.html")
    # Agenda: 2 collected + the 2 behind the decisions; registrations: 2 + the item of one decision.
    assert (inbox.context["leave_count"], inbox.context["agenda_count"], inbox.context["registered_count"]) == (2, 4, 3)


def test_s_1_a_closed_supervision_item_takes_its_decision_off_the_list(client, own):
    fill_secretary(own, 2)
    item = supervision_services.item_for_decision(own.committee.decisions.get(resolution="本委决定1"))
    item.state = "closed"
    item.closing_report = "已办结"
    item.save()
    page = home(client, own.team.secretary.user).content.decode()
    assert "本委决定0" in page
    assert "本委决定1" not in page


def test_inspector_sees_the_board_cases_and_inquiries_of_own_committee_only(client, own, other):
    fill_inspector(own, 2)
    fill_inspector(other, 2)
    response = home(client, own.inspector.user)
    page = response.content.decode()
    assert "本委单位0" in page  # the on-time chart by undertaking unit
    for case in own.committee.accountability_cases.all():
        assert f"/supervision/accountability/{case.pk}/" in page
    for case in other.committee.accountability_cases.all():
        assert f"/supervision/accountability/{case.pk}/" not in page
    assert own.team.members[0].name in page  # the inquiries' addressee
    assert f"/people/{own.team.members[3].pk}/" in page  # A-8: flagged, linked to the person's page
    assert "外委" not in page
    assert other.team.members[0].name not in page
    assert other.team.members[3].name not in page
    board = next(p for p in response.context["panels"] if p.template == "supervision/panels/board.html")
    assert board.context["count"] == 6  # 2 registered, 2 assigned, 2 with feedback


def test_s_2_on_time_rate_counts_finished_feedback_by_the_deadline(client, own):
    """Of the items due or reported: feedback given by the deadline counts on time, an item
    still worked on past its deadline counts late; items not yet due do not count."""
    office = own.office
    item_with_feedback(office, matter="按时", unit_name="甲单位", unit_committee=None)  # due 31 Dec, done now
    assigned_item(office, matter="逾期", unit_name="甲单位", unit_committee=None, deadline=datetime.date(2026, 11, 24))
    assigned_item(office, matter="未到期", unit_name="甲单位", unit_committee=None)  # due 31 Dec
    board = next(
        p for p in home(client, own.inspector.user).context["panels"] if p.template == "supervision/panels/board.html"
    )
    assert board.context["on_time"] == 50
    assert board.context["overdue"] == 1
    assert board.context["rate_chart"].rows[1] == ["甲单位", "50%", "1/2"]


def test_s_2_feedback_on_the_deadline_day_is_on_time_and_the_next_day_late(client, own):
    office = own.office
    on_the_day = assigned_item(office, matter="当天", unit_name="甲单位", unit_committee=None, deadline=NOW.date())
    late = assigned_item(office, matter="次日", unit_name="乙单位", unit_committee=None, deadline=NOW.date() - DAY)
    for item in (on_the_day, late):
        supervision_services.submit_feedback(item, content="已完成", acting_user=office.member.user)
    board = next(
        p for p in home(client, own.inspector.user).context["panels"] if p.template == "supervision/panels/board.html"
    )
    rows = {row[0]: row for row in board.context["rate_chart"].rows}
    assert rows["甲单位"][1] == "100%"
    assert rows["乙单位"][1] == "0%"


def test_member_sees_the_stances_and_votes_to_give_of_own_meetings_only(client, own, other):
    fill_member(own, 1)
    fill_member(other, 1)
    response = home(client, own.team.members[0].user)
    page = response.content.decode()
    for text in ("本委表决议题0", "本委发表意见议题0", "本委外地0", "本委我的报告0"):
        assert text in page, text
    assert "外委" not in page
    votes = next(p for p in response.context["panels"] if p.template == "meetings/panels/my_votes.html")
    assert votes.order < 20  # something to do now: first


def test_m_d1_a_stance_given_or_a_ballot_cast_leaves_the_list(client, own):
    fill_member(own, 1)
    member = own.team.members[0]
    stance_item = own.committee.agenda_items.get(title="本委发表意见议题0")
    vote = own.committee.agenda_items.get(title="本委表决议题0").vote
    record_stance(stance_item, person=member, stance="agree", at=NOW, acting_user=system_user())
    cast_ballot(vote, person=member, choice="yes", acting_user=system_user())
    page = home(client, member.user).content.decode()
    assert "本委表决议题0" not in page
    assert "本委发表意见议题0" not in page


def test_member_leave_and_obligations_are_their_own(client, own):
    fill_secretary(own, 1)  # members[1] asked for leave
    asker = own.team.members[1]
    deadlines.register(
        subject=own.committee,
        committee=own.committee,
        title="个人有关事项报告",
        due_at=NOW + 3 * DAY,
        rule_id="R-2",
        schedule=days_schedule(),
        owner=asker,
        is_private=True,
        now=NOW,
        acting_user=system_user(),
    )
    page = home(client, asker.user).content.decode()
    assert "本委省城0" in page
    assert "个人有关事项报告" in page
    other_member = home(client, own.team.members[0].user).content.decode()
    assert "本委省城0" not in other_member
    assert "个人有关事项报告" not in other_member  # R-2: private


def fill_organisation(s: Side, n: int) -> None:
    """Personal-matter reports (R-2) not yet filed, and long leave to file with the department."""
    team, start = s.team, s.made
    for i in range(start, start + n):
        personal_services.record_event(
            cadre=team.members[2],
            committee=team.committee,
            kind="private_trip_abroad",
            event_date=datetime.date(2026, 11, 1) + i * DAY,
            at=NOW,
            acting_user=UserFactory(username="clerk"),
        )
    s.made += n


def test_r_2_personal_matter_reports_only_for_the_organisation_department(client, own, other):
    fill_organisation(own, 1)
    fill_organisation(other, 1)
    cadre = own.team.members[2].name
    org = home(client, own.orgstaff.user)
    panel = next(p for p in org.context["panels"] if p.template == "reporting/panels/organisation.html")
    assert panel.context["report_count"] == 1
    assert cadre in org.content.decode()
    assert other.team.members[2].name not in org.content.decode()
    for user in (own.team.secretary.user, own.team.office.user, own.inspector.user, other.orgstaff.user):
        assert cadre not in home(client, user).content.decode()


def test_committee_page_shows_its_supervision_figures_to_those_who_see_it(client, own, other):
    fill_inspector(own, 1)
    client.force_login(own.team.members[0].user)
    response = client.get(f"/committees/{own.committee.pk}/")
    panel = next(p for p in response.context["panels"] if p.template == "supervision/panels/board.html")
    assert panel.context["count"] == 3
    assert f'id="chart-committee-{own.committee.pk}-supervision-states"' in response.content.decode()
    client.force_login(other.team.members[0].user)
    assert client.get(f"/committees/{own.committee.pk}/").status_code == 404


def test_person_and_committee_pages_render_their_slots(client, own):
    from committees import panels

    seen = []

    def spy(request, obj):
        seen.append(obj)
        return None

    panels._providers["person"].append(spy)
    panels._providers["committee"].append(spy)
    try:
        client.force_login(own.team.secretary.user)
        assert client.get(f"/committees/{own.committee.pk}/").status_code == 200
        assert client.get(f"/people/{own.team.members[0].pk}/").status_code == 200
    finally:
        panels._providers["person"].remove(spy)
        panels._providers["committee"].remove(spy)
    assert seen == [own.committee, own.team.members[0]]


# --------------------------------------------------------------------------- no N+1


def queries_for(client, user) -> int:
    client.force_login(user)
    client.get("/")  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("fill", "who"),
    [
        (fill_office, lambda s: s.team.office.user),
        (fill_secretary, lambda s: s.team.secretary.user),
        (fill_inspector, lambda s: s.inspector.user),
        (fill_member, lambda s: s.team.members[0].user),
        (fill_organisation, lambda s: s.orgstaff.user),
    ],
    ids=["office", "secretary", "inspector", "member", "organisation"],
)
def test_home_query_count_does_not_grow_with_the_rows(client, own, fill, who):
    fill(own, 1)
    with_one = queries_for(client, who(own))
    fill(own, 19)
    assert queries_for(client, who(own)) == with_one
