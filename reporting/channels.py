"""Delivery channels. The engine hands each channel a notification; new channels (SMS, WeChat)
are added to ``settings.NOTIFICATION_CHANNELS`` without touching the engine."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

#: Line and paragraph breaks and other control characters (CR, LF, NUL, tab, U+2028 …).
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


#: What ``one_line`` turns into one space, as ranges of code points: the breaking characters above
#: and every character ``str.split()`` splits on (NUL excepted: PostgreSQL text holds none).
ONE_LINE_SPACES = (
    (0x01, 0x20),
    (0x7F, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
#: ``one_line`` in PostgreSQL: ``btrim(regexp_replace(text, ONE_LINE_SQL_PATTERN, ' ', 'g'), ' ')``.
ONE_LINE_SQL_PATTERN = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ONE_LINE_SPACES) + "]+"


def one_line(text: str) -> str:
    """A title that may become a header (an e-mail subject): control characters and line breaks
    become spaces, runs of spaces one – a line break in a header is header injection."""
    return " ".join("".join(" " if unicodedata.category(ch) in _BREAKING else ch for ch in text).split())


class Channel:
    name: str = ""
    #: Delivered by creating the row (in-app): no sending step.
    is_immediate: bool = False
    #: ``accepts`` as an SQL condition on the person ``p`` (a ``committees_person`` row), for the
    #: scan that runs in PostgreSQL. ``None``: the scan asks ``accepts`` in Python (slower). A
    #: subclass that overrides ``accepts`` without restating this is asked in Python too.
    sql_accepts: str | None = None

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
    sql_accepts = "TRUE"

    def accepts(self, person) -> bool:
        return True

    def deliver(self, notification) -> None:
        return None


class EmailChannel(Channel):
    name = "email"
    sql_accepts = "p.email <> ''"

    def accepts(self, person) -> bool:
        return bool(person.email)

    def deliver(self, notification) -> None:
        """Worded in the recipient's language (``Person.language``, else the default one)."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dangwei.local"
        language = notification.recipient.language or settings.LANGUAGE_CODE
        body = notification.body_in(language)
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
        message = EmailMessage(
            subject=notification.title_in(language),  # one line, also for rows stored with line breaks
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


def accepts_in_sql(channel: Channel) -> str | None:
    """The channel's ``sql_accepts`` if it still says what its ``accepts`` says: declared by the
    class that defines ``accepts`` or by a subclass of it, never only by an ancestor."""
    if channel.sql_accepts is None:
        return None
    mro = type(channel).__mro__
    sql_owner = next(cls for cls in mro if "sql_accepts" in vars(cls))
    accepts_owner = next(cls for cls in mro if "accepts" in vars(cls))
    return channel.sql_accepts if issubclass(sql_owner, accepts_owner) else None


def all_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


def channel_named(name: str) -> Channel:
    for channel in all_channels():
        if channel.name == name:
            return channel
    raise LookupError(name)
