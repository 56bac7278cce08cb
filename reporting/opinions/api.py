"""REST API of public opinion (X-1): /api/opinion-entries/, read-only, for the committees and the
source units one sees (entries move on the pages, which keep the feedback deadline)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices
from committees.forms import MonthFilter

from . import selectors
from .models import Adoption, OpinionEntry, OpinionState, OpinionTopic


class OpinionEntrySerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    topic_display = serializers.CharField(source="get_topic_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = OpinionEntry
        fields = [
            "id",
            "committee",
            "source",
            "source_name",
            "source_detail",
            "reporter_kind",
            "reporter",
            "channel",
            "topic",
            "topic_display",
            "received_on",
            "title",
            "content",
            "state",
            "state_display",
            "verification",
            "submitted_on",
            "analysis",
            "proposal",
            "adoption",
            "adoption_note",
            "decided_on",
            "feedback",
            "answered_on",
            "rule_set_version",
        ]


class EntryFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    source = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    state = django_filters.ChoiceFilter(choices=OpinionState.choices)
    topic = django_filters.ChoiceFilter(choices=OpinionTopic.choices)
    adoption = django_filters.ChoiceFilter(choices=Adoption.choices)
    month = MonthFilter(method="in_month")

    class Meta:
        model = OpinionEntry
        fields = ["committee", "source", "state", "topic", "adoption", "month"]

    def in_month(self, queryset, name, value):
        return queryset.filter(received_on__year=value.year, received_on__month=value.month)


class OpinionEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OpinionEntrySerializer
    filterset_class = EntryFilter

    def get_queryset(self):
        return selectors.visible_entries(self.request.user).order_by("-received_on", "-pk")


def register(router) -> None:
    router.register("opinion-entries", OpinionEntryViewSet, basename="opinion-entry")
