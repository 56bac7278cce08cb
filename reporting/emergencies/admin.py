from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Emergency, EmergencyAttachment, EmergencyFollowUp, EmergencyReport


class ThroughServicesOnly:
    """Recording an emergency computes its due time and registers the deadline; sending the
    report settles it (R-1). Both happen on the pages and the API, so the admin only corrects."""

    def has_add_permission(self, request, obj=None):
        return False


class EmergencyReportInline(ThroughServicesOnly, admin.StackedInline):
    model = EmergencyReport
    extra = 0
    raw_id_fields = ["recipient_committee", "sent_by"]


@admin.register(Emergency)
class EmergencyAdmin(ThroughServicesOnly, SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "known_at", "due_at"]
    list_filter = ["kind"]
    list_select_related = ["committee"]
    search_fields = ["title", "place"]
    date_hierarchy = "known_at"
    raw_id_fields = ["committee", "recorded_by", "known_by_people", "rule_set_version"]
    # the due time is computed from the known time and the rule set, never typed.
    readonly_fields = ["due_at", "rule_set_version", "created_at"]
    inlines = [EmergencyReportInline]


@admin.register(EmergencyReport)
class EmergencyReportAdmin(ThroughServicesOnly, SimpleHistoryAdmin):
    list_display = ["emergency", "sent_at", "recipient_committee", "recipient"]
    list_select_related = ["emergency", "recipient_committee"]
    raw_id_fields = ["emergency", "recipient_committee", "sent_by"]


@admin.register(EmergencyFollowUp)
class EmergencyFollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["emergency", "at", "recorded_by"]
    list_select_related = ["emergency", "recorded_by"]
    raw_id_fields = ["emergency", "recorded_by"]


@admin.register(EmergencyAttachment)
class EmergencyAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "report", "follow_up", "uploaded_at"]
    raw_id_fields = ["report", "follow_up"]
