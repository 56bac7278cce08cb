"""REST API of the openness assessment (X-2): /api/openness-checks/, read-only, for the units and
assessing committees the user sees (checks are recorded on the pages, which keep the duties)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from committees.api import visible_committee_choices
from committees.forms import YearFilter

from . import selectors
from .models import CheckKind, Grade, OpennessCheck


class OpennessCheckSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = OpennessCheck
        fields = [
            "id",
            "committee",
            "unit",
            "unit_name",
            "kind",
            "kind_display",
            "year",
            "held_on",
            "score_content",
            "score_system",
            "score_publicity",
            "score_supervision",
            "score_other",
            "total",
            "grade",
            "grade_display",
            "findings",
            "assessors",
            "rule_set_version",
        ]


class CheckFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    unit = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    kind = django_filters.ChoiceFilter(choices=CheckKind.choices)
    grade = django_filters.ChoiceFilter(choices=Grade.choices)
    year = YearFilter()

    class Meta:
        model = OpennessCheck
        fields = ["committee", "unit", "kind", "grade", "year"]


class OpennessCheckViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OpennessCheckSerializer
    filterset_class = CheckFilter

    def get_queryset(self):
        return selectors.visible_checks(self.request.user).order_by("-held_on", "-pk")


def register(router) -> None:
    router.register("openness-checks", OpennessCheckViewSet, basename="openness-check")
