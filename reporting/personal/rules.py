"""Pure functions for personal-matter reports (R-2) and family-event declarations (R-3).

Day deadlines are counted in calendar days on Asia/Shanghai dates (the project's TIME_ZONE).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import TEAM_ROLES

from .models import PROHIBITIONS, RELATIVES_ONLY, RELATIVES_ONLY_KINDS, FamilyEventKind


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of ``day`` in the current time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def report_due_at(event_date: datetime.date, days: int) -> datetime.datetime:
    """R-2 (第五条, 第六条): due by the end of the ``days``-th day after the event (or after the
    day the cadre became subject). With 30 days: an event on 1 November is due on 1 December."""
    return end_of_day(event_date + datetime.timedelta(days=days))


def is_late(filed_at: datetime.datetime, due_at: datetime.datetime) -> bool:
    return filed_at > due_at


def late_filing_is_explained(late_reason: str, reason_ended_on: datetime.date | None) -> bool:
    """R-2 第五条: a report that could not be made on time for a special reason is made once the
    reason has ended, with the reason stated – both are needed."""
    return bool(late_reason.strip()) and reason_ended_on is not None


def becomes_subject(
    start_date: datetime.date, team_roles_held: Iterable[tuple[str, datetime.date, datetime.date | None]]
):
    """R-2 第六条: a person becomes subject on ``start_date`` unless they already held a team role
    (on any committee) the day before. ``team_roles_held``: (role, start, end) of their other roles."""
    day_before = start_date - datetime.timedelta(days=1)
    return not any(
        role in TEAM_ROLES and start <= day_before and (end is None or end >= day_before)
        for role, start, end in team_roles_held
    )


def reply_response_due_at(replied_at: datetime.datetime, days: int) -> datetime.datetime:
    """R-2 第八条(四): the cadre acts on the organisation's reply by the end of the ``days``-th day."""
    return end_of_day(timezone.localdate(replied_at) + datetime.timedelta(days=days))


def days_declared_before(declared_at: datetime.datetime, event_at: datetime.datetime) -> int:
    """Whole calendar days between the declaration's date and the event's date (Asia/Shanghai)."""
    return (timezone.localdate(event_at) - timezone.localdate(declared_at)).days


def declared_in_time(kind: str, declared_at: datetime.datetime, event_at: datetime.datetime, days_before: int) -> bool:
    """R-3: weddings and other events are declared at least ``days_before`` days before the event
    (10: declared on the 1st for the 11th is in time, on the 2nd is not); a funeral is exempt but
    is reported (orally or in writing) before it takes place."""
    if kind == FamilyEventKind.FUNERAL:
        return declared_at <= event_at
    return days_declared_before(declared_at, event_at) >= days_before


def funeral_written_due_at(event_at: datetime.datetime, days_after: int) -> datetime.datetime:
    """R-3: after an oral funeral report the written form follows within ``days_after`` days after it."""
    return end_of_day(timezone.localdate(event_at) + datetime.timedelta(days=days_after))


def unconfirmed_prohibitions(kind: str, confirmations: Mapping[str, bool]) -> list[str]:
    """R-3 (seed 一): the labels of the prohibited circumstances the declarer has not confirmed."""
    items = list(PROHIBITIONS)
    if kind in RELATIVES_ONLY_KINDS:
        items.append(RELATIVES_ONLY)
    return [str(label) for name, label in items if not confirmations.get(name)]


def accountability_grounds(report, now: datetime.datetime) -> list[str]:
    """R-2 第八条: why a report grounds handling – "overdue" (unfiled past due), "late" (filed after
    the due time), "untruthful", "concealed", "reply_ignored" (organisation's reply not followed)."""
    grounds = []
    if report.filed_at is None and now > report.due_at:
        grounds.append("overdue")
    if report.filed_at is not None and report.filed_at > report.due_at:
        grounds.append("late")
    if report.is_untruthful:
        grounds.append("untruthful")
    if report.is_concealed:
        grounds.append("concealed")
    if report.reply_followed is False or (
        report.reply_followed is None
        and report.replied_at is not None
        and (report.reply_responded_at or now) > report.reply_response_due_at
    ):
        grounds.append("reply_ignored")
    return grounds


#: Labels of ``accountability_grounds`` (R-2 第八条).
GROUND_LABELS = {
    "overdue": _("Overdue"),
    "late": _("Filed late"),
    "untruthful": _("Untruthful"),
    "concealed": _("Concealed"),
    "reply_ignored": _("Reply ignored"),
}
