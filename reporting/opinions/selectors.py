"""Read queries of public opinion (X-1): the entries a user sees, and a committee's month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from committees.models import Committee
from committees.selectors import in_visible_committees

from .models import Adoption, OpinionEntry, OpinionState, OpinionTopic


def visible_entries(user) -> QuerySet[OpinionEntry]:
    """The entries of the committees the user sees, and those collected by units the user sees."""
    return OpinionEntry.objects.filter(
        in_visible_committees(user, "committee") | in_visible_committees(user, "source")
    ).select_related("committee", "source")


#: The outcome columns of the monthly summary, each a condition on an entry.
OUTCOMES = {
    "received": Q(),
    "screened_out": Q(state=OpinionState.SCREENED_OUT),
    "pending": Q(state__in=(OpinionState.COLLECTED, OpinionState.SUBMITTED, OpinionState.ANALYSED)),
    "adopted": Q(adoption=Adoption.ADOPTED),
    "partly": Q(adoption=Adoption.PARTLY),
    "not_adopted": Q(adoption=Adoption.NOT_ADOPTED),
    "answered": Q(state=OpinionState.ANSWERED),
}


@dataclass
class SummaryRow:
    label: str
    counts: dict[str, int]


@dataclass
class MonthlySummary:
    """X-1: a committee's public opinion received in a month, by source, topic and outcome (as of
    ``as_of``: an entry's outcome is the one it has now)."""

    committee: Committee
    month: datetime.date
    as_of: datetime.date
    total: SummaryRow
    by_source: list[SummaryRow] = field(default_factory=list)
    by_topic: list[SummaryRow] = field(default_factory=list)

    @property
    def total_rows(self) -> list[SummaryRow]:
        return [self.total]


def _counts(values: dict) -> dict[str, int]:
    return {key: values[key] or 0 for key in OUTCOMES}


def monthly_summary(committee: Committee, month: datetime.date, today: datetime.date | None = None) -> MonthlySummary:
    """Three aggregate queries: the whole month, by source unit, by topic."""
    month = month.replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    entries = OpinionEntry.objects.filter(committee=committee, received_on__gte=month, received_on__lt=following)
    aggregates = {key: Count("pk", filter=condition) for key, condition in OUTCOMES.items()}
    total = SummaryRow("", _counts(entries.aggregate(**aggregates)))
    by_source = [
        SummaryRow(values["source__name"], _counts(values))
        for values in entries.values("source__name").annotate(**aggregates).order_by("source__name")
    ]
    topics = {values["topic"]: values for values in entries.values("topic").annotate(**aggregates)}
    by_topic = [SummaryRow(str(t.label), _counts(topics[t.value])) for t in OpinionTopic if t.value in topics]
    return MonthlySummary(committee, month, today or timezone.localdate(), total, by_source, by_topic)
