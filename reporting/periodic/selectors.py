"""Read queries for recurring reports, filtered by what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from committees.models import Committee, Role
from committees.selectors import committees_where_holding, visible_committees

from .models import PeriodicObligation

#: The reporting side: the office, secretary and deputy secretaries of the reporting committee.
ACTING_ROLES = (Role.OFFICE_STAFF, Role.SECRETARY, Role.DEPUTY_SECRETARY)


def acting_committees(user, on: datetime.date | None = None) -> QuerySet[Committee]:
    return committees_where_holding(user, ACTING_ROLES, on)


def submitting_committee(obligation: PeriodicObligation) -> Committee:
    """Who submits: the reporting committee; for a party group, the receiving committee's office
    records the report it received."""
    return obligation.reporting_committee or obligation.receiving_committee


def can_submit(user, obligation: PeriodicObligation) -> bool:
    return acting_committees(user).filter(pk=submitting_committee(obligation).pk).exists()


def visible_obligations(user) -> QuerySet[PeriodicObligation]:
    """Reports owed by, or owed to, a committee the user sees."""
    if not user.is_authenticated:
        return PeriodicObligation.objects.none()
    visible = visible_committees(user).values("pk")
    return PeriodicObligation.objects.filter(
        Q(reporting_committee__in=visible) | Q(receiving_committee__in=visible)
    ).select_related("reporting_committee", "receiving_committee", "submitted_by")


def overdue(today: datetime.date) -> Q:
    return Q(submitted_at__isnull=True, due_date__lt=today)


def late() -> Q:
    """Submitted after the due date (the day in Asia/Shanghai)."""
    return Q(submitted_at__date__gt=F("due_date"))


def by_period(queryset: QuerySet[PeriodicObligation], today: datetime.date | None = None) -> QuerySet:
    """Reports grouped by kind and period, with how many came in, late, missing and overdue."""
    today = today or timezone.localdate()
    return (
        queryset.values("kind", "period_start", "period_end", "period_label", "due_date")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            late=Count("pk", filter=late()),
            missing=Count("pk", filter=Q(submitted_at__isnull=True)),
            overdue=Count("pk", filter=overdue(today)),
        )
        .order_by("-period_start", "kind", "period_end")
    )


def roster(
    committee: Committee, kind: str, period_start: datetime.date, today: datetime.date | None = None
) -> QuerySet[PeriodicObligation]:
    """Who has and has not reported to ``committee`` for one kind and period: overdue first,
    then not yet reported, then reported."""
    today = today or timezone.localdate()
    return (
        PeriodicObligation.objects.filter(receiving_committee=committee, kind=kind, period_start=period_start)
        .select_related("reporting_committee", "receiving_committee", "submitted_by")
        .annotate(
            rank=Case(
                When(overdue(today), then=Value(0)),
                When(submitted_at__isnull=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "reporting_committee__name", "reporting_unit", "pk")
    )


def roster_counts(queryset: QuerySet[PeriodicObligation], today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return queryset.order_by().aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        late=Count("pk", filter=late()),
        missing=Count("pk", filter=Q(submitted_at__isnull=True)),
        overdue=Count("pk", filter=overdue(today)),
    )
