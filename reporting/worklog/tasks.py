"""X-5: every working morning, each team member's log of the day becomes a deadline of the engine."""

from __future__ import annotations

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(name="reporting.worklog.open_day", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def open_day() -> int:
    """Idempotent: a member with a deadline or a log of the day gets no second one."""
    return services.open_day(acting_user=system_user())
