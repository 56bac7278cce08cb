"""Celery application. Celery only wakes the scanners; state lives in the database."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("dangwei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The deadline engine: the database says what is due; these only wake the scanner and
    # sender. No ETA/countdown tasks (Celery's Redis transport can lose or repeat them).
    "scan-deadlines": {"task": "reporting.scan_deadlines", "schedule": 60.0},
    "send-notifications": {"task": "reporting.send_notifications", "schedule": 60.0},
    # Recurring reports (R-4, R-5, M-C5): create each period's obligations.
    "generate-periodic-obligations": {
        "task": "reporting.generate_periodic_obligations",
        "schedule": crontab(hour=0, minute=20),
    },
    # L-8: the half-year leave summary obligation of each committee.
    "ensure-leave-summaries": {"task": "reporting.leave.ensure_summaries", "schedule": crontab(hour=0, minute=25)},
    "sync-personal-report-permissions": {
        "task": "reporting.sync_personal_report_permissions",
        "schedule": crontab(hour=0, minute=15),
    },
    # the year's grassroots floors of every team member, with their deadlines.
    "ensure-grassroots-year": {"task": "reporting.grassroots.ensure_year", "schedule": crontab(hour=0, minute=35)},
    # this year's openness-check duties of every unit, with their deadlines.
    "ensure-openness-year": {"task": "reporting.openness.ensure_year", "schedule": crontab(hour=0, minute=45)},
    # next month's reception days owed by every committee that receives cadres.
    "ensure-interview-month": {
        "task": "reporting.interviews.ensure_next_month",
        "schedule": crontab(hour=0, minute=50),
    },
    # this year's talk plans and the current period's duties.
    "ensure-talk-plans": {"task": "supervision.talks.ensure_year", "schedule": crontab(hour=0, minute=55)},
    # X-5: each working morning, the team members' logs of the day become deadlines.
    "open-work-log-day": {"task": "reporting.worklog.open_day", "schedule": crontab(hour=0, minute=40)},
    # unanswered written inquiries.
    "flag-unanswered-inquiries": {
        "task": "supervision.flag_unanswered_inquiries",
        "schedule": crontab(hour=0, minute=30),
    },
    # Roles start and end by date: recompute object permissions every night.
    "sync-committee-permissions": {
        "task": "committees.tasks.sync_permissions",
        "schedule": crontab(hour=0, minute=10),
    },
    # Uploaded files whose transaction rolled back (issue 18).
    "sweep-orphan-uploads": {"task": "committees.tasks.sweep_orphan_uploads", "schedule": crontab(hour=3, minute=40)},
}
