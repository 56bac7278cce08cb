"""Minutes (M-M3, M-M7): what they record – generated from the records, never re-typed – which
version a reader gets, and whether a document matches what was approved."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from committees.models import Person
from committees.phrases import render
from committees.selectors import in_visible_committees
from meetings import rules
from meetings.models import (
    AgendaCategory,
    AgendaItem,
    AttendanceRole,
    AttendanceStatus,
    ConfidentialRead,
    Decision,
    DecisionKind,
    ItemStatus,
    Meeting,
    Minutes,
    MinutesRecipient,
    StanceChoice,
    Vote,
    VoteChoice,
    VoteMethod,
    VoteOutcome,
    VoteStatus,
)
from meetings.phrases import label

from .access import may_see_confidential
from .attendance import roles_on


def visible_minutes(user) -> QuerySet[Minutes]:
    return Minutes.objects.filter(in_visible_committees(user)).select_related("committee", "meeting", "approved_by")


def minutes_register(user) -> QuerySet[Minutes]:
    """The minutes list: the visible minutes without the columns the list does not show (the
    generated content and its search text are the largest of the row – issue 19)."""
    return (
        visible_minutes(user)
        .defer("content", "search_text", "summary", "fingerprint")
        .select_related(None)
        .select_related("committee", "meeting")
    )


def has_confidential_items(minutes: Minutes) -> bool:
    return any(i.get("is_confidential") for i in minutes.content.get("items", []))


def read_minutes(user, minutes: Minutes, *, full: bool, what: str = "page") -> bool:
    """Decide which version ``user`` reads and log every read of confidential minutes (M-M7).
    Returns True when the full version is shown."""
    full = full and may_see_confidential(user, minutes.committee)
    if full and has_confidential_items(minutes):
        ConfidentialRead.objects.create(minutes=minutes, user=user, what=what)
    return full


def worded(value: Any, language: str | None = None) -> Any:
    """The minutes' content (or part of it) with every stored phrase worded in ``language``, else
    the active one – the reader's on screen, the committee's in the PDF. Names, titles and the
    words of minutes drafted before issue 14 (plain strings) are shown as stored."""
    if isinstance(value, dict):
        if "key" in value:
            return render(value, language)
        return {name: worded(part, language) for name, part in value.items()}
    if isinstance(value, list):
        return [worded(part, language) for part in value]
    return value


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
        content["items"].append(_item_content(position, item))
    return content


def _item_content(position: int, item: AgendaItem) -> dict:
    """M-M3: one item of the minutes – its discussion (stances by name, written opinions (M-D3),
    recusals (M-D4)), its vote and its decision."""
    return {
        "position": position,
        "title": item.title,
        "category": item.category,
        "category_label": label(AgendaCategory, item.category),
        "is_confidential": item.is_confidential,
        "member_in_charge": item.member_in_charge.name if item.member_in_charge_id else "",
        "stances": [
            {"name": s.person.name, "stance": label(StanceChoice, s.stance), "reason": s.reason}
            for s in item.stances.all()
        ],
        "written_opinions": [
            {"name": w.person.name, "position": label(StanceChoice, w.position), "text": w.text}
            for w in item.written_opinions.all()
        ],
        "recused": [r.person.name for r in item.recusals.all()],
        "status": label(ItemStatus, item.status),
        "deferred": item.status == ItemStatus.DEFERRED,
        "deferred_reason": item.deferred_reason if item.status == ItemStatus.DEFERRED else "",
        "vote": _vote_content(Vote.objects.filter(item=item, status=VoteStatus.CLOSED).first()),
        "decision": _decision_content(
            item.decisions.order_by("-pk").prefetch_related("responsible", "reservations__person").first()
        ),
    }


def _vote_content(vote: Vote | None) -> dict | None:
    """M-M3: the vote's method, who was due and present, the counts and the outcome with its
    arithmetic (M-V4, M-V5); the names only for a named ballot, never for a secret one (M-V6)."""
    if vote is None:
        return None
    return {
        "method": label(VoteMethod, vote.method),
        "due": vote.due,
        "present": len(vote.present_ids),
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "not_voted": vote.not_voted,
        "absent": vote.absent,
        "recused": vote.recused,
        "outcome": label(VoteOutcome, vote.outcome),
        "arithmetic": vote.arithmetic,
        "referred_upward": vote.referred_upward,
        "names": [
            {"name": b.person.name, "choice": label(VoteChoice, b.choice)}
            for b in vote.ballots.select_related("person")
        ]
        if vote.method == VoteMethod.NAMED
        else [],
    }


def _decision_content(decision: Decision | None) -> dict | None:
    """M-M3: the resolution, its basis, who implements it and how it is supervised; the
    reservations of dissenting members (M-V8)."""
    if decision is None:
        return None
    return {
        "kind": label(DecisionKind, decision.kind),
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


def matches_approved(minutes: Minutes, text: str) -> bool:
    """The verification page: does a PDF's text or a fingerprint match what was approved?"""
    return bool(minutes.fingerprint) and minutes.fingerprint in "".join(text.split())


def minutes_editors(meeting: Meeting) -> set[int]:
    """M-M1: the people who may edit the meeting's draft minutes (``rules.minutes_editor_ids``)."""
    assignments = roles_on(meeting.committee, meeting.date) if meeting.recorder_id is None else []
    return rules.minutes_editor_ids(meeting.recorder_id, meeting.chair_id, assignments, meeting.date)


def may_edit(person: Person | None, minutes: Minutes) -> bool:
    """M-M1: the designated recorder – by default the party office for a standing committee or
    plenary meeting – or the chair edits the draft; approved minutes are locked."""
    return not minutes.is_locked and person is not None and person.pk in minutes_editors(minutes.meeting)


def may_approve(person: Person | None, minutes: Minutes) -> bool:
    """M-M1, M-M2: the chair of the meeting approves its draft minutes."""
    return not minutes.is_locked and person is not None and person.pk == minutes.meeting.chair_id


def recipients_of(minutes: Minutes) -> QuerySet[MinutesRecipient]:
    """M-M4: the distribution list with who acknowledged."""
    return minutes.recipients.select_related("person")


def copy_of(minutes: Minutes, person: Person | None) -> MinutesRecipient | None:
    """M-M4: the person's copy of distributed minutes, to acknowledge."""
    return minutes.recipients.filter(person=person).first() if person else None
