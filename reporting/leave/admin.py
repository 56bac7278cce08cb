from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DutyAssignment, LeaveRequest, LeaveStep, LeaveSummary


class LeaveStepInline(admin.TabularInline):
    """Steps are computed by the chain (L-3..L-5) and decided on the pages: read-only here."""

    model = LeaveStep
    extra = 0
    can_delete = False
    fields = ["round", "order", "kind", "rule_id", "title", "approver", "stands_in_for", "state", "annotation"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LeaveRequest)
class LeaveRequestAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "kind", "start_date", "end_date", "calendar_days", "state", "is_late"]
    list_filter = ["kind", "state", "is_late"]
    list_select_related = ["person", "committee"]
    search_fields = ["person__name", "reason", "destination"]
    date_hierarchy = "start_date"
    raw_id_fields = ["committee", "person", "covered_by", "rule_set_version"]
    readonly_fields = ["calendar_days", "working_days", "chain_rule", "round", "request_date", "rule_set_version"]
    inlines = [LeaveStepInline]

    def has_add_permission(self, request):
        return False  # submitted through services.submit, which computes the chain


@admin.register(LeaveStep)
class LeaveStepAdmin(SimpleHistoryAdmin):
    list_display = ["request", "round", "order", "kind", "rule_id", "approver", "state"]
    list_filter = ["kind", "state", "rule_id"]
    list_select_related = ["request__person", "approver"]
    raw_id_fields = ["request", "committee", "approver", "stands_in_for", "decided_by"]

    def has_add_permission(self, request):
        return False


@admin.register(LeaveSummary)
class LeaveSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "period_start", "period_end", "sent_at"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "sent_by", "rule_set_version"]


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "date", "person"]
    list_select_related = ["committee", "person"]
    date_hierarchy = "date"
    raw_id_fields = ["committee", "person"]
