"""One shared world for the security suite: the demo committees, one login per role on the home
committee and on another committee, and a real object of every kind that a URL can point at.

Committees (from ``seed_demo``):
- **A** 桃源镇党委 (town under 临江区委): every object lives here; ``seed_reporting_demo`` fills it
  with emergencies, petitions, personal matters, leave and periodic reports, and this module adds
  meetings (a closed one with a named and a secret ballot, decisions and numbered minutes; an
  upcoming one with a notice, an item, an attachment and a written opinion), an emergency handled
  without a meeting, supervision items, an inspection, an accountability case and a letter inquiry.
- **B** 柳溪镇党委 (town under 青山县委, another county): the same roles held there give the
  "object of another committee" column. Testing a B secretary on A's meeting is the same as testing
  an A secretary on B's meeting, so every object exists once, in A.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from committees.actors import system_user
from committees.models import Committee, Person, Portfolio, Role, RoleAssignment, RuleSet
from committees.permissions import sync_user_permissions
from meetings.ics import feed_token
from meetings.models import (
    AgendaCategory,
    AttachmentKind,
    Decision,
    NoticeRecipient,
    Stance,
    Vote,
    VoteChoice,
    VoteMethod,
)
from meetings.services.agenda import add_attachment, add_item, approve_item
from meetings.services.attendance import mark_present, record_leave
from meetings.services.emergencies import record_emergency_handling
from meetings.services.minutes import approve_minutes, correct_minutes
from meetings.services.notice import send_notice
from meetings.services.scheduling import create_meeting
from meetings.services.session import (
    close_discussion,
    close_meeting,
    open_meeting,
    record_stance,
    submit_written_opinion,
    take_up_item,
)
from meetings.services.votes import cast_ballot, close_vote, open_vote
from reporting.emergencies.models import Emergency, EmergencyAttachment, EmergencyReport
from reporting.grassroots.models import GrassrootsEntry, GrassrootsTarget
from reporting.interviews.models import HandlingCard, InterviewDay, InterviewRequest
from reporting.leave.models import LeaveRequest, LeaveStep
from reporting.models import Deadline, Notification
from reporting.openness.models import OpennessCheck
from reporting.opinions.models import OpinionEntry
from reporting.periodic.models import PeriodicObligation
from reporting.personal.models import FamilyEventDeclaration, PersonalMatterReport
from reporting.personal.services import sync_report_permissions
from reporting.petitions.models import Petition
from reporting.worklog.models import WorkLog
from supervision import services as supervision
from supervision.models import AccountabilityGround, SourceKind
from supervision.proposals import services as proposal_services
from supervision.talks import services as talk_services
from tests.factories import UserFactory
from tests.meetings.factories import Team, login_of, sh, with_agenda

#: The frozen "now" of the whole suite: Wednesday 25 November 2026, 10:00 in Shanghai.
NOW = sh(2026, 11, 25, 10)

HOME = "桃源镇党委"
OTHER = "柳溪镇党委"
PARENT = "临江区委"

#: Column → (committee key, role) of the person who logs in; None = anonymous.
#: ``member`` is an ordinary member who is NOT the author of the demo's personal report and leave.
ROLE_HOLDERS = {
    "member": ("home", Role.MEMBER),
    "office": ("home", Role.OFFICE_STAFF),
    "secretary": ("home", Role.SECRETARY),
    "inspector": ("home", Role.DISCIPLINE_INSPECTOR),
    "orgstaff": ("home", Role.ORGANIZATION_STAFF),
    "parent_org": ("parent", Role.ORGANIZATION_STAFF),
    "x_member": ("other", Role.MEMBER),
    "x_office": ("other", Role.OFFICE_STAFF),
    "x_secretary": ("other", Role.SECRETARY),
    "x_inspector": ("other", Role.DISCIPLINE_INSPECTOR),
    "x_orgstaff": ("other", Role.ORGANIZATION_STAFF),
}


#: The other roles of the home committee, for the in-committee table (``test_in_committee_actions``):
#: column → the person of ``world.team`` (or the role's holder) who logs in. With ``member`` (陈艳,
#: absent with leave from the closed meeting; the addressee of the letter inquiry and the person
#: responsible for the supervision item) and ``secretary`` (the approver of the pending leave step,
#: the receiving leader of the petition) they give the wrong hands inside the right committee.
INSIDERS = {
    "deputy": "a deputy secretary (副书记), present at the closed meeting",
    "orgmember": "the organisation member (组织委员), present at the closed meeting",
    "discipline": "the discipline secretary (纪委书记), present at the closed meeting",
    "in_charge": "the member in charge (分管) of the agenda items, the DL measure and the supervision item, present",
    "applicant": "a member present at the closed meeting, who asked for the pending leave",
    "petition": "petition office staff (信访办) of the home committee",
    "delegate": "a party-congress delegate (党代表, observer O-5) of the home committee",
}


@dataclass
class World:
    home: Committee
    other: Committee
    parent: Committee
    team: Team
    users: dict[str, object] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)
    #: Logins of the ``INSIDERS`` (kept apart from ``users``: the permission matrix's columns).
    insiders: dict[str, object] = field(default_factory=dict)


def _holders(committee: Committee, role: str) -> list[Person]:
    assignments = (
        RoleAssignment.objects.on(timezone.localdate())
        .filter(committee=committee, role=role)
        .select_related("person")
        .order_by("pk")
    )
    return [a.person for a in assignments]


def _login_for(person: Person, label: str):
    if person.user_id is None:
        person.user = UserFactory(username=f"sec-{label}")
        person.save(update_fields=["user"])
    return person.user


def _team(committee: Committee) -> Team:
    return Team(
        committee=committee,
        secretary=_holders(committee, Role.SECRETARY)[0],
        deputies=_holders(committee, Role.DEPUTY_SECRETARY),
        organization=_holders(committee, Role.ORGANIZATION_MEMBER)[0],
        discipline=_holders(committee, Role.DISCIPLINE_SECRETARY)[0],
        members=_holders(committee, Role.MEMBER),
        office=_holders(committee, Role.OFFICE_STAFF)[0],
        delegate=_holders(committee, Role.DELEGATE)[0],
    )


def build_world() -> World:
    """Call with the clock frozen at ``NOW`` and inside a transaction that is rolled back."""
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_reporting_demo", stdout=io.StringIO())
    committees = {
        "home": Committee.objects.get(name=HOME),
        "other": Committee.objects.get(name=OTHER),
        "parent": Committee.objects.get(name=PARENT),
    }
    world = World(committees["home"], committees["other"], committees["parent"], _team(committees["home"]))
    world.users["anon"] = None
    world.users["superuser"] = get_user_model().objects.get(username="admin")
    for column, (key, role) in ROLE_HOLDERS.items():
        holders = _holders(committees[key], role)
        person = holders[-1]  # the last: for members, not the demo's reporting cadre
        world.users[column] = _login_for(person, column)
    _insiders(world)
    for user in [*world.users.values(), *world.insiders.values()]:
        if user is not None:
            sync_user_permissions(user)
    # The nightly re-grant: logins given above reach the reports their roles already cover.
    sync_report_permissions(PersonalMatterReport.objects.all())
    _meetings(world)
    _in_session(world)
    _democratic_life(world)
    _supervision(world)
    _evaluation(world)
    _reporting(world)
    _committees(world)
    return world


def _insiders(world: World) -> None:
    team = world.team
    people = {
        "deputy": team.deputies[0],
        "orgmember": team.organization,
        "discipline": team.discipline,
        "in_charge": team.members[1],
        "applicant": team.members[0],
        "petition": _holders(world.home, Role.PETITION_STAFF)[0],
        "delegate": team.delegate,
    }
    assert people.keys() == INSIDERS.keys()
    for column, person in people.items():
        world.insiders[column] = _login_for(person, column)


def _meetings(world: World) -> None:
    team, objects = world.team, world.objects
    # A closed meeting: a named ballot on an important item and a secret ballot on a personnel item.
    closed, (important, personnel), present = _meeting_in_session(
        team,
        "常委会会议（安全测试）",
        sh(2026, 11, 16, 9),
        "第一会议室",
        [(AgendaCategory.IMPORTANT, "关于村道改造的议题"), (AgendaCategory.PERSONNEL, "关于干部任职的议题")],
        listed_at=sh(2026, 11, 1, 9),
        notice_at=sh(2026, 11, 2, 9),
    )
    at = closed.start_at
    votes = []
    for item in (important, personnel):
        at += datetime.timedelta(minutes=20)
        _discuss(item, present, at=at)
        vote = open_vote(item, at=at, acting_user=system_user())
        for person in present[:6]:
            cast_ballot(vote, person=person, choice=VoteChoice.YES, acting_user=login_of(person), at=at)
        cast_ballot(vote, person=present[6], choice=VoteChoice.NO, acting_user=login_of(present[6]), at=at)
        close_vote(
            vote,
            at=at,
            resolution=f"同意{item.title}",
            basis="经调研论证",
            supervision="督查室跟踪",
            acting_user=system_user(),
        )
        votes.append(vote)
    close_meeting(closed, at=closed.end_at, acting_user=system_user())
    minutes = closed.minutes.get()
    minutes = approve_minutes(minutes, acting_user=login_of(closed.chair), at=sh(2026, 11, 17, 9))
    secret = Vote.objects.get(item=personnel)
    assert secret.method == VoteMethod.SECRET
    objects.update(
        closed_meeting=closed,
        vote=votes[0],
        secret_vote=secret,
        decision=Decision.objects.get(item=important),
        minutes=minutes,
    )
    # An upcoming meeting with its notice sent, an approved item with materials and a written opinion.
    upcoming = create_meeting(
        committee=team.committee,
        kind="standing",
        title="常委会会议（下周）",
        start_at=sh(2026, 11, 30, 9),
        end_at=sh(2026, 11, 30, 12),
        place="第一会议室",
        acting_user=login_of(team.office),
    )
    item = _item(team, upcoming, AgendaCategory.IMPORTANT, "关于产业园规划的议题", at=NOW)
    attachment = add_attachment(
        item,
        file=SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4"),
        kind=AttachmentKind.INVESTIGATION,
        at=NOW,
        acting_user=system_user(),
    )
    send_notice(upcoming, acting_user=login_of(team.office), at=NOW)
    absent = team.members[0]
    opinion = submit_written_opinion(
        item,
        person=absent,
        text="同意",
        file=SimpleUploadedFile("意见.pdf", b"%PDF-1.4"),
        submitted_at=NOW,
        acting_user=system_user(),
    )
    member_user = world.users["member"]
    objects.update(
        attendance=closed.attendances.filter(person=team.members[0]).first(),
        stance=Stance.objects.filter(item=important).order_by("pk").first(),
        feed_token=feed_token(member_user.person),
    )
    objects.update(
        meeting=upcoming,
        item=item,
        attachment=attachment,
        opinion=opinion,
        notice_recipient=NoticeRecipient.objects.filter(notice__meeting=upcoming, person__user=member_user).first(),
        emergency_handling=record_emergency_handling(
            committee=team.committee,
            title="暴雨致山体滑坡临机处置",
            handled_by=team.members[1],
            principal_consulted=team.secretary,
            consulted_at=NOW - datetime.timedelta(hours=3),
            handled_at=NOW - datetime.timedelta(hours=2),
            actions="组织群众转移",
            acting_user=login_of(team.office),
            now=NOW,
        ),
    )


def _meeting_in_session(team: Team, title: str, start, place: str, items, *, listed_at, notice_at):
    """A standing meeting of three hours from ``start`` with ``items`` (category, title) listed,
    its notice sent and the meeting opened: the first seven of the team present, the others away
    with the secretary's leave. Returns the meeting, its items and who is present."""
    everyone = [team.secretary, *team.deputies, team.organization, team.discipline, *team.members]
    meeting = create_meeting(
        committee=team.committee,
        kind="standing",
        title=title,
        start_at=start,
        end_at=start + datetime.timedelta(hours=3),
        place=place,
        acting_user=login_of(team.office),
    )
    listed = [_item(team, meeting, category, item_title, at=listed_at) for category, item_title in items]
    send_notice(meeting, acting_user=login_of(team.office), at=notice_at)
    open_meeting(meeting, acting_user=login_of(team.office), at=meeting.start_at)
    present = everyone[:7]
    for attendance in meeting.attendances.filter(role="member"):
        if attendance.person in present:
            mark_present(attendance, acting_user=login_of(team.office))
        else:
            record_leave(attendance, reason="出差", approved_by=team.secretary, acting_user=login_of(team.office))
    return meeting, listed, present


