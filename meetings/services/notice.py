"""The notice (M-N1): the agenda and materials reach every member due and the observers in time;
later agenda changes go out as amendment notices (M-N3). Members acknowledge them."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from committees.actors import acting, person_of
from committees.models import Person
from committees.redirects import page_url
from committees.rules import RuleViolation
from meetings import rules
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
from meetings.selectors.notice import agenda_text, notice_recipients

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


def _deliver(notice: Notice, people: list[tuple[Person, bool]], subject: str, body: str) -> None:
    """Record the recipients now; e-mail those with an address once the transaction commits."""
    NoticeRecipient.objects.bulk_create(
        [NoticeRecipient(notice=notice, person=person, is_observer=is_observer) for person, is_observer in people],
        ignore_conflicts=True,
    )
    url = page_url("meetings_detail", notice.meeting_id)
    link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    addressed = [(person.pk, person.email) for person, _observer in people if person.email]

    def send() -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dangwei.local"
        for person_id, email in addressed:
            message = EmailMessage(
                subject=subject,
                body=body + link,
                to=[email],
                headers={"Message-ID": f"<meeting-notice-{notice.pk}-{person_id}@{domain}>"},
            )
            try:
                message.send(fail_silently=False)
            except OSError as error:  # the notice is recorded in the app all the same
                logger.warning("Meeting notice %s not e-mailed to %s: %s", notice.pk, person_id, error)
                continue
            NoticeRecipient.objects.filter(notice=notice, person_id=person_id).update(emailed_at=timezone.now())

    transaction.on_commit(send)


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
    with override(settings.LANGUAGE_CODE):
        text = agenda_text(meeting, items)
        subject = _("Meeting notice: %(title)s") % {"title": meeting.title}
    notice = Notice(
        meeting=meeting,
        kind=NoticeKind.NOTICE,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=True,
        text=text,
        rule_set_version=version,
    )
    acting(notice, acting_user).save()
    meeting.status = MeetingStatus.NOTICE_SENT
    meeting.notice_sent_at = at
    acting(meeting, acting_user).save(update_fields=["status", "notice_sent_at"])
    AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(notified_at=at, is_on_notified_agenda=True)
    sync_attendance(meeting, acting_user=acting_user)
    _deliver(notice, notice_recipients(meeting), subject, text)
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
    with override(settings.LANGUAGE_CODE):
        text = "\n".join(a.description for a in pending)
        subject = _("Agenda amendment: %(title)s") % {"title": meeting.title}
    notice = Notice(
        meeting=meeting,
        kind=NoticeKind.AMENDMENT,
        sent_at=at,
        sent_by=by,
        deadline=timing.deadline,
        is_in_time=timing.is_in_time,
        text=text,
        rule_set_version=version,
    )
    acting(notice, acting_user).save()
    AgendaAmendment.objects.filter(pk__in=[a.pk for a in pending]).update(notice=notice)
    added = [a.item_id for a in pending if a.kind == AmendmentKind.ADDED and a.item and a.item.meeting_id == meeting.pk]
    AgendaItem.objects.filter(pk__in=added).update(notified_at=at, is_on_notified_agenda=timing.is_in_time)
    _deliver(notice, notice_recipients(meeting), subject, text)
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
