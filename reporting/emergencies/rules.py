"""Pure functions for emergency reports (R-1). No database access."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

RULE_ID = "R-1"


def report_due_at(known_at: datetime.datetime, minutes: int) -> datetime.datetime:
    """R-1: reported to the higher-level committee within ``minutes`` (rule set, default 120)
    of the time the incident became known – wall-clock minutes, not working time."""
    return known_at + datetime.timedelta(minutes=minutes)


def is_late(sent_at: datetime.datetime, due_at: datetime.datetime) -> bool:
    """R-1: a report sent exactly at the due time is on time; one second later is late."""
    return sent_at > due_at


def known_at_problems(
    *, occurred_at: datetime.datetime | None, known_at: datetime.datetime | None, now: datetime.datetime
) -> dict[str, str]:
    """R-1 starts the clock when the incident became known: that time cannot lie in the future
    (it would push the deadline back), and an incident is known only after it occurred.

    Returns field → problem key (``"future"``, ``"before_occurred"``); empty when all is well.
    """
    problems = {}
    if known_at is not None and known_at > now:
        problems["known_at"] = "future"
    if occurred_at is not None and known_at is not None and occurred_at > known_at:
        problems["occurred_at"] = "after_known"
    if occurred_at is not None and occurred_at > now:
        problems.setdefault("occurred_at", "future")
    return problems


class CountdownState:
    OPEN = "open"
    OVERDUE = "overdue"
    REPORTED = "reported"
    REPORTED_LATE = "reported_late"


@dataclass(frozen=True)
class Countdown:
    """What the emergency page shows: minutes left before the limit, or minutes past it."""

    state: str
    due_at: datetime.datetime
    minutes_left: int = 0
    minutes_overdue: int = 0
    seconds_left: int = 0

    @property
    def is_live(self) -> bool:
        return self.state in (CountdownState.OPEN, CountdownState.OVERDUE)


def countdown(due_at: datetime.datetime, now: datetime.datetime, sent_at: datetime.datetime | None = None) -> Countdown:
    """R-1 countdown. Partial minutes count as whole ones: 30 seconds left shows "1 minute left",
    30 seconds past due shows "1 minute overdue"; exactly at the due time it is not yet overdue.
    Once reported, the countdown stops at the time the report was sent."""
    at = sent_at or now
    remaining = (due_at - at).total_seconds()
    if sent_at is not None:
        state = CountdownState.REPORTED_LATE if is_late(sent_at, due_at) else CountdownState.REPORTED
    else:
        state = CountdownState.OVERDUE if remaining < 0 else CountdownState.OPEN
    if remaining >= 0:
        return Countdown(state, due_at, minutes_left=math.ceil(remaining / 60), seconds_left=int(remaining))
    return Countdown(state, due_at, minutes_overdue=math.ceil(-remaining / 60))
