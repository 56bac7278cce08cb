"""Celery application. Celery only wakes the scanners; state lives in the database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dangwei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
