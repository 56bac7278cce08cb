"""REST API of the democratic life meeting: /api/democratic-life/, its postponement requests and
rectification measures – the same filtering and the same services as the pages. A refusal of
the rulebook answers 409 ``{"rule": "DL-2", "detail": "..."}`` through the project's handler."""

from __future__ import annotations

import django_filters
from rest_framework import mixins, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from committees.api import visible_committee_choices
from committees.forms import YearFilter
from committees.models import Committee, Person
from committees.selectors import can_manage
from committees.uploads import validate_document
from meetings.selectors.access import person_of

from . import selectors, services
from .models import (
    CollectedOpinion,
    ComparisonMaterial,
    DecidedAs,
    DemocraticLifeRecord,
    HeartToHeartTalk,
    OpinionSource,
    PostponementRequest,
    RectificationMeasure,
)


def _person(request) -> Person | None:
    return person_of(request.user)


# --------------------------------------------------------------------------- serializers


class OpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollectedOpinion
        fields = ["id", "source", "source_detail", "summary", "collected_on", "concerns", "recorded_by"]
        read_only_fields = ["recorded_by"]


class TalkSerializer(serializers.ModelSerializer):
    class Meta:
        model = HeartToHeartTalk
        fields = ["id", "person_a", "person_b", "talked_on", "note"]


class MaterialSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = ComparisonMaterial
        fields = ["id", "person", "text", "has_file", "submitted_at"]

    def get_has_file(self, material) -> bool:
        return bool(material.file)


class PostponementSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="record.committee_id", read_only=True)
    year = serializers.IntegerField(source="record.year", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PostponementRequest
        fields = [
            "id",
            "record",
            "committee",
            "year",
            "approving_committee",
            "from_date",
            "to_date",
            "reason",
            "requested_by",
            "requested_at",
            "status",
            "status_display",
            "decided_as",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class MeasureSerializer(serializers.ModelSerializer):
    deadline_state = serializers.SerializerMethodField()

    class Meta:
        model = RectificationMeasure
        fields = [
            "id",
            "record",
            "problem",
            "measure",
            "responsible",
            "due_date",
            "completed_at",
            "completion_note",
            "rule_set_version",
            "deadline_state",
        ]

    def get_deadline_state(self, measure) -> str | None:
        deadline = getattr(measure, "deadline", None) or selectors.measure_deadline(measure)
        return deadline.state if deadline else None


class RecordSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    status = serializers.SerializerMethodField()
    report_submitted_at = serializers.DateTimeField(
        source="report_obligation.submitted_at", read_only=True, allow_null=True
    )

    class Meta:
        model = DemocraticLifeRecord
        fields = [
            "id",
            "committee",
            "committee_name",
            "year",
            "theme",
            "planned_date",
            "meeting",
            "status",
            "report_obligation",
            "report_submitted_at",
            "discipline_report_sent_at",
            "rule_set_version",
        ]
        read_only_fields = ["meeting", "report_obligation", "discipline_report_sent_at", "rule_set_version"]

    def get_status(self, record) -> str:
        return selectors.status_of(record)


class RecordDetailSerializer(RecordSerializer):
    members_due = serializers.SerializerMethodField()
    talk_pairs_missing = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    opinions = OpinionSerializer(many=True, read_only=True)
    talks = TalkSerializer(many=True, read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    postponements = PostponementSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        fields = [
            *RecordSerializer.Meta.fields,
            "members_due",
            "talk_pairs_missing",
            "warnings",
            "opinions",
            "talks",
            "materials",
            "postponements",
            "measures",
        ]

    def _overview(self, record):
        if not hasattr(self, "_board"):
            self._board = selectors.overview(record, self.context["request"].user)
        return self._board

    def get_members_due(self, record) -> list[int]:
        return [a.person_id for a in self._overview(record).due]

    def get_talk_pairs_missing(self, record) -> list[list[int]]:
        return [list(pair) for pair in self._overview(record).coverage.missing]

    def get_warnings(self, record) -> list[str]:
        board = self._overview(record)
        return board.preparation_warnings + board.absence_warnings


class CreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    theme = serializers.CharField(required=False, allow_blank=True, default="")
    planned_date = serializers.DateField(required=False, allow_null=True, default=None)


class PlanSerializer(serializers.Serializer):
    theme = serializers.CharField(required=False, allow_blank=True)
    planned_date = serializers.DateField(required=False, allow_null=True)


class ScheduleSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="")


class AddOpinionSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=OpinionSource.choices)
    source_detail = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField()
    collected_on = serializers.DateField()
    concerns = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)


class AddTalkSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    other = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    talked_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AddMaterialSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    text = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None, validators=[validate_document])


class PostponeSerializer(serializers.Serializer):
    to_date = serializers.DateField()
    reason = serializers.CharField()


class AddMeasureSerializer(serializers.Serializer):
    problem = serializers.CharField()
    measure = serializers.CharField()
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())


class ReportSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None, validators=[validate_document])


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    decided_as = serializers.ChoiceField(choices=DecidedAs.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer):
    note = serializers.CharField()


