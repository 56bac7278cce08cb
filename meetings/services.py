"""Actions on meetings: prepare, notify, run. Views, the API, the admin and the demo command all
call these. Rulebook refusals raise ``RuleViolation`` (citing the rule); bad input raises
Django's ``ValidationError``."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees.models import TEAM_ROLES, BodyKind, Committee, Person, Role
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.schedules import days_schedule

from . import rules, selectors
from .models import (
    AgendaAmendment,
    AgendaAttachment,
    AgendaCategory,
    AgendaItem,
    AmendmentKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    EmergencyHandling,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Notice,
    NoticeKind,
    NoticeRecipient,
    ObserverKind,
    Recusal,
    Stance,
    StanceChoice,
    WrittenOpinion,
)

logger = logging.getLogger(__name__)

#: The body whose meeting each kind is; a party congress session is no body of the committee.
BODY_OF_KIND = {
    MeetingKind.PLENARY: BodyKind.PLENARY,
    MeetingKind.STANDING: BodyKind.STANDING,
    MeetingKind.SECRETARY_OFFICE: BodyKind.SECRETARY_OFFICE,
    MeetingKind.FIVE_PERSON: BodyKind.FIVE_PERSON,
    MeetingKind.DEMOCRATIC_LIFE: BodyKind.STANDING,
    MeetingKind.CENTRAL_STUDY: BodyKind.STANDING,
    MeetingKind.BRIEFING: BodyKind.STANDING,
}
#: M-E1: the after-report goes to the team, at a meeting of the team.
TEAM_MEETING_KINDS = (MeetingKind.STANDING, MeetingKind.PLENARY, MeetingKind.BRIEFING)
OPEN_ITEM_STATES = (ItemStatus.PROPOSED, ItemStatus.APPROVED)


def page_url(name: str, *args) -> str:
    """A page's path, or "" while the meetings URLs are not mounted."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("committee", "rule_set_version").get(pk=meeting.pk)


