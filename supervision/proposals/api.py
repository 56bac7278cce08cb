"""REST API of delegates' proposals (M-C4): /api/proposals/, read-only, for the committees one
sees (proposals move on the pages)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices
from committees.forms import YearFilter

from . import selectors
from .models import Proposal, ProposalState


class ProposalSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "committee",
            "year",
            "author",
            "author_name",
            "cosigners",
            "title",
            "reasons",
            "suggestions",
            "submitted_at",
            "state",
            "state_display",
            "decision_note",
            "decided_at",
            "satisfaction",
            "satisfaction_note",
        ]


class ProposalFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    state = django_filters.ChoiceFilter(choices=ProposalState.choices)
    year = YearFilter()

    class Meta:
        model = Proposal
        fields = ["committee", "state", "year"]


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self):
        return selectors.visible_proposals(self.request.user).prefetch_related("cosigners").order_by("-year", "pk")


def register(router) -> None:
    router.register("proposals", ProposalViewSet, basename="proposal")
