"""The session: open it, take up the items one by one with their quorum (M-Q1..M-Q6), record
stances (M-D1, M-D2), recusals (M-D4) and written opinions (M-D3), close each discussion, close
the meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from committees.actors import acting, person_of
from committees.models import Person
from committees.rules import RuleViolation
from meetings import rules
from meetings.messages import MSG_MEETING_NOT_SESSION
from meetings.models import (
    AgendaItem,
    AttendanceRole,
    AttendanceStatus,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Recusal,
    Stance,
    StanceChoice,
    Vote,
    VoteStatus,
    WrittenOpinion,
)
from meetings.selectors.attendance import members_due
from meetings.selectors.console import item_context, item_quorum, stance_version

from .agenda import OPEN_ITEM_STATES, defer_item
from .attendance import sync_attendance
from .emergencies import settle_emergency
from .locks import acting_at, lock_item, lock_meeting
from .minutes import draft_minutes

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_NOTICE_MEETING_NOT_SENT = gettext_lazy("The notice of this meeting has not been sent.")
MSG_MEETING_ALREADY_OPEN_CLOSED = gettext_lazy("The meeting is already open or closed.")
MSG_MEETING_IS_ON = gettext_lazy("The meeting is on %(date)s.")
MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEM = gettext_lazy("The principal leader has not approved this item.")
MSG_IMPORTANT_MATTER_NOT_NOTIFIED_AGENDA_CANNOT = gettext_lazy(
    "“%(title)s” is an important matter that was not on the notified agenda: it cannot be decided at "
    "this meeting. Defer it to a meeting whose notice includes it."
)
MSG_ITEM_ALREADY_TAKEN_UP = gettext_lazy("This item has already been taken up.")
MSG_ITEMS_TAKEN_UP_ONE_ONE_CLOSE = gettext_lazy("Items are taken up one by one: close or defer “%(title)s” first.")
MSG_MATERIALS_MAJOR_MATTER_REACH_MEMBERS_WORKING = gettext_lazy(
    "The materials of this major matter had to reach members by %(date)s (%(days)s working day(s) before)."
)
MSG_CHOOSE_AGREE_DISAGREE_DEFER = gettext_lazy("Choose agree, disagree or defer.")
MSG_STANCES_ONLY_WHILE_ITEM_UNDER_DISCUSSION = gettext_lazy(
    "Stances are recorded on an item taken up and not yet closed."
)
MSG_NOT_MEMBER_DUE_ATTEND_OBSERVERS_ATTEND = gettext_lazy(
    "%(person)s is not a member due to attend: observers attend without a vote."
)
MSG_RECUSED_ITEM_STATES_NO_STANCE = gettext_lazy("%(person)s is recused from this item and states no stance on it.")
MSG_NOT_PRESENT_ABSENT_MEMBER_MAY_SUBMIT = gettext_lazy(
    "%(person)s is not present. An absent member may submit a written opinion before the meeting; "
    "it is recorded but is never a stance or a vote."
)
MSG_PRINCIPAL_LEADER_STATES_STANCE_LAST_AFTER = gettext_lazy(
    "The principal leader states their stance last, after hearing all others: still waiting for %(names)s."
)
MSG_PRINCIPAL_LEADER_ALREADY_STATED_STANCE_LAST = gettext_lazy(
    "The principal leader has already stated their stance last; other stances can no longer change."
)
MSG_RECUSAL_RECORDED_ITEM_MEETING_BEFORE_DISCUSSION = gettext_lazy(
    "Recusal is recorded on an item of a meeting, before its discussion closes."
)
MSG_NOT_MEMBER_DUE_ATTEND = gettext_lazy("%(person)s is not a member due to attend.")
MSG_ALREADY_RECUSED_ITEM = gettext_lazy("%(person)s is already recused from this item.")
MSG_WRITTEN_OPINIONS_GIVEN_ITEM_COMING_MEETING = gettext_lazy(
    "Written opinions are given on an item of a coming meeting."
)
MSG_WRITE_OPINION_ATTACH = gettext_lazy("Write the opinion or attach it.")
MSG_NOT_MEMBER_DUE_ATTEND_WRITTEN_OPINIONS = gettext_lazy(
    "%(person)s is not a member due to attend: written opinions come from members, not observers."
)
MSG_WRITTEN_OPINION_SUBMITTED_BEFORE_MEETING_STARTS = gettext_lazy(
    "A written opinion is submitted before the meeting starts."
)
MSG_PRESENT_STATES_STANCE_WRITTEN_OPINIONS_ABSENT = gettext_lazy(
    "%(person)s is present and states a stance; written opinions are for absent members."
)
MSG_ITEM_NOT_UNDER_DISCUSSION = gettext_lazy("The item is not under discussion.")
MSG_EACH_MEMBER_PRESENT_STATES_CLEAR_STANCE = gettext_lazy(
    "Each member present states a clear stance: still missing %(names)s."
)
MSG_CLOSE_OR_DEFER_ITEM_FIRST = gettext_lazy("Close or defer “%(title)s” first.")
MSG_RECORD_ATTENDANCE_FIRST = gettext_lazy("Record the attendance of %(names)s first.")
MSG_CLOSE_VOTE_FIRST = gettext_lazy("Close the vote on “%(title)s” first.")
MSG_ALREADY_GIVEN_WRITTEN_OPINION_ITEM = gettext_lazy("%(person)s has already given a written opinion on this item.")
MSG_STANCE_CHANGED_SINCE_GRID = gettext_lazy(
    "Changed by someone else since this grid was opened (now: %(now)s). Reload the console and check it "
    "before saving again."
)
MSG_STANCE_NOT_STATED = gettext_lazy("not stated")


@transaction.atomic
def open_meeting(meeting: Meeting, *, acting_user: User, at: datetime.datetime | None = None) -> Meeting:
    """Open the session on the meeting's day, once its notice went out (M-N1)."""
    at = acting_at(at)
    meeting = lock_meeting(meeting)
    if meeting.status == MeetingStatus.DRAFT:
        raise RuleViolation("M-N1", str(MSG_NOTICE_MEETING_NOT_SENT))
    if meeting.status != MeetingStatus.NOTICE_SENT:
        raise ValidationError(MSG_MEETING_ALREADY_OPEN_CLOSED)
    if timezone.localdate(at) < meeting.date:
        raise ValidationError(MSG_MEETING_IS_ON % {"date": meeting.date.isoformat()})
    sync_attendance(meeting, acting_user=acting_user)
    meeting.status = MeetingStatus.IN_SESSION
    meeting.opened_at = at
    acting(meeting, acting_user).save(update_fields=["status", "opened_at"])
    return meeting


