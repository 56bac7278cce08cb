"""Who sees what of the meetings: the visible meetings and items, who manages a meeting, who
reads the confidential records (M-M3, M-M7) – and the log of those reads."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from committees import scope
from committees.models import TEAM_ROLES, Committee, Person
from committees.search import containing
from committees.selectors import (
    can_manage,
    in_visible_committees,
    manageable_committee_ids,
    visible_committee_ids,
)
from meetings.models import (
    AgendaItem,
    ConfidentialRead,
    Meeting,
)

from .attendance import members_due


def person_of(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def visible_meetings(user) -> QuerySet[Meeting]:
    """Meetings of the committees the user sees."""
    return Meeting.objects.filter(in_visible_committees(user)).select_related("committee", "chair", "recorder")


def meeting_list(user) -> QuerySet[Meeting]:
    """The meetings list's rows: the visible meetings with the committee and the chair it shows
    (not the recorder ``visible_meetings`` joins, issue 19)."""
    return visible_meetings(user).select_related(None).select_related("committee", "chair")


def meeting_for_page(user, pk: int) -> Meeting:
    """One visible meeting with what its pages show (raises ``Meeting.DoesNotExist``)."""
    return visible_meetings(user).select_related("rule_set_version", "body", "committee__parent").get(pk=pk)


def visible_items(user) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(in_visible_committees(user)).select_related(
        "meeting", "committee", "proposed_by", "member_in_charge"
    )


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """The party office, the secretary and the deputy secretaries prepare, notify and run meetings."""
    return can_manage(user, meeting.committee)


def may_see_confidential(user, committee: Committee) -> bool:
    """M-M3, M-M7: the full (confidential) records are for the leadership team and those who
    manage the committee's meetings; others see the distributed version."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or can_manage(user, committee):
        return True
    person = person_of(user)
    return (
        person is not None
        and committee.roles.on(timezone.localdate()).filter(person=person, role__in=TEAM_ROLES).exists()
    )


def confidential_committee_ids(user) -> frozenset[int] | None:
    """M-M3, M-M7 for every visible committee at once (from the user's scope, however many
    committees the user oversees): those the user manages and those on whose leadership team the user sits today.
    ``None`` for a superuser (all)."""
    if not user.is_authenticated:
        return frozenset()
    managed = manageable_committee_ids(user)
    if managed is None:
        return None
    return managed | (scope.of(user).holding(TEAM_ROLES) & visible_committee_ids(user))


def may_see_materials(user, item: AgendaItem) -> bool:
    """M-M7: confidential (personnel) materials are for the members due and the managers of the
    meeting only."""
    if not item.is_confidential or can_manage(user, item.committee):
        return True
    person = person_of(user)
    if person is None or item.meeting_id is None:
        return False
    return person.pk in {a.person_id for a in members_due(item.meeting)}


def log_item_read(user, item: AgendaItem, *, what: str) -> None:
    """M-M7: a read of a confidential agenda item (its page, API answer or an attachment) by
    someone allowed to see its materials is logged, as reads of confidential minutes are."""
    log_item_reads(user, [item], what=what)


def log_item_reads(user, items, *, what: str) -> None:
    """``log_item_read`` for the confidential ones of ``items`` (a page of an API list), in one query."""
    reads = [ConfidentialRead(item=item, user=user, what=what) for item in items if item.is_confidential]
    if reads:
        ConfidentialRead.objects.bulk_create(reads)


def titled(meetings: QuerySet[Meeting], term: str) -> QuerySet[Meeting]:
    """The meetings (of an already visible set) titled with ``term``, or with an agenda item titled
    with it, through the grams indexes. Confidential items are left out (M-M7): a meeting found by
    a word would tell whoever sees the list that one of its confidential items holds that word."""
    from meetings.models import AgendaItem

    by_title = containing(Meeting.objects.all(), "title", term).values("pk")
    by_item = containing(AgendaItem.objects.filter(is_confidential=False), "title", term).values("meeting_id")
    return meetings.filter(Q(pk__in=by_title) | Q(pk__in=by_item))