# --------------------------------------------------------------------------- views


class RecordFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=visible_committee_choices)
    year = YearFilter()

    class Meta:
        model = DemocraticLifeRecord
        fields = ["committee", "year"]


class RecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Democratic life meetings of the committees the user sees; the committee's office acts."""

    filterset_class = RecordFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = selectors.visible_records(self.request.user).order_by("-year", "committee__name", "pk")
        if self.action == "retrieve":
            queryset = selectors.records_with_children(queryset)
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return RecordDetailSerializer
        if self.action == "create":
            return CreateSerializer
        return RecordSerializer

    def _managed(self) -> DemocraticLifeRecord:
        record = self.get_object()
        if not selectors.can_manage_record(self.request.user, record):
            raise PermissionDenied
        return record

    def _data(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def _detail(self, record, code=status.HTTP_200_OK):
        record = selectors.records_with_children(selectors.visible_records(self.request.user)).get(pk=record.pk)
        return Response(RecordDetailSerializer(record, context={"request": self.request}).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._data(CreateSerializer)
        if not can_manage(request.user, data["committee"]):
            raise PermissionDenied
        record = services.create_record(acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=PlanSerializer)
    def plan(self, request, pk=None):
        record = self._managed()
        data = self._data(PlanSerializer)
        services.update_record(record, acting_user=request.user, **data)
        return self._detail(record)

    @action(detail=True, methods=["post"], serializer_class=ScheduleSerializer)
    def schedule(self, request, pk=None):
        record = self._managed()
        data = self._data(ScheduleSerializer)
        services.schedule_meeting(record, acting_user=request.user, **data)
        return self._detail(record)

    @action(detail=True, methods=["post"], serializer_class=AddOpinionSerializer)
    def opinions(self, request, pk=None):
        record = self._managed()
        data = self._data(AddOpinionSerializer)
        services.add_opinion(record, acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=AddTalkSerializer)
    def talks(self, request, pk=None):
        record = self.get_object()
        data = self._data(AddTalkSerializer)
        me = _person(request)
        if not selectors.can_manage_record(request.user, record) and (
            me is None or me.pk not in (data["person"].pk, data["other"].pk)
        ):
            raise PermissionDenied
        services.record_talk(record, acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=AddMaterialSerializer)
    def materials(self, request, pk=None):
        record = self.get_object()
        data = self._data(AddMaterialSerializer)
        me = _person(request)
        if not selectors.can_manage_record(request.user, record) and (me is None or me.pk != data["person"].pk):
            raise PermissionDenied
        services.submit_material(record, acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=PostponeSerializer)
    def postpone(self, request, pk=None):
        record = self._managed()
        data = self._data(PostponeSerializer)
        services.request_postponement(record, acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=AddMeasureSerializer)
    def measures(self, request, pk=None):
        record = self._managed()
        data = self._data(AddMeasureSerializer)
        services.add_measure(record, acting_user=request.user, **data)
        return self._detail(record, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=ReportSerializer)
    def report(self, request, pk=None):
        record = self._managed()
        data = self._data(ReportSerializer)
        services.submit_report(record, acting_user=request.user, **data)
        return self._detail(record)


class PostponementViewSet(viewsets.ReadOnlyModelViewSet):
    """Postponement requests of visible records and those the user's committee decides (DL-2)."""

    serializer_class = PostponementSerializer
    filterset_fields = ["status", "approving_committee"]

    def get_queryset(self):
        return selectors.visible_postponements(self.request.user).order_by("-requested_at", "-pk")

    @action(detail=True, methods=["post"], serializer_class=DecideSerializer)
    def decide(self, request, pk=None):
        row = self.get_object()
        me = _person(request)
        if me is None or not selectors.can_decide(request.user, row):
            raise PermissionDenied
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.decide_postponement(row, acting_user=request.user, **data.validated_data)
        return Response(PostponementSerializer(row).data)


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    """Rectification measures (DL-3) of the committees the user sees."""

    serializer_class = MeasureSerializer
    filterset_fields = ["record", "responsible"]

    def get_queryset(self):
        return selectors.visible_measures(self.request.user).order_by("due_date", "pk")

    @action(detail=True, methods=["post"], serializer_class=CompleteSerializer)
    def complete(self, request, pk=None):
        measure = self.get_object()
        me = _person(request)
        if not selectors.can_manage_record(request.user, measure.record) and (
            me is None or me.pk != measure.responsible_id
        ):
            raise PermissionDenied
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = services.complete_measure(measure, acting_user=request.user, **data.validated_data)
        return Response(MeasureSerializer(measure).data)


def register(router) -> None:
    router.register("democratic-life", RecordViewSet, basename="democratic-life")
    router.register("democratic-life-postponements", PostponementViewSet, basename="democratic-life-postponement")
    router.register("democratic-life-measures", MeasureViewSet, basename="democratic-life-measure")


#: For a separate ``path("api/", include(router.urls))``; or call ``register`` on the project's router.
router = routers.DefaultRouter()
register(router)