def _discuss(item, present, *, at) -> None:
    """Take up ``item``, everyone present agrees (the chair last, M-D2) and the discussion closes."""
    take_up_item(item, at=at, acting_user=system_user())
    for person in sorted(present, key=lambda p: p == item.meeting.chair):
        record_stance(item, person=person, stance="agree", reason="同意", at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())


def _in_session(world: World) -> None:
    """For the in-committee table (``OBJECTS`` there): a meeting in session now, with the same
    members present as at the closed meeting (``member`` absent with leave), one item under
    discussion (stances), one discussed and waiting for its vote, and one whose named vote is open
    (ballots); and a draft correction of the
    closed meeting's minutes (approval by the chair, M-M1)."""
    team, objects = world.team, world.objects
    meeting, (voting, to_vote, speaking), present = _meeting_in_session(
        team,
        "常委会会议（进行中）",
        sh(2026, 11, 25, 9),
        "第二会议室",
        [
            (AgendaCategory.IMPORTANT, "关于农田水利的议题"),
            (AgendaCategory.IMPORTANT, "关于污水处理的议题"),
            (AgendaCategory.IMPORTANT, "关于集镇绿化的议题"),
        ],
        listed_at=sh(2026, 11, 18, 9),
        notice_at=sh(2026, 11, 19, 9),
    )
    at = meeting.start_at + datetime.timedelta(minutes=10)
    _discuss(voting, present, at=at)
    vote = open_vote(voting, at=at, acting_user=system_user())
    at += datetime.timedelta(minutes=10)
    _discuss(to_vote, present, at=at)
    take_up_item(speaking, at=at + datetime.timedelta(minutes=10), acting_user=system_user())
    objects.update(
        open_vote=vote,
        item_to_vote=to_vote,
        discussed_item=speaking,
        draft_minutes=correct_minutes(objects["minutes"], acting_user=login_of(team.office)),
    )


