"""The decisions register (M-V8..M-V10) and the public notice page (M-M6)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from committees.models import Person
from committees.selectors import in_visible_committees
from meetings import rules
from meetings.models import (
    Attendance,
    AttendanceRole,
    Decision,
    DecisionStatus,
)

from .access import confidential_committee_ids


def visible_decisions(user) -> QuerySet[Decision]:
    """The decisions register; confidential decisions only for those allowed to see them."""
    decisions = Decision.objects.filter(in_visible_committees(user)).select_related(
        "committee", "item__meeting", "supersedes", "vote"
    )
    allowed = confidential_committee_ids(user)
    if allowed is None:
        return decisions
    return decisions.filter(Q(is_confidential=False) | Q(committee__in=sorted(allowed)))


def decision_register(user) -> QuerySet[Decision]:
    """The decisions register's rows: the visible decisions with their committee only – the item,
    its meeting, the superseded decision and the vote ``visible_decisions`` joins are four tables
    of columns the list does not show (issue 19)."""
    return visible_decisions(user).select_related(None).select_related("committee")


#: M-V8: shown when someone who did not take part in a decision records a reservation on it.
MSG_RESERVATION_BY_MEMBERS_PRESENT = gettext_lazy(
    "Only a member who was present at the meeting that took the decision records a reservation on it."
)


#: M-V8: one reservation per member and decision.
MSG_ONE_RESERVATION = gettext_lazy("You have already recorded a reservation on this decision.")


def may_record_reservation(person: Person | None, decision: Decision) -> bool:
    """M-V8: dissent is the dissent of a member who took part – a member due to attend the
    meeting that took the decision and present when it was taken; observers (O-5), staff and
    absent members do not record reservations. The page, the API and ``add_reservation`` ask this."""
    meeting_id = decision.item.meeting_id if decision.item_id else None
    if person is None or meeting_id is None:
        return False
    attendance = Attendance.objects.filter(meeting_id=meeting_id, person=person, role=AttendanceRole.MEMBER).first()
    return attendance is not None and rules.is_present_at(attendance, decision.decided_at)


def published_decisions() -> QuerySet[Decision]:
    """M-M6: the public notice page – published, not confidential, in force."""
    return Decision.objects.filter(
        published_at__isnull=False, is_confidential=False, status=DecisionStatus.IN_FORCE
    ).select_related("committee")
