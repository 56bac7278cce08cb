"""Celery application. Celery only wakes the scanners; state lives in the database."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dangwei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Roles start and end by date: recompute object permissions every night.
    "sync-committee-permissions": {
        "task": "committees.tasks.sync_permissions",
        "schedule": crontab(hour=0, minute=10),
    },
}
