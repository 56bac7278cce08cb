"""The agenda: collect items into the pool or onto a meeting (M-N2), approve them (principal
leader), attach materials (M-N1, M-N5), order, move, defer and withdraw them. After the notice
every change is recorded as an amendment, to be notified in turn."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.actors import acting, person_of
from committees.models import TEAM_ROLES, Committee, Person
from committees.phrases import render, stored
from committees.rules import RuleViolation
from meetings import phrases, rules
from meetings.models import (
    AgendaAmendment,
    AgendaAttachment,
    AgendaCategory,
    AgendaItem,
    AmendmentKind,
    EmergencyHandling,
    ItemStatus,
    Meeting,
    MeetingStatus,
)
from meetings.selectors.attendance import roles_on
from reporting.notify import notify

from .locks import acting_at, lock_item, lock_meeting, refuse_if_closed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

#: Items still open: on an agenda or in the pool, not yet taken up.
OPEN_ITEM_STATES = (ItemStatus.PROPOSED, ItemStatus.APPROVED)


#: Refusals (user-facing; the .po files translate these msgids).
MSG_AGENDA_ITEM_PROPOSED_MEMBER_DEPARTMENT = gettext_lazy("An agenda item is proposed by a member or by a department.")
MSG_ITEM_PROPOSED_DEPARTMENT_NEEDS_CONSENT_MEMBER = gettext_lazy(
    "An item proposed by a department needs the consent of the member in charge."
)
MSG_ITEM_TAKEN_UP_OR_WITHDRAWN_NO_LONGER_CHANGES = gettext_lazy(
    "An item that has been taken up or withdrawn can no longer change."
)
MSG_ONLY_PRINCIPAL_LEADER_APPROVES_AGENDA_ITEMS = gettext_lazy(
    "Only the principal leader (%(principal)s) approves agenda items."
)
MSG_ONLY_PROPOSED_ITEM_CAN_APPROVED = gettext_lazy("Only a proposed item can be approved.")
MSG_ITEM_DISCUSSION_CLOSED = gettext_lazy("The item's discussion is closed.")
MSG_MEETING_BELONGS_ANOTHER_COMMITTEE = gettext_lazy("The meeting belongs to another committee.")
MSG_ITEM_CANNOT_MOVED_MEETING = gettext_lazy("This item cannot be moved to that meeting.")
MSG_ITEM_CANNOT_DEFERRED = gettext_lazy("This item cannot be deferred.")
MSG_ITEM_CANNOT_WITHDRAWN = gettext_lazy("This item cannot be withdrawn.")
MSG_NOT_MEMBER_LEADERSHIP_TEAM_DEPARTMENT_ITEM = gettext_lazy(
    "%(person)s is not a member of the leadership team: a department's item needs the consent of the member in charge."
)


def _amend(meeting: Meeting | None, item: AgendaItem | None, kind: str, words: dict, acting_user: User, at) -> None:
    """After the notice, agenda changes are recorded as amendments, to be notified in turn: the
    change as a stored phrase (``words``, shown in each reader's language) and, for the record,
    worded in the committee's language (``description``)."""
    if meeting is None or not meeting.is_notice_sent or meeting.status == MeetingStatus.CLOSED:
        return
    amendment = AgendaAmendment(
        meeting=meeting,
        item=item,
        kind=kind,
        description=render(words, settings.LANGUAGE_CODE)[:300],
        words=words,
        made_at=at,
        made_by=person_of(acting_user),
    )
    acting(amendment, acting_user).save()


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
                MSG_NOT_MEMBER_LEADERSHIP_TEAM_DEPARTMENT_ITEM % {"person": proposed_by},
            )
        return
    if not proposing_department.strip():
        raise RuleViolation("M-N2", str(MSG_AGENDA_ITEM_PROPOSED_MEMBER_DEPARTMENT))
    if member_in_charge is None or not consent:
        raise RuleViolation("M-N2", str(MSG_ITEM_PROPOSED_DEPARTMENT_NEEDS_CONSENT_MEMBER))


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
    acting_user: User,
    at: datetime.datetime | None = None,
) -> AgendaItem:
    """The party office collects an item, into the pool or onto a meeting's agenda. Personnel
    items are confidential unless said otherwise. After the notice, adding is an amendment."""
    by = person_of(acting_user)
    at = acting_at(at)
    if meeting is not None:
        meeting = lock_meeting(meeting)
        refuse_if_closed(meeting)
        if meeting.committee_id != committee.pk:
            raise ValidationError(MSG_MEETING_BELONGS_ANOTHER_COMMITTEE)
    day = meeting.date if meeting else timezone.localdate(at)
    _check_proposer(committee, day, proposed_by, proposing_department, member_in_charge, department_consent)
    item = AgendaItem(
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
    acting(item, acting_user).save()
    _amend(meeting, item, AmendmentKind.ADDED, stored(phrases.AMEND_ADDED, title=title), acting_user, at)
    _ask_approval(item, day, at, acting_user=acting_user)
    return item


def _ask_approval(item: AgendaItem, day: datetime.date, at: datetime.datetime, *, acting_user: User) -> None:
    """M-N2: a proposed item waits for the principal leader on ``day`` (the meeting's date, or
    today for the pool), who is told in the bell and by e-mail."""
    principal = rules.principal_leader(roles_on(item.committee, day), day)
    notify(
        [principal],
        title=stored(phrases.ITEM_TO_APPROVE, title=item.title),
        body=stored(phrases.ITEM_TO_APPROVE_BODY, committee=item.committee.name),
        url=reverse("meetings_item", args=[item.pk]),
        event_key=f"agenda-item:{item.pk}:{int(at.timestamp())}",
        acting_user=acting_user,
    )


#: Changing these after approval needs the principal leader's approval again (M-N2).
SUBSTANCE_FIELDS = ("title", "description", "category", "member_in_charge")


@transaction.atomic
def update_item(item: AgendaItem, *, acting_user: User, at=None, **changes) -> AgendaItem:
    at = acting_at(at)
    item = lock_item(item)
    if item.is_taken_up or item.status == ItemStatus.WITHDRAWN:
        raise ValidationError(MSG_ITEM_TAKEN_UP_OR_WITHDRAWN_NO_LONGER_CHANGES)
    allowed = {*SUBSTANCE_FIELDS, "is_confidential", "needs_alternatives", "member_in_charge_absence_reason"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    changed = [key for key, value in changes.items() if getattr(item, key) != value]
    if not changed:
        return item
    for key in changed:
        setattr(item, key, changes[key])
    reproposed = any(key in SUBSTANCE_FIELDS for key in changed) and item.status == ItemStatus.APPROVED
    if reproposed:
        item.status = ItemStatus.PROPOSED
        item.approved_by = item.approved_at = None
    acting(item, acting_user).save()
    if reproposed:
        _ask_approval(item, item.meeting.date if item.meeting else timezone.localdate(at), at, acting_user=acting_user)
    agenda_changes = [key for key in changed if key != "member_in_charge_absence_reason"]
    if not agenda_changes:  # M-Q3's special reason is recorded at the meeting, not notified
        return item
    labels = [AgendaItem._meta.get_field(key).verbose_name for key in agenda_changes]
    _amend(
        item.meeting,
        item,
        AmendmentKind.CHANGED,
        stored(phrases.AMEND_CHANGED, fields=labels, title=item.title),
        acting_user,
        at,
    )
    return item


@transaction.atomic
def approve_item(item: AgendaItem, *, acting_user: User, at: datetime.datetime | None = None) -> AgendaItem:
    """M-N2: the principal leader (the secretary on the meeting's date) approves each item."""
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    day = item.meeting.date if item.meeting else timezone.localdate(at)
    principal = rules.principal_leader(roles_on(item.committee, day), day)
    if by is None or principal is None or by.pk != principal.pk:
        raise RuleViolation(
            "M-N2",
            MSG_ONLY_PRINCIPAL_LEADER_APPROVES_AGENDA_ITEMS % {"principal": principal or _("the secretary")},
        )
    if item.status not in (ItemStatus.PROPOSED,):
        raise ValidationError(MSG_ONLY_PROPOSED_ITEM_CAN_APPROVED)
    item.status = ItemStatus.APPROVED
    item.approved_by = by
    item.approved_at = at
    acting(item, acting_user).save(update_fields=["status", "approved_by", "approved_at"])
    return item


@transaction.atomic
def add_attachment(
    item: AgendaItem, *, file, kind: str, acting_user: User, at: datetime.datetime | None = None
) -> AgendaAttachment:
    """M-N5 attachments and materials (M-N1). Members see them in the app once notified."""
    by = person_of(acting_user)
    item = lock_item(item)
    if item.status in (ItemStatus.DISCUSSED, ItemStatus.WITHDRAWN):
        raise ValidationError(MSG_ITEM_DISCUSSION_CLOSED)
    attachment = AgendaAttachment(
        item=item, kind=kind, file=file, name=file.name[:255], uploaded_at=acting_at(at), uploaded_by=by
    )
    acting(attachment, acting_user).save()
    return attachment


@transaction.atomic
def move_item(item: AgendaItem, *, offset: int, acting_user: User, at=None) -> None:
    """Order the agenda: move an item up (-1) or down (+1)."""
    item = lock_item(item)
    if item.meeting is None:
        return
    refuse_if_closed(item.meeting)
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
        stored(phrases.AMEND_MOVED, position=target + 1, title=item.title),
        acting_user,
        acting_at(at),
    )


@transaction.atomic
def schedule_item(item: AgendaItem, *, meeting: Meeting, acting_user: User, at=None) -> AgendaItem:
    """Put a pool item (new or deferred: it comes back) or another meeting's item on ``meeting``."""
    at = acting_at(at)
    item = lock_item(item)
    meeting = lock_meeting(meeting)
    refuse_if_closed(meeting)
    if meeting.committee_id != item.committee_id:
        raise ValidationError(MSG_MEETING_BELONGS_ANOTHER_COMMITTEE)
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.DEFERRED) or item.meeting_id == meeting.pk:
        raise ValidationError(MSG_ITEM_CANNOT_MOVED_MEETING)
    previous = item.meeting
    item.meeting = meeting
    item.position = _next_position(meeting)
    item.status = ItemStatus.APPROVED if item.approved_at else ItemStatus.PROPOSED
    item.deferred_reason = ""  # the next deferral, if any, gives its own
    item.notified_at = None
    item.is_on_notified_agenda = False
    acting(item, acting_user).save()
    _amend(
        previous,
        item,
        AmendmentKind.REMOVED,
        stored(phrases.AMEND_MOVED_AWAY, title=item.title),
        acting_user,
        at,
    )
    _amend(meeting, item, AmendmentKind.ADDED, stored(phrases.AMEND_ADDED, title=item.title), acting_user, at)
    return item


