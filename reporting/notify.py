"""Event notifications (issue 14): a request waiting for someone, an outcome they wait for.

    notify(recipients, title=stored(...), body=stored(...), url=..., event_key=..., acting_user=...)

Other apps call this in their own transaction: the rows exist exactly when the event does. Each
is a ``Notification`` without a deadline, one per (event key, recipient, channel) under a unique
constraint (calling twice for the same event writes nothing new), and is delivered by the
deadline engine's sender (``deadlines.send_pending``): claimed with ``SKIP LOCKED``, retried with
backoff, capped at ``NOTIFICATION_MAX_ATTEMPTS``. The bell row is delivered by being written.

``notification_sent`` tells the apps that keep their own record of a delivery (a meeting notice's
"e-mailed at") that a notification went out; reporting never imports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from celery import current_app
from django.db import transaction
from django.utils import timezone

from committees import todo
from committees.models import Person

from .channels import all_channels
from .deadlines import SEND_NOTIFICATIONS_TASK, notification_sent  # noqa: F401 - re-exported
from .models.engine import EVENT_KIND, Notification, NotificationState

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

EVENT_KEY_LENGTH = Notification._meta.get_field("step_key").max_length


def notify(
    recipients: Iterable[Person | None],
    *,
    title: dict[str, Any],
    body: dict[str, Any] | str = "",
    url: str = "",
    event_key: str,
    acting_user: User,
) -> int:
    """Notify each recipient (``None`` and repeats skipped) on every channel that accepts them.
    ``title`` and ``body`` are stored phrases (``committees.phrases.stored``). ``acting_user`` is
    whoever caused the event (the caller's actor); returns the rows written."""
    if not event_key or len(event_key) > EVENT_KEY_LENGTH:
        raise ValueError(f"An event key of 1 to {EVENT_KEY_LENGTH} characters, not {event_key!r}")
    now = timezone.now()
    people = list({person.pk: person for person in recipients if person is not None}.values())
    channels = all_channels()
    rows = [
        Notification(
            deadline=None,
            step_key=event_key,
            step_kind=EVENT_KIND,
            recipient=person,
            channel=channel.name,
            title=title,
            body=body,
            url=url,
            state=NotificationState.SENT if channel.is_immediate else NotificationState.PENDING,
            sent_at=now if channel.is_immediate else None,
        )
        for person in people
        for channel in channels
        if channel.accepts(person)
    ]
    written = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        todo.rows_changed()  # written in bulk, no signal: the bells' kept counts (``unread_count``)
    if any(row.state == NotificationState.PENDING for row in rows):
        transaction.on_commit(lambda: current_app.send_task(SEND_NOTIFICATIONS_TASK))
    return len(written)


def sent_at(event_key: str, channel: str = "email") -> dict[int, Any]:
    """When each recipient's notification of ``event_key`` on ``channel`` was sent: person id → time."""
    return dict(
        Notification.objects.filter(
            deadline__isnull=True, step_key=event_key, channel=channel, state=NotificationState.SENT
        ).values_list("recipient_id", "sent_at")
    )