def check_decidable(item: AgendaItem) -> None:
    """M-N2 and M-N3: only approved items, and important matters only from the notified agenda."""
    if item.approved_at is None:
        raise RuleViolation("M-N2", str(MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEM))
    if item.category in rules.IMPORTANT_CATEGORIES and not item.is_on_notified_agenda:
        raise RuleViolation(
            "M-N3",
            MSG_IMPORTANT_MATTER_NOT_NOTIFIED_AGENDA_CANNOT % {"title": item.title},
        )


@transaction.atomic
def take_up_item(item: AgendaItem, *, at: datetime.datetime | None = None, acting_user: User) -> rules.QuorumResult:
    """Take an item up for decision. Its quorum is computed now (M-Q6) and stored with it; the
    step is refused, citing the rule, when the item is not approved (M-N2), an important matter
    was not notified (M-N3), a major item's materials were late (M-N1) or the quorum fails
    (M-Q1..M-Q5, M-Q3)."""
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    meeting = item.meeting
    if meeting is None or meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(MSG_MEETING_NOT_SESSION)
    if item.status == ItemStatus.PROPOSED:
        raise RuleViolation("M-N2", str(MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEM))
    if item.status != ItemStatus.APPROVED:
        raise ValidationError(MSG_ITEM_ALREADY_TAKEN_UP)
    current = meeting.items.filter(status=ItemStatus.IN_DISCUSSION).first()
    if current is not None:
        raise RuleViolation("M-V1", MSG_ITEMS_TAKEN_UP_ONE_ONE_CLOSE % {"title": current.title})
    check_decidable(item)
    version = meeting.rule_set_version
    deadline = rules.notice_deadline(meeting.date, version.major_materials_working_days)
    uploaded = list(item.attachments.values_list("uploaded_at", flat=True))
    if not rules.materials_in_time(item.category, uploaded, item.notified_at, deadline):
        raise RuleViolation(
            "M-N1",
            MSG_MATERIALS_MAJOR_MATTER_REACH_MEMBERS_WORKING
            % {"date": deadline.isoformat(), "days": version.major_materials_working_days},
        )
    due_ids, attendances, recused_ids = item_context(item)
    result = item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    present = sorted(rules.present_members(attendances, due_ids, at))
    item.status = ItemStatus.IN_DISCUSSION
    item.taken_up_at = at
    item.taken_up_by = by
    item.quorum_due, item.quorum_present, item.quorum_needed = result.due, result.present, result.needed
    item.quorum_rule_id = result.rule_id
    item.quorum_present_ids = present
    acting(item, acting_user).save()
    return result


