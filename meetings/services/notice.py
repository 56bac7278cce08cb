"""The notice (M-N1): the agenda and materials reach every member due and the observers in time;
later agenda changes go out as amendment notices (M-N3). Members acknowledge them."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy

from committees.actors import acting, person_of
from committees.models import Person
from committees.phrases import lines, render, stored
from committees.rules import RuleViolation
from meetings import phrases, rules
from meetings.models import (
    AgendaAmendment,
    AgendaItem,
    AmendmentKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Notice,
    NoticeKind,
    NoticeRecipient,
)
from meetings.selectors.notice import agenda_words, notice_recipients
from reporting.notify import notification_sent, notify

from .agenda import OPEN_ITEM_STATES
from .attendance import sync_attendance
from .locks import acting_at, lock_meeting, refuse_if_closed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


logger = logging.getLogger(__name__)


#: Refusals (user-facing; the .po files translate these msgids).
MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEMS_ONLY = gettext_lazy(
    "The principal leader has not approved these items: %(items)s. Only approved items go on a notice."
)
MSG_NOTICE_MEETING_ALREADY_SENT = gettext_lazy("The notice of this meeting has already been sent.")
MSG_NOTICE_WITHOUT_AGENDA = gettext_lazy(
    "The notice carries the agenda and its materials: add and approve at least one item before sending it."
)
MSG_NOTICE_MUST_REACH_MEMBERS_LEAST_WORKING = gettext_lazy(
    "The notice must reach members at least %(days)s working day(s) before the meeting: for a meeting "
    "on %(date)s it had to be sent by the end of %(deadline)s, and today is %(today)s."
)
MSG_NO_AGENDA_AMENDMENTS_TO_NOTIFY = gettext_lazy("There are no agenda amendments to notify.")
MSG_ONLY_RECIPIENT_ACKNOWLEDGES_NOTICE = gettext_lazy("Only the recipient acknowledges a notice.")


#: The event key of a notice's notifications is this prefix and the notice's id.
NOTICE_EVENT = "meeting-notice:"


def _event_key(notice: Notice) -> str:
    return f"{NOTICE_EVENT}{notice.pk}"


def _deliver(notice: Notice, people: list[tuple[Person, bool]], title: dict, *, acting_user: User) -> None:
    """Record the recipients (they acknowledge on their notices page) and notify them in the bell
    and by e-mail through the deadline engine's notifications: written in this transaction, sent
    by the sender (retried, capped, once each), each in the recipient's language. The sender
    records the e-mail's time on the recipient's row (``record_emailed``)."""
    NoticeRecipient.objects.bulk_create(
        [NoticeRecipient(notice=notice, person=person, is_observer=is_observer) for person, is_observer in people],
        ignore_conflicts=True,
    )
    notify(
        [person for person, _observer in people],
        title=title,
        body=stored(phrases.NOTICE_BODY, start=notice.meeting.start_at, text=notice.words or notice.text),
        url=reverse("meetings_my_notices"),
        event_key=_event_key(notice),
        acting_user=acting_user,
    )


@receiver(notification_sent)
def record_emailed(sender, notification, **kwargs) -> None:
    """The notice page's "e-mailed at": when the sender delivered the recipient's e-mail."""
    if notification.channel != "email" or not notification.step_key.startswith(NOTICE_EVENT):
        return
    notice_id = notification.step_key.removeprefix(NOTICE_EVENT)
    if notice_id.isdigit():
        NoticeRecipient.objects.filter(notice_id=int(notice_id), person_id=notification.recipient_id).update(
            emailed_at=notification.sent_at
        )


def _refuse_unapproved(titles: list[str]) -> None:
    """M-N2: only items the principal leader approved go on a notice or an amendment notice."""
    if titles:
        raise RuleViolation(
            "M-N2",
            MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEMS_ONLY % {"items": "、".join(titles)},
        )


def notice_items(meeting: Meeting) -> list[AgendaItem]:
    """The items a notice of ``meeting`` would carry, in agenda order."""
    return list(meeting.items.filter(status__in=OPEN_ITEM_STATES).order_by("position", "pk"))


def notice_obstacles(meeting: Meeting, items: list[AgendaItem], at: datetime.datetime) -> list[RuleViolation]:
    """Why the notice cannot go out now, most basic first (empty: it may be sent). The notice page
    shows them before anyone clicks; ``send_notice`` refuses with the first.

    M-N1: a notice is the agenda and its materials – without an item there is nothing to notify –
    and it reaches members in time; M-N2: only items the principal leader approved go on it."""
    obstacles = []
    if not items:
        obstacles.append(RuleViolation("M-N1", MSG_NOTICE_WITHOUT_AGENDA))
    unapproved = [item.title for item in items if item.status == ItemStatus.PROPOSED]
    if unapproved:
        obstacles.append(
            RuleViolation("M-N2", MSG_PRINCIPAL_LEADER_NOT_APPROVED_ITEMS_ONLY % {"items": "、".join(unapproved)})
        )
    version = meeting.rule_set_version
    timing = rules.notice_timing(at, meeting.start_at, version.notice_working_days)
    if not timing.is_in_time:
        obstacles.append(
            RuleViolation(
                "M-N1",
                MSG_NOTICE_MUST_REACH_MEMBERS_LEAST_WORKING
                % {
                    "days": version.notice_working_days,
                    "date": meeting.date.isoformat(),
                    "deadline": timing.deadline.isoformat(),
                    "today": timing.sent_on.isoformat(),
                },
            )
        )
    return obstacles


@transaction.atomic
def send_notice(meeting: Meeting, *, acting_user: User, at: datetime.datetime | None = None) -> Notice:
    """M-N1: send the notice (agenda + materials) to every member due and the observers.

    Refused unless it is sent no later than the end of the N-th working day before the
    meeting's date (Asia/Shanghai), N = ``notice_working_days`` of the meeting's rule set, and
    unless the principal leader approved every item (M-N2). Sending freezes the agenda: later
    changes become amendments.
    """
    by = person_of(acting_user)
    at = acting_at(at)
    meeting = lock_meeting(meeting)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(MSG_NOTICE_MEETING_ALREADY_SENT)
    items = notice_items(meeting)
    obstacles = notice_obstacles(meeting, items, at)
    if obstacles:
        raise obstacles[0]
    version = meeting.rule_set_version
    timing = rules.notice_timing(at, meeting.start_at, version.notice_working_days)
    words = agenda_words(meeting, items)
    notice = Notice(
        meeting=meeting,
        kind=NoticeKind.NOTICE,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=True,
        text=render(words, settings.LANGUAGE_CODE),
        words=words,
        rule_set_version=version,
    )
    acting(notice, acting_user).save()
    meeting.status = MeetingStatus.NOTICE_SENT
    meeting.notice_sent_at = at
    acting(meeting, acting_user).save(update_fields=["status", "notice_sent_at"])
    AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(notified_at=at, is_on_notified_agenda=True)
    sync_attendance(meeting, acting_user=acting_user)
    _deliver(notice, notice_recipients(meeting), stored(phrases.NOTICE, title=meeting.title), acting_user=acting_user)
    return notice


@transaction.atomic
def send_amendment_notice(meeting: Meeting, *, acting_user: User, at=None) -> Notice:
    """Notify the agenda amendments made since the notice. An item added by an amendment sent
    after the M-N1 deadline is not on the notified agenda: as an important matter it cannot be
    decided at this meeting (M-N3)."""
    by = person_of(acting_user)
    at = acting_at(at)
    meeting = lock_meeting(meeting)
    refuse_if_closed(meeting)
    pending = list(meeting.amendments.filter(notice__isnull=True).select_related("item").order_by("made_at", "pk"))
    if not pending:
        raise ValidationError(MSG_NO_AGENDA_AMENDMENTS_TO_NOTIFY)
    unapproved = [
        a.item.title
        for a in pending
        if a.item and a.item.status == ItemStatus.PROPOSED and a.item.meeting_id == meeting.pk
    ]
    _refuse_unapproved(unapproved)
    version = meeting.rule_set_version
    timing = rules.notice_timing(at, meeting.start_at, version.notice_working_days)
    words = lines(*(a.description if a.words is None else a.words for a in pending))
    notice = Notice(
        meeting=meeting,
        kind=NoticeKind.AMENDMENT,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=timing.is_in_time,
        text=render(words, settings.LANGUAGE_CODE),
        words=words,
        rule_set_version=version,
    )
    acting(notice, acting_user).save()
    AgendaAmendment.objects.filter(pk__in=[a.pk for a in pending]).update(notice=notice)
    added = [a.item_id for a in pending if a.kind == AmendmentKind.ADDED and a.item and a.item.meeting_id == meeting.pk]
    AgendaItem.objects.filter(pk__in=added).update(notified_at=at, is_on_notified_agenda=timing.is_in_time)
    _deliver(
        notice, notice_recipients(meeting), stored(phrases.AMENDMENT, title=meeting.title), acting_user=acting_user
    )
    return notice


@transaction.atomic
def acknowledge_notice(recipient: NoticeRecipient, *, person: Person, at=None, acting_user: User) -> NoticeRecipient:
    """The member confirms the notice reached them."""
    if recipient.person_id != person.pk:
        raise ValidationError(MSG_ONLY_RECIPIENT_ACKNOWLEDGES_NOTICE)
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = acting_at(at)
        acting(recipient, acting_user).save(update_fields=["acknowledged_at"])
    return recipient
