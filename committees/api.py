"""REST API: committees, people, roles and rule sets, filtered exactly like the pages."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, serializers, viewsets
from rest_framework.response import Response

from . import selectors, site_search
from .models import Committee, Person, Portfolio, Role, RoleAssignment, RuleSet, RuleSetVersion


class CommitteeSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "level", "level_display", "parent", "rule_set"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "gender", "position"]


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    term = serializers.IntegerField(source="term.number", read_only=True, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "person",
            "person_name",
            "committee",
            "committee_name",
            "role",
            "role_display",
            "start_date",
            "end_date",
            "term",
        ]


class PortfolioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Portfolio
        fields = ["id", "person", "committee", "area", "description", "start_date", "end_date"]


class RuleSetVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleSetVersion
        exclude = ["rule_set", "created_by"]


class RuleSetSerializer(serializers.ModelSerializer):
    versions = RuleSetVersionSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = ["id", "name", "description", "is_default", "versions"]


def visible_committee_choices(request):
    """Filter choices come from what the user may see: an unseen committee is just "invalid"."""
    return selectors.visible_committees(request.user) if request else Committee.objects.none()


def visible_people_choices(request):
    return selectors.visible_people(request.user) if request else Person.objects.none()


class CommitteeFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)

    class Meta:
        model = Committee
        fields = ["level", "parent"]


class RoleAssignmentFilter(django_filters.FilterSet):
    on = django_filters.DateFilter(method="filter_on", label="Held on date")
    role = django_filters.MultipleChoiceFilter(choices=Role.choices)
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    person = django_filters.ModelChoiceFilter(queryset=visible_people_choices)

    class Meta:
        model = RoleAssignment
        fields = ["committee", "person", "role"]

    def filter_on(self, queryset, name, value):
        return queryset.on(value)


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter

    def get_queryset(self):
        return selectors.visible_committees(self.request.user).order_by("pk")


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return selectors.visible_people(self.request.user).order_by("pk")


class RoleAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilter

    def get_queryset(self):
        return selectors.visible_role_assignments(self.request.user).order_by("pk")


class PortfolioFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    person = django_filters.ModelChoiceFilter(queryset=visible_people_choices)

    class Meta:
        model = Portfolio
        fields = ["committee", "person", "area"]


class PortfolioViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PortfolioSerializer
    filterset_class = PortfolioFilter

    def get_queryset(self):
        return Portfolio.objects.filter(committee__in=selectors.visible_committees(self.request.user)).order_by("pk")


class RuleSetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RuleSetSerializer

    def get_queryset(self):
        return selectors.rule_sets().order_by("pk")


router = routers.DefaultRouter()


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    snippet = serializers.CharField()
    url = serializers.CharField()
    context = serializers.CharField()


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.key")
    label = serializers.CharField(source="kind.label")
    count = serializers.IntegerField(help_text="Counted up to the cap; see is_capped.")
    is_capped = serializers.BooleanField()
    hits = SearchHitSerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    words = serializers.ListField(child=serializers.CharField())
    groups = SearchGroupSerializer(many=True)


class SiteSearchViewSet(viewsets.ViewSet):
    """Issue 14: the site search of the header's box (``committees.site_search``) – meetings, agenda
    items, decisions, minutes, supervision items, accountability cases, petitions and people, only
    what the user may see, ranked, the newest hits of each kind first."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="The words, all of which must match.")],
        responses=SearchResultSerializer,
    )
    def list(self, request):
        try:
            query = site_search.parse_query(request.query_params.get("q"))
        except ValidationError as refusal:
            raise serializers.ValidationError({"q": refusal.messages}) from refusal
        groups = [group for group in site_search.search(request.user, query) if group.count]
        return Response(SearchResultSerializer({"words": list(query.words), "groups": groups}).data)


router.register("committees", CommitteeViewSet, basename="committee")
router.register("people", PersonViewSet, basename="person")
router.register("roles", RoleAssignmentViewSet, basename="roleassignment")
router.register("portfolios", PortfolioViewSet, basename="portfolio")
router.register("rule-sets", RuleSetViewSet, basename="ruleset")
router.register("search", SiteSearchViewSet, basename="site-search")