@transaction.atomic
def record_stance(
    item: AgendaItem,
    *,
    person: Person,
    stance: str,
    reason: str = "",
    acting_user: User,
    at: datetime.datetime | None = None,
) -> Stance:
    """M-D1: a present member states agree / disagree / defer, with the reason. Observers have no
    stance (O-5); recused members none on this item (M-D4); absent members only a written opinion
    (M-D3); the chair states last, after every other present, non-recused member (M-D2)."""
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    if stance not in StanceChoice.values:
        raise ValidationError({"stance": MSG_CHOOSE_AGREE_DISAGREE_DEFER})
    if item.status != ItemStatus.IN_DISCUSSION:
        raise ValidationError(MSG_STANCES_ONLY_WHILE_ITEM_UNDER_DISCUSSION)
    meeting = item.meeting
    due_ids, attendances, recused_ids = item_context(item)
    if person.pk not in due_ids:
        raise RuleViolation("O-5", MSG_NOT_MEMBER_DUE_ATTEND_OBSERVERS_ATTEND % {"person": person})
    if person.pk in recused_ids:
        raise RuleViolation("M-D4", MSG_RECUSED_ITEM_STATES_NO_STANCE % {"person": person})
    present_ids = rules.present_members(attendances, due_ids, at)
    if person.pk not in present_ids:
        raise RuleViolation(
            "M-D3",
            MSG_NOT_PRESENT_ABSENT_MEMBER_MAY_SUBMIT % {"person": person},
        )
    stated = dict(item.stances.values_list("person_id", "recorded_at"))
    chair_id = meeting.chair_id
    pending = rules.stances_pending_before_chair(chair_id, person.pk, present_ids, recused_ids, stated)
    if pending:
        names = "、".join(Person.objects.filter(pk__in=pending).order_by("name").values_list("name", flat=True))
        raise RuleViolation(
            "M-D2",
            MSG_PRINCIPAL_LEADER_STATES_STANCE_LAST_AFTER % {"names": names},
        )
    if chair_id is not None and person.pk != chair_id and chair_id in stated:
        raise RuleViolation(
            "M-D2",
            str(MSG_PRINCIPAL_LEADER_ALREADY_STATED_STANCE_LAST),
        )
    row = Stance.objects.filter(item=item, person=person).first() or Stance(item=item, person=person)
    row.stance, row.reason, row.recorded_at, row.recorded_by = stance, reason.strip(), at, by
    acting(row, acting_user).save()
    return row


@dataclass(frozen=True)
class StanceEntry:
    """One row of the stance grid as posted: the member, the stance chosen (empty: not stated),
    the reason and the version of the row the grid was rendered from (:func:`stance_version`)."""

    person: Person
    stance: str
    reason: str = ""
    version: str = ""


@dataclass
class StancesRecorded:
    """What one submit of the grid did: the stances saved and, per member, why a row was refused."""

    saved: list[Stance] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def _refusal_text(error: RuleViolation | ValidationError) -> str:
    if isinstance(error, RuleViolation):
        return str(error)
    return " ".join(error.messages)


