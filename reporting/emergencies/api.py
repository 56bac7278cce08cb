"""REST API for emergency reports (R-1): /api/emergencies/ – the same filtering as the pages."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from committees.actors import person_of
from committees.models import Committee

from . import selectors, services
from .forms import ReportState
from .models import Emergency, EmergencyFollowUp, EmergencyKind, EmergencyReport


class EmergencyReportSerializer(serializers.ModelSerializer):
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = EmergencyReport
        fields = ["sent_at", "recipient_committee", "recipient", "text", "sent_by", "is_late", "created_at"]


class EmergencyFollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyFollowUp
        fields = ["id", "at", "text", "recorded_by", "created_at"]


class EmergencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    report = EmergencyReportSerializer(source="first_report", read_only=True)
    follow_ups = EmergencyFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Emergency
        fields = [
            "id",
            "committee",
            "committee_name",
            "title",
            "kind",
            "kind_display",
            "place",
            "description",
            "occurred_at",
            "known_at",
            "known_by",
            "due_at",
            "recorded_by",
            "rule_set_version",
            "report",
            "follow_ups",
        ]


class EmergencyInputSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=EmergencyKind.choices)
    place = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    known_at = serializers.DateTimeField()
    known_by = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only committees the user acts for; another committee is simply "invalid".
            self.fields["committee"].queryset = selectors.acting_committees(request.user)


class ReportInputSerializer(serializers.Serializer):
    sent_at = serializers.DateTimeField()
    recipient = serializers.CharField(max_length=200)
    text = serializers.CharField()


class FollowUpInputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()


def _emergency_committees(request):
    if request is None:
        return Committee.objects.none()
    return Committee.objects.filter(pk__in=selectors.visible_emergencies(request.user).values("committee_id"))


class EmergencyApiFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_emergency_committees)
    state = django_filters.ChoiceFilter(choices=ReportState.CHOICES, method="filter_state")

    class Meta:
        model = Emergency
        fields = ["committee", "kind", "state"]

    def filter_state(self, queryset, name, value):
        if value == ReportState.REPORTED:
            return queryset.filter(report__isnull=False)
        if value == ReportState.UNREPORTED:
            return queryset.filter(report__isnull=True)
        return queryset.filter(selectors.not_reported_in_time(timezone.now()))


class EmergencyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Emergencies the user sees; office staff, secretary and deputies record them and their reports."""

    serializer_class = EmergencySerializer
    filterset_class = EmergencyApiFilter

    def get_queryset(self):
        return (
            selectors.visible_emergencies(self.request.user).prefetch_related("follow_ups").order_by("-known_at", "-pk")
        )

    def get_serializer_class(self):
        return EmergencyInputSerializer if self.action == "create" else EmergencySerializer

    def create(self, request, *args, **kwargs):
        data = EmergencyInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        emergency = services.record_emergency(
            recorded_by=person_of(request.user), acting_user=request.user, **data.validated_data
        )
        return Response(EmergencySerializer(emergency).data, status=status.HTTP_201_CREATED)

    def _acting(self) -> Emergency:
        emergency = self.get_object()
        if not selectors.can_act(self.request.user, emergency.committee):
            raise PermissionDenied
        return emergency

    @action(detail=True, methods=["post"], serializer_class=ReportInputSerializer)
    def report(self, request, pk=None):
        """R-1: record the report sent to the higher-level committee (settles the deadline)."""
        emergency = self._acting()
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.send_report(
            emergency, sent_by=person_of(request.user), acting_user=request.user, **data.validated_data
        )
        return Response(EmergencySerializer(self.get_object()).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="follow-ups", serializer_class=FollowUpInputSerializer)
    def follow_ups(self, request, pk=None):
        emergency = self._acting()
        data = FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.add_follow_up(
            emergency, recorded_by=person_of(request.user), acting_user=request.user, **data.validated_data
        )
        return Response(EmergencySerializer(self.get_object()).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("emergencies", EmergencyViewSet, basename="emergency")
