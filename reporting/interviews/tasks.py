"""X-4: every night, next month's reception days owed by every receiving committee."""

from __future__ import annotations

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(
    name="reporting.interviews.ensure_next_month", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def ensure_next_month() -> int:
    """Idempotent (one month per committee, unique in the database)."""
    return services.ensure_next_month(acting_user=system_user())
