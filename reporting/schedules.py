"""Reminder schedules: when, relative to the due time, a deadline reminds and escalates.

Pure data, stored on each deadline as JSON so a later change of policy does not move the
reminders of obligations already registered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models.engine import StepKind

MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Step:
    key: str
    offset: datetime.timedelta  # relative to due_at; negative = before
    kind: str
    level: int = 0  # escalation level (1 = principal leader, 2 = parent committee's office)


@dataclass(frozen=True)
class Schedule:
    steps: tuple[Step, ...]
    repeat_every: datetime.timedelta | None = None  # overdue reminders after the last step
    repeat_limit: int = 0

    def step(self, index: int) -> Step | None:
        if index < len(self.steps):
            return self.steps[index]
        occurrence = index - len(self.steps) + 1
        if self.repeat_every is None or occurrence > self.repeat_limit or not self.steps:
            return None
        last = self.steps[-1].offset
        return Step(f"repeat-{occurrence}", last + occurrence * self.repeat_every, StepKind.OVERDUE)

    def to_json(self) -> dict:
        return {
            "steps": [[s.key, int(s.offset.total_seconds()), s.kind, s.level] for s in self.steps],
            "repeat_every": int(self.repeat_every.total_seconds()) if self.repeat_every else None,
            "repeat_limit": self.repeat_limit,
        }

    @classmethod
    def from_json(cls, data: dict) -> Schedule:
        steps = tuple(
            Step(key, datetime.timedelta(seconds=seconds), kind, level) for key, seconds, kind, level in data["steps"]
        )
        repeat = data.get("repeat_every")
        return cls(steps, datetime.timedelta(seconds=repeat) if repeat else None, data.get("repeat_limit", 0))


def hours_schedule(window: datetime.timedelta) -> Schedule:
    """Short deadlines (R-1, 2 hours): alert at once when the clock starts, remind at half and
    three quarters of the window, at expiry, then escalate to the principal leader at once and to
    the parent's office later."""
    return Schedule(
        (
            Step("start", -window, StepKind.REMINDER),
            Step("half", -window / 2, StepKind.REMINDER),
            Step("three-quarters", -window / 4, StepKind.REMINDER),
            Step("due", datetime.timedelta(0), StepKind.DUE),
            Step("escalate-1", datetime.timedelta(0), StepKind.ESCALATION, 1),
            Step("escalate-2", window / 4, StepKind.ESCALATION, 2),
        )
    )


def days_schedule(
    before: tuple[int, ...] = (7, 1),
    escalate_after: tuple[int, ...] = (1, 7),
    repeat_days: int | None = 7,
    repeat_limit: int = 12,
) -> Schedule:
    """Day deadlines (R-2 30 days: 7 and 1 days before, at expiry, weekly after; P-3 petitions:
    15, 7 and 1 days before). Escalation levels follow ``escalate_after`` days past expiry."""
    steps = [Step(f"before-{days}d", -days * DAY, StepKind.REMINDER) for days in sorted(before, reverse=True)]
    steps.append(Step("due", datetime.timedelta(0), StepKind.DUE))
    steps += [
        Step(f"escalate-{level}", days * DAY, StepKind.ESCALATION, level)
        for level, days in enumerate(escalate_after, start=1)
    ]
    steps.sort(key=lambda s: s.offset)
    return Schedule(tuple(steps), repeat_days * DAY if repeat_days else None, repeat_limit if repeat_days else 0)


def midnight_after(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` ends (Asia/Shanghai): the due time of an obligation owed
    "by the end of" ``day`` (X-5's daily log, X-6's last day a floor still fits)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day + DAY, datetime.time.min))
