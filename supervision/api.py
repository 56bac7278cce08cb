"""REST API of supervision items: read, filtered like the pages, plus the S-2 workflow actions.
A refused step becomes 409 ``{"rule": "S-2", "detail": …}`` through the project's handler."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from supervision.evaluation.api import register as register_evaluation
from supervision.proposals.api import register as register_proposals

from . import selectors, services
from .filters import ItemFilter
from .models import AccountabilityCase, Inspection, LetterInquiry, Responsibility, Sanction, SupervisionItem


class SupervisionItemSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    undertaking_unit = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "committee",
            "committee_name",
            "source_kind",
            "source_content_type",
            "source_object_id",
            "matter",
            "basis",
            "requirements",
            "unit_committee",
            "unit_name",
            "undertaking_unit",
            "responsible_person",
            "leader_in_charge",
            "feedback_deadline",
            "state",
            "state_display",
            "approved_at",
            "assigned_at",
            "closed_at",
            "closing_report",
            "rule_set_version",
        ]


class StepSerializer(serializers.Serializer):
    """Fields of the workflow steps; each step reads the ones it needs."""

    contact = serializers.CharField(required=False, default="")
    contacted_on = serializers.DateField(required=False, allow_null=True, default=None)
    content = serializers.CharField(required=False, default="")
    is_finished = serializers.BooleanField(required=False, default=True)
    unfinished_reason = serializers.CharField(required=False, default="")
    next_report_date = serializers.DateField(required=False, allow_null=True, default=None)
    opinions = serializers.CharField(required=False, default="")
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    closing_report = serializers.CharField(required=False, default="")


def _step(view, request, pk, run):
    """A refusal of the step answers through ``committees.errors.api_exception_handler``."""
    item = view.get_object()
    if getattr(request.user, "person", None) is None:
        raise PermissionDenied
    payload = StepSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    run(item, request.user, payload.validated_data)
    item = view.get_queryset().get(pk=item.pk)
    return Response(SupervisionItemSerializer(item).data)


class SupervisionItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Supervision items the user may see. POST …/approve|assign|urge|feedback|accept|reject|close/."""

    serializer_class = SupervisionItemSerializer
    filterset_class = ItemFilter

    def get_queryset(self):
        return selectors.item_list(self.request.user)

    def get_serializer_class(self):
        return SupervisionItemSerializer if self.action in ("list", "retrieve") else StepSerializer

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return _step(self, request, pk, lambda item, user, data: services.approve(item, acting_user=user))

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return _step(self, request, pk, lambda item, user, data: services.assign(item, acting_user=user))

    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        def run(item, user, data):
            if data["contacted_on"] is None:
                raise DjangoValidationError("contacted_on is required.")
            services.urge(
                item,
                contact=data["contact"],
                contacted_on=data["contacted_on"],
                content=data["content"],
                acting_user=user,
            )

        return _step(self, request, pk, run)

    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        def run(item, user, data):
            services.submit_feedback(
                item,
                content=data["content"],
                acting_user=user,
                is_finished=data["is_finished"],
                unfinished_reason=data["unfinished_reason"],
                next_report_date=data["next_report_date"],
            )

        return _step(self, request, pk, run)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return _step(
            self,
            request,
            pk,
            lambda item, user, data: services.accept(item, acting_user=user, opinions=data["opinions"]),
        )

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return _step(
            self,
            request,
            pk,
            lambda item, user, data: services.reject(
                item, acting_user=user, opinions=data["opinions"], new_deadline=data["new_deadline"]
            ),
        )

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return _step(
            self,
            request,
            pk,
            lambda item, user, data: services.close(item, closing_report=data["closing_report"], acting_user=user),
        )


class InspectionSerializer(serializers.ModelSerializer):
    undertaking_unit = serializers.CharField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "committee",
            "item",
            "unit_committee",
            "unit_name",
            "undertaking_unit",
            "period_start",
            "period_end",
            "inspected_on",
            "result",
            "problems",
            "leader_in_charge",
            "unit_head",
            "person_concerned",
            "rectification_reported_at",
            "reported_to",
            "rule_set_version",
        ]


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer

    def get_queryset(self):
        return selectors.visible_inspections(self.request.user).order_by("-inspected_on", "-pk")


class ResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["id", "person", "position", "degree"]


class SanctionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sanction
        fields = ["id", "kind", "note"]


class AccountabilityCaseSerializer(serializers.ModelSerializer):
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    sanctions = SanctionSerializer(many=True, read_only=True)

    class Meta:
        model = AccountabilityCase
        fields = [
            "id",
            "committee",
            "subject_committee",
            "subject_person",
            "ground",
            "facts",
            "source_content_type",
            "source_object_id",
            "is_self_corrected",
            "mitigation",
            "mitigation_note",
            "is_referred_to_judicial",
            "decided_on",
            "decided_by",
            "opened_at",
            "responsibilities",
            "sanctions",
            "rule_set_version",
        ]


class AccountabilityCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Accountability cases the user may see. POST …/sanction/ ``{"kind", "note"}`` (A-4 → 409)."""

    serializer_class = AccountabilityCaseSerializer

    def get_queryset(self):
        return selectors.visible_cases(self.request.user).prefetch_related("responsibilities", "sanctions")

    def get_serializer_class(self):
        return SanctionSerializer if self.action == "sanction" else AccountabilityCaseSerializer

    @action(detail=True, methods=["post"])
    def sanction(self, request, pk=None):
        case = self.get_object()
        if not services.handles_cases(getattr(request.user, "person", None), case.committee):
            raise PermissionDenied
        payload = SanctionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.add_sanction(
            case,
            kind=payload.validated_data["kind"],
            note=payload.validated_data.get("note", ""),
            acting_user=request.user,
        )
        return Response(AccountabilityCaseSerializer(self.get_queryset().get(pk=case.pk)).data)


class LetterInquirySerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterInquiry
        fields = [
            "id",
            "committee",
            "person",
            "case",
            "previous",
            "letter",
            "sent_on",
            "reply_due_on",
            "reply",
            "replied_on",
            "is_refused",
            "outcome",
            "is_flagged",
            "rule_set_version",
        ]


class LetterInquiryViewSet(viewsets.ReadOnlyModelViewSet):
    """Written inquiries (A-7) the user may see."""

    serializer_class = LetterInquirySerializer

    def get_queryset(self):
        return selectors.visible_inquiries(self.request.user).order_by("reply_due_on", "pk")


def register(router) -> None:
    router.register("supervision-items", SupervisionItemViewSet, basename="supervision-item")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("accountability-cases", AccountabilityCaseViewSet, basename="accountability-case")
    router.register("letter-inquiries", LetterInquiryViewSet, basename="letter-inquiry")
    register_evaluation(router)
    register_proposals(router)


router = routers.DefaultRouter()
register(router)
