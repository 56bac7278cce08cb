"""REST API for recurring reports: /api/periodic-reports/ – the same filtering as the pages."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from committees.actors import person_of
from committees.api import visible_committee_choices
from committees.uploads import validate_document

from . import selectors, services
from .forms import ObligationState, filter_state
from .models import PeriodicObligation, PeriodicReportKind


class PeriodicObligationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    reporter_name = serializers.CharField(read_only=True)
    receiving_committee_name = serializers.CharField(source="receiving_committee.name", read_only=True)
    is_submitted = serializers.BooleanField(read_only=True)
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = PeriodicObligation
        fields = [
            "id",
            "kind",
            "kind_display",
            "reporting_committee",
            "reporting_unit",
            "reporter_name",
            "receiving_committee",
            "receiving_committee_name",
            "period_start",
            "period_end",
            "period_label",
            "due_date",
            "is_submitted",
            "submitted_at",
            "submitted_by",
            "text",
            "attachment_url",
            "rule_set_version",
        ]

    def get_attachment_url(self, obligation) -> str | None:
        """Downloads go through the page, which checks who may see the report."""
        return reverse("periodic_attachment", args=[obligation.pk]) if obligation.attachment else None


class SubmitSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None, validators=[validate_document])


class PeriodicObligationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PeriodicReportKind.choices)
    state = django_filters.ChoiceFilter(choices=ObligationState.CHOICES, method="filter_state")
    reporting_committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    receiving_committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    period_start = django_filters.DateFilter()

    class Meta:
        model = PeriodicObligation
        fields = ["kind", "state", "reporting_committee", "receiving_committee", "period_start"]

    def filter_state(self, queryset, name, value):
        return filter_state(queryset, value)


class PeriodicObligationViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports owed by or to the committees the user sees; the reporting side submits them."""

    serializer_class = PeriodicObligationSerializer
    filterset_class = PeriodicObligationFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.visible_obligations(self.request.user).order_by("due_date", "pk")

    @action(detail=True, methods=["post"], serializer_class=SubmitSerializer)
    def submit(self, request, pk=None):
        obligation = self.get_object()
        if not selectors.can_submit(request.user, obligation):
            raise PermissionDenied
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obligation = services.submit(
            obligation, submitted_by=person_of(request.user), acting_user=request.user, **data.validated_data
        )
        return Response(PeriodicObligationSerializer(obligation).data, status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("periodic-reports", PeriodicObligationViewSet, basename="periodic-report")
