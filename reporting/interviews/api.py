"""REST API of requested interviews (X-4), read-only: /api/interview-days/ (the reception days of
the committees one sees) and /api/interview-requests/ (one's own, those to oneself, and those of
the committees where one is in the organisation department – 四.4, kept confidential)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices

from . import selectors
from .models import InterviewDay, InterviewRequest, InterviewState, Topic


class InterviewDaySerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = InterviewDay
        fields = ["id", "committee", "day", "leader", "leader_name", "place"]


class InterviewRequestSerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    topic_display = serializers.CharField(source="get_topic_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = InterviewRequest
        fields = [
            "id",
            "committee",
            "requester",
            "requester_name",
            "leader",
            "leader_name",
            "channel",
            "topic",
            "topic_display",
            "summary",
            "is_urgent",
            "day",
            "scheduled_at",
            "place",
            "state",
            "state_display",
            "held_at",
            "record",
            "explanation",
            "created_at",
        ]


class DayFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    after = django_filters.DateFilter(field_name="day", lookup_expr="gte")

    class Meta:
        model = InterviewDay
        fields = ["committee", "leader", "after"]


class RequestFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    state = django_filters.ChoiceFilter(choices=InterviewState.choices)
    topic = django_filters.ChoiceFilter(choices=Topic.choices)

    class Meta:
        model = InterviewRequest
        fields = ["committee", "state", "topic"]


class InterviewDayViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InterviewDaySerializer
    filterset_class = DayFilter

    def get_queryset(self):
        return selectors.visible_days(self.request.user).order_by("day", "pk")


class InterviewRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InterviewRequestSerializer
    filterset_class = RequestFilter

    def get_queryset(self):
        return selectors.visible_requests(self.request.user).order_by("-created_at", "-pk")


def register(router) -> None:
    router.register("interview-days", InterviewDayViewSet, basename="interview-day")
    router.register("interview-requests", InterviewRequestViewSet, basename="interview-request")
