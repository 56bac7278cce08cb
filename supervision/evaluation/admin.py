"""Admin of talks, evaluations, reports and A-10 records.

``Rating``, ``EvaluationParticipation`` and ``EvaluationSubject`` are deliberately NOT
registered (A-8, as M-V6): no change form, no LogEntry, no way to browse ratings or their order.
Evaluations are read-only here: they open, collect and close only through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AdmonishmentTalk, AnnualReport, Evaluation, TownRanking, VillageTeamAssessment


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "year", "status", "opened_at", "closed_at"]
    list_filter = ["status", "year"]
    list_select_related = ["committee"]
    fields = ["committee", "year", "status", "opened_by", "opened_at", "closed_by", "closed_at", "rule_set_version"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "year", "due_on", "submitted_at"]
    list_filter = ["year"]
    list_select_related = ["person", "committee"]
    raw_id_fields = ["committee", "person", "rule_set_version"]
    readonly_fields = ["submitted_at"]


@admin.register(AdmonishmentTalk)
class AdmonishmentTalkAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "kind", "talked_at", "follow_up_due_on", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["person", "committee"]
    raw_id_fields = [
        "committee",
        "person",
        "talked_by",
        "outcome_recorded_by",
        "case",
        "evaluation_subject",
        "recorded_by",
        "rule_set_version",
    ]
    readonly_fields = ["outcome", "outcome_recorded_at", "case"]  # the follow-up goes through the service


@admin.register(VillageTeamAssessment)
class VillageTeamAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["village", "town", "year", "is_weak_lax"]
    list_filter = ["year", "is_weak_lax"]
    list_select_related = ["village", "town"]
    raw_id_fields = ["town", "village", "recorded_by"]


@admin.register(TownRanking)
class TownRankingAdmin(SimpleHistoryAdmin):
    list_display = ["town", "year", "rank", "out_of"]
    list_filter = ["year"]
    list_select_related = ["town"]
    raw_id_fields = ["town", "recorded_by"]
