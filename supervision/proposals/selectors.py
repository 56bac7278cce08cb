"""Read queries of delegates' proposals (M-C4): those of the committees one sees, and the report
the annual session hears."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from committees.models import Committee
from committees.selectors import in_visible_committees
from supervision.models import SourceKind, SupervisionItem

from .models import Proposal


def visible_proposals(user) -> QuerySet[Proposal]:
    return Proposal.objects.filter(in_visible_committees(user)).select_related("committee", "author")


@dataclass
class ReportRow:
    number: int
    proposal: Proposal
    item: SupervisionItem | None


def report(committee: Committee, year: int) -> list[ReportRow]:
    """M-C4: every proposal to the annual session of ``year`` in the order submitted, numbered,
    with the supervision item that handles an accepted one – three queries."""
    proposals = list(
        Proposal.objects.filter(committee=committee, year=year)
        .select_related("author", "decided_by")
        .prefetch_related("cosigners")
        .order_by("submitted_at", "pk")
    )
    items = SupervisionItem.objects.filter(
        source_kind=SourceKind.CONGRESS_PROPOSAL,
        source_content_type=ContentType.objects.get_for_model(Proposal),
        source_object_id__in=[p.pk for p in proposals],
    ).select_related("unit_committee")
    by_source = {item.source_object_id: item for item in items}
    return [ReportRow(number, p, by_source.get(p.pk)) for number, p in enumerate(proposals, start=1)]
