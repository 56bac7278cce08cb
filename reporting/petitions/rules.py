"""Pure functions for petition handling (P-1..P-5). No database access here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.rules import RuleViolation

MSG_EXTENDED_ENOUGH = _(
    "The time limit of this petition has already been extended %(count)s time(s); at most %(max)s allowed."
)
MSG_EXTENSION_TOO_LONG = _("An extension may add at most %(max)s days, not %(days)s.")
MSG_EXTENSION_REASON = _("An extension needs its reason, which is told to the petitioner.")
MSG_PETITIONER_TOLD = _("Record when and how the petitioner was told the reason for the extension.")
MSG_EXPIRED_NO_EXTENSION = _("The time limit expired on %(due)s: an overdue petition cannot be extended.")
MSG_TOO_MANY_REPRESENTATIVES = _("%(count)s representatives were chosen; a group petition may choose at most %(max)s.")


def end_of_local_day(day: datetime.date) -> datetime.datetime:
    """The last instant of ``day`` in Beijing time (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max), timezone.get_default_timezone())


def answer_due_at(received_at: datetime.datetime, answer_days: int) -> datetime.datetime:
    """P-3: a case not answered at once is completed and answered within ``answer_days`` (60) days.

    Convention: the day of receipt is day 0 and the 60th day after it still counts, to its end in
    Beijing time. Received 2026-01-10 (any hour) → due 2026-03-11 23:59:59 local; an answer on
    2026-03-11 is on time, one on 2026-03-12 is late.
    """
    received_day = timezone.localdate(received_at)
    return end_of_local_day(received_day + datetime.timedelta(days=answer_days))


def extended_due_at(due_at: datetime.datetime, days: int) -> datetime.datetime:
    """P-3: an extension adds whole days to the due day, still ending at local midnight."""
    return end_of_local_day(timezone.localdate(due_at) + datetime.timedelta(days=days))


def check_extension(
    *,
    extensions_so_far: int,
    days: int,
    max_extensions: int,
    max_days: int,
    reason: str,
    petitioner_told_on: datetime.date | None,
    petitioner_told_how: str,
    due_at: datetime.datetime,
    now: datetime.datetime,
) -> None:
    """P-3: complex cases may be extended – once (``petition_max_extensions``), by at most
    ``petition_extension_days`` (30) days – and the petitioner must be told the reason.

    An expired time limit cannot be extended any more: the case is already overdue.
    """
    if extensions_so_far >= max_extensions:
        raise RuleViolation(
            "P-3",
            MSG_EXTENDED_ENOUGH % {"count": extensions_so_far, "max": max_extensions},
        )
    if days > max_days:
        raise RuleViolation(
            "P-3",
            MSG_EXTENSION_TOO_LONG % {"max": max_days, "days": days},
        )
    if not reason.strip():
        raise RuleViolation("P-3", MSG_EXTENSION_REASON)
    if petitioner_told_on is None or not petitioner_told_how:
        raise RuleViolation("P-3", MSG_PETITIONER_TOLD)
    if now > due_at:
        raise RuleViolation(
            "P-3",
            MSG_EXPIRED_NO_EXTENSION % {"due": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")},
        )


def check_representatives(flags: Iterable[bool], maximum: int) -> None:
    """P-5: several people with the same request choose representatives, at most ``maximum`` (5)."""
    count = sum(1 for is_representative in flags if is_representative)
    if count > maximum:
        raise RuleViolation(
            "P-5",
            MSG_TOO_MANY_REPRESENTATIVES % {"count": count, "max": maximum},
        )


def days_left(due_at: datetime.datetime, today: datetime.date) -> int:
    """Whole days from ``today`` to the due day (Beijing time): 0 on the due day, negative once overdue."""
    return (timezone.localdate(due_at) - today).days
