"""REST API of grassroots time (X-6): /api/grassroots-entries/ and /api/grassroots-floors/, read-only,
for the committees the user sees (entries are recorded on the pages, which keep the floors)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices
from committees.forms import YearFilter

from . import selectors
from .models import EntryKind, GrassrootsEntry, GrassrootsTarget, Measure


class GrassrootsEntrySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = GrassrootsEntry
        fields = [
            "id",
            "person",
            "person_name",
            "committee",
            "kind",
            "kind_display",
            "start_date",
            "end_date",
            "days",
            "place",
            "is_village",
            "is_backward_village",
            "topic",
            "note",
            "rule_set_version",
        ]


class GrassrootsTargetSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    measure_display = serializers.CharField(source="get_measure_display", read_only=True)

    class Meta:
        model = GrassrootsTarget
        fields = [
            "id",
            "person",
            "person_name",
            "committee",
            "year",
            "measure",
            "measure_display",
            "floor",
            "done",
            "remaining",
            "is_met",
            "rule_set_version",
        ]


class EntryFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices)
    year = YearFilter(field_name="start_date", lookup_expr="year")

    class Meta:
        model = GrassrootsEntry
        fields = ["committee", "person", "kind", "year"]


class TargetFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    measure = django_filters.ChoiceFilter(choices=Measure.choices)
    year = YearFilter()

    class Meta:
        model = GrassrootsTarget
        fields = ["committee", "person", "measure", "year"]


class GrassrootsEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrassrootsEntrySerializer
    filterset_class = EntryFilter

    def get_queryset(self):
        return selectors.visible_entries(self.request.user).order_by("-start_date", "-pk")


class GrassrootsTargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrassrootsTargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self):
        return selectors.visible_targets(self.request.user).order_by("-year", "person__name", "measure", "pk")


def register(router) -> None:
    router.register("grassroots-entries", GrassrootsEntryViewSet, basename="grassroots-entry")
    router.register("grassroots-floors", GrassrootsTargetViewSet, basename="grassroots-floor")
