"""The deadline engine's data: obligations with due times, and the notifications they cause.

Deadlines are rows in the database, not ETA tasks in a broker: Celery beat only wakes the
scanner, which claims due rows with ``select_for_update(skip_locked=True)``. One notification per
(deadline, step, recipient, channel) is guaranteed by a unique constraint.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees import phrases
from committees.bounds import EARLIEST, LATEST_COMPUTED
from committees.models import Committee, Person, RuleVersioned
from reporting.channels import one_line


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


#: A due time lies in ``EARLIEST``..``LATEST_COMPUTED`` (Beijing dates, ``committees.bounds``):
#: from the start of the first day up to, not including, the start of the day after the last.
DUE_AT_FROM, DUE_AT_BEFORE = _start_of(EARLIEST), _start_of(LATEST_COMPUTED + datetime.timedelta(days=1))


class DeadlineState(models.TextChoices):
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met")
    WAIVED = "waived", _("Waived")


ACTIVE_STATES = (DeadlineState.OPEN, DeadlineState.OVERDUE)


class StepKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    DUE = "due", _("Due now")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalation")


class Deadline(RuleVersioned):
    """An obligation with a due time, watched by the reminder scanner."""

    content_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name=_("subject type"))
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="deadlines", verbose_name=_("committee concerned")
    )
    #: A stored phrase (``committees.phrases``), worded in the reader's language: ``title_in``.
    #: Rows written before issue 14 hold plain strings, shown as they are.
    title = models.JSONField(_("obligation"), default=str)
    url = models.CharField(_("link"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines_owed",
        verbose_name=_("owed by"),
        help_text=_("Empty when a unit as a whole owes it."),
    )
    notify = models.ManyToManyField(Person, blank=True, related_name="deadlines_notified", verbose_name=_("notified"))
    escalation = models.JSONField(
        _("escalation path"),
        default=list,
        blank=True,
        help_text=_("Levels escalated to after expiry: principal leader, then the parent committee's office."),
    )
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Only the person owing it and the organisation department see it (personal matters)."),
    )
    rule_id = models.CharField(_("rule"), max_length=10)
    due_at = models.DateTimeField(_("due at"))
    original_due_at = models.DateTimeField(_("originally due at"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, help_text=_("Raised by each extension."))
    schedule = models.JSONField(_("reminder schedule"), default=dict)
    next_step_index = models.PositiveIntegerField(default=0)
    next_step_at = models.DateTimeField(_("next reminder at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_error = models.TextField(
        blank=True, help_text="Why the last scan set this deadline aside; empty once a scan succeeds."
    )
    history = HistoricalRecords(excluded_fields=["next_step_index", "next_step_at", "last_error"])

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at"]
        indexes = [
            # The scanner's query: active deadlines whose next step has come.
            models.Index(
                fields=["next_step_at"],
                condition=Q(state__in=["open", "overdue"]) & Q(next_step_at__isnull=False),
                name="deadline_due_steps",
            ),
            models.Index(fields=["content_type", "object_id"], name="deadline_subject"),
            models.Index(fields=["committee", "state", "due_at"], name="deadline_committee_state"),
            # The deadlines page: active ones, soonest first, among the visible committees.
            models.Index(fields=["due_at"], condition=Q(state__in=["open", "overdue"]), name="deadline_active_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="waived") | ~Q(waived_reason=""), name="waived_deadline_has_reason"
            ),
            # A row due before year 1 in UTC is stored but cannot be read back by psycopg: every
            # page and scan that meets it would fail for everyone. ``register`` refuses it first.
            models.CheckConstraint(
                condition=Q(
                    due_at__gte=DUE_AT_FROM,
                    due_at__lt=DUE_AT_BEFORE,
                    original_due_at__gte=DUE_AT_FROM,
                    original_due_at__lt=DUE_AT_BEFORE,
                ),
                name="deadline_due_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.title_in()

    def title_in(self, language: str | None = None) -> str:
        """The obligation in ``language`` (else the active one), on one line (it goes into e-mail
        subjects) and at most 200 characters."""
        return one_line(phrases.render(self.title, language))[:200]

    @property
    def title_text(self) -> str:
        return self.title_in()

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


#: A notification is a deadline's step or an event (``reporting.notify``: a request, an outcome).
EVENT_KIND = "event"
NOTIFICATION_KINDS = [*StepKind.choices, (EVENT_KIND, _("Event"))]


class Notification(models.Model):
    """One message to one person on one channel. Its id is the idempotency key of the delivery.

    ``title`` and ``body`` are stored phrases (``committees.phrases``: a message key and its
    parameters), worded in the reader's language when shown and in the recipient's when sent; rows
    written before issue 14 hold plain strings, shown as they are. A deadline's notification is
    unique per (deadline, step, recipient, channel); an event's (no deadline) per (event key in
    ``step_key``, recipient, channel)."""

    deadline = models.ForeignKey(
        Deadline, models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("deadline")
    )
    step_key = models.CharField(_("step"), max_length=80, help_text="The deadline's step, or the event key.")
    step_kind = models.CharField(_("kind"), max_length=12, choices=NOTIFICATION_KINDS)
    recipient = models.ForeignKey(Person, models.CASCADE, related_name="notifications", verbose_name=_("recipient"))
    channel = models.CharField(_("channel"), max_length=20)
    title = models.JSONField(_("title"), default=str)
    body = models.JSONField(_("text"), default=str, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=NotificationState.choices, default=NotificationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True, help_text="A failed delivery waits until then.")
    claim_token = models.UUIDField(null=True, blank=True, help_text="Which sender holds the row.")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "step_key", "recipient", "channel"], name="one_notification_per_step_recipient"
            ),
            # NULL deadlines are distinct to the constraint above: events need their own.
            models.UniqueConstraint(
                fields=["step_key", "recipient", "channel"],
                condition=Q(deadline__isnull=True),
                name="one_notification_per_event_recipient",
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "claimed_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="notification_to_send",
            ),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return phrases.render(self.title)

    def title_in(self, language: str | None = None) -> str:
        """The title in ``language`` (else the active one), on one line: it becomes an e-mail subject."""
        return one_line(phrases.render(self.title, language))

    def body_in(self, language: str | None = None) -> str:
        return phrases.render(self.body, language)
