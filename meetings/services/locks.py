"""What every meeting service starts from: the moment it acts at, and the rows it locks before
changing them (the meeting, an agenda item), refusing to change a closed meeting."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from meetings.models import AgendaItem, Meeting, MeetingStatus

#: Refusals (user-facing; the .po files translate these msgids).
MSG_MEETING_CLOSED = gettext_lazy("The meeting is closed.")


def acting_at(at: datetime.datetime | None) -> datetime.datetime:
    """The moment of the action: ``at`` when given, else now."""
    return at or timezone.now()


def lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("committee", "rule_set_version").get(pk=meeting.pk)


def lock_item(item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.meeting_id:
        item.meeting = Meeting.objects.select_related("committee", "rule_set_version").get(pk=item.meeting_id)
    return item


def refuse_if_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(MSG_MEETING_CLOSED)
