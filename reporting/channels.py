"""Delivery channels. The engine hands each channel a notification; new channels (SMS, WeChat)
are added to ``settings.NOTIFICATION_CHANNELS`` without touching the engine."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

#: Line and paragraph breaks and other control characters (CR, LF, NUL, tab, U+2028 …).
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def one_line(text: str) -> str:
    """A title that may become a header (an e-mail subject): control characters and line breaks
    become spaces, runs of spaces one – a line break in a header is header injection."""
    return " ".join("".join(" " if unicodedata.category(ch) in _BREAKING else ch for ch in text).split())


class Channel:
    name: str = ""
    #: Delivered by creating the row (in-app): no sending step.
    is_immediate: bool = False

    def accepts(self, person) -> bool:
        raise NotImplementedError

    def deliver(self, notification) -> None:
        """Send; raise ``DeliveryError`` (or an OSError) to retry. ``notification.pk`` is the
        idempotency key: delivering the same notification twice must not reach the person twice."""
        raise NotImplementedError


class DeliveryError(Exception):
    pass


class InAppChannel(Channel):
    """The bell: the notification row is the message."""

    name = "in_app"
    is_immediate = True

    def accepts(self, person) -> bool:
        return True

    def deliver(self, notification) -> None:
        return None


class EmailChannel(Channel):
    name = "email"

    def accepts(self, person) -> bool:
        return bool(person.email)

    def deliver(self, notification) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dangwei.local"
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
        message = EmailMessage(
            subject=one_line(notification.title),  # also for rows written before titles were one line
            body=body,
            to=[notification.recipient.email],
            headers={
                # The idempotency key handed to the e-mail layer: MTAs and mail stores drop
                # a second message with the same Message-ID.
                "Message-ID": f"<notification-{notification.pk}@{domain}>",
                "X-Dangwei-Notification": str(notification.pk),
            },
        )
        message.send(fail_silently=False)


def all_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


def channel_named(name: str) -> Channel:
    for channel in all_channels():
        if channel.name == name:
            return channel
    raise LookupError(name)
