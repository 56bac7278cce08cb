"""What the agenda pages show: the pool of items waiting for a meeting, and one item's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from committees.models import Committee, Person
from committees.selectors import can_manage
from meetings import rules
from meetings.models import AgendaAmendment, AgendaAttachment, AgendaItem, ItemStatus, Meeting, MeetingStatus, Recusal

from .access import may_see_materials, person_of
from .attendance import members_due, team_members


def agenda_pool(committee: Committee) -> QuerySet[AgendaItem]:
    """Items waiting for a meeting: newly collected, or deferred and coming back."""
    return (
        committee.agenda_items.filter(
            meeting__isnull=True, status__in=[ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.DEFERRED]
        )
        .select_related("proposed_by", "member_in_charge")
        .order_by("-deferred_count", "created_at", "pk")
    )


@dataclass
class ItemAccess:
    """What the user may do on an item's page: manage it (edit, attach, schedule), see its
    confidential materials (M-M7), record written opinions (M-D3) – for whom."""

    is_manager: bool
    may_see: bool
    members: QuerySet[Person]
    opinion_people: QuerySet[Person]


def item_access(user, item: AgendaItem) -> ItemAccess:
    """M-D3: the managers record the written opinion of any member due, a member due their own."""
    is_manager = can_manage(user, item.committee)
    may_see = may_see_materials(user, item)
    day = item.meeting.date if item.meeting_id else timezone.localdate()
    me = person_of(user)
    opinion_people = Person.objects.none()
    if item.meeting_id:
        due_ids = {a.person_id for a in members_due(item.meeting)}
        if is_manager:
            opinion_people = Person.objects.filter(pk__in=due_ids).order_by("name")
        elif me is not None and me.pk in due_ids:
            opinion_people = Person.objects.filter(pk=me.pk)
    return ItemAccess(
        is_manager=is_manager,
        may_see=may_see,
        members=team_members(item.committee, day),
        opinion_people=opinion_people,
    )


@dataclass
class ItemRecords:
    attachments: list[AgendaAttachment]
    opinions: QuerySet | list
    recusals: QuerySet[Recusal]
    warnings: list[str]
    amendments: QuerySet[AgendaAmendment]
    schedule_meetings: QuerySet[Meeting] | None


def item_records(item: AgendaItem, access: ItemAccess) -> ItemRecords:
    """What an item's page lists: its attachments and written opinions for those who may see
    them (M-M7), recusals, the M-N5 warnings, its amendments and the meetings it may move to."""
    schedule_meetings = None
    if access.is_manager and item.status in (ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.DEFERRED):
        targets = item.committee.meetings.exclude(status=MeetingStatus.CLOSED).exclude(pk=item.meeting_id)
        schedule_meetings = targets.order_by("start_at")
    return ItemRecords(
        attachments=list(item.attachments.all()) if access.may_see else [],
        opinions=item.written_opinions.select_related("person") if access.may_see else [],
        recusals=item.recusals.select_related("person"),
        warnings=rules.attachment_warnings(
            item.category, [a.kind for a in item.attachments.all()], item.needs_alternatives
        ),
        amendments=item.amendments.select_related("notice"),
        schedule_meetings=schedule_meetings,
    )