def _lock_item(item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.meeting_id:
        item.meeting = Meeting.objects.select_related("committee", "rule_set_version").get(pk=item.meeting_id)
    return item


def _not_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(_("The meeting is closed."))


# --------------------------------------------------------------------------- meetings


@transaction.atomic
def create_meeting(
    *,
    committee: Committee,
    kind: str,
    title: str,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    place: str = "",
    chair: Person | None = None,
    recorder: Person | None = None,
    by: Person | None = None,
) -> Meeting:
    """A new meeting in draft. The chair defaults to the secretary; the recorder to the deputy
    secretary (secretary office) or the organisation member (five-person group) (M-M1)."""
    if end_at < start_at:
        raise ValidationError({"end_at": _("The meeting cannot end before it starts.")})
    version = current_rules(committee)
    if version is None:
        raise ValidationError(_("No rule set applies to %(committee)s.") % {"committee": committee})
    day = timezone.localdate(start_at)
    assignments = selectors.roles_on(committee, day)
    body_kind = BODY_OF_KIND.get(kind)
    return Meeting.objects.create(
        committee=committee,
        body=committee.bodies.filter(kind=body_kind).first() if body_kind else None,
        kind=kind,
        title=title,
        start_at=start_at,
        end_at=end_at,
        place=place,
        chair=chair or rules.principal_leader(assignments, day),
        recorder=recorder or rules.default_recorder(kind, assignments, day),
        rule_set_version=version,
        created_by=by,
    )


@transaction.atomic
def update_meeting(meeting: Meeting, *, by: Person | None = None, **changes) -> Meeting:
    """Edit a meeting. Once the notice is sent its date and time are part of the notice."""
    meeting = _lock(meeting)
    _not_closed(meeting)
    allowed = {"title", "place", "chair", "recorder", "start_at", "end_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    if meeting.is_notice_sent and any(
        key in changes and changes[key] != getattr(meeting, key) for key in ("start_at", "end_at")
    ):
        raise ValidationError(_("The notice has been sent: the meeting's date and time can no longer change."))
    for key, value in changes.items():
        setattr(meeting, key, value)
    if meeting.end_at < meeting.start_at:
        raise ValidationError({"end_at": _("The meeting cannot end before it starts.")})
    meeting.save()
    return meeting


# --------------------------------------------------------------------------- agenda


def _amend(meeting: Meeting | None, item: AgendaItem | None, kind: str, description: str, by, at) -> None:
    """After the notice, agenda changes are recorded as amendments, to be notified in turn."""
    if meeting is None or not meeting.is_notice_sent or meeting.status == MeetingStatus.CLOSED:
        return
    AgendaAmendment.objects.create(
        meeting=meeting, item=item, kind=kind, description=description[:300], made_at=at, made_by=by
    )


def _next_position(meeting: Meeting | None) -> int:
    if meeting is None:
        return 0
    return (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1


def _check_proposer(
    committee: Committee, day: datetime.date, proposed_by, proposing_department: str, member_in_charge, consent: bool
) -> None:
    """M-N2: proposed by a member of the team, or by a department with the consent of the member in charge."""
    if proposed_by is not None:
        is_member = committee.roles.on(day).filter(person=proposed_by, role__in=TEAM_ROLES).exists()
        if not is_member:
            raise RuleViolation(
                "M-N2",
                _(
                    "%(person)s is not a member of the leadership team: a department's item needs the consent "
                    "of the member in charge."
                )
                % {"person": proposed_by},
            )
        return
    if not proposing_department.strip():
        raise RuleViolation("M-N2", _("An agenda item is proposed by a member or by a department."))
    if member_in_charge is None or not consent:
        raise RuleViolation("M-N2", _("An item proposed by a department needs the consent of the member in charge."))


@transaction.atomic
def add_item(
    *,
    committee: Committee,
    title: str,
    category: str,
    meeting: Meeting | None = None,
    description: str = "",
    proposed_by: Person | None = None,
    proposing_department: str = "",
    member_in_charge: Person | None = None,
    department_consent: bool = False,
    is_confidential: bool | None = None,
    needs_alternatives: bool = False,
    emergency: EmergencyHandling | None = None,
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> AgendaItem:
    """The party office collects an item, into the pool or onto a meeting's agenda. Personnel
    items are confidential unless said otherwise. After the notice, adding is an amendment."""
    at = _now(at)
    if meeting is not None:
        meeting = _lock(meeting)
        _not_closed(meeting)
        if meeting.committee_id != committee.pk:
            raise ValidationError(_("The meeting belongs to another committee."))
    day = meeting.date if meeting else timezone.localdate(at)
    _check_proposer(committee, day, proposed_by, proposing_department, member_in_charge, department_consent)
    item = AgendaItem.objects.create(
        committee=committee,
        meeting=meeting,
        position=_next_position(meeting),
        title=title,
        description=description,
        category=category,
        proposed_by=proposed_by,
        proposing_department=proposing_department.strip(),
        member_in_charge=member_in_charge,
        department_consent_at=at if (department_consent and proposing_department.strip()) else None,
        is_confidential=(category == AgendaCategory.PERSONNEL) if is_confidential is None else is_confidential,
        needs_alternatives=needs_alternatives,
        emergency=emergency,
        created_by=by,
    )
    _amend(meeting, item, AmendmentKind.ADDED, _("Added: %(title)s") % {"title": title}, by, at)
    return item


#: Changing these after approval needs the principal leader's approval again (M-N2).
SUBSTANCE_FIELDS = ("title", "description", "category", "member_in_charge")


@transaction.atomic
def update_item(item: AgendaItem, *, by: Person | None = None, at=None, **changes) -> AgendaItem:
    at = _now(at)
    item = _lock_item(item)
    if item.is_taken_up or item.status == ItemStatus.WITHDRAWN:
        raise ValidationError(_("An item that has been taken up or withdrawn can no longer change."))
    allowed = {*SUBSTANCE_FIELDS, "is_confidential", "needs_alternatives", "member_in_charge_absence_reason"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    changed = [key for key, value in changes.items() if getattr(item, key) != value]
    if not changed:
        return item
    for key in changed:
        setattr(item, key, changes[key])
    if any(key in SUBSTANCE_FIELDS for key in changed) and item.status == ItemStatus.APPROVED:
        item.status = ItemStatus.PROPOSED
        item.approved_by = item.approved_at = None
    item.save()
    agenda_changes = [key for key in changed if key != "member_in_charge_absence_reason"]
    if not agenda_changes:  # M-Q3's special reason is recorded at the meeting, not notified
        return item
    labels = ", ".join(str(AgendaItem._meta.get_field(key).verbose_name) for key in agenda_changes)
    _amend(
        item.meeting,
        item,
        AmendmentKind.CHANGED,
        _("Changed %(fields)s: %(title)s") % {"fields": labels, "title": item.title},
        by,
        at,
    )
    return item


@transaction.atomic
def approve_item(item: AgendaItem, *, by: Person | None, at: datetime.datetime | None = None) -> AgendaItem:
    """M-N2: the principal leader (the secretary on the meeting's date) approves each item."""
    at = _now(at)
    item = _lock_item(item)
    day = item.meeting.date if item.meeting else timezone.localdate(at)
    principal = rules.principal_leader(selectors.roles_on(item.committee, day), day)
    if by is None or principal is None or by.pk != principal.pk:
        raise RuleViolation(
            "M-N2",
            _("Only the principal leader (%(principal)s) approves agenda items.")
            % {"principal": principal or _("the secretary")},
        )
    if item.status not in (ItemStatus.PROPOSED,):
        raise ValidationError(_("Only a proposed item can be approved."))
    item.status = ItemStatus.APPROVED
    item.approved_by = by
    item.approved_at = at
    item.save(update_fields=["status", "approved_by", "approved_at"])
    return item


@transaction.atomic
def add_attachment(
    item: AgendaItem, *, file, kind: str, by: Person | None = None, at: datetime.datetime | None = None
) -> AgendaAttachment:
    """M-N5 attachments and materials (M-N1). Members see them in the app once notified."""
    item = _lock_item(item)
    if item.status in (ItemStatus.DISCUSSED, ItemStatus.WITHDRAWN):
        raise ValidationError(_("The item's discussion is closed."))
    return AgendaAttachment.objects.create(
        item=item, kind=kind, file=file, name=file.name[:255], uploaded_at=_now(at), uploaded_by=by
    )


@transaction.atomic
def move_item(item: AgendaItem, *, offset: int, by: Person | None = None, at=None) -> None:
    """Order the agenda: move an item up (-1) or down (+1)."""
    item = _lock_item(item)
    if item.meeting is None:
        return
    _not_closed(item.meeting)
    items = list(item.meeting.items.exclude(status=ItemStatus.WITHDRAWN).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = min(max(index + offset, 0), len(items) - 1)
    if target == index:
        return
    items.insert(target, items.pop(index))
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    _amend(
        item.meeting,
        item,
        AmendmentKind.REORDERED,
        _("Moved to position %(position)s: %(title)s") % {"position": target + 1, "title": item.title},
        by,
        _now(at),
    )


@transaction.atomic
def schedule_item(item: AgendaItem, *, meeting: Meeting, by: Person | None = None, at=None) -> AgendaItem:
    """Put a pool item (new or deferred: it comes back) or another meeting's item on ``meeting``."""
    at = _now(at)
    item = _lock_item(item)
    meeting = _lock(meeting)
    _not_closed(meeting)
    if meeting.committee_id != item.committee_id:
        raise ValidationError(_("The meeting belongs to another committee."))
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.DEFERRED) or item.meeting_id == meeting.pk:
        raise ValidationError(_("This item cannot be moved to that meeting."))
    previous = item.meeting
    item.meeting = meeting
    item.position = _next_position(meeting)
    item.status = ItemStatus.APPROVED if item.approved_at else ItemStatus.PROPOSED
    item.notified_at = None
    item.is_on_notified_agenda = False
    item.save()
    _amend(
        previous, item, AmendmentKind.REMOVED, _("Moved to another meeting: %(title)s") % {"title": item.title}, by, at
    )
    _amend(meeting, item, AmendmentKind.ADDED, _("Added: %(title)s") % {"title": item.title}, by, at)
    return item


@transaction.atomic
def defer_item(item: AgendaItem, *, by: Person | None = None, reason: str = "", at=None) -> AgendaItem:
    """Defer an item (缓议). Not yet taken up: it returns to the pool. Taken up: it stays on the
    record of this meeting as deferred, and a follow-up item returns to the pool. Returns the
    item in the pool."""
    at = _now(at)
    item = _lock_item(item)
    meeting = item.meeting
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.IN_DISCUSSION):
        raise ValidationError(_("This item cannot be deferred."))
    note = _("Deferred: %(title)s") % {"title": item.title} + (f" ({reason})" if reason else "")
    if item.status != ItemStatus.IN_DISCUSSION:
        item.meeting = None
        item.status = ItemStatus.DEFERRED
        item.deferred_count += 1
        item.notified_at = None
        item.is_on_notified_agenda = False
        item.save()
        _amend(meeting, item, AmendmentKind.REMOVED, note, by, at)
        return item
    item.status = ItemStatus.DEFERRED
    item.save(update_fields=["status"])
    follow_up = AgendaItem.objects.create(
        committee=item.committee,
        title=item.title,
        description=item.description,
        category=item.category,
        proposed_by=item.proposed_by,
        proposing_department=item.proposing_department,
        member_in_charge=item.member_in_charge,
        department_consent_at=item.department_consent_at,
        is_confidential=item.is_confidential,
        needs_alternatives=item.needs_alternatives,
        status=ItemStatus.DEFERRED,
        approved_by=item.approved_by,
        approved_at=item.approved_at,
        emergency=item.emergency,
        deferred_count=item.deferred_count + 1,
        created_by=by,
    )
    AgendaAttachment.objects.bulk_create(
        AgendaAttachment(
            item=follow_up,
            kind=a.kind,
            file=a.file.name,
            name=a.name,
            uploaded_at=a.uploaded_at,
            uploaded_by=a.uploaded_by,
        )
        for a in item.attachments.all()
    )
    return follow_up


@transaction.atomic
def withdraw_item(item: AgendaItem, *, by: Person | None = None, at=None) -> AgendaItem:
    at = _now(at)
    item = _lock_item(item)
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.DEFERRED):
        raise ValidationError(_("This item cannot be withdrawn."))
    item.status = ItemStatus.WITHDRAWN
    item.save(update_fields=["status"])
    _amend(item.meeting, item, AmendmentKind.REMOVED, _("Withdrawn: %(title)s") % {"title": item.title}, by, at)
    return item


# --------------------------------------------------------------------------- notice


def _agenda_text(meeting: Meeting, items: Iterable[AgendaItem]) -> str:
    lines = [
        _("%(title)s, %(start)s, %(place)s")
        % {
            "title": meeting.title,
            "start": timezone.localtime(meeting.start_at).strftime("%Y-%m-%d %H:%M"),
            "place": meeting.place or "—",
        }
    ]
    for number, item in enumerate(items, start=1):
        title = (
            _("Confidential item (%(category)s)") % {"category": item.get_category_display()}
            if item.is_confidential
            else item.title
        )
        lines.append(f"{number}. {title}")
    return "\n".join(lines)


def _deliver(notice: Notice, people: list[tuple[Person, bool]], subject: str, body: str) -> None:
    """Record the recipients now; e-mail those with an address once the transaction commits."""
    NoticeRecipient.objects.bulk_create(
        [NoticeRecipient(notice=notice, person=person, is_observer=is_observer) for person, is_observer in people],
        ignore_conflicts=True,
    )
    url = page_url("meetings_detail", notice.meeting_id)
    link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    addressed = [(person.pk, person.email) for person, _observer in people if person.email]

    def send() -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dangwei.local"
        for person_id, email in addressed:
            message = EmailMessage(
                subject=subject,
                body=body + link,
                to=[email],
                headers={"Message-ID": f"<meeting-notice-{notice.pk}-{person_id}@{domain}>"},
            )
            try:
                message.send(fail_silently=False)
            except OSError as error:  # the notice is recorded in the app all the same
                logger.warning("Meeting notice %s not e-mailed to %s: %s", notice.pk, person_id, error)
                continue
            NoticeRecipient.objects.filter(notice=notice, person_id=person_id).update(emailed_at=timezone.now())

    transaction.on_commit(send)


def _recipients(meeting: Meeting) -> list[tuple[Person, bool]]:
    due = [a.person for a in selectors.members_due(meeting)]
    due_ids = {p.pk for p in due}
    observers = [
        a.person
        for a in meeting.attendances.filter(role=AttendanceRole.OBSERVER, person__isnull=False).select_related("person")
        if a.person_id not in due_ids
    ]
    return [(p, False) for p in due] + [(p, True) for p in observers]


@transaction.atomic
def send_notice(meeting: Meeting, *, by: Person | None = None, at: datetime.datetime | None = None) -> Notice:
    """M-N1: send the notice (agenda + materials) to every member due and the observers.

    Refused unless it is sent no later than the end of the N-th working day before the
    meeting's date (Asia/Shanghai), N = ``notice_working_days`` of the meeting's rule set, and
    unless the principal leader approved every item (M-N2). Sending freezes the agenda: later
    changes become amendments.
    """
    at = _now(at)
    meeting = _lock(meeting)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("The notice of this meeting has already been sent."))
    items = list(meeting.items.filter(status__in=OPEN_ITEM_STATES).order_by("position", "pk"))
    unapproved = [item.title for item in items if item.status == ItemStatus.PROPOSED]
    if unapproved:
        raise RuleViolation(
            "M-N2",
            _("The principal leader has not approved these items: %(items)s. Only approved items go on a notice.")
            % {"items": "、".join(unapproved)},
        )
    version = meeting.rule_set_version
    timing = rules.notice_timing(at, meeting.start_at, version.notice_working_days)
    if not timing.is_in_time:
        raise RuleViolation(
            "M-N1",
            _(
                "The notice must reach members at least %(days)s working day(s) before the meeting: for a meeting "
                "on %(date)s it had to be sent by the end of %(deadline)s, and today is %(today)s."
            )
            % {
                "days": version.notice_working_days,
                "date": meeting.date.isoformat(),
                "deadline": timing.deadline.isoformat(),
                "today": timing.sent_on.isoformat(),
            },
        )
    with override(settings.LANGUAGE_CODE):
        text = _agenda_text(meeting, items)
        subject = _("Meeting notice: %(title)s") % {"title": meeting.title}
    notice = Notice.objects.create(
        meeting=meeting,
        kind=NoticeKind.NOTICE,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=True,
        text=text,
        rule_set_version=version,
    )
    meeting.status = MeetingStatus.NOTICE_SENT
    meeting.notice_sent_at = at
    meeting.save(update_fields=["status", "notice_sent_at"])
    AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(notified_at=at, is_on_notified_agenda=True)
    sync_attendance(meeting)
    _deliver(notice, _recipients(meeting), subject, text)
    return notice


@transaction.atomic
def send_amendment_notice(meeting: Meeting, *, by: Person | None = None, at=None) -> Notice:
    """Notify the agenda amendments made since the notice. An item added by an amendment sent
    after the M-N1 deadline is not on the notified agenda: as an important matter it cannot be
    decided at this meeting (M-N3)."""
    at = _now(at)
    meeting = _lock(meeting)
    _not_closed(meeting)
    pending = list(meeting.amendments.filter(notice__isnull=True).select_related("item").order_by("made_at", "pk"))
    if not pending:
        raise ValidationError(_("There are no agenda amendments to notify."))
    unapproved = [
        a.item.title
        for a in pending
        if a.item and a.item.status == ItemStatus.PROPOSED and a.item.meeting_id == meeting.pk
    ]
    if unapproved:
        raise RuleViolation(
            "M-N2",
            _("The principal leader has not approved these items: %(items)s. Only approved items go on a notice.")
            % {"items": "、".join(unapproved)},
        )
    version = meeting.rule_set_version
    timing = rules.notice_timing(at, meeting.start_at, version.notice_working_days)
    with override(settings.LANGUAGE_CODE):
        text = "\n".join(a.description for a in pending)
        subject = _("Agenda amendment: %(title)s") % {"title": meeting.title}
    notice = Notice.objects.create(
        meeting=meeting,
        kind=NoticeKind.AMENDMENT,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=timing.is_in_time,
        text=text,
        rule_set_version=version,
    )
    AgendaAmendment.objects.filter(pk__in=[a.pk for a in pending]).update(notice=notice)
    added = [a.item_id for a in pending if a.kind == AmendmentKind.ADDED and a.item and a.item.meeting_id == meeting.pk]
    AgendaItem.objects.filter(pk__in=added).update(notified_at=at, is_on_notified_agenda=timing.is_in_time)
    _deliver(notice, _recipients(meeting), subject, text)
    return notice


@transaction.atomic
def acknowledge_notice(recipient: NoticeRecipient, *, person: Person, at=None) -> NoticeRecipient:
    """The member confirms the notice reached them."""
    if recipient.person_id != person.pk:
        raise ValidationError(_("Only the recipient acknowledges a notice."))
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = _now(at)
        recipient.save(update_fields=["acknowledged_at"])
    return recipient


# --------------------------------------------------------------------------- attendance


def sync_attendance(meeting: Meeting) -> None:
    """One attendance row per member due (from the role history on the meeting's date). Rows of
    people no longer due are removed while nothing was recorded for them."""
    due_ids = [a.person_id for a in selectors.members_due(meeting)]
    existing = {a.person_id: a for a in meeting.attendances.filter(person__isnull=False)}
    for person_id in due_ids:
        row = existing.get(person_id)
        if row is None:
            Attendance.objects.create(meeting=meeting, person_id=person_id, role=AttendanceRole.MEMBER)
        elif row.role != AttendanceRole.MEMBER:
            row.role, row.observer_kind = AttendanceRole.MEMBER, ""
            row.save(update_fields=["role", "observer_kind"])
    for person_id, row in existing.items():
        if (
            person_id not in due_ids
            and row.role == AttendanceRole.MEMBER
            and row.status == AttendanceStatus.UNRECORDED
            and not row.leave_reason
        ):
            row.delete()


@transaction.atomic
def add_observer(
    meeting: Meeting,
    *,
    kind: str,
    person: Person | None = None,
    name: str = "",
    by: Person | None = None,
) -> Attendance:
    """O-5: delegates and invited leaders attend without a vote and never count for quorum."""
    meeting = _lock(meeting)
    _not_closed(meeting)
    if person is None and not name.strip():
        raise ValidationError(_("Choose a person or enter a name."))
    if person is not None:
        if person.pk in {a.person_id for a in selectors.members_due(meeting)}:
            raise ValidationError(_("%(person)s is a member due to attend, not an observer.") % {"person": person})
        if meeting.attendances.filter(person=person).exists():
            raise ValidationError(_("%(person)s is already on the list.") % {"person": person})
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        name="" if person else name.strip(),
        role=AttendanceRole.OBSERVER,
        observer_kind=kind or ObserverKind.INVITED,
    )


