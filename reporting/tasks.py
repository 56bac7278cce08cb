"""Celery tasks: they carry no objects, only wake the scanner and the sender.

Both run every minute from beat, so a message lost with the broker (a flushed Redis, a worker
killed mid-task) is made up for by the next tick; the database decides what is due or unsent.
"""

from celery import shared_task

from . import deadlines
from .periodic.tasks import generate_periodic_obligations  # noqa: F401 - registered with Celery


@shared_task(name="reporting.scan_deadlines", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def scan_deadlines() -> int:
    return deadlines.scan()


@shared_task(name="reporting.send_notifications", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notifications() -> int:
    return deadlines.send_pending()
