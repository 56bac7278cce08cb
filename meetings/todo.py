"""What meetings put in a person's to-do inbox (``committees.todo``): agenda items waiting for the
principal leader's approval (M-N2), stances (M-D1) and ballots (M-V1) a present member still owes,
meeting notices to acknowledge (M-N1) and democratic-life postponements to decide (DL-2)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import todo
from committees.models import Role

from .democratic_life.models import PostponementRequest, PostponementStatus
from .democratic_life.rules import STANDING_COMMITTEE_RECORDER_ROLES
from .models import AgendaItem, Ballot, ItemStatus, MeetingStatus, NoticeRecipient, SecretBallotCast, Stance, Vote
from .panels import stances_to_state, votes_to_cast


def _item_url(item: AgendaItem) -> str:
    """The meeting's console, at the item: where its approval button and stance grid are."""
    return reverse("meetings_detail", args=[item.meeting_id]) + f"#item-{item.pk}"


def _item_subject(item: AgendaItem) -> str:
    title = item.title
    if item.is_confidential:  # M-M3: a personnel item by its category only
        title = _("Confidential item (%(category)s)") % {"category": item.get_category_display()}
    return f"{item.meeting.title} · {title}" if item.meeting_id else title


def _unindexed(start_at: F) -> ExpressionWrapper:
    """``start_at`` as a sort key no index provides. Ordered by the column itself, PostgreSQL
    walked every meeting of the county by date (the meetings' list index) to find a secretary's
    few proposed items, most of them on meetings long closed: 60 ms at 100,000 meetings; by this
    key it reads the committee's proposed items through their index and sorts them: 4 ms (issue 19)."""
    return ExpressionWrapper(start_at + Value(datetime.timedelta(0)), output_field=DateTimeField())


@todo.source("meetings")
class AgendaApprovals(todo.Source):
    """M-N2: items proposed for a coming meeting of a committee whose secretary (the principal
    leader) the person is today; due before the meeting starts. Done: the items they approved."""

    def waiting(self, user, person):
        items = (
            AgendaItem.objects.filter(
                status=ItemStatus.PROPOSED,
                meeting__isnull=False,
                committee_id__any_of=todo.held(person, {Role.SECRETARY}),
            )
            .exclude(meeting__status=MeetingStatus.CLOSED)
            .select_related("meeting", "committee")
            .order_by(_unindexed(F("meeting__start_at")), "pk")
        )
        return todo.rows_of(
            items,
            lambda item: todo.Waiting(
                kind="agenda_approval",
                group=self.group,
                action=_("Approve the agenda item"),
                subject=_item_subject(item),
                url=_item_url(item),
                due_at=item.meeting.start_at,
                committee=item.committee.name,
                key=todo.key(item.pk),
            ),
        )

    def done(self, user, person):
        items = (
            AgendaItem.objects.filter(approved_by=person, approved_at__isnull=False)
            .select_related("meeting", "committee")
            .order_by("-approved_at", "-pk")
        )
        return todo.rows_of(
            items,
            lambda item: todo.Done(
                kind="agenda_approval",
                group=self.group,
                action=_("Approved the agenda item"),
                subject=_item_subject(item),
                url=reverse("meetings_item", args=[item.pk]),
                done_at=item.approved_at,
                committee=item.committee.name,
                key=todo.key(item.pk),
            ),
        )


@todo.source("meetings")
class Stances(todo.Source):
    """M-D1: items under discussion at a meeting where the member is present, with no stance of
    theirs yet (``meetings.panels.stances_to_state``). Done: their stances."""

    def waiting(self, user, person):
        items = (
            stances_to_state(user, person)
            .select_related("meeting", "committee")
            .order_by("meeting__end_at", "taken_up_at", "pk")
        )
        return todo.rows_of(
            items,
            lambda item: todo.Waiting(
                kind="stance",
                group=self.group,
                action=_("State your stance"),
                subject=_item_subject(item),
                url=_item_url(item),
                due_at=item.meeting.end_at,
                committee=item.committee.name,
                key=todo.key(item.pk),
            ),
        )

    def done(self, user, person):
        stances = (
            Stance.objects.filter(person=person)
            .select_related("item__meeting", "item__committee")
            .order_by("-recorded_at", "-pk")
        )
        return todo.rows_of(
            stances,
            lambda stance: todo.Done(
                kind="stance",
                group=self.group,
                action=_("Stance: %(stance)s") % {"stance": stance.get_stance_display()},
                subject=_item_subject(stance.item),
                url=reverse("meetings_item", args=[stance.item_id]),
                done_at=stance.recorded_at,
                committee=stance.item.committee.name,
                key=todo.key(stance.pk),
            ),
        )


