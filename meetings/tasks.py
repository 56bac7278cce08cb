"""Background rendering of large minutes PDFs (ids in, nothing secret in the arguments)."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="meetings.render_minutes_pdf",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=240,
    time_limit=300,
)
def render_minutes_pdf(minutes_id: int, full: bool) -> None:
    """Render approved minutes to storage; idempotent (the file is named by the fingerprint)."""
    from . import pdf
    from .models import Minutes

    minutes = Minutes.objects.select_related("committee", "meeting").get(pk=minutes_id)
    if minutes.is_locked:
        pdf.store_pdf(minutes, full=full)
