from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaAmendment,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    EmergencyHandling,
    Meeting,
    Notice,
    NoticeRecipient,
    Recusal,
    Stance,
    WrittenOpinion,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person", "leave_approved_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "start_at", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["committee"]
    search_fields = ["title", "place"]
    date_hierarchy = "start_at"
    raw_id_fields = ["committee", "body", "chair", "recorder", "created_by", "rule_set_version"]
    # The status follows the services (notice M-N1, open, close); it is not typed.
    readonly_fields = ["status", "notice_sent_at", "opened_at", "closed_at", "rule_set_version", "created_at"]
    inlines = [AttendanceInline]


class AttachmentInline(admin.TabularInline):
    model = AgendaAttachment
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "meeting", "category", "status", "is_confidential"]
    list_filter = ["category", "status", "is_confidential"]
    list_select_related = ["committee", "meeting"]
    search_fields = ["title"]
    raw_id_fields = [
        "committee",
        "meeting",
        "proposed_by",
        "member_in_charge",
        "approved_by",
        "taken_up_by",
        "emergency",
        "created_by",
    ]
    # M-N2, M-N3, M-Q6: approval, notification and the quorum snapshot come from the services.
    readonly_fields = [
        "status",
        "approved_by",
        "approved_at",
        "notified_at",
        "is_on_notified_agenda",
        "taken_up_at",
        "taken_up_by",
        "quorum_due",
        "quorum_present",
        "quorum_needed",
        "quorum_rule_id",
        "quorum_present_ids",
        "discussed_at",
    ]
    inlines = [AttachmentInline]


@admin.register(AgendaAttachment)
class AgendaAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "item", "kind", "uploaded_at"]
    raw_id_fields = ["item", "uploaded_by"]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "kind", "sent_at", "deadline", "is_in_time"]
    list_filter = ["kind", "is_in_time"]
    raw_id_fields = ["meeting", "sent_by", "rule_set_version"]
    readonly_fields = ["sent_at", "deadline", "is_in_time"]


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(SimpleHistoryAdmin):
    list_display = ["notice", "person", "is_observer", "emailed_at", "acknowledged_at"]
    raw_id_fields = ["notice", "person"]


@admin.register(AgendaAmendment)
class AgendaAmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["description", "meeting", "kind", "made_at", "notice"]
    raw_id_fields = ["meeting", "item", "made_by", "notice"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "display_name", "role", "status"]
    list_filter = ["role", "status"]
    raw_id_fields = ["meeting", "person", "leave_approved_by"]


@admin.register(Stance)
class StanceAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "stance", "recorded_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(Recusal)
class RecusalAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "reason", "recorded_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(WrittenOpinion)
class WrittenOpinionAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "submitted_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(EmergencyHandling)
class EmergencyHandlingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "handled_by", "handled_at", "report_due_at", "reported_at"]
    list_select_related = ["committee", "handled_by"]
    raw_id_fields = [
        "committee",
        "handled_by",
        "principal_consulted",
        "reported_item",
        "recorded_by",
        "rule_set_version",
    ]
    readonly_fields = ["report_due_at", "reported_item", "reported_at", "rule_set_version"]
