"""X-2: every night, this year's openness duties of every unit, with their deadlines."""

from __future__ import annotations

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(name="reporting.openness.ensure_year", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def ensure_year() -> int:
    """Idempotent (one duty per unit, year and kind, unique in the database)."""
    return services.ensure_year(acting_user=system_user())