def _democratic_life(world: World) -> None:
    """DL-1..DL-4: this year's record with a held meeting, a material and a measure; next year's
    record with a postponement request waiting for the parent committee."""
    from meetings.democratic_life import services as dl
    from meetings.models import MeetingKind

    team, objects = world.team, world.objects
    record = dl.create_record(
        committee=team.committee, year=2026, theme="学思想、强党性", acting_user=login_of(team.office)
    )
    meeting = create_meeting(
        committee=team.committee,
        kind=MeetingKind.DEMOCRATIC_LIFE,
        title="民主生活会（安全测试）",
        start_at=sh(2026, 11, 20, 9),
        end_at=sh(2026, 11, 20, 12),
        place="第一会议室",
        acting_user=login_of(team.office),
    )
    with_agenda(meeting, team)
    send_notice(meeting, acting_user=login_of(team.office), at=sh(2026, 11, 10, 9))
    material = dl.submit_material(
        record,
        person=team.members[1],
        text="对照检查材料",
        file=SimpleUploadedFile("材料.pdf", b"%PDF-1.4"),
        acting_user=login_of(team.members[1]),
        at=sh(2026, 11, 12, 9),
    )
    open_meeting(meeting, acting_user=login_of(team.office), at=meeting.start_at)
    record = dl.link_meeting(record, meeting, acting_user=login_of(team.office))
    measure = dl.add_measure(
        record,
        problem="调查研究不够",
        measure="每月走访村组",
        responsible=team.members[1],
        acting_user=login_of(team.office),
        at=NOW,
    )
    next_year = dl.create_record(
        committee=team.committee,
        year=2027,
        theme="下一年度",
        planned_date=datetime.date(2027, 6, 1),
        acting_user=login_of(team.office),
    )
    postponement = dl.request_postponement(
        next_year, to_date=datetime.date(2027, 7, 1), reason="防汛抗旱", acting_user=login_of(team.office), at=NOW
    )
    objects.update(dl_record=record, dl_material=material, dl_measure=measure, dl_postponement=postponement)


