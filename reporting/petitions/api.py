"""REST API of petitions: read-only, filtered by the committees the user sees, plus ``answer``."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from . import selectors, services
from .filters import PetitionFilter
from .models import Petition, Petitioner, PetitionExtension


class PetitionerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petitioner
        fields = ["id", "name", "phone", "id_number", "is_representative"]


class PetitionExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PetitionExtension
        fields = [
            "number",
            "days",
            "reason",
            "previous_due_at",
            "new_due_at",
            "petitioner_told_on",
            "petitioner_told_how",
            "created_at",
        ]


class PetitionSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    receiving_leader_name = serializers.CharField(source="receiving_leader.name", read_only=True)
    reception_type_display = serializers.CharField(source="get_reception_type_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    responsible_unit = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    petitioners = PetitionerSerializer(many=True, read_only=True)
    extensions = PetitionExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "committee",
            "committee_name",
            "reception_type",
            "reception_type_display",
            "received_at",
            "place",
            "receiving_leader",
            "receiving_leader_name",
            "content",
            "petitioners",
            "state",
            "state_display",
            "instruction",
            "responsible_committee",
            "responsible_department",
            "responsible_unit",
            "transferred_at",
            "is_answered_at_once",
            "due_at",
            "is_overdue",
            "extensions",
            "answer",
            "answered_at",
            "rule_set_version",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return data
        if "handling_ids" not in self.context:  # once per list, not per row
            self.context["handling_ids"] = selectors.handling_committee_ids(request.user)
        handling_ids = self.context["handling_ids"]
        if not selectors.may_see_petitioner_identity(request.user, instance, handling_ids=handling_ids):
            for petitioner in data["petitioners"]:
                petitioner["phone"] = petitioner["id_number"] = None
        return data


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(required=False, allow_null=True)


class PetitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Petitions of the committees the user sees. ``POST …/answer/`` closes one (P-3)."""

    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter

    def get_queryset(self):
        return (
            selectors.visible_petitions(self.request.user)
            .prefetch_related("petitioners", "extensions")
            .order_by("-received_at", "-pk")
        )

    def get_serializer_class(self):
        return AnswerSerializer if self.action == "answer" else PetitionSerializer

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        petition = self.get_object()
        if not selectors.can_handle(request.user, petition):
            raise PermissionDenied
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = services.answer(
            petition,
            answer=payload.validated_data["answer"],
            answered_at=payload.validated_data.get("answered_at"),
            acting_user=request.user,
        )
        petition = self.get_queryset().get(pk=petition.pk)
        return Response(PetitionSerializer(petition, context=self.get_serializer_context()).data)


def register(router) -> None:
    router.register("petitions", PetitionViewSet, basename="petition")
