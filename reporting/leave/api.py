"""REST API of leave requests and their steps: list/read what the user sees, submit, decide."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from committees.actors import person_of
from committees.models import TEAM_ROLES, Committee, Person
from committees.selectors import committees_where_holding

from . import selectors, services
from .models import LeaveKind, LeaveRequest, LeaveStep


class LeaveStepSerializer(serializers.ModelSerializer):
    approver_name = serializers.CharField(source="approver.name", read_only=True, allow_null=True)
    stands_in_for_name = serializers.CharField(source="stands_in_for.name", read_only=True, allow_null=True)
    title = serializers.CharField(source="title_text", read_only=True)  # in the request's language

    class Meta:
        model = LeaveStep
        fields = [
            "id",
            "request",
            "round",
            "order",
            "kind",
            "rule_id",
            "committee",
            "role",
            "title",
            "approver",
            "approver_name",
            "stands_in_for",
            "stands_in_for_name",
            "state",
            "annotation",
            "decided_by",
            "decided_at",
        ]


class LeaveRequestSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    chain_rule = serializers.CharField(source="chain_rule_text", read_only=True)  # in the request's language
    steps = serializers.SerializerMethodField()

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "committee",
            "person",
            "person_name",
            "requester_role",
            "kind",
            "reason",
            "destination",
            "start_date",
            "starts_afternoon",
            "end_date",
            "ends_morning",
            "calendar_days",
            "working_days",
            "covered_by",
            "contact",
            "urgency_reason",
            "is_late",
            "state",
            "request_date",
            "submitted_at",
            "round",
            "chain_rule",
            "returned_at",
            "briefing",
            "rule_set_version",
            "steps",
        ]

    def get_steps(self, obj):
        return LeaveStepSerializer([s for s in obj.steps.all() if s.round == obj.round], many=True).data


class SubmitSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    kind = serializers.ChoiceField(choices=LeaveKind.choices)
    reason = serializers.CharField()
    destination = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    starts_afternoon = serializers.BooleanField(default=False)
    end_date = serializers.DateField()
    ends_morning = serializers.BooleanField(default=False)
    covered_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    contact = serializers.CharField(max_length=100)
    urgency_reason = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject", "return", "acknowledge"])
    annotation = serializers.CharField(required=False, allow_blank=True, default="")


class LeaveRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Requests the user sees. ``POST`` submits one for the signed-in member (the chain is computed)."""

    serializer_class = LeaveRequestSerializer
    filterset_fields = ["state", "kind", "committee"]

    def get_queryset(self):
        return selectors.visible_requests(self.request.user).prefetch_related("steps").order_by("-start_date", "-pk")

    def get_serializer_class(self):
        return SubmitSerializer if self.action == "create" else LeaveRequestSerializer

    def create(self, request, *args, **kwargs):
        person = person_of(request.user)
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if (
            person is None
            or not committees_where_holding(request.user, TEAM_ROLES)
            .filter(pk=payload.validated_data["committee"].pk)
            .exists()
        ):
            raise PermissionDenied
        leave = services.submit(person=person, acting_user=request.user, **payload.validated_data)
        leave = self.get_queryset().get(pk=leave.pk)
        return Response(LeaveRequestSerializer(leave).data, status=status.HTTP_201_CREATED)


class LeaveStepViewSet(viewsets.ReadOnlyModelViewSet):
    """Steps of the requests the user sees; ``?pending=1`` for the user's inbox and filing inbox.
    ``POST …/decide/`` approves, rejects, returns or acknowledges (L-7)."""

    serializer_class = LeaveStepSerializer
    filterset_fields = ["state", "kind", "rule_id", "request"]

    def get_queryset(self):
        if self.request.query_params.get("pending"):
            # Unordered parts: SQLite refuses an ORDER BY inside a UNION's part.
            inbox = selectors.approval_inbox(self.request.user).order_by().values("pk")
            filing = selectors.filing_inbox(self.request.user).order_by().values("pk")
            return LeaveStep.objects.filter(pk__in=inbox.union(filing)).order_by("pk")
        return LeaveStep.objects.filter(
            request__in=selectors.visible_requests(self.request.user).values("pk")
        ).order_by("request", "round", "order")

    def get_serializer_class(self):
        return DecideSerializer if self.action == "decide" else LeaveStepSerializer

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        step = self.get_object()
        if not services.can_decide(person_of(request.user), step, timezone.localdate()):
            raise PermissionDenied  # L-3: the approver of this step, as on the page
        payload = DecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        step = services.decide(step, acting_user=request.user, **payload.validated_data)
        return Response(LeaveStepSerializer(step).data)


def register(router) -> None:
    router.register("leave-requests", LeaveRequestViewSet, basename="leave-request")
    router.register("leave-steps", LeaveStepViewSet, basename="leave-step")