def _evaluation(world: World) -> None:
    """A-8/A-9: an open evaluation of the team, the year-end reports, an admonishment talk."""
    from supervision.evaluation import services as evaluation

    team, objects = world.team, world.objects
    inspector = world.users["inspector"].person
    opened = evaluation.open_evaluation(team.committee, 2026, acting_user=inspector.user)
    reports = evaluation.require_annual_reports(team.committee, 2026, acting_user=inspector.user)
    talk = evaluation.record_talk(
        committee=team.committee,
        person=world.users["member"].person,
        problem="工作作风问题",
        talked_by=[team.secretary],
        talked_at=NOW - datetime.timedelta(hours=1),
        content="指出问题，提出要求",
        follow_up_due_on=datetime.date(2026, 12, 31),
        acting_user=inspector.user,
    )
    objects.update(
        evaluation=opened,
        evaluation_subject=opened.subjects.exclude(person=None).order_by("pk").first(),
        annual_report=next(r for r in reports if r.person == world.users["member"].person),
        admonishment_talk=talk,
    )


def _item(team: Team, meeting, category: str, title: str, *, at):
    item = add_item(
        committee=team.committee,
        meeting=meeting,
        title=title,
        category=category,
        proposed_by=team.secretary,
        member_in_charge=team.members[1],
        acting_user=login_of(team.office),
        at=at,
    )
    if category in (AgendaCategory.IMPORTANT,):
        add_attachment(
            item,
            file=SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4"),
            kind=AttachmentKind.INVESTIGATION,
            at=at,
            acting_user=system_user(),
        )
    return approve_item(item, acting_user=login_of(team.secretary), at=at)


