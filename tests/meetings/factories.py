"""Builders for meeting tests: a leadership team with role history, meetings made through the services."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from committees.actors import system_user
from committees.models import Committee, Level, Person, Role
from meetings.models import AgendaCategory, Meeting, MeetingKind
from meetings.services.agenda import OPEN_ITEM_STATES, add_attachment, add_item, approve_item
from meetings.services.attendance import mark_present, record_leave
from meetings.services.notice import send_notice
from meetings.services.scheduling import create_meeting
from meetings.services.session import (
    close_discussion,
    open_meeting,
    record_stance,
    recuse,
    submit_written_opinion,
    take_up_item,
)
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TEAM_START = datetime.date(2021, 9, 20)


def sh(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """An aware datetime in Asia/Shanghai."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def login_of(person: Person | None):
    """The login account ``person`` acts through (services take ``acting_user``), made on first
    use: test teams have no logins unless asked. ``None`` (nobody) acts as the system."""
    if person is None:
        return system_user()
    if person.user_id is None:
        person.user = UserFactory(username=f"login-{person.pk}")
        person.save(update_fields=["user"])
    return person.user


@dataclass
class Team:
    committee: Committee
    secretary: Person
    deputies: list[Person]
    organization: Person
    discipline: Person
    members: list[Person]
    office: Person
    delegate: Person
    others: dict = field(default_factory=dict)

    @property
    def everyone(self) -> list[Person]:
        """The leadership team (members due at a standing committee meeting)."""
        return [self.secretary, *self.deputies, self.organization, self.discipline, *self.members]

    @property
    def five(self) -> list[Person]:
        return [self.secretary, *self.deputies, self.organization, self.discipline]


def make_team(
    size: int = 9, *, deputies: int = 2, committee: Committee | None = None, level: str = Level.COUNTY, logins=False
) -> Team:
    """A team of ``size``: secretary, deputies, organisation member, discipline secretary and
    ordinary members, plus an office staff member and a party-congress delegate."""
    committee = committee or CommitteeFactory(level=level)

    def holder(role, name):
        user = UserFactory(username=f"{name}-{committee.pk}") if logins else None
        person = PersonFactory(name=f"{name}{committee.pk}", user=user, email=f"{name}{committee.pk}@example.org")
        RoleFactory(person=person, committee=committee, role=role, start_date=TEAM_START)
        return person

    secretary = holder(Role.SECRETARY, "书记")
    deputy_people = [holder(Role.DEPUTY_SECRETARY, f"副书记{n}") for n in range(deputies)]
    organization = holder(Role.ORGANIZATION_MEMBER, "组织委员")
    discipline = holder(Role.DISCIPLINE_SECRETARY, "纪委书记")
    members = [holder(Role.MEMBER, f"委员{n}") for n in range(size - 3 - deputies)]
    office = holder(Role.OFFICE_STAFF, "办公室")
    delegate = holder(Role.DELEGATE, "代表")
    return Team(committee, secretary, deputy_people, organization, discipline, members, office, delegate)


def make_meeting(
    team: Team,
    kind: str = MeetingKind.STANDING,
    start: datetime.datetime | None = None,
    title: str = "常委会会议",
    **kwargs,
) -> Meeting:
    start = start or sh(2026, 11, 30, 9)
    return create_meeting(
        committee=team.committee,
        kind=kind,
        title=title,
        start_at=start,
        end_at=start + datetime.timedelta(hours=3),
        place="第一会议室",
        acting_user=login_of(team.office),
        **kwargs,
    )


def make_item(
    team: Team,
    meeting: Meeting | None,
    category: str = AgendaCategory.IMPORTANT,
    *,
    approve: bool = True,
    in_charge: Person | None = None,
    title: str | None = None,
    at: datetime.datetime | None = None,
    **kwargs,
):
    item = add_item(
        committee=team.committee,
        meeting=meeting,
        title=title or f"议题 {category}",
        category=category,
        proposed_by=kwargs.pop("proposed_by", team.secretary),
        member_in_charge=in_charge,
        acting_user=login_of(team.office),
        at=at,
        **kwargs,
    )
    if approve:
        item = approve_item(item, acting_user=login_of(team.secretary), at=at)
    return item


