"""Read queries for emergency reports, filtered by what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from committees import scope
from committees.models import Committee, Role
from committees.selectors import committees_where_holding, in_visible_committees

from .models import Emergency

#: Who records an emergency and sends its report: the committee's office, secretary and deputies.
ACTING_ROLES = (Role.OFFICE_STAFF, Role.SECRETARY, Role.DEPUTY_SECRETARY)


def acting_committees(user, on: datetime.date | None = None) -> QuerySet[Committee]:
    """Committees on whose behalf the user records emergencies and sends reports."""
    return committees_where_holding(user, ACTING_ROLES, on)


def can_act(user, committee: Committee) -> bool:
    return acting_committees(user).filter(pk=committee.pk).exists()


def visible_emergencies(user) -> QuerySet[Emergency]:
    """Emergencies of the committees the user sees, and – R-1, they receive the reports – of the
    child committees of a committee on whose party office the user works."""
    if not user.is_authenticated:
        return Emergency.objects.none()
    receiving = sorted(scope.of(user).holding((Role.OFFICE_STAFF,)))
    return Emergency.objects.filter(in_visible_committees(user) | Q(committee__parent_id__in=receiving)).select_related(
        "committee", "committee__parent", "recorded_by", "report", "rule_set_version"
    )


def emergency_detail(user, pk: int) -> Emergency:
    """One emergency with everything its page shows (raises ``Emergency.DoesNotExist``)."""
    return (
        visible_emergencies(user)
        .select_related("report__sent_by", "report__recipient_committee")
        .prefetch_related(
            "known_by_people", "report__attachments", "follow_ups__attachments", "follow_ups__recorded_by"
        )
        .get(pk=pk)
    )


def not_reported_in_time(now: datetime.datetime) -> Q:
    """R-1: reported after the due time, or still unreported once it has passed."""
    return Q(report__sent_at__gt=F("due_at")) | Q(report__isnull=True, due_at__lt=now)


def overdue_emergencies(now: datetime.datetime | None = None, *, user=None) -> QuerySet[Emergency]:
    """R-1 / A-2: emergencies not reported in time – reported late, or unreported past the due
    time. Accountability (A-2, ``supervision.sources``) opens its grounds from these. Without ``user``, all."""
    now = now or timezone.now()
    queryset = (
        visible_emergencies(user)
        if user is not None
        else Emergency.objects.select_related("committee", "committee__parent", "recorded_by", "report")
    )
    return queryset.filter(not_reported_in_time(now)).order_by("due_at")