def _supervision(world: World) -> None:
    team, objects = world.team, world.objects
    inspector = world.users["inspector"].person
    member = world.users["member"].person

    def register(matter: str):
        return supervision.register_item(
            committee=team.committee,
            source_kind=SourceKind.HIGHER_INSTRUCTION,
            matter=matter,
            basis="区委通知",
            requirements="按期反馈",
            unit_committee=team.committee,
            responsible_person=member,
            leader_in_charge=team.members[1],
            feedback_deadline=datetime.date(2026, 12, 31),
            acting_user=inspector.user,
        )

    item = register("落实秸秆禁烧工作")
    item = supervision.approve(item, acting_user=team.secretary.user)
    item = supervision.assign(item, acting_user=inspector.user)
    case = supervision.open_case(
        committee=team.committee,
        ground=AccountabilityGround.INACTION,
        facts="工作不作为",
        acting_user=inspector.user,
        subject_committee=team.committee,
    )
    inspection, _overlapping = supervision.record_inspection(
        committee=team.committee,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        inspected_on=datetime.date(2026, 11, 10),
        result="fail",
        acting_user=inspector.user,
        unit_committee=team.committee,
        problems="台账不全",
    )
    inquiry = supervision.send_inquiry(
        committee=team.committee, person=member, letter="请说明情况", acting_user=inspector.user, case=case
    )
    objects.update(supervision_item=item, case=case, inspection=inspection, letter_inquiry=inquiry)
    # For the in-committee table (``OBJECTS`` there): an item waiting at each other step of S-2.
    steps = {}
    for state in ("registered", "approved", "feedback", "accepted"):
        step = register(f"落实冬季防火工作（{state}）")
        if state != "registered":
            step = supervision.approve(step, acting_user=team.secretary.user)
        if state in ("feedback", "accepted"):
            step = supervision.assign(step, acting_user=inspector.user)
            supervision.submit_feedback(step, content="已完成", acting_user=member.user)
        if state == "accepted":
            supervision.accept(step, acting_user=inspector.user)
        steps[f"supervision_{state}"] = type(step).objects.get(pk=step.pk)
    objects.update(steps)