@todo.source("meetings")
class Ballots(todo.Source):
    """M-V1: open votes where the member was present when the vote opened, is not recused and has
    not voted (a secret ballot too, M-V6). Done: the votes they took part in – how they voted is
    never shown for a secret ballot."""

    def waiting(self, user, person):
        votes = votes_to_cast(person).order_by("opened_at", "pk")
        if connection.features.supports_json_field_contains:
            votes = votes.filter(present_ids__contains=[person.pk]).exclude(recused_ids__contains=[person.pk])
            return todo.rows_of(votes, lambda vote: self._waiting(vote))

        def may_vote():  # SQLite (the demo): few rows, one open vote per meeting at most (M-V1)
            return [v for v in votes if person.pk in v.present_ids and person.pk not in v.recused_ids]

        return todo.Rows(
            count=lambda: len(may_vote()),
            first=lambda n: [self._waiting(vote) for vote in may_vote()[:n]],
            queryset=votes,
        )

    def _waiting(self, vote: Vote) -> todo.Waiting:
        return todo.Waiting(
            kind="ballot",
            group=self.group,
            action=_("Cast your vote"),
            subject=_item_subject(vote.item),
            url=reverse("meetings_vote", args=[vote.pk]) + "#cast",
            due_at=vote.item.meeting.end_at,
            committee=vote.item.meeting.committee.name,
            key=todo.key(vote.pk),
        )

    def done(self, user, person):
        ballots = todo.rows_of(
            Ballot.objects.filter(person=person)
            .select_related("vote__item__meeting__committee")
            .order_by("-cast_at", "-pk"),
            lambda ballot: self._done(ballot.vote, ballot.cast_at),
        )
        secret = todo.rows_of(
            SecretBallotCast.objects.filter(person=person)
            .select_related("vote__item__meeting__committee")
            .order_by("-vote__opened_at", "-pk"),
            lambda cast: self._done(cast.vote, cast.vote.opened_at),
        )
        return todo.Rows(
            count=lambda: ballots.count() + secret.count(),
            first=lambda n: sorted(ballots.first(n) + secret.first(n), key=lambda row: row.done_at, reverse=True)[:n],
        )

    def _done(self, vote: Vote, at):
        return todo.Done(
            kind="ballot",
            group=self.group,
            action=_("Voted"),
            subject=_item_subject(vote.item),
            url=reverse("meetings_vote", args=[vote.pk]),
            done_at=at,
            committee=vote.item.meeting.committee.name,
            key=todo.key(vote.pk),
        )


@todo.source("meetings")
class Notices(todo.Source):
    """M-N1: notices (and amendment notices) of meetings not yet over that the person has not
    acknowledged; due when the meeting starts. Done: the notices they acknowledged."""

    def waiting(self, user, person):
        recipients = (
            NoticeRecipient.objects.filter(
                person=person, acknowledged_at__isnull=True, notice__meeting__end_at__gte=timezone.now()
            )
            .exclude(notice__meeting__status=MeetingStatus.CLOSED)
            .select_related("notice__meeting__committee")
            .order_by("notice__meeting__start_at", "pk")
        )
        return todo.rows_of(
            recipients,
            lambda r: todo.Waiting(
                kind="notice",
                group=self.group,
                action=_("Acknowledge the meeting notice"),
                subject=f"{r.notice.meeting.title} · {r.notice.get_kind_display()}",
                url=reverse("meetings_my_notices") + f"#notice-{r.pk}",
                due_at=r.notice.meeting.start_at,
                committee=r.notice.meeting.committee.name,
                key=todo.key(r.pk),
            ),
        )

    def done(self, user, person):
        recipients = (
            NoticeRecipient.objects.filter(person=person, acknowledged_at__isnull=False)
            .select_related("notice__meeting__committee")
            .order_by("-acknowledged_at", "-pk")
        )
        return todo.rows_of(
            recipients,
            lambda r: todo.Done(
                kind="notice",
                group=self.group,
                action=_("Acknowledged the meeting notice"),
                subject=f"{r.notice.meeting.title} · {r.notice.get_kind_display()}",
                url=reverse("meetings_detail", args=[r.notice.meeting_id]),
                done_at=r.acknowledged_at,
                committee=r.notice.meeting.committee.name,
                key=todo.key(r.pk),
            ),
        )


def _postponement_subject(row: PostponementRequest) -> str:
    return _("Democratic life meeting %(year)s: %(from)s → %(to)s") % {
        "year": row.record.year,
        "from": row.from_date.isoformat(),
        "to": row.to_date.isoformat(),
    }


@todo.source("meetings")
class Postponements(todo.Source):
    """DL-2: postponement requests addressed to a committee where the person records the decision
    (``STANDING_COMMITTEE_RECORDER_ROLES``); due by the planned date. Done: those they decided."""

    def waiting(self, user, person):
        pending = (
            PostponementRequest.objects.filter(
                status=PostponementStatus.PENDING,
                approving_committee_id__any_of=todo.held(person, STANDING_COMMITTEE_RECORDER_ROLES),
            )
            .select_related("record__committee")
            .order_by("from_date", "pk")
        )
        return todo.rows_of(
            pending,
            lambda row: todo.Waiting(
                kind="postponement",
                group=self.group,
                action=_("Decide the postponement request"),
                subject=_postponement_subject(row),
                url=reverse("democratic_life_inbox") + f"#postponement-{row.pk}",
                due_at=todo.end_of_day(row.from_date),
                committee=row.record.committee.name,
                key=todo.key(row.pk),
            ),
        )

    def done(self, user, person):
        decided = (
            PostponementRequest.objects.filter(decided_by=person, decided_at__isnull=False)
            .select_related("record__committee")
            .order_by("-decided_at", "-pk")
        )
        return todo.rows_of(
            decided,
            lambda row: todo.Done(
                kind="postponement",
                group=self.group,
                action=_("Postponement: %(status)s") % {"status": row.get_status_display()},
                subject=_postponement_subject(row),
                url=reverse("democratic_life_detail", args=[row.record_id]),
                done_at=row.decided_at,
                committee=row.record.committee.name,
                key=todo.key(row.pk),
            ),
        )
