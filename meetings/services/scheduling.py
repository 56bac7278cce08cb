"""Create a meeting and change its date, place, chair and recorder. A module above this one may
refuse moving a meeting of its kind (DL-2: the democratic life meeting) through
``checks_reschedule``, so this module never imports it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import bounds
from committees.models import BodyKind, Committee, Person
from committees.selectors import current_rules
from meetings import rules
from meetings.models import Meeting, MeetingKind
from meetings.selectors.attendance import roles_on

from .locks import lock_meeting, refuse_if_closed

#: ``check(meeting, start_at)`` raises to refuse moving ``meeting`` to ``start_at``.
RescheduleCheck = Callable[[Meeting, datetime.datetime], None]
_reschedule_checks: dict[str, RescheduleCheck] = {}


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
    assignments = roles_on(committee, day)
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
        raise ValidationError(_("The notice has been sent: the meeting's date and time can no longer change."))
    check = _reschedule_checks.get(meeting.kind)
    if check is not None and "start_at" in changes:
        check(meeting, changes["start_at"])  # DL-2 for the democratic life meeting
    for key, value in changes.items():
        setattr(meeting, key, value)
    if meeting.end_at < meeting.start_at:
        raise ValidationError({"end_at": _("The meeting cannot end before it starts.")})
    meeting.save()
    return meeting
