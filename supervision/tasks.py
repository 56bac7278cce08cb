from celery import shared_task

from committees.actors import system_user

from .services import flag_unanswered_inquiries
from .talks.tasks import ensure_year as ensure_talk_plans  # noqa: F401 - registered with Celery


@shared_task(name="supervision.flag_unanswered_inquiries", acks_late=True, ignore_result=True)
def flag_unanswered() -> int:
    """A-7, daily: a written inquiry not answered by its deadline is flagged for organisational handling."""
    return flag_unanswered_inquiries(acting_user=system_user())