def _reporting(world: World) -> None:
    home, objects = world.home, world.objects
    emergency = Emergency.objects.filter(committee=home).order_by("pk").first()
    report = EmergencyReport.objects.filter(emergency__committee=home).first()
    attachment = EmergencyAttachment.objects.create(
        report=report, file=SimpleUploadedFile("现场照片.pdf", b"%PDF-1.4"), name="现场照片.pdf"
    )
    leave_request = LeaveRequest.objects.filter(committee=home).order_by("pk").first()
    secretary = world.users["secretary"].person
    objects.update(
        emergency=emergency,
        emergency_attachment=attachment,
        leave_request=leave_request,
        leave_step=LeaveStep.objects.filter(request=leave_request).order_by("pk").first(),
        personal_report=PersonalMatterReport.objects.filter(committee=home).order_by("pk").first(),
        family_event=FamilyEventDeclaration.objects.filter(committee=home).first(),
        petition=Petition.objects.filter(committee=home).order_by("pk").first(),
        periodic=PeriodicObligation.objects.filter(reporting_committee=home).order_by("pk").first(),
        periodic_received=PeriodicObligation.objects.filter(receiving_committee=home).order_by("pk").first(),
        deadline=Deadline.objects.filter(committee=home).order_by("pk").first(),
        grassroots_entry=GrassrootsEntry.objects.filter(committee=home).order_by("pk").first(),
        grassroots_floor=GrassrootsTarget.objects.filter(committee=home).order_by("pk").first(),
        openness_check=OpennessCheck.objects.filter(committee=home).order_by("pk").first(),
        interview_day=InterviewDay.objects.filter(committee=home).order_by("pk").first(),
        interview=InterviewRequest.objects.filter(committee=home, state="scheduled").order_by("pk").first(),
        interview_card=HandlingCard.objects.filter(interview__committee=home).order_by("pk").first(),
        proposal=_proposal(home),
        talk=_talk(home),
        opinion_entry=OpinionEntry.objects.filter(committee=home, state="submitted").order_by("pk").first(),
        work_log=WorkLog.objects.filter(committee=home).order_by("pk").first(),
        notification=Notification.objects.filter(recipient=secretary).order_by("pk").first()
        or Notification.objects.order_by("pk").first(),
    )


def _proposal(home):
    """M-C4: a delegate's proposal to the home committee's congress, waiting for its decision."""
    delegates = [
        a.person for a in RoleAssignment.objects.on(timezone.localdate()).filter(committee=home, role="delegate")
    ]
    return proposal_services.submit(
        committee=home,
        title="关于加强村级后备干部队伍建设的提案",
        reasons="部分村后备干部数量不足",
        suggestions="每村储备2名以上后备干部",
        cosigners=delegates[1:],
        acting_user=system_user(),
        on_behalf_of=delegates[0],
    )


def _talk(home):
    """X-3: the principal leader's talk with a team member of the home committee."""
    held = RoleAssignment.objects.on(timezone.localdate())
    secretary = held.filter(committee=home, role="secretary").first().person
    member = held.filter(committee=home, role="member").order_by("pk").first().person
    return talk_services.record_talk(
        committee=home,
        leader=secretary,
        counterpart=member,
        held_on=timezone.localdate(),
        record="交流分管工作",
        acting_user=system_user(),
    )


def _committees(world: World) -> None:
    home, objects = world.home, world.objects
    objects.update(
        committee=home,
        person=world.team.members[1],
        role_assignment=RoleAssignment.objects.filter(committee=home, role=Role.MEMBER).order_by("pk").first(),
        portfolio=Portfolio.objects.filter(committee=home).order_by("pk").first(),
        rule_set=RuleSet.objects.get(is_default=True),
    )