def _attendance(attendance: Attendance) -> Attendance:
    attendance = Attendance.objects.select_for_update(of=("self",)).select_related("person").get(pk=attendance.pk)
    attendance.meeting = Meeting.objects.select_related("committee", "rule_set_version").get(pk=attendance.meeting_id)
    _not_closed(attendance.meeting)
    return attendance


@transaction.atomic
def record_leave(
    attendance: Attendance,
    *,
    reason: str,
    approved_by: Person | None,
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Attendance:
    """M-N4: a member who cannot attend asks leave in advance – of the secretary, or of the deputy
    secretary for the five-person group (nobody approves their own leave). Without an approver
    the request is recorded and waits."""
    at = _now(at)
    attendance = _attendance(attendance)
    meeting = attendance.meeting
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(_("Observers do not ask leave."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the leave.")})
    attendance.leave_reason = reason.strip()
    attendance.leave_requested_at = attendance.leave_requested_at or at
    if approved_by is not None:
        day = meeting.date
        allowed = rules.leave_approvers(
            meeting.kind, attendance.person_id, selectors.roles_on(meeting.committee, day), day
        )
        if approved_by.pk not in allowed:
            who = _("the deputy secretary") if meeting.kind == MeetingKind.FIVE_PERSON else _("the secretary")
            raise RuleViolation(
                "M-N4",
                _("Leave from a %(kind)s is approved by %(who)s; %(person)s cannot approve it.")
                % {"kind": meeting.get_kind_display(), "who": who, "person": approved_by},
            )
        attendance.status = AttendanceStatus.LEAVE
        attendance.leave_approved_by = approved_by
        attendance.leave_approved_at = at
        attendance.arrived_at = attendance.left_at = None
    attendance.save()
    return attendance


@transaction.atomic
def mark_present(
    attendance: Attendance, *, arrived_at: datetime.datetime | None = None, by: Person | None = None
) -> Attendance:
    """Present from ``arrived_at`` (None: from the start)."""
    attendance = _attendance(attendance)
    if attendance.meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(_("Attendance is taken while the meeting is in session."))
    attendance.status = AttendanceStatus.PRESENT
    attendance.arrived_at = arrived_at
    attendance.left_at = None
    attendance.save()
    return attendance


@transaction.atomic
def mark_left(attendance: Attendance, *, left_at: datetime.datetime | None = None, by=None) -> Attendance:
    """Someone may leave before a later item: from ``left_at`` they no longer count (M-Q6)."""
    left_at = _now(left_at)
    attendance = _attendance(attendance)
    if attendance.status != AttendanceStatus.PRESENT:
        raise ValidationError(_("Only someone present can leave."))
    if attendance.arrived_at and left_at < attendance.arrived_at:
        raise ValidationError({"left_at": _("Leaving before arriving is not possible.")})
    attendance.left_at = left_at
    attendance.save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def mark_absent(attendance: Attendance, *, by: Person | None = None) -> str:
    """M-N4 (warn): absence without leave is recorded, shown and counted for the annual report.
    Returns the warning to show."""
    attendance = _attendance(attendance)
    if attendance.role != AttendanceRole.MEMBER:
        raise ValidationError(_("Observers are not marked absent."))
    attendance.status = AttendanceStatus.ABSENT
    attendance.arrived_at = attendance.left_at = None
    attendance.save()
    return _("M-N4: %(person)s is absent without leave; this is recorded for the annual report.") % {
        "person": attendance.display_name
    }


# --------------------------------------------------------------------------- the session


@transaction.atomic
def open_meeting(meeting: Meeting, *, by: Person | None = None, at: datetime.datetime | None = None) -> Meeting:
    """Open the session on the meeting's day, once its notice went out (M-N1)."""
    at = _now(at)
    meeting = _lock(meeting)
    if meeting.status == MeetingStatus.DRAFT:
        raise RuleViolation("M-N1", _("The notice of this meeting has not been sent."))
    if meeting.status != MeetingStatus.NOTICE_SENT:
        raise ValidationError(_("The meeting is already open or closed."))
    if timezone.localdate(at) < meeting.date:
        raise ValidationError(_("The meeting is on %(date)s.") % {"date": meeting.date.isoformat()})
    sync_attendance(meeting)
    meeting.status = MeetingStatus.IN_SESSION
    meeting.opened_at = at
    meeting.save(update_fields=["status", "opened_at"])
    return meeting


def _item_context(item: AgendaItem):
    meeting = item.meeting
    due_ids = {a.person_id for a in selectors.members_due(meeting)}
    attendances = list(meeting.attendances.all())
    recused_ids = set(item.recusals.values_list("person_id", flat=True))
    return due_ids, attendances, recused_ids


def _check_decidable(item: AgendaItem) -> None:
    """M-N2 and M-N3: only approved items, and important matters only from the notified agenda."""
    if item.approved_at is None:
        raise RuleViolation("M-N2", _("The principal leader has not approved this item."))
    if item.category in rules.IMPORTANT_CATEGORIES and not item.is_on_notified_agenda:
        raise RuleViolation(
            "M-N3",
            _(
                "“%(title)s” is an important matter that was not on the notified agenda: it cannot be decided at "
                "this meeting. Defer it to a meeting whose notice includes it."
            )
            % {"title": item.title},
        )


@transaction.atomic
def take_up_item(
    item: AgendaItem, *, at: datetime.datetime | None = None, by: Person | None = None
) -> rules.QuorumResult:
    """Take an item up for decision. Its quorum is computed now (M-Q6) and stored with it; the
    step is refused, citing the rule, when the item is not approved (M-N2), an important matter
    was not notified (M-N3), a major item's materials were late (M-N1) or the quorum fails
    (M-Q1..M-Q5, M-Q3)."""
    at = _now(at)
    item = _lock_item(item)
    meeting = item.meeting
    if meeting is None or meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(_("The meeting is not in session."))
    if item.status == ItemStatus.PROPOSED:
        raise RuleViolation("M-N2", _("The principal leader has not approved this item."))
    if item.status != ItemStatus.APPROVED:
        raise ValidationError(_("This item has already been taken up."))
    current = meeting.items.filter(status=ItemStatus.IN_DISCUSSION).first()
    if current is not None:
        raise ValidationError(
            _("Items are taken up one by one: close or defer “%(title)s” first.") % {"title": current.title}
        )
    _check_decidable(item)
    version = meeting.rule_set_version
    deadline = rules.notice_deadline(meeting.date, version.major_materials_working_days)
    uploaded = list(item.attachments.values_list("uploaded_at", flat=True))
    if not rules.materials_in_time(item.category, uploaded, item.notified_at, deadline):
        raise RuleViolation(
            "M-N1",
            _("The materials of this major matter had to reach members by %(date)s (%(days)s working day(s) before).")
            % {"date": deadline.isoformat(), "days": version.major_materials_working_days},
        )
    due_ids, attendances, recused_ids = _item_context(item)
    result = selectors.item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    present = sorted(
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and rules.is_present_at(a, at)
    )
    item.status = ItemStatus.IN_DISCUSSION
    item.taken_up_at = at
    item.taken_up_by = by
    item.quorum_due, item.quorum_present, item.quorum_needed = result.due, result.present, result.needed
    item.quorum_rule_id = result.rule_id
    item.quorum_present_ids = present
    item.save()
    return result


@transaction.atomic
def record_stance(
    item: AgendaItem,
    *,
    person: Person,
    stance: str,
    reason: str = "",
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Stance:
    """M-D1: a present member states agree / disagree / defer, with the reason. Observers have no
    stance (O-5); recused members none on this item (M-D4); absent members only a written opinion
    (M-D3); the chair states last, after every other present, non-recused member (M-D2)."""
    at = _now(at)
    item = _lock_item(item)
    if stance not in StanceChoice.values:
        raise ValidationError({"stance": _("Choose agree, disagree or defer.")})
    if item.status != ItemStatus.IN_DISCUSSION:
        raise ValidationError(_("Stances are recorded on an item taken up and not yet closed."))
    meeting = item.meeting
    due_ids, attendances, recused_ids = _item_context(item)
    if person.pk not in due_ids:
        raise RuleViolation(
            "O-5", _("%(person)s is not a member due to attend: observers attend without a vote.") % {"person": person}
        )
    if person.pk in recused_ids:
        raise RuleViolation(
            "M-D4", _("%(person)s is recused from this item and states no stance on it.") % {"person": person}
        )
    present_ids = {
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and rules.is_present_at(a, at)
    }
    if person.pk not in present_ids:
        raise RuleViolation(
            "M-D3",
            _(
                "%(person)s is not present. An absent member may submit a written opinion before the meeting; "
                "it is recorded but is never a stance or a vote."
            )
            % {"person": person},
        )
    stated = dict(item.stances.values_list("person_id", "recorded_at"))
    chair_id = meeting.chair_id
    pending = rules.stances_pending_before_chair(chair_id, person.pk, present_ids, recused_ids, stated)
    if pending:
        names = "、".join(Person.objects.filter(pk__in=pending).order_by("name").values_list("name", flat=True))
        raise RuleViolation(
            "M-D2",
            _("The principal leader states their stance last, after hearing all others: still waiting for %(names)s.")
            % {"names": names},
        )
    if chair_id is not None and person.pk != chair_id and chair_id in stated:
        raise RuleViolation(
            "M-D2",
            _("The principal leader has already stated their stance last; other stances can no longer change."),
        )
    row, _created = Stance.objects.update_or_create(
        item=item,
        person=person,
        defaults={"stance": stance, "reason": reason.strip(), "recorded_at": at, "recorded_by": by},
    )
    return row


@transaction.atomic
def recuse(
    item: AgendaItem,
    *,
    person: Person,
    reason: str,
    details: str = "",
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Recusal:
    """M-D4: a member related to the matter (self, relative, declared conflict) withdraws from
    its discussion and vote. A stance already stated is withdrawn with them (history keeps it)."""
    at = _now(at)
    item = _lock_item(item)
    if item.meeting is None or item.status not in (*OPEN_ITEM_STATES, ItemStatus.IN_DISCUSSION):
        raise ValidationError(_("Recusal is recorded on an item of a meeting, before its discussion closes."))
    if person.pk not in {a.person_id for a in selectors.members_due(item.meeting)}:
        raise ValidationError(_("%(person)s is not a member due to attend.") % {"person": person})
    if item.recusals.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already recused from this item.") % {"person": person})
    for stance in item.stances.filter(person=person):
        stance.delete()
    return Recusal.objects.create(
        item=item, person=person, reason=reason, details=details.strip(), recorded_at=at, recorded_by=by
    )


@transaction.atomic
def submit_written_opinion(
    item: AgendaItem,
    *,
    person: Person,
    text: str = "",
    file=None,
    submitted_at: datetime.datetime | None = None,
    by: Person | None = None,
) -> WrittenOpinion:
    """M-D3: an absent member's written opinion, submitted before the meeting. It is attached to
    the item and read out; it is never a vote."""
    submitted_at = _now(submitted_at)
    item = _lock_item(item)
    meeting = item.meeting
    if meeting is None or item.status in (ItemStatus.DISCUSSED, ItemStatus.WITHDRAWN, ItemStatus.DEFERRED):
        raise ValidationError(_("Written opinions are given on an item of a coming meeting."))
    if not text.strip() and not file:
        raise ValidationError(_("Write the opinion or attach it."))
    if person.pk not in {a.person_id for a in selectors.members_due(meeting)}:
        raise ValidationError(_("%(person)s is not a member due to attend.") % {"person": person})
    if submitted_at > meeting.start_at:
        raise RuleViolation("M-D3", _("A written opinion is submitted before the meeting starts."))
    attendance = meeting.attendances.filter(person=person).first()
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        raise RuleViolation(
            "M-D3",
            _("%(person)s is present and states a stance; written opinions are for absent members.")
            % {"person": person},
        )
    try:
        with transaction.atomic():
            return WrittenOpinion.objects.create(
                item=item, person=person, text=text.strip(), file=file or "", submitted_at=submitted_at, recorded_by=by
            )
    except IntegrityError:
        raise ValidationError(_("%(person)s has already given a written opinion on this item.") % {"person": person})


@transaction.atomic
def close_discussion(
    item: AgendaItem, *, by: Person | None = None, at: datetime.datetime | None = None
) -> rules.QuorumResult:
    """Close the discussion of an item: the step that precedes the vote (next issue). The quorum
    is evaluated again at this moment (M-Q6: people leave, recusals); every present, non-recused
    member has stated a stance (M-D1); an emergency reported by this item is settled (M-E1)."""
    at = _now(at)
    item = _lock_item(item)
    if item.status != ItemStatus.IN_DISCUSSION:
        raise ValidationError(_("The item is not under discussion."))
    _check_decidable(item)
    due_ids, attendances, recused_ids = _item_context(item)
    result = selectors.item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    present_ids = {
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and rules.is_present_at(a, at)
    }
    stated = set(item.stances.values_list("person_id", flat=True))
    missing = present_ids - recused_ids - stated
    if missing:
        names = "、".join(Person.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True))
        raise RuleViolation(
            "M-D1", _("Each member present states a clear stance: still missing %(names)s.") % {"names": names}
        )
    item.status = ItemStatus.DISCUSSED
    item.discussed_at = at
    item.save(update_fields=["status", "discussed_at"])
    if item.emergency_id:
        _settle_emergency(item, at)
    return result


@transaction.atomic
def close_meeting(meeting: Meeting, *, by: Person | None = None, at: datetime.datetime | None = None) -> list[str]:
    """Close the session. Items not taken up return to the pool (deferred). Returns warnings:
    absences without leave (M-N4)."""
    at = _now(at)
    meeting = _lock(meeting)
    if meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(_("The meeting is not in session."))
    current = meeting.items.filter(status=ItemStatus.IN_DISCUSSION).first()
    if current is not None:
        raise ValidationError(_("Close or defer “%(title)s” first.") % {"title": current.title})
    unrecorded = meeting.attendances.filter(role=AttendanceRole.MEMBER, status=AttendanceStatus.UNRECORDED)
    if unrecorded.exists():
        names = "、".join(a.display_name for a in unrecorded.select_related("person"))
        raise ValidationError(_("Record the attendance of %(names)s first.") % {"names": names})
    for item in meeting.items.filter(status__in=OPEN_ITEM_STATES):
        defer_item(item, by=by, reason=_("not reached"), at=at)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = at
    meeting.save(update_fields=["status", "closed_at"])
    absent = meeting.attendances.filter(role=AttendanceRole.MEMBER, status=AttendanceStatus.ABSENT)
    return [
        _("M-N4: %(person)s was absent without leave.") % {"person": a.display_name}
        for a in absent.select_related("person")
    ]


# --------------------------------------------------------------------------- emergencies (M-E1)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(moment.month - 1 + months, 12)
    day = min(moment.day, 28)
    return moment.replace(year=moment.year + year, month=month + 1, day=day)


@transaction.atomic
def record_emergency_handling(
    *,
    committee: Committee,
    title: str,
    handled_by: Person,
    principal_consulted: Person,
    consulted_at: datetime.datetime,
    handled_at: datetime.datetime,
    actions: str,
    by: Person | None = None,
    now: datetime.datetime | None = None,
) -> EmergencyHandling:
    """M-E1: record an emergency handled without a meeting, after consulting a principal leader
    (secretary or deputy secretary). The after-report to the team is due at the latest by the
    next regular meeting, i.e. within the standing meeting interval (M-C1); the deadline engine
    reminds until an agenda item of a team meeting reports it."""
    now = _now(now)
    if handled_at > now or consulted_at > now:
        raise ValidationError(_("The handling cannot be in the future."))
    if not actions.strip():
        raise ValidationError({"actions": _("Say what was done.")})
    day = timezone.localdate(consulted_at)
    leaders = {
        a.person_id for a in selectors.roles_on(committee, day) if a.role in (Role.SECRETARY, Role.DEPUTY_SECRETARY)
    }
    if principal_consulted.pk not in leaders:
        raise RuleViolation(
            "M-E1",
            _("%(person)s was not a principal leader (secretary or deputy secretary) of %(committee)s on %(date)s.")
            % {"person": principal_consulted, "committee": committee, "date": day.isoformat()},
        )
    if consulted_at > handled_at:
        raise RuleViolation("M-E1", _("The principal leader is consulted before the emergency is handled."))
    version = current_rules(committee)
    local = timezone.localtime(handled_at)
    due_day = add_months(local, version.standing_meeting_interval_months).date()
    due_at = timezone.make_aware(datetime.datetime.combine(due_day, datetime.time(23, 59)))
    emergency = EmergencyHandling.objects.create(
        committee=committee,
        title=title,
        handled_by=handled_by,
        principal_consulted=principal_consulted,
        consulted_at=consulted_at,
        handled_at=handled_at,
        actions=actions.strip(),
        report_due_at=due_at,
        recorded_by=by,
        rule_set_version=version,
    )
    with override(settings.LANGUAGE_CODE):
        deadline_title = _("Report the emergency handling to the team: %(title)s") % {"title": title}
    deadlines.register(
        subject=emergency,
        committee=committee,
        title=deadline_title,
        due_at=due_at,
        rule_id="M-E1",
        schedule=days_schedule(before=(7, 1)),
        owner=handled_by,
        notify=[principal_consulted],
        url=page_url("meetings_emergency_detail", emergency.pk),
        rule_set_version=version,
        now=now,
    )
    return emergency


@transaction.atomic
def table_emergency_report(
    emergency: EmergencyHandling, *, meeting: Meeting, by: Person | None = None, at=None
) -> AgendaItem:
    """M-E1: put the after-report on a team meeting's agenda. Closing that item's discussion
    settles the obligation."""
    if emergency.is_reported:
        raise ValidationError(_("This emergency has already been reported to the team."))
    if meeting.kind not in TEAM_MEETING_KINDS:
        raise ValidationError(_("The after-report is made to the team, at a standing committee or plenary meeting."))
    return add_item(
        committee=emergency.committee,
        meeting=meeting,
        title=_("Report on an emergency handled without a meeting: %(title)s") % {"title": emergency.title},
        description=emergency.actions,
        category=AgendaCategory.EMERGENCY,
        proposed_by=emergency.handled_by,
        member_in_charge=emergency.handled_by,
        emergency=emergency,
        by=by,
        at=at,
    )


def _settle_emergency(item: AgendaItem, at: datetime.datetime) -> None:
    emergency = EmergencyHandling.objects.select_for_update().get(pk=item.emergency_id)
    if emergency.is_reported:
        return
    emergency.reported_item = item
    emergency.reported_at = at
    emergency.save(update_fields=["reported_item", "reported_at"])
    deadlines.met(emergency, at=at, rule_id="M-E1")
