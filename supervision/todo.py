"""What supervision puts in a person's to-do inbox (``committees.todo``): supervision items waiting
for the principal leader's approval, feedback waiting for the office's review (S-2), and written
inquiries waiting for the inquired cadre's reply (A-7). The unit's own feedback (S-2) and the
other obligations (S-3, A-6, A-8, A-9) reach the inbox through the deadline engine's rows."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import todo

from .models import InquiryOutcome, ItemState, LetterInquiry, Review, SupervisionItem
from .proposals import services as proposals
from .proposals.models import Proposal, ProposalState
from .rules import OFFICE_ROLES, PRINCIPAL_ROLES


def _item_row(source: todo.Source, item: SupervisionItem, kind: str, action: str, anchor: str) -> todo.Waiting:
    return todo.Waiting(
        kind=kind,
        group=source.group,
        action=action,
        subject=str(item),
        url=reverse("supervision_detail", args=[item.pk]) + f"#step-{anchor}",
        due_at=todo.end_of_day(item.feedback_deadline),
        committee=item.committee.name,
        key=todo.key(item.pk),
    )


@todo.source("supervision")
class ItemApprovals(todo.Source):
    """S-2: registered items of a committee whose principal leader the person is today. Done: the
    items they approved."""

    def waiting(self, user, person):
        items = (
            SupervisionItem.objects.filter(
                state=ItemState.REGISTERED, committee_id__any_of=todo.held(person, PRINCIPAL_ROLES)
            )
            .select_related("committee")
            .order_by("feedback_deadline", "pk")
        )
        action = _("Approve the supervision item")
        return todo.rows_of(items, lambda item: _item_row(self, item, "supervision_approval", action, "approve"))

    def done(self, user, person):
        items = (
            SupervisionItem.objects.filter(approved_by=person, approved_at__isnull=False)
            .select_related("committee")
            .order_by("-approved_at", "-pk")
        )
        return todo.rows_of(
            items,
            lambda item: todo.Done(
                kind="supervision_approval",
                group=self.group,
                action=_("Approved the supervision item"),
                subject=str(item),
                url=reverse("supervision_detail", args=[item.pk]),
                done_at=item.approved_at,
                committee=item.committee.name,
                key=todo.key(item.pk),
            ),
        )


@todo.source("supervision")
class FeedbackReviews(todo.Source):
    """S-2: items whose unit submitted feedback, waiting for the supervising committee's office
    (``rules.OFFICE_ROLES``) to accept or reject it. Done: the reviews the person made."""

    def waiting(self, user, person):
        items = (
            SupervisionItem.objects.filter(
                state=ItemState.FEEDBACK, committee_id__any_of=todo.held(person, OFFICE_ROLES)
            )
            .select_related("committee")
            .order_by("feedback_deadline", "pk")
        )
        return todo.rows_of(
            items, lambda item: _item_row(self, item, "feedback_review", _("Review the feedback"), "review")
        )

    def done(self, user, person):
        reviews = (
            Review.objects.filter(reviewed_by=person).select_related("item__committee").order_by("-reviewed_at", "-pk")
        )
        return todo.rows_of(
            reviews,
            lambda review: todo.Done(
                kind="feedback_review",
                group=self.group,
                action=_("Feedback review: %(outcome)s") % {"outcome": review.get_outcome_display()},
                subject=str(review.item),
                url=reverse("supervision_detail", args=[review.item_id]),
                done_at=review.reviewed_at,
                committee=review.item.committee.name,
                key=todo.key(review.pk),
            ),
        )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@todo.source("supervision")
class InquiryReplies(todo.Source):
    """A-7: a written inquiry sent to the person, waiting for their reply by its due day (private:
    only the person inquired, never the rest of the team). Done: the inquiries they replied to."""

    covers = ("supervision.letterinquiry",)

    def waiting(self, user, person):
        inquiries = (
            LetterInquiry.objects.filter(person=person, outcome=InquiryOutcome.PENDING, replied_on__isnull=True)
            .select_related("committee")
            .order_by("reply_due_on", "pk")
        )
        return todo.rows_of(
            inquiries,
            lambda inquiry: todo.Waiting(
                kind="inquiry_reply",
                group=self.group,
                action=_("Reply to the written inquiry"),
                subject=_("Written inquiry of %(date)s") % {"date": inquiry.sent_on.isoformat()},
                url=reverse("supervision_inquiries") + f"#inquiry-{inquiry.pk}",
                due_at=todo.end_of_day(inquiry.reply_due_on),
                committee=inquiry.committee.name,
                key=todo.key(inquiry.pk),
            ),
        )

    def done(self, user, person):
        inquiries = (
            LetterInquiry.objects.filter(person=person, replied_on__isnull=False)
            .select_related("committee")
            .order_by("-replied_on", "-pk")
        )
        return todo.rows_of(
            inquiries,
            lambda inquiry: todo.Done(
                kind="inquiry_reply",
                group=self.group,
                action=_("Replied to the written inquiry"),
                subject=_("Written inquiry of %(date)s") % {"date": inquiry.sent_on.isoformat()},
                url=reverse("supervision_inquiries") + f"#inquiry-{inquiry.pk}",
                done_at=_start_of(inquiry.replied_on),
                committee=inquiry.committee.name,
                key=todo.key(inquiry.pk),
            ),
        )


@todo.source("supervision")
class ProposalSteps(todo.Source):
    """M-C4: a submitted proposal waits for the principal leaders and the office of its committee
    to accept it or convert it; an accepted one whose handling is reported waits for its author's
    view of it."""

    def waiting(self, user, person):
        reported = SupervisionItem.objects.filter(
            source_content_type=ContentType.objects.get_for_model(Proposal),
            source_object_id=OuterRef("pk"),
            state__in=proposals.REPORTED_STATES,
        )
        waiting = (
            Proposal.objects.filter(
                Q(state=ProposalState.SUBMITTED, committee_id__any_of=todo.held(person, proposals.DECIDING_ROLES))
                | Q(Exists(reported), state=ProposalState.ACCEPTED, author=person, satisfaction="")
            )
            .select_related("committee")
            .order_by("submitted_at", "pk")
        )
        return todo.rows_of(
            waiting,
            lambda proposal: todo.Waiting(
                kind="proposal",
                group=self.group,
                action=str(
                    _("Accept the proposal or convert it into a suggestion")
                    if proposal.state == ProposalState.SUBMITTED
                    else _("Say whether the handling of your proposal satisfies")
                ),
                subject=proposal.title,
                url=reverse("proposal_detail", args=[proposal.pk]),
                committee=proposal.committee.name,
                key=todo.key(proposal.pk),
            ),
        )
