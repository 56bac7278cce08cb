"""REST API of daily work logs (X-5): /api/work-logs/, read-only – one's own logs, and the logs of
the committees whose week the user sees (principal leader, office, organisation department)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices

from . import selectors
from .models import CarriedItem, WorkLog


class CarriedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CarriedItem
        fields = ["text", "reason", "new_date"]


class WorkLogSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    carried = CarriedItemSerializer(many=True, read_only=True)

    class Meta:
        model = WorkLog
        fields = [
            "id",
            "person",
            "person_name",
            "committee",
            "day",
            "summary",
            "plan",
            "plan_day",
            "submitted_at",
            "is_late",
            "carried",
            "rule_set_version",
        ]


class WorkLogFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    day = django_filters.DateFromToRangeFilter()

    class Meta:
        model = WorkLog
        fields = ["committee", "person", "day"]


class WorkLogViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkLogSerializer
    filterset_class = WorkLogFilter

    def get_queryset(self):
        return selectors.visible_logs(self.request.user).order_by("-day", "person__name", "pk")


def register(router) -> None:
    router.register("work-logs", WorkLogViewSet, basename="work-log")
