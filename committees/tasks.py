from celery import shared_task

from .permissions import sync_all_permissions


@shared_task(name="committees.tasks.sync_permissions", acks_late=True)
def sync_permissions() -> int:
    """Nightly: grant and revoke committee permissions for roles that began or ended by date."""
    return sync_all_permissions()
