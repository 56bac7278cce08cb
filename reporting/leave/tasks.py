"""L-8: open the half-year summary obligation of every committee with a leadership team."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from committees.actors import system_user
from committees.models import TEAM_ROLES, Committee, RoleAssignment

from . import services


@shared_task(name="reporting.leave.ensure_summaries")
def ensure_summaries() -> int:
    """Idempotent (one summary per committee and period, unique in the database)."""
    today = timezone.localdate()
    ids = RoleAssignment.objects.on(today).filter(role__in=TEAM_ROLES).values("committee_id")
    committees = Committee.objects.filter(pk__in=ids)
    system = system_user()
    for committee in committees:
        services.ensure_summary(committee, today, acting_user=system)
    return committees.count()
