"""Celery task: create the recurring reports' obligations. Run daily from beat; idempotent."""

from celery import shared_task

from committees.actors import system_user

from . import services


@shared_task(
    name="reporting.generate_periodic_obligations", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def generate_periodic_obligations() -> int:
    return len(services.generate_obligations(acting_user=system_user()))