def with_agenda(meeting: Meeting, team: Team) -> Meeting:
    """A notice always carries an agenda (M-N1): a meeting without an item gets an approved
    report, added before the notice goes out."""
    if not meeting.items.filter(status__in=OPEN_ITEM_STATES).exists():
        at = meeting.start_at - datetime.timedelta(days=20)
        make_item(team, meeting, AgendaCategory.REPORT, title=f"{meeting.title[:190]}的工作通报", at=at)
    return meeting


def notify(meeting: Meeting, team: Team, at: datetime.datetime | None = None):
    """Send the notice comfortably in time (two weeks before); an agenda-less meeting gets a report."""
    with_agenda(meeting, team)
    return send_notice(
        meeting, acting_user=login_of(team.office), at=at or meeting.start_at - datetime.timedelta(days=14)
    )


def open_with(meeting: Meeting, team: Team, present, *, at: datetime.datetime | None = None) -> Meeting:
    """Open the meeting at its start and mark ``present`` present, everyone else due on leave
    asked the day before and approved by the secretary (or the deputy when the secretary is away).
    Every time is the meeting's, never the clock's: the suite runs on any date."""
    at = at or meeting.start_at
    meeting.refresh_from_db()
    if not meeting.is_notice_sent:
        notify(meeting, team)
    open_meeting(meeting, acting_user=login_of(team.office), at=at)
    present_ids = {p.pk for p in present}
    for attendance in meeting.attendances.filter(role="member").select_related("person"):
        if attendance.person_id in present_ids:
            mark_present(attendance, acting_user=login_of(team.office))
        else:
            approver = team.deputies[0] if meeting.kind == MeetingKind.FIVE_PERSON else team.secretary
            if attendance.person_id == approver.pk:
                approver = team.secretary if approver != team.secretary else team.deputies[0]
            record_leave(
                attendance,
                reason="出差",
                approved_by=approver,
                acting_user=login_of(team.office),
                at=meeting.start_at - DAY,
            )
    meeting.refresh_from_db()
    return meeting


def discussed(
    team: Team,
    category: str = AgendaCategory.REPORT,
    *,
    kind: str = MeetingKind.STANDING,
    present=None,
    recused=(),
    opinions=(),
    meeting: Meeting | None = None,
    **item_kwargs,
):
    """A meeting in session with one item whose discussion is closed: every present, non-recused
    member agreed (the chair last). ``opinions``: (person, position) written before the meeting
    by absent members. Returns (meeting, item)."""
    from meetings.models import RecusalReason, StanceChoice
    from meetings.selectors.attendance import members_due

    meeting = meeting or make_meeting(team, kind=kind)
    item = make_item(team, meeting, category, **item_kwargs)
    _materials(item, meeting)
    for person, position in opinions:
        submit_written_opinion(
            item,
            person=person,
            text="书面意见",
            position=position,
            submitted_at=meeting.start_at - HOUR,
            acting_user=system_user(),
        )
    due = [a.person for a in members_due(meeting)]
    present = due if present is None else present
    open_with(meeting, team, present)
    item.refresh_from_db()
    for person in recused:
        recuse(item, person=person, reason=RecusalReason.SELF, at=meeting.start_at, acting_user=system_user())
    at = meeting.start_at + datetime.timedelta(minutes=10)
    take_up_item(item, at=at, acting_user=system_user())
    speakers = [p for p in present if p not in recused]
    for person in sorted(speakers, key=lambda p: p == meeting.chair):
        record_stance(item, person=person, stance=StanceChoice.AGREE, at=at, acting_user=system_user())
    close_discussion(item, at=at, acting_user=system_user())
    item.refresh_from_db()
    return meeting, item


HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _materials(item, meeting: Meeting) -> None:
    """Major items need their materials before the notice (M-N1)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import AttachmentKind

    if item.category in rules_major():
        add_attachment(
            item,
            file=SimpleUploadedFile("调研报告.pdf", b"%PDF"),
            kind=AttachmentKind.INVESTIGATION,
            at=meeting.start_at - datetime.timedelta(days=15),
            acting_user=system_user(),
        )


def rules_major():
    from meetings.rules import MAJOR_CATEGORIES

    return MAJOR_CATEGORIES
