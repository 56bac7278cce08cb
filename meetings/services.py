"""Actions on meetings: prepare, notify, run. Views, the API, the admin and the demo command all
call these. Rulebook refusals raise ``RuleViolation`` (citing the rule); bad input raises
Django's ``ValidationError``."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import secrets
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connections, transaction
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import bounds
from committees.models import TEAM_ROLES, BodyKind, Committee, Person, Role
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.schedules import days_schedule

from . import ballot_seal, rules, selectors
from .models import (
    AgendaAmendment,
    AgendaAttachment,
    AgendaCategory,
    AgendaItem,
    AmendmentKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Ballot,
    Decision,
    DecisionKind,
    DecisionStatus,
    EmergencyHandling,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesCounter,
    MinutesRecipient,
    MinutesStatus,
    Notice,
    NoticeKind,
    NoticeRecipient,
    ObserverKind,
    RecipientKind,
    Recusal,
    Reservation,
    SecretBallot,
    SecretBallotCast,
    Stance,
    StanceChoice,
    Vote,
    VoteChoice,
    VoteMethod,
    VoteStatus,
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
    bounds.require_dates(start_at=start_at, end_at=end_at)
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
    bounds.require_dates(**{key: changes[key] for key in ("start_at", "end_at") if key in changes})
    if meeting.is_notice_sent and any(
        key in changes and changes[key] != getattr(meeting, key) for key in ("start_at", "end_at")
    ):
        raise ValidationError(_("The notice has been sent: the meeting's date and time can no longer change."))
    if meeting.kind == MeetingKind.DEMOCRATIC_LIFE and "start_at" in changes:
        from .democratic_life.services import check_reschedule  # DL-2; imports this module

        check_reschedule(meeting, changes["start_at"])
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
    return _follow_up(item, by)


def _follow_up(item: AgendaItem, by: Person | None) -> AgendaItem:
    """A deferred item returns to the committee's pool as a follow-up item, with its attachments."""
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
        redeliberates=item.redeliberates,
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
        raise RuleViolation(
            "M-V1", _("Items are taken up one by one: close or defer “%(title)s” first.") % {"title": current.title}
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
    position: str = "",
    submitted_at: datetime.datetime | None = None,
    by: Person | None = None,
) -> WrittenOpinion:
    """M-D3: an absent member's written opinion, submitted before the meeting. It is attached to
    the item and read out; it is never a vote. Only members due to attend give one (O-5)."""
    submitted_at = _now(submitted_at)
    item = _lock_item(item)
    meeting = item.meeting
    if meeting is None or item.status in (ItemStatus.DISCUSSED, ItemStatus.WITHDRAWN, ItemStatus.DEFERRED):
        raise ValidationError(_("Written opinions are given on an item of a coming meeting."))
    if not text.strip() and not file:
        raise ValidationError(_("Write the opinion or attach it."))
    if person.pk not in {a.person_id for a in selectors.members_due(meeting)}:
        raise RuleViolation(
            "O-5",
            _("%(person)s is not a member due to attend: written opinions come from members, not observers.")
            % {"person": person},
        )
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
                item=item,
                person=person,
                text=text.strip(),
                position=position if position in StanceChoice.values else "",
                file=file or "",
                submitted_at=submitted_at,
                recorded_by=by,
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
    open_vote_row = Vote.objects.filter(item__meeting=meeting, status=VoteStatus.OPEN).select_related("item").first()
    if open_vote_row is not None:
        raise ValidationError(_("Close the vote on “%(title)s” first.") % {"title": open_vote_row.item.title})
    for item in meeting.items.filter(status__in=OPEN_ITEM_STATES):
        defer_item(item, by=by, reason=_("not reached"), at=at)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = at
    meeting.save(update_fields=["status", "closed_at"])
    draft_minutes(meeting, by=by)
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


# =========================================================================== votes (M-V1..M-V6)


def _lock_vote(vote: Vote) -> Vote:
    vote = Vote.objects.select_for_update(of=("self",)).select_related("rule_set_version").get(pk=vote.pk)
    vote.item = AgendaItem.objects.select_related("meeting__committee", "meeting__rule_set_version").get(
        pk=vote.item_id
    )
    return vote