@transaction.atomic
def defer_item(item: AgendaItem, *, acting_user: User, reason: str = "", at=None) -> AgendaItem:
    """Defer an item (缓议). Not yet taken up: it returns to the pool. Taken up: it stays on the
    record of this meeting as deferred, and a follow-up item returns to the pool. Returns the
    item in the pool."""
    at = acting_at(at)
    item = lock_item(item)
    meeting = item.meeting
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.IN_DISCUSSION):
        raise ValidationError(MSG_ITEM_CANNOT_DEFERRED)
    note = (
        stored(phrases.AMEND_DEFERRED_BECAUSE, title=item.title, reason=reason)
        if reason
        else stored(phrases.AMEND_DEFERRED, title=item.title)
    )
    item.deferred_reason = str(reason)[:200]
    if item.status != ItemStatus.IN_DISCUSSION:
        item.meeting = None
        item.status = ItemStatus.DEFERRED
        item.deferred_count += 1
        item.notified_at = None
        item.is_on_notified_agenda = False
        acting(item, acting_user).save()
        _amend(meeting, item, AmendmentKind.REMOVED, note, acting_user, at)
        return item
    item.status = ItemStatus.DEFERRED
    acting(item, acting_user).save(update_fields=["status", "deferred_reason"])
    return follow_up_item(item, acting_user=acting_user)


def follow_up_item(item: AgendaItem, *, acting_user: User) -> AgendaItem:
    """A deferred item returns to the committee's pool as a follow-up item, with its attachments."""
    by = person_of(acting_user)
    follow_up = AgendaItem(
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
    acting(follow_up, acting_user).save()
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
def withdraw_item(item: AgendaItem, *, acting_user: User, at=None) -> AgendaItem:
    at = acting_at(at)
    item = lock_item(item)
    if item.status not in (*OPEN_ITEM_STATES, ItemStatus.DEFERRED):
        raise ValidationError(MSG_ITEM_CANNOT_WITHDRAWN)
    item.status = ItemStatus.WITHDRAWN
    acting(item, acting_user).save(update_fields=["status"])
    withdrawn = stored(phrases.AMEND_WITHDRAWN, title=item.title)
    _amend(item.meeting, item, AmendmentKind.REMOVED, withdrawn, acting_user, at)
    return item
