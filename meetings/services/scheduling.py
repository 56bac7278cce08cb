"""Create a meeting and change its date, place, chair and recorder. A module above this one may
refuse moving a meeting of its kind (DL-2: the democratic life meeting) through
``checks_reschedule``, so this module never imports it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.models import BodyKind, Committee, Person
from committees.selectors import current_rules
from meetings import rules
from meetings.messages import MSG_NO_RULE_SET_APPLIES
from meetings.models import Meeting, MeetingKind
from meetings.selectors.attendance import roles_on

from .locks import lock_meeting, refuse_if_closed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: ``check(meeting, start_at)`` raises to refuse moving ``meeting`` to ``start_at``.
RescheduleCheck = Callable[[Meeting, datetime.datetime], None]
_reschedule_checks: dict[str, RescheduleCheck] = {}


#: Refusals (user-facing; the .po files translate these msgids).
MSG_MEETING_CANNOT_END_BEFORE_STARTS = gettext_lazy("The meeting cannot end before it starts.")
MSG_NOTICE_SENT_DATE_NO_LONGER_CHANGES = gettext_lazy(
    "The notice has been sent: the meeting's date and time can no longer change."
)


def checks_reschedule(kind: str) -> Callable[[RescheduleCheck], RescheduleCheck]:
    """Register the check ``update_meeting`` runs before a meeting of ``kind`` moves to another
    start (DL-2 registers the democratic life meeting's; ``MeetingsConfig.ready`` imports it)."""

    def register(check: RescheduleCheck) -> RescheduleCheck:
        _reschedule_checks[kind] = check
        return check

    return register


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
    acting_user: User,
) -> Meeting:
    """A new meeting in draft. The chair defaults to the secretary; the recorder to the deputy
    secretary (secretary office) or the organisation member (five-person group) (M-M1)."""
    by = person_of(acting_user)
    bounds.require_dates(start_at=start_at, end_at=end_at)
    if end_at < start_at:
        raise ValidationError({"end_at": MSG_MEETING_CANNOT_END_BEFORE_STARTS})
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET_APPLIES % {"committee": committee})
    day = timezone.localdate(start_at)
    assignments = roles_on(committee, day)
    body_kind = BODY_OF_KIND.get(kind)
    meeting = Meeting(
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
    acting(meeting, acting_user).save()
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, acting_user: User, **changes) -> Meeting:
    """Edit a meeting. Once the notice is sent its date and time are part of the notice."""
    meeting = lock_meeting(meeting)
    refuse_if_closed(meeting)
    allowed = {"title", "place", "chair", "recorder", "start_at", "end_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    bounds.require_dates(**{key: changes[key] for key in ("start_at", "end_at") if key in changes})
    if meeting.is_notice_sent and any(
        key in changes and changes[key] != getattr(meeting, key) for key in ("start_at", "end_at")
    ):
        raise ValidationError(MSG_NOTICE_SENT_DATE_NO_LONGER_CHANGES)
    check = _reschedule_checks.get(meeting.kind)
    if check is not None and "start_at" in changes:
        check(meeting, changes["start_at"])  # DL-2 for the democratic life meeting
    for key, value in changes.items():
        setattr(meeting, key, value)
    if meeting.end_at < meeting.start_at:
        raise ValidationError({"end_at": MSG_MEETING_CANNOT_END_BEFORE_STARTS})
    acting(meeting, acting_user).save()
    return meeting
