"""X-3: every night, this year's talk plans and the current period's duties."""

from __future__ import annotations

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(name="supervision.talks.ensure_year", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def ensure_year() -> int:
    return services.ensure_year(acting_user=system_user())
