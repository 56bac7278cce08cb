"""X-6: every night, the floors of the year of every team member, with their deadlines."""

from __future__ import annotations

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(name="reporting.grassroots.ensure_year", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def ensure_year() -> int:
    """Idempotent (one floor per person, committee, year and measure, unique in the database)."""
    return services.ensure_year(acting_user=system_user())
