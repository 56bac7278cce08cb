"""REST API of evaluations (A-8/A-9), talks (A-6) and year-end reports, filtered like the pages.
Results are aggregated and appear only once closed; a refusal answers 409 ``{"rule": …}``."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from . import selectors, services
from .models import AdmonishmentTalk, AnnualReport, Evaluation, EvaluationSubject

#: A-9 (API): shown when a year-end report is not sent as a JSON object.
MSG_SEND_AN_OBJECT = gettext_lazy('Send an object such as {"report": "…"}.')


def _person(request):
    """The person behind the request; a login of no one may not act here (403)."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied
    return person


class ResultSerializer(serializers.ModelSerializer):
    """Aggregated only: votes per grade, valid/invalid, the flag."""

    person_name = serializers.CharField(source="person.name", read_only=True, allow_null=True)

    class Meta:
        model = EvaluationSubject
        fields = ["id", "person", "person_name", "tally", "valid_votes", "invalid_votes", "flag_votes", "is_flagged"]


class EvaluationSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    results = serializers.SerializerMethodField()
    subjects = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = ["id", "committee", "committee_name", "year", "status", "closed_at", "subjects", "results"]

    def get_subjects(self, evaluation) -> list[dict]:
        """The ballot lines (ids to rate), without any count."""
        return [
            {"id": s.pk, "person": s.person_id, "is_team": s.is_team} for s in selectors.ballot_subjects(evaluation)
        ]

    def get_results(self, evaluation) -> list[dict]:
        return ResultSerializer(selectors.results_for(self.context["request"].user, evaluation), many=True).data


class BallotSerializer(serializers.Serializer):
    ratings = serializers.DictField(child=serializers.CharField(), help_text="subject id → grade; omitted = blank")


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluations the user may see. POST …/take-part/ ``{"ratings": {"<subject id>": "competent"}}``."""

    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return selectors.evaluation_list(self.request.user)

    def get_serializer_class(self):
        return BallotSerializer if self.action == "take_part" else EvaluationSerializer

    @action(detail=True, methods=["post"], url_path="take-part")
    def take_part(self, request, pk=None):
        evaluation = self.get_object()
        person = _person(request)
        payload = BallotSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            ratings = {int(key): value for key, value in payload.validated_data["ratings"].items()}
        except ValueError as error:
            raise DRFValidationError({"ratings": "keys are subject ids"}) from error
        services.take_part(evaluation, person=person, acting_user=request.user, ratings=ratings)
        return Response({"taken_part": True})


class TalkSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdmonishmentTalk
        fields = [
            "id",
            "committee",
            "person",
            "is_collective",
            "kind",
            "problem",
            "talked_by",
            "talked_at",
            "content",
            "commitments",
            "follow_up_due_on",
            "outcome",
            "outcome_note",
            "case",
            "evaluation_subject",
            "rule_set_version",
        ]


class TalkOutcomeSerializer(serializers.Serializer):
    is_corrected = serializers.BooleanField()
    note = serializers.CharField()


class TalkViewSet(viewsets.ReadOnlyModelViewSet):
    """Admonishment talks the user may see. POST …/outcome/ ``{"is_corrected", "note"}`` (overseers)."""

    serializer_class = TalkSerializer

    def get_queryset(self):
        return selectors.visible_talks(self.request.user).prefetch_related("talked_by").order_by("-talked_at", "-pk")

    def get_serializer_class(self):
        return TalkOutcomeSerializer if self.action == "outcome" else TalkSerializer

    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        talk = self.get_object()
        if not selectors.is_overseer(request.user, talk.committee):
            raise PermissionDenied
        payload = TalkOutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _person(request)
        services.record_talk_outcome(talk, acting_user=request.user, **payload.validated_data)
        return Response(TalkSerializer(self.get_queryset().get(pk=talk.pk)).data)


class AnnualReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualReport
        fields = ["id", "committee", "person", "year", "due_on", "report", "submitted_at", "rule_set_version"]
        read_only_fields = ["committee", "person", "year", "due_on", "submitted_at", "rule_set_version"]


class AnnualReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Year-end reports the user may see. POST …/submit/ ``{"report"}`` by its author (A-9)."""

    serializer_class = AnnualReportSerializer

    def get_queryset(self):
        return selectors.visible_reports(self.request.user).order_by("-year", "pk")

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        if not isinstance(request.data, dict):
            raise DjangoValidationError(MSG_SEND_AN_OBJECT)
        _person(request)
        report = services.submit_annual_report(report, text=request.data.get("report", ""), acting_user=request.user)
        return Response(AnnualReportSerializer(report).data)


def register(router) -> None:
    router.register("evaluations", EvaluationViewSet, basename="evaluation")
    router.register("admonishment-talks", TalkViewSet, basename="admonishment-talk")
    router.register("annual-reports", AnnualReportViewSet, basename="annual-report")
