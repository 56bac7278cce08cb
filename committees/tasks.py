from celery import shared_task

from .permissions import sync_all_permissions
from .uploads import sweep_orphan_uploads


@shared_task(name="committees.tasks.sync_permissions", acks_late=True)
def sync_permissions() -> int:
    """Nightly: grant and revoke committee permissions for roles that began or ended by date."""
    return sync_all_permissions()


@shared_task(name="committees.tasks.sweep_orphan_uploads", acks_late=True)
def sweep_uploads() -> int:
    """Nightly: delete uploaded files left behind by a rolled-back transaction."""
    return len(sweep_orphan_uploads())
