"""REST API: personal-matter reports (private, R-2) and family-event declarations (R-3).

Querysets come from the selectors, so the API hides exactly what the pages hide (404). A
refusal of the rulebook answers 409 ``{"rule": "R-2", "detail": …}`` (project exception handler).
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from committees.forms import MonthFilter, month_bounds
from committees.models import Committee

from . import rules, selectors, services
from .forms import CHECKLIST_NAMES, ReportStatus
from .models import (
    FamilyEventDeclaration,
    FamilyEventKind,
    MatterKind,
    Occasion,
    PersonalMatterReport,
    Relation,
    ReportForm,
    ReviewOutcome,
)

# ---------------------------------------------------------------------------


class PersonalMatterReportSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    occasion_display = serializers.CharField(source="get_occasion_display", read_only=True)
    grounds = serializers.SerializerMethodField()

    class Meta:
        model = PersonalMatterReport
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "committee",
            "committee_name",
            "occasion",
            "occasion_display",
            "kind",
            "kind_display",
            "event_date",
            "due_at",
            "description",
            "recorded_at",
            "filed_at",
            "late_reason",
            "reason_ended_on",
            "reply_text",
            "replied_at",
            "reply_response_due_at",
            "reply_response",
            "reply_responded_at",
            "reply_followed",
            "reply_outcome_note",
            "is_untruthful",
            "is_concealed",
            "finding_note",
            "grounds",
            "rule_set_version",
        ]
        read_only_fields = fields

    def get_grounds(self, report) -> list[str]:
        return rules.accountability_grounds(report, timezone.now())


class ReportEventSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    kind = serializers.ChoiceField(choices=MatterKind.choices)
    event_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    reason_ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    file_now = serializers.BooleanField(default=True, help_text="False: only record the event and file later.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            person = selectors.person_of(request.user)
            self.fields["committee"].queryset = selectors.team_committees(person)


class FileReportSerializer(serializers.Serializer):
    description = serializers.CharField()
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    reason_ended_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    response_days = serializers.IntegerField(min_value=1, max_value=365, default=services.REPLY_RESPONSE_DAYS)


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField()


class ReplyOutcomeSerializer(serializers.Serializer):
    followed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MarkSerializer(serializers.Serializer):
    is_untruthful = serializers.BooleanField(default=False)
    is_concealed = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _report_committees(request):
    return selectors.inbox_committees(request.user) if request else Committee.objects.none()


class PersonalMatterReportFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_report_committees)
    kind = django_filters.ChoiceFilter(choices=MatterKind.choices)
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, method="filter_status")
    month = MonthFilter(method="filter_month", help_text="Filed in month, YYYY-MM")
    mine = django_filters.BooleanFilter(method="filter_mine")

    class Meta:
        model = PersonalMatterReport
        fields = ["committee", "kind", "occasion"]

    def filter_status(self, queryset, name, value):
        return selectors.with_status(queryset, value)

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)
        return queryset.filter(filed_at__gte=start, filed_at__lt=end)

    def filter_mine(self, queryset, name, value):
        person = selectors.person_of(self.request.user)
        if value is None:
            return queryset
        return queryset.filter(cadre=person) if value else queryset.exclude(cadre=person)


class PersonalMatterReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Private: the cadre's own reports and, for the organisation department, its committees'."""

    serializer_class = PersonalMatterReportSerializer
    filterset_class = PersonalMatterReportFilter

    def get_queryset(self):
        return selectors.visible_reports(self.request.user).order_by("-recorded_at", "-pk")

    def get_serializer_class(self):
        return {
            "create": ReportEventSerializer,
            "file": FileReportSerializer,
            "reply": ReplySerializer,
            "respond": RespondSerializer,
            "reply_outcome": ReplyOutcomeSerializer,
            "mark": MarkSerializer,
        }.get(self.action, PersonalMatterReportSerializer)

    def _answer(self, report, code=status.HTTP_200_OK):
        report = self.get_queryset().get(pk=report.pk)
        return Response(PersonalMatterReportSerializer(report, context=self.get_serializer_context()).data, code)

    def _input(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _own(self, report):
        person = selectors.person_of(self.request.user)
        if person is None or person.pk != report.cadre_id:
            raise PermissionDenied
        return report

    def _handled(self, report):
        person = selectors.person_of(self.request.user)
        if (person is not None and person.pk == report.cadre_id) or not selectors.handles_reports(
            self.request.user, report.committee
        ):
            raise PermissionDenied
        return report

    def create(self, request, *args, **kwargs):
        person = selectors.person_of(request.user)
        if person is None:
            raise PermissionDenied
        data = self._input(request)
        common = {
            "cadre": person,
            "committee": data["committee"],
            "kind": data["kind"],
            "event_date": data["event_date"],
        }
        if data["file_now"]:
            report = services.report_event(
                **common,
                description=data["description"],
                late_reason=data["late_reason"],
                reason_ended_on=data["reason_ended_on"],
                acting_user=request.user,
            )
        else:
            report = services.record_event(**common, acting_user=request.user)
        return self._answer(report, status.HTTP_201_CREATED)

    def _act(self, request, check, act):
        report = check(self.get_object())
        data = self._input(request)
        act(report, data)
        return self._answer(report)

    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        return self._act(
            request, self._own, lambda report, data: services.file_report(report, **data, acting_user=request.user)
        )

    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._act(
            request, self._own, lambda report, data: services.respond_to_reply(report, **data, acting_user=request.user)
        )

    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._act(
            request, self._handled, lambda report, data: services.reply(report, **data, acting_user=request.user)
        )

    @action(detail=True, methods=["post"], url_path="reply-outcome")
    def reply_outcome(self, request, pk=None):
        return self._act(
            request,
            self._handled,
            lambda report, data: services.record_reply_outcome(report, **data, acting_user=request.user),
        )

    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        return self._act(
            request, self._handled, lambda report, data: services.mark_report(report, **data, acting_user=request.user)
        )


# ---------------------------------------------------------------------------


class FamilyEventDeclarationSerializer(serializers.ModelSerializer):
    declarer_name = serializers.CharField(source="declarer.name", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = FamilyEventDeclaration
        fields = [
            "id",
            "declarer",
            "declarer_name",
            "committee",
            "committee_name",
            "kind",
            "kind_display",
            "relation",
            "reason",
            "event_at",
            "place",
            "guest_count",
            "table_count",
            "spending_standard",
            "report_form",
            "declared_at",
            "written_at",
            *CHECKLIST_NAMES,
            "review_outcome",
            "review_note",
            "reviewed_at",
            "rule_set_version",
        ]
        read_only_fields = fields


class WrittenDetailsSerializer(serializers.Serializer):
    reason = serializers.CharField()
    place = serializers.CharField(max_length=200)
    guest_count = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    table_count = serializers.IntegerField(min_value=0, max_value=32767, required=False, allow_null=True, default=None)
    spending_standard = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CHECKLIST_NAMES:
            self.fields[name] = serializers.BooleanField(default=False)

    def split(self):
        data = dict(self.validated_data)
        confirmations = {name: data.pop(name) for name in CHECKLIST_NAMES}
        return data, confirmations


class DeclareSerializer(WrittenDetailsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    kind = serializers.ChoiceField(choices=FamilyEventKind.choices)
    relation = serializers.ChoiceField(choices=Relation.choices, default=Relation.SELF)
    report_form = serializers.ChoiceField(choices=ReportForm.choices, default=ReportForm.WRITTEN)
    event_at = serializers.DateTimeField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["committee"].queryset = selectors.team_committees(selectors.person_of(request.user))


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _declaration_committees(request):
    if request is None:
        return Committee.objects.none()
    if request.user.is_superuser:
        return Committee.objects.all()
    return (
        selectors.discipline_commission_committees(request.user) | selectors.secretary_committees(request.user)
    ).distinct()


class FamilyEventDeclarationFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_declaration_committees)
    kind = django_filters.ChoiceFilter(choices=FamilyEventKind.choices)
    review_outcome = django_filters.ChoiceFilter(choices=ReviewOutcome.choices)
    awaiting_written = django_filters.BooleanFilter(method="filter_awaiting")

    class Meta:
        model = FamilyEventDeclaration
        fields = ["committee", "kind", "review_outcome"]

    def filter_awaiting(self, queryset, name, value):
        if value is None:
            return queryset
        condition = selectors.awaiting_written_form_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)


class FamilyEventDeclarationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FamilyEventDeclarationSerializer
    filterset_class = FamilyEventDeclarationFilter

    def get_queryset(self):
        return selectors.visible_declarations(self.request.user).order_by("-event_at", "-pk")

    def get_serializer_class(self):
        return {"create": DeclareSerializer, "written": WrittenDetailsSerializer, "review": ReviewSerializer}.get(
            self.action, FamilyEventDeclarationSerializer
        )

    def _answer(self, declaration, code=status.HTTP_200_OK):
        declaration = self.get_queryset().get(pk=declaration.pk)
        return Response(FamilyEventDeclarationSerializer(declaration, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        person = selectors.person_of(request.user)
        if person is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, confirmations = serializer.split()
        declaration = services.declare_family_event(
            declarer=person, confirmations=confirmations, **data, acting_user=request.user
        )
        return self._answer(declaration, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def written(self, request, pk=None):
        declaration = self.get_object()
        person = selectors.person_of(request.user)
        if person is None or person.pk != declaration.declarer_id:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, confirmations = serializer.split()
        services.file_written_form(declaration, confirmations=confirmations, **data, acting_user=request.user)
        return self._answer(declaration)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        declaration = self.get_object()
        person = selectors.person_of(request.user)
        is_declarer = person is not None and person.pk == declaration.declarer_id
        if is_declarer or not selectors.reviews_declarations(request.user, declaration.committee):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_declaration(declaration, **serializer.validated_data, acting_user=request.user)
        return self._answer(declaration)


def register(router) -> None:
    router.register("personal-matter-reports", PersonalMatterReportViewSet, basename="personalmatterreport")
    router.register("family-events", FamilyEventDeclarationViewSet, basename="familyeventdeclaration")
