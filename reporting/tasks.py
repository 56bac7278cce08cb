"""Celery tasks: they carry no objects, only wake the scanner and the sender.

Both run every minute from beat, so a message lost with the broker (a flushed Redis, a worker
killed mid-task) is made up for by the next tick; the database decides what is due or unsent.
"""

from celery import shared_task

from . import deadlines
from .grassroots.tasks import ensure_year as ensure_grassroots_year  # noqa: F401 - registered with Celery
from .interviews.tasks import ensure_next_month as ensure_interview_month  # noqa: F401 - registered with Celery
from .leave.tasks import ensure_summaries  # noqa: F401 - registered with Celery
from .openness.tasks import ensure_year as ensure_openness_year  # noqa: F401 - registered with Celery
from .periodic.tasks import generate_periodic_obligations  # noqa: F401 - registered with Celery
from .personal.models import PersonalMatterReport
from .personal.services import sync_report_permissions
from .worklog.tasks import open_day  # noqa: F401 - registered with Celery


@shared_task(name="reporting.scan_deadlines", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def scan_deadlines() -> int:
    return deadlines.scan()


@shared_task(name=deadlines.SEND_NOTIFICATIONS_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notifications() -> int:
    return deadlines.send_pending()


@shared_task(name="reporting.sync_personal_report_permissions", acks_late=True, ignore_result=True)
def sync_personal_report_permissions() -> None:
    """Nightly: organisation-department roles and logins change; re-grant who sees which report (R-2)."""
    sync_report_permissions(PersonalMatterReport.objects.all())