@transaction.atomic
def open_vote(
    item: AgendaItem,
    *,
    method: str | None = None,
    reason: str = "",
    is_emergency: bool | None = None,
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Vote:
    """Open the vote on an item whose discussion is closed.

    M-V1: one item at a time – refused while another vote of the meeting is open. The quorum is
    evaluated again now (M-Q6). M-V2: the method defaults from the category and may only become
    stricter, with a reason. M-V7: a secretary office meeting or the five-person group takes no
    binding decision on an important matter (it records a recommendation instead). Who is present
    and who is recused is fixed now: they are the only possible voters.
    """
    at = _now(at)
    item = _lock_item(item)
    meeting = item.meeting
    if meeting is None or meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(_("The meeting is not in session."))
    if item.status != ItemStatus.DISCUSSED:
        raise ValidationError(_("The vote follows the discussion: close the discussion of the item first."))
    if Vote.objects.filter(item=item).exists():
        raise ValidationError(_("This item has already been voted on."))
    current = Vote.objects.filter(item__meeting=meeting, status=VoteStatus.OPEN).select_related("item").first()
    if current is not None:
        raise RuleViolation(
            "M-V1",
            _("Matters are voted on one by one: close the vote on “%(title)s” first.") % {"title": current.item.title},
        )
    if not rules.may_decide(meeting.kind, item.category):
        raise RuleViolation(
            "M-V7",
            _(
                "A %(kind)s is not a decision body: it records no binding decision on an important matter. "
                "Record a recommendation and forward it to the standing committee."
            )
            % {"kind": meeting.get_kind_display()},
        )
    _check_decidable(item)
    due_ids, attendances, recused_ids = _item_context(item)
    result = selectors.item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    default = rules.default_method(item.category)
    method = method or default
    if method not in VoteMethod.values:
        raise ValidationError({"method": _("Choose a vote method.")})
    refusal = rules.method_change_refusal(item.category, method, reason)
    if refusal:
        raise RuleViolation("M-V2", refusal)
    present = sorted(
        a.person_id
        for a in attendances
        if a.person_id in due_ids and a.role == AttendanceRole.MEMBER and rules.is_present_at(a, at)
    )
    return Vote.objects.create(
        item=item,
        method=method,
        default_method=default,
        method_reason=reason.strip() if method != default else "",
        is_emergency=(item.category == AgendaCategory.EMERGENCY) if is_emergency is None else is_emergency,
        opened_at=at,
        opened_by=by,
        due=len(due_ids),
        present_ids=present,
        recused_ids=sorted(recused_ids & due_ids),
        rule_set_version=meeting.rule_set_version,
    )


@transaction.atomic
def cast_ballot(
    vote: Vote, *, person: Person, choice: str, by: Person | None = None, at: datetime.datetime | None = None
) -> None:
    """A member votes yes / no / abstain. Absent (M-D3), recused (M-D4) members and observers
    (O-5) cannot vote.

    Oral, show-of-hands and named votes: the recorder may record the member's choice; one
    ``Ballot`` per member, by name.

    Secret ballots (M-V6) – the threat model. The voter casts from their own session only
    (``by`` must be the voter). One transaction writes two unrelated rows: ``SecretBallotCast``
    (*that* the member voted; unique per vote) and ``SecretBallot`` (a random UUID key, no voter,
    no timestamp, no simple-history, no admin change form) holding the choice only *sealed*:
    AES-GCM under a per-vote key derived from ``DANGWEI_BALLOT_KEY`` (or ``SECRET_KEY``), which
    the database never holds; every sealed choice has the same length and a fresh nonce
    (``ballot_seal``). So while the vote is open, whoever reads the database – tables, system
    columns ``xmin``/``ctid``, a ``pg_dump``, a backup, the WAL – can still pair a ballot row with
    its "has voted" row, but the pair yields only ciphertext; no count exists anywhere. Nothing
    logs the choice, no Celery task carries it, and URLs never contain it (it is POSTed).
    ``close_vote`` unseals and tallies in one transaction, rewriting the ballots in plain text, in
    random order, under new keys (one ``xmin``, a random physical order), then vacuums the table
    after commit so the sealed rows in casting order are gone too.

    Out of scope: someone holding *both* the database (or a copy of it taken while the vote is
    open, or its WAL or data files) *and* the ballot key – the application server's environment –
    can unseal and pair; a live attacker on the application server sees choices as they arrive;
    an older transaction still running at close keeps VACUUM from removing the sealed rows until
    the next vacuum; someone looking over the voter's shoulder.
    """
    at = _now(at)
    vote = _lock_vote(vote)
    if not vote.is_open:
        raise ValidationError(_("The vote is closed."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose yes, no or abstain.")})
    due_ids = {a.person_id for a in selectors.members_due(vote.item.meeting)}
    refusal = rules.may_vote_refusal(
        person.pk, due_ids=due_ids, present_ids=set(vote.present_ids), recused_ids=set(vote.recused_ids)
    )
    if refusal:
        raise RuleViolation(*refusal)
    if vote.is_secret:
        if by is None or by.pk != person.pk:
            raise RuleViolation("M-V6", _("A secret ballot is cast by the voter, from their own session."))
        try:
            with transaction.atomic():
                SecretBallotCast.objects.create(vote=vote, person=person)
        except IntegrityError:
            raise ValidationError(_("You have already voted."))
        SecretBallot.objects.create(vote=vote, sealed_choice=ballot_seal.seal(vote.pk, choice))
        return
    try:
        with transaction.atomic():
            Ballot.objects.create(vote=vote, person=person, choice=choice, cast_at=at, recorded_by=by)
    except IntegrityError:
        raise ValidationError(_("%(person)s has already voted.") % {"person": person})


#: Shuffles the ballots of a closing secret vote (tests replace it to check the rewrite's order).
_ballot_order = secrets.SystemRandom()


def _unseal_secret_ballots(vote: Vote) -> dict[str, int]:
    """M-V6: unseal the ballots of a closing vote, count them, and write them back in plain text
    in random order under new keys – in the closing transaction, so every row has its ``xmin``
    and none keeps the casting order. The sealed rows are vacuumed once it commits."""
    sealed = SecretBallot.objects.filter(vote=vote).values_list("sealed_choice", flat=True)
    try:
        choices = [ballot_seal.unseal(vote.pk, s) for s in sealed]
    except ballot_seal.UnreadableBallot:
        logger.error("M-V6: the ballot key does not open the secret ballots of vote %s", vote.pk)
        raise ValidationError(
            _(
                "The secret ballots cannot be opened with the server's ballot key: it was changed while "
                "the vote was open. Restore the earlier key (or list it in DANGWEI_BALLOT_KEY_FALLBACKS), "
                "then close the vote."
            )
        )
    # Not an archive deletion (M-M5): the same ballots are written back at once, shuffled.
    SecretBallot.objects.filter(vote=vote)._raw_delete(SecretBallot.objects.db)
    _ballot_order.shuffle(choices)
    SecretBallot.objects.bulk_create([SecretBallot(vote=vote, choice=c) for c in choices])
    transaction.on_commit(_vacuum_secret_ballots, using=SecretBallot.objects.db, robust=True)
    return dict(Counter(choices))


def _vacuum_secret_ballots() -> None:
    """M-V6: remove the sealed rows a close left behind (dead tuples, still in casting order).
    VACUUM runs outside any transaction: after the closing commit. Where the commit hooks run
    inside an outer transaction (a test's ``django_capture_on_commit_callbacks``), or on a
    database other than PostgreSQL (the SQLite demo), it is left to the next vacuum."""
    connection = connections[SecretBallot.objects.db]
    if connection.vendor != "postgresql" or connection.in_atomic_block or not connection.get_autocommit():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (INDEX_CLEANUP ON) {connection.ops.quote_name(SecretBallot._meta.db_table)}")


def _counts(ballots) -> dict[str, int]:
    """Ballots are only ever read aggregated (M-V6)."""
    return dict(ballots.order_by().values("choice").annotate(n=Count("pk")).values_list("choice", "n"))


def _written_sides(item: AgendaItem, present_ids: set[int]) -> tuple[int, int]:
    """M-D3, M-V5: written opinions of absent members on each side (agree / disagree)."""
    positions = [
        p for person_id, p in item.written_opinions.values_list("person_id", "position") if person_id not in present_ids
    ]
    return positions.count(StanceChoice.AGREE), positions.count(StanceChoice.DISAGREE)


@transaction.atomic
def close_vote(
    vote: Vote,
    *,
    by: Person | None = None,
    at: datetime.datetime | None = None,
    resolution: str = "",
    basis: str = "",
    responsible: Iterable[Person] = (),
    supervision: str = "",
    refer_upward: bool = False,
    referral_note: str = "",
) -> Vote:
    """Close the vote and compute its outcome (M-V4, M-V5). Passed: a ``Decision`` is recorded
    (M-V8; re-deliberation supersedes the earlier decision, M-V9). Close: deferred to a later
    meeting with a follow-up item in the pool, unless an emergency. Asking the higher level to
    rule is recorded with the vote."""
    at = _now(at)
    vote = _lock_vote(vote)
    if not vote.is_open:
        raise ValidationError(_("The vote is already closed."))
    item = vote.item
    if vote.is_secret:
        counts = _unseal_secret_ballots(vote)
    else:
        counts = dict(
            Ballot.objects.filter(vote=vote).values_list("choice").annotate(n=Count("pk")).values_list("choice", "n")
        )
    written_for, written_against = _written_sides(item, set(vote.present_ids))
    outcome = rules.tally(
        due=vote.due,
        present=len(vote.present_ids),
        recused=len(set(vote.recused_ids) & set(vote.present_ids)),
        yes=counts.get(VoteChoice.YES, 0),
        no=counts.get(VoteChoice.NO, 0),
        abstain=counts.get(VoteChoice.ABSTAIN, 0),
        written_for=written_for,
        written_against=written_against,
        version=vote.rule_set_version,
        is_emergency=vote.is_emergency,
    )
    vote.status = VoteStatus.CLOSED
    vote.closed_at, vote.closed_by = at, by
    vote.yes, vote.no, vote.abstain, vote.not_voted = outcome.yes, outcome.no, outcome.abstain, outcome.not_voted
    vote.written_for, vote.written_against = written_for, written_against
    vote.outcome, vote.rule_id, vote.arithmetic = outcome.outcome, outcome.rule_id, outcome.arithmetic
    vote.referred_upward, vote.referral_note = refer_upward, referral_note.strip()
    vote.save()
    if outcome.is_deferred:
        item.status = ItemStatus.DEFERRED
        item.save(update_fields=["status"])
        _follow_up(item, by)
    elif outcome.is_passed:
        _record_decision(
            item,
            vote=vote,
            resolution=resolution or item.title,
            basis=basis,
            responsible=responsible,
            supervision=supervision,
            is_emergency_majority=outcome.is_emergency_majority,
            at=at,
        )
    return vote


def _record_decision(
    item: AgendaItem, *, vote: Vote | None, resolution, basis, responsible, supervision, at, **extra
) -> Decision:
    meeting = item.meeting
    decision = Decision.objects.create(
        committee=item.committee,
        item=item,
        vote=vote,
        category=item.category,
        resolution=resolution.strip(),
        basis=basis.strip(),
        supervision=supervision.strip(),
        is_confidential=item.is_confidential,
        decided_at=at,
        rule_set_version=meeting.rule_set_version,
        **extra,
    )
    decision.responsible.set(responsible)
    if item.redeliberates_id:
        _supersede(item.redeliberates, decision, meeting)
    return decision


@transaction.atomic
def decide_by_consensus(
    item: AgendaItem,
    *,
    resolution: str,
    basis: str = "",
    responsible: Iterable[Person] = (),
    supervision: str = "",
    by: Person | None = None,
    at: datetime.datetime | None = None,
) -> Decision:
    """Record a decision reached by consensus, without a vote. Refused for the categories that
    must be voted (M-V3) and, for important matters, at bodies that do not decide (M-V7)."""
    at = _now(at)
    item = _lock_item(item)
    if item.status != ItemStatus.DISCUSSED or item.meeting is None:
        raise ValidationError(_("Close the discussion of the item first."))
    if rules.must_vote(item.category):
        raise RuleViolation(
            "M-V3",
            _("A %(category)s must be put to a vote; it cannot be decided by consensus.")
            % {"category": item.get_category_display()},
        )
    if not rules.may_decide(item.meeting.kind, item.category):
        raise RuleViolation(
            "M-V7",
            _("A %(kind)s records no binding decision on an important matter.")
            % {"kind": item.meeting.get_kind_display()},
        )
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item already has a decision."))
    return _record_decision(
        item, vote=None, resolution=resolution, basis=basis, responsible=responsible, supervision=supervision, at=at
    )


@transaction.atomic
def record_recommendation(
    item: AgendaItem, *, text: str, forward: bool = True, by: Person | None = None, at=None
) -> Decision:
    """M-V7: a secretary office meeting or the five-person group records a consensus or
    recommendation (not binding) and forwards the matter to the standing committee's pool.
    On disagreement the item is deferred instead (``defer_item``)."""
    at = _now(at)
    item = _lock_item(item)
    if item.meeting is None or item.meeting.kind not in rules.NON_DECISION_KINDS:
        raise ValidationError(_("Recommendations are recorded by the secretary office or the five-person group."))
    if item.status != ItemStatus.DISCUSSED:
        raise ValidationError(_("Close the discussion of the item first."))
    if not text.strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    forwarded = None
    if forward:
        forwarded = AgendaItem.objects.create(
            committee=item.committee,
            title=item.title,
            description=f"{item.description}\n\n{text.strip()}".strip(),
            category=item.category,
            proposed_by=item.proposed_by,
            proposing_department=item.proposing_department,
            member_in_charge=item.member_in_charge,
            department_consent_at=item.department_consent_at,
            is_confidential=item.is_confidential,
            created_by=by,
        )
    return Decision.objects.create(
        committee=item.committee,
        item=item,
        kind=DecisionKind.RECOMMENDATION,
        category=item.category,
        resolution=text.strip(),
        is_confidential=item.is_confidential,
        decided_at=at,
        forwarded_item=forwarded,
        rule_set_version=item.meeting.rule_set_version,
    )


# =========================================================================== decisions (M-V8..M-V10)


@transaction.atomic
def add_reservation(
    decision: Decision, *, person: Person, text: str, report_upward: bool = False, at=None
) -> Reservation:
    """M-V8: a member's dissent is recorded as a reservation (and may be reported upward). The
    decision binds everyone and stays in force."""
    if not selectors.may_record_reservation(person, decision):
        raise RuleViolation("M-V8", str(selectors.MSG_RESERVATION_BY_MEMBERS_PRESENT))
    if not text.strip():
        raise ValidationError({"text": _("Write the reservation.")})
    if not decision.is_binding:
        raise ValidationError(_("Reservations are recorded on binding decisions."))
    if decision.reservations.filter(person=person).exists():
        raise RuleViolation("M-V8", str(selectors.MSG_ONE_RESERVATION))
    try:
        with transaction.atomic():
            return Reservation.objects.create(
                decision=decision,
                person=person,
                text=text.strip(),
                is_reported_upward=report_upward,
                recorded_at=_now(at),
            )
    except IntegrityError:  # a second request of the same member won the race (one_reservation_per_member)
        raise RuleViolation("M-V8", str(selectors.MSG_ONE_RESERVATION)) from None


def _same_body(decision: Decision, meeting: Meeting) -> bool:
    original = decision.item.meeting
    return meeting.committee_id == decision.committee_id and (
        original is None or rules.decision_body(original.kind) == rules.decision_body(meeting.kind)
    )


@transaction.atomic
def table_redeliberation(
    decision: Decision, *, meeting: Meeting | None = None, proposed_by: Person, title: str = "", by=None, at=None
) -> AgendaItem:
    """M-V9: only the same body changes a decision, by a new agenda item that references it."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=decision.pk)
    if decision.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(_("This decision has already been superseded."))
    if meeting is not None and not _same_body(decision, meeting):
        raise RuleViolation("M-V9", _("A decision is re-deliberated only by the body that took it."))
    item = add_item(
        committee=decision.committee,
        meeting=meeting,
        title=title or _("Re-deliberation: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.resolution,
        category=decision.category,
        proposed_by=proposed_by,
        is_confidential=decision.is_confidential,
        by=by,
        at=at,
    )
    item.redeliberates = decision
    item.save(update_fields=["redeliberates"])
    return item


def _supersede(old: Decision, new: Decision, meeting: Meeting) -> None:
    old = Decision.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=old.pk)
    if not _same_body(old, meeting):
        raise RuleViolation("M-V9", _("A decision is re-deliberated only by the body that took it."))
    if old.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(_("This decision has already been superseded."))
    old.status = DecisionStatus.SUPERSEDED
    old.save(update_fields=["status"])
    new.supersedes = old
    new.save(update_fields=["supersedes"])


@transaction.atomic
def invalidate_decision(
    decision: Decision, *, reason: str, proposed_by: Person, by: Person | None = None, at=None
) -> AgendaItem:
    """M-V10: a decision that skipped the procedure is marked invalid with the reason; it must be
    re-deliberated (an item goes into the pool) and an accountability ground is opened for the
    supervision issue. Returns the re-deliberation item."""
    at = _now(at)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is invalid.")})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only a decision in force can be marked invalid."))
    decision.status = DecisionStatus.INVALID
    decision.invalid_reason = reason.strip()
    decision.invalidated_at = at
    decision.needs_accountability_review = True
    decision.save(update_fields=["status", "invalid_reason", "invalidated_at", "needs_accountability_review"])
    item = add_item(
        committee=decision.committee,
        title=_("Re-deliberation of an invalid decision: %(title)s") % {"title": decision.resolution[:150]},
        description=decision.invalid_reason,
        category=decision.category,
        proposed_by=proposed_by,
        is_confidential=decision.is_confidential,
        by=by,
        at=at,
    )
    item.redeliberates = decision
    item.save(update_fields=["redeliberates"])
    return item


@transaction.atomic
def publish_decision(decision: Decision, *, at=None) -> Decision:
    """M-M6: decisions are published on the notice page, except confidential ones."""
    if decision.is_confidential:
        raise RuleViolation("M-M6", _("A confidential decision is not published."))
    if not decision.is_binding or decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only a decision in force is published."))
    decision.published_at = decision.published_at or _now(at)
    decision.save(update_fields=["published_at"])
    return decision


# =========================================================================== minutes (M-M1..M-M7)


def _names(people) -> list[str]:
    return [p.name for p in people]


def minutes_content(meeting: Meeting) -> dict:
    """M-M3: the minutes generated from the records the screen shows – never re-typed. For every
    item: the discussion (stances by name, written opinions), the vote (method, due/present,
    counts; names for named ballots only), the outcome with its arithmetic, the decision with
    its basis, who implements it and how it is supervised."""
    attendances = list(meeting.attendances.select_related("person").order_by("role", "pk"))
    members = [a for a in attendances if a.role == AttendanceRole.MEMBER]
    content = {
        "committee": meeting.committee.name,
        "meeting": meeting.title,
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        "start": timezone.localtime(meeting.start_at).strftime("%Y-%m-%d %H:%M"),
        "place": meeting.place,
        "chair": meeting.chair.name if meeting.chair_id else "",
        "recorder": meeting.recorder.name if meeting.recorder_id else "",
        "present": [a.display_name for a in members if a.status == AttendanceStatus.PRESENT],
        "absent": [
            {"name": a.display_name, "reason": a.leave_reason, "with_leave": a.status == AttendanceStatus.LEAVE}
            for a in members
            if a.status in (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)
        ],
        "observers": [a.display_name for a in attendances if a.role == AttendanceRole.OBSERVER],
        "items": [],
    }
    items = (
        meeting.items.exclude(status=ItemStatus.WITHDRAWN)
        .filter(taken_up_at__isnull=False)
        .select_related("member_in_charge")
        .prefetch_related("stances__person", "written_opinions__person", "recusals__person")
        .order_by("position", "pk")
    )
    for position, item in enumerate(items, start=1):
        entry = {
            "position": position,
            "title": item.title,
            "category": item.category,
            "category_label": str(item.get_category_display()),
            "is_confidential": item.is_confidential,
            "member_in_charge": item.member_in_charge.name if item.member_in_charge_id else "",
            "stances": [
                {"name": s.person.name, "stance": str(s.get_stance_display()), "reason": s.reason}
                for s in item.stances.all()
            ],
            "written_opinions": [
                {"name": w.person.name, "position": str(w.get_position_display()), "text": w.text}
                for w in item.written_opinions.all()
            ],
            "recused": [r.person.name for r in item.recusals.all()],
            "status": str(item.get_status_display()),
            "vote": None,
            "decision": None,
        }
        vote = Vote.objects.filter(item=item, status=VoteStatus.CLOSED).first()
        if vote is not None:
            entry["vote"] = {
                "method": str(vote.get_method_display()),
                "due": vote.due,
                "present": len(vote.present_ids),
                "yes": vote.yes,
                "no": vote.no,
                "abstain": vote.abstain,
                "not_voted": vote.not_voted,
                "absent": vote.absent,
                "recused": vote.recused,
                "outcome": str(vote.get_outcome_display()),
                "arithmetic": vote.arithmetic,
                "referred_upward": vote.referred_upward,
                "names": [
                    {"name": b.person.name, "choice": str(b.get_choice_display())}
                    for b in vote.ballots.select_related("person")
                ]
                if vote.method == VoteMethod.NAMED
                else [],
            }
        decision = item.decisions.order_by("-pk").prefetch_related("responsible", "reservations__person").first()
        if decision is not None:
            entry["decision"] = {
                "kind": str(decision.get_kind_display()),
                "resolution": decision.resolution,
                "basis": decision.basis,
                "responsible": _names(decision.responsible.all()),
                "supervision": decision.supervision,
                "is_emergency_majority": decision.is_emergency_majority,
                "reservations": [
                    {"name": r.person.name, "text": r.text, "reported_upward": r.is_reported_upward}
                    for r in decision.reservations.all()
                ],
            }
        content["items"].append(entry)
    return content


def _search_text(title: str, summary: str, content: dict) -> str:
    """The searchable text: confidential items stay out, so a search reveals nothing (M-M3)."""
    parts = [title, summary]
    for item in content.get("items", []):
        if item.get("is_confidential"):
            continue
        parts.append(item["title"])
        if item.get("decision"):
            parts.append(item["decision"]["resolution"])
    return "\n".join(p for p in parts if p)


@transaction.atomic
def draft_minutes(meeting: Meeting, *, by: Person | None = None, corrects: Minutes | None = None) -> Minutes:
    """Closing a meeting drafts its minutes from the records (M-M3); the recorder edits the summary."""
    with override(settings.LANGUAGE_CODE):
        content = minutes_content(meeting)
        title = _("Minutes of %(title)s") % {"title": meeting.title}
    return Minutes.objects.create(
        committee=meeting.committee,
        meeting=meeting,
        corrects=corrects,
        title=title,
        summary=corrects.summary if corrects else "",
        content=content,
        search_text=_search_text(title, "", content),
        rule_set_version=meeting.rule_set_version,
    )


@transaction.atomic
def edit_minutes(minutes: Minutes, *, by: Person, summary: str, regenerate: bool = False) -> Minutes:
    """The recorder edits the draft (M-M1). Approved minutes are locked."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise RuleViolation("M-M5", _("Approved minutes are locked; a correction is a new version."))
    if by.pk not in {minutes.meeting.recorder_id, minutes.meeting.chair_id}:
        raise RuleViolation("M-M1", _("The designated recorder edits the minutes."))
    minutes.summary = summary.strip()
    if regenerate:
        with override(settings.LANGUAGE_CODE):
            minutes.content = minutes_content(minutes.meeting)
    minutes.search_text = _search_text(minutes.title, minutes.summary, minutes.content)
    minutes.save()
    return minutes


def fingerprint(minutes: Minutes) -> str:
    """SHA-256 of the approved content: title, number, summary and the generated record."""
    payload = {
        "title": minutes.title,
        "number": minutes.number_display,
        "summary": minutes.summary,
        "content": minutes.content,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def allocate_minutes_number(committee: Committee, year: int) -> int:
    """M-M2: the next number of the committee's minutes in ``year``. The counter row is created
    if missing (ON CONFLICT DO NOTHING) and locked with SELECT … FOR UPDATE, so concurrent
    approvals wait for each other: gapless, never reused. Call inside the approving transaction."""
    MinutesCounter.objects.bulk_create([MinutesCounter(committee=committee, year=year)], ignore_conflicts=True)
    counter = MinutesCounter.objects.select_for_update().get(committee=committee, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def approve_minutes(minutes: Minutes, *, by: Person, at: datetime.datetime | None = None) -> Minutes:
    """The chair approves the minutes: they get the next number of the committee's year (the
    year of approval, Asia/Shanghai) and are locked with a SHA-256 fingerprint. A correction
    supersedes the version it corrects (which stays readable)."""
    at = _now(at)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise ValidationError(_("These minutes are already approved."))
    if by.pk != minutes.meeting.chair_id:
        raise RuleViolation("M-M1", _("The chair of the meeting approves its minutes."))
    minutes.year = timezone.localdate(at).year
    minutes.number = allocate_minutes_number(minutes.committee, minutes.year)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at, minutes.approved_by = at, by
    minutes.fingerprint = fingerprint(minutes)
    minutes.save()
    if minutes.corrects_id:
        Minutes.objects.filter(pk=minutes.corrects_id).update(status=MinutesStatus.SUPERSEDED)
    return minutes


@transaction.atomic
def correct_minutes(minutes: Minutes, *, by: Person) -> Minutes:
    """A correction of approved minutes is a new draft that references them (M-M5: nothing is
    overwritten)."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected."))
    if Minutes.objects.filter(corrects=minutes).exists():
        raise ValidationError(_("A correction of these minutes already exists."))
    return draft_minutes(minutes.meeting, by=by, corrects=minutes)


def matches_approved(minutes: Minutes, text: str) -> bool:
    """The verification page: does a PDF's text or a fingerprint match what was approved?"""
    return bool(minutes.fingerprint) and minutes.fingerprint in "".join(text.split())


@transaction.atomic
def distribute_minutes(
    minutes: Minutes,
    *,
    departments: Iterable[str] = (),
    higher_leaders: Iterable[Person] = (),
    at: datetime.datetime | None = None,
) -> list[MinutesRecipient]:
    """M-M4: approved minutes go to the members due, the departments concerned and – for
    important matters – the leader in charge at the higher level."""
    at = _now(at)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are distributed."))
    higher_leaders = list(higher_leaders)
    has_important = any(i["category"] in rules.IMPORTANT_CATEGORIES for i in minutes.content.get("items", []))
    if has_important and not higher_leaders:
        raise RuleViolation(
            "M-M4", _("Minutes of important matters also go to the leader in charge at the higher level.")
        )
    rows = [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.MEMBER, person=a.person, sent_at=at)
        for a in selectors.members_due(minutes.meeting)
    ]
    rows += [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.DEPARTMENT, department=d.strip(), sent_at=at)
        for d in departments
        if d.strip()
    ]
    rows += [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.HIGHER_LEADER, person=p, sent_at=at)
        for p in higher_leaders
    ]
    MinutesRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    return list(minutes.recipients.all())


@transaction.atomic
def acknowledge_minutes(recipient: MinutesRecipient, *, person: Person, at=None) -> MinutesRecipient:
    """M-M4: the recipient acknowledges reading."""
    if recipient.person_id != person.pk:
        raise ValidationError(_("Only the recipient acknowledges the minutes."))
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = _now(at)
        recipient.save(update_fields=["acknowledged_at"])
    return recipient
