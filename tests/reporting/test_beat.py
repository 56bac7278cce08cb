"""Every task beat sends is one the worker knows: a task module that nothing imports is never
registered, and beat's message is refused as an unregistered task ("Received unregistered task")
every night – the X-5 and X-6 rounds were, until ``reporting.tasks`` imported them."""

from __future__ import annotations

from config.celery import app


def test_every_beat_task_is_registered_with_the_worker():
    app.loader.import_default_modules()  # what a worker does at start
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    rounds = {
        "reporting.grassroots.ensure_year",
        "reporting.worklog.open_day",
        "reporting.openness.ensure_year",
        "reporting.interviews.ensure_next_month",
        "supervision.talks.ensure_year",
    }
    assert rounds <= scheduled
    assert scheduled - set(app.tasks) == set()