@transaction.atomic
def record_stances(
    item: AgendaItem,
    entries: list[StanceEntry],
    *,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> StancesRecorded:
    """M-D1 for the whole grid in one transaction: each changed row goes through
    :func:`record_stance` and its rules (O-5, M-D3, M-D4, M-D2), the chair's row last so that a
    submit with all the others and the chair is accepted (M-D2). Rows left unchanged are skipped;
    a row changed by someone else since the grid was rendered (its version differs) is refused, as
    is a row a rule refuses: each refusal is kept per member, the other rows are saved."""
    at = acting_at(at)
    item = lock_item(item)
    current = {s.person_id: s for s in Stance.objects.select_for_update(of=("self",)).filter(item=item).order_by("pk")}
    outcome = StancesRecorded()
    chair_id = item.meeting.chair_id if item.meeting else None
    todo = []
    for entry in entries:
        stored = current.get(entry.person.pk)
        if not entry.stance:
            continue
        if stored is not None and stored.stance == entry.stance and stored.reason == entry.reason.strip():
            continue
        if entry.version != stance_version(stored):
            now = stored.get_stance_display() if stored is not None else MSG_STANCE_NOT_STATED
            outcome.errors[entry.person.pk] = str(MSG_STANCE_CHANGED_SINCE_GRID % {"now": now})
            continue
        todo.append(entry)
    todo.sort(key=lambda entry: entry.person.pk == chair_id)  # M-D2: the chair last
    for entry in todo:
        try:
            with transaction.atomic():
                outcome.saved.append(
                    record_stance(
                        item,
                        person=entry.person,
                        stance=entry.stance,
                        reason=entry.reason,
                        acting_user=acting_user,
                        at=at,
                    )
                )
        except (RuleViolation, ValidationError) as error:
            outcome.errors[entry.person.pk] = _refusal_text(error)
    return outcome


@transaction.atomic
def recuse(
    item: AgendaItem,
    *,
    person: Person,
    reason: str,
    details: str = "",
    acting_user: User,
    at: datetime.datetime | None = None,
) -> Recusal:
    """M-D4: a member related to the matter (self, relative, declared conflict) withdraws from
    its discussion and vote. A stance already stated is withdrawn with them (history keeps it)."""
    by = person_of(acting_user)
    at = acting_at(at)
    item = lock_item(item)
    if item.meeting is None or item.status not in (*OPEN_ITEM_STATES, ItemStatus.IN_DISCUSSION):
        raise ValidationError(MSG_RECUSAL_RECORDED_ITEM_MEETING_BEFORE_DISCUSSION)
    if person.pk not in {a.person_id for a in members_due(item.meeting)}:
        raise ValidationError(MSG_NOT_MEMBER_DUE_ATTEND % {"person": person})
    if item.recusals.filter(person=person).exists():
        raise ValidationError(MSG_ALREADY_RECUSED_ITEM % {"person": person})
    for stance in item.stances.filter(person=person):
        acting(stance, acting_user).delete()
    recusal = Recusal(item=item, person=person, reason=reason, details=details.strip(), recorded_at=at, recorded_by=by)
    acting(recusal, acting_user).save()
    return recusal


@transaction.atomic
def submit_written_opinion(
    item: AgendaItem,
    *,
    person: Person,
    text: str = "",
    file=None,
    position: str = "",
    submitted_at: datetime.datetime | None = None,
    acting_user: User,
) -> WrittenOpinion:
    """M-D3: an absent member's written opinion, submitted before the meeting. It is attached to
    the item and read out; it is never a vote. Only members due to attend give one (O-5)."""
    by = person_of(acting_user)
    submitted_at = acting_at(submitted_at)
    item = lock_item(item)
    meeting = item.meeting
    if meeting is None or item.status in (ItemStatus.DISCUSSED, ItemStatus.WITHDRAWN, ItemStatus.DEFERRED):
        raise ValidationError(MSG_WRITTEN_OPINIONS_GIVEN_ITEM_COMING_MEETING)
    if not text.strip() and not file:
        raise ValidationError(MSG_WRITE_OPINION_ATTACH)
    if person.pk not in {a.person_id for a in members_due(meeting)}:
        raise RuleViolation(
            "O-5",
            MSG_NOT_MEMBER_DUE_ATTEND_WRITTEN_OPINIONS % {"person": person},
        )
    if submitted_at > meeting.start_at:
        raise RuleViolation("M-D3", str(MSG_WRITTEN_OPINION_SUBMITTED_BEFORE_MEETING_STARTS))
    attendance = meeting.attendances.filter(person=person).first()
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        raise RuleViolation(
            "M-D3",
            MSG_PRESENT_STATES_STANCE_WRITTEN_OPINIONS_ABSENT % {"person": person},
        )
    try:
        with transaction.atomic():
            opinion = WrittenOpinion(
                item=item,
                person=person,
                text=text.strip(),
                position=position if position in StanceChoice.values else "",
                file=file or "",
                submitted_at=submitted_at,
                recorded_by=by,
            )
            acting(opinion, acting_user).save()
            return opinion
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_GIVEN_WRITTEN_OPINION_ITEM % {"person": person})


