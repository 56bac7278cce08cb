"""M-E1: emergencies handled without a meeting, and those still to be reported to the team."""

from __future__ import annotations

from django.db.models import QuerySet

from committees.selectors import in_visible_committees
from meetings import rules
from meetings.models import EmergencyHandling, Meeting, MeetingStatus


def pending_emergency_reports(user) -> QuerySet[EmergencyHandling]:
    """M-E1: emergencies not yet reported to the team, of the committees the user sees, with their
    committee – what the meetings list's banner and home's panel show (title, committee, due time);
    the people and the reporting item of ``visible_emergency_handlings`` are four joins to plan on
    every meetings list for nothing shown."""
    return (
        EmergencyHandling.objects.filter(in_visible_committees(user), reported_at__isnull=True)
        .select_related("committee")
        .order_by("report_due_at", "pk")
    )


def visible_emergency_handlings(user) -> QuerySet[EmergencyHandling]:
    return EmergencyHandling.objects.filter(in_visible_committees(user)).select_related(
        "committee", "handled_by", "principal_consulted", "reported_item__meeting"
    )


def team_meetings_for(emergency: EmergencyHandling) -> QuerySet[Meeting]:
    """M-E1: the coming team meetings at which the after-report may be tabled."""
    return (
        emergency.committee.meetings.filter(kind__in=rules.TEAM_MEETING_KINDS)
        .exclude(status=MeetingStatus.CLOSED)
        .order_by("start_at")
    )