@transaction.atomic
def close_discussion(item: AgendaItem, *, acting_user: User, at: datetime.datetime | None = None) -> rules.QuorumResult:
    """Close the discussion of an item: the step that precedes the vote. The quorum
    is evaluated again at this moment (M-Q6: people leave, recusals); every present, non-recused
    member has stated a stance (M-D1); an emergency reported by this item is settled (M-E1)."""
    at = acting_at(at)
    item = lock_item(item)
    if item.status != ItemStatus.IN_DISCUSSION:
        raise ValidationError(MSG_ITEM_NOT_UNDER_DISCUSSION)
    check_decidable(item)
    due_ids, attendances, recused_ids = item_context(item)
    result = item_quorum(item, at, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    if not result.may_proceed:
        raise RuleViolation(result.rule_id, result.reason)
    present_ids = rules.present_members(attendances, due_ids, at)
    stated = set(item.stances.values_list("person_id", flat=True))
    missing = present_ids - recused_ids - stated
    if missing:
        names = "、".join(Person.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True))
        raise RuleViolation("M-D1", MSG_EACH_MEMBER_PRESENT_STATES_CLEAR_STANCE % {"names": names})
    item.status = ItemStatus.DISCUSSED
    item.discussed_at = at
    acting(item, acting_user).save(update_fields=["status", "discussed_at"])
    if item.emergency_id:
        settle_emergency(item, at, acting_user=acting_user)
    return result


@transaction.atomic
def close_meeting(meeting: Meeting, *, acting_user: User, at: datetime.datetime | None = None) -> list[str]:
    """Close the session. Items not taken up return to the pool (deferred). Returns warnings:
    absences without leave (M-N4)."""
    at = acting_at(at)
    meeting = lock_meeting(meeting)
    if meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(MSG_MEETING_NOT_SESSION)
    current = meeting.items.filter(status=ItemStatus.IN_DISCUSSION).first()
    if current is not None:
        raise ValidationError(MSG_CLOSE_OR_DEFER_ITEM_FIRST % {"title": current.title})
    unrecorded = meeting.attendances.filter(role=AttendanceRole.MEMBER, status=AttendanceStatus.UNRECORDED)
    if unrecorded.exists():
        names = "、".join(a.display_name for a in unrecorded.select_related("person"))
        raise ValidationError(MSG_RECORD_ATTENDANCE_FIRST % {"names": names})
    open_vote_row = Vote.objects.filter(item__meeting=meeting, status=VoteStatus.OPEN).select_related("item").first()
    if open_vote_row is not None:
        raise ValidationError(MSG_CLOSE_VOTE_FIRST % {"title": open_vote_row.item.title})
    with override(settings.LANGUAGE_CODE):  # the record's language, whoever closes the meeting
        not_reached = _("not reached")
    for item in meeting.items.filter(status__in=OPEN_ITEM_STATES):
        defer_item(item, acting_user=acting_user, reason=not_reached, at=at)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = at
    acting(meeting, acting_user).save(update_fields=["status", "closed_at"])
    draft_minutes(meeting, acting_user=acting_user)
    absent = meeting.attendances.filter(role=AttendanceRole.MEMBER, status=AttendanceStatus.ABSENT)
    return [
        _("M-N4: %(person)s was absent without leave.") % {"person": a.display_name}
        for a in absent.select_related("person")
    ]
